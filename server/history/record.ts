import { randomUUID } from 'node:crypto';
import type { Principal } from '../../api/auth.js';
import type { WriteQueries } from '../common/queries.js';

export type ChangeAction = 'create' | 'update' | 'delete' | 'import' | 'erase' | 'undo';

export interface ChangeInput {
  action: ChangeAction;
  targetKind: string;
  targetId: string;
  before: unknown;
  after: unknown;
  /** The change this one undoes. */
  undoOf?: string;
}

/**
 * Records a change inside the same write transaction as the change itself, so the history
 * can never miss a write or hold one that did not happen.
 */
export async function recordChange(t: WriteQueries, actor: Principal, change: ChangeInput): Promise<string> {
  const id = randomUUID();
  await t.changeRecord({
    id,
    actorSub: actor.sub,
    actorName: actor.name,
    action: change.action,
    targetKind: change.targetKind,
    targetId: change.targetId,
    before: change.before === undefined || change.before === null ? null : JSON.stringify(change.before),
    after: change.after === undefined || change.after === null ? null : JSON.stringify(change.after),
    undoOf: change.undoOf ?? null,
  });
  return id;
}
