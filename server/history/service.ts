import type { Change } from '../../api/edit.js';
import type { Db, Row } from '../db/index.js';
import { NotFoundError } from '../errors.js';
import type { Queries } from '../queries.js';

export interface HistoryInput {
  limit: number;
  before?: string | undefined;
}

const parse = (json: unknown): unknown => (typeof json === 'string' ? JSON.parse(json) : null);

/** A Change node's row as the API gives it: before/after parsed back from their JSON text. */
export function toChange(r: Row): Change {
  return {
    id: r.id as string,
    at: r.at as string,
    actor: { sub: r.actorSub as string, name: r.actorName as string },
    action: r.action as Change['action'],
    targetKind: r.targetKind as string,
    targetId: r.targetId as string,
    before: parse(r.before),
    after: parse(r.after),
    undoOf: (r.undoOf as string | null) ?? null,
  };
}

export function historyService(db: Db, queries: Queries) {
  const all = queries.get('historyAll');
  const ofNode = queries.get('historyOfNode');
  const known = queries.get('historyNodeKnown');
  return {
    /** Every change to the graph, newest first. */
    async all({ limit, before }: HistoryInput): Promise<{ changes: Change[] }> {
      const rows = await db.read(all, { limit, before: before ?? null });
      return { changes: rows.map(toChange) };
    },

    /** A node's changes and those of the relations touching it, newest first; also after it was deleted. */
    async ofNode(id: string, { limit, before }: HistoryInput): Promise<{ changes: Change[] }> {
      const { rows, isKnown } = await db.readTx(async (tx) => {
        const rows = await tx.run(ofNode, { id, limit, before: before ?? null });
        const isKnown = rows.length > 0 || (await tx.run(known, { id }))[0]?.known === true;
        return { rows, isKnown };
      });
      if (!isKnown) throw new NotFoundError(`There is no node with id "${id}", and there never was.`);
      return { changes: rows.map(toChange) };
    },
  };
}

export type HistoryService = ReturnType<typeof historyService>;
