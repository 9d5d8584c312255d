import { parseRelationId, type Change } from '../../api/edit.js';
import type { Db, Row, Tx } from '../common/db/index.js';
import { NotFoundError } from '../common/errors.js';
import type { QueryTexts as Queries } from '../common/queries.js';

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

type Names = Record<string, string>;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The ids of the nodes a change concerns: its node, or its relation's ends, a `via` network, and
 * the other ends of the relations a deleted node had.
 */
export function idsOf(change: Change): string[] {
  const ids = new Set<string>();
  if (change.targetKind === 'Relation') {
    const relation = parseRelationId(change.targetId);
    if (relation) ids.add(relation.source).add(relation.target);
  } else ids.add(change.targetId);
  for (const side of [change.before, change.after]) {
    if (!isObject(side)) continue;
    const via = isObject(side.properties) ? side.properties.via : undefined;
    if (typeof via === 'string') ids.add(via);
    for (const r of Array.isArray(side.relations) ? side.relations : []) {
      if (isObject(r) && typeof r.other === 'string') ids.add(r.other);
    }
  }
  return [...ids];
}

/** A name recorded in a change's before or after (a node snapshot's properties.name). */
function recordedName(json: unknown): string | null {
  const v = parse(json);
  const name = isObject(v) && isObject(v.properties) ? v.properties.name : undefined;
  return typeof name === 'string' ? name : null;
}

export function historyService(db: Db, queries: Queries) {
  const all = queries.get('historyAll');
  const ofNode = queries.get('historyOfNode');
  const known = queries.get('historyNodeKnown');
  const namesOf = queries.get('historyNames');

  /** The names of the nodes the changes concern, so the client can say "Lise Testesen" where the record says "lise-testesen-de260a3d". */
  async function names(tx: Tx, changes: Change[]): Promise<Names> {
    const ids = [...new Set(changes.flatMap(idsOf))];
    if (!ids.length) return {};
    const out: Names = {};
    for (const r of await tx.run(namesOf, { ids })) {
      const recorded = (r.recorded ?? []) as unknown[][];
      const name =
        typeof r.name === 'string'
          ? r.name
          : (recorded.flatMap((pair) => pair.map(recordedName)).find((n): n is string => n !== null) ?? null);
      if (name !== null) out[String(r.id)] = name;
    }
    return out;
  }

  return {
    /** Every change to the graph, newest first, with the names of the nodes they concern. */
    async all({ limit, before }: HistoryInput): Promise<{ changes: Change[]; names: Names }> {
      return db.readTx(async (tx) => {
        const changes = (await tx.run(all, { limit, before: before ?? null })).map(toChange);
        return { changes, names: await names(tx, changes) };
      });
    },

    /** A node's changes and those of the relations touching it, newest first; also after it was deleted. */
    async ofNode(id: string, { limit, before }: HistoryInput): Promise<{ changes: Change[]; names: Names }> {
      const answer = await db.readTx(async (tx) => {
        const rows = await tx.run(ofNode, { id, limit, before: before ?? null });
        const isKnown = rows.length > 0 || (await tx.run(known, { id }))[0]?.known === true;
        if (!isKnown) return null;
        const changes = rows.map(toChange);
        return { changes, names: await names(tx, changes) };
      });
      if (!answer) throw new NotFoundError(`There is no node with id "${id}", and there never was.`);
      return answer;
    },
  };
}

export type HistoryService = ReturnType<typeof historyService>;
