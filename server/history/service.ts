import type { z } from 'zod';
import { parseRelationId, type Change, type historyQuery } from '../../api/edit.js';
import { NotFoundError } from '../common/errors.js';
import type { Queries, ReadQueries, RowOf } from '../common/queries.js';

/** What a history request takes: the API's query (historyQuery) as parsed. */
export type HistoryInput = z.output<typeof historyQuery>;

const parse = (json: unknown): unknown => (typeof json === 'string' ? JSON.parse(json) : null);

/** A Change node's row as the API gives it: before/after parsed back from their JSON text. */
export function toChange(r: RowOf<'historyChange'>): Change {
  return {
    id: r.id,
    at: r.at,
    actor: { sub: r.actorSub, name: r.actorName },
    action: r.action,
    targetKind: r.targetKind,
    targetId: r.targetId,
    before: parse(r.before),
    after: parse(r.after),
    undoOf: r.undoOf,
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

export function historyService(queries: Queries) {
  /** The names of the nodes the changes concern, so the client can say "Lise Testesen" where the record says "lise-testesen-de260a3d". */
  async function names(t: ReadQueries, changes: Change[]): Promise<Names> {
    const ids = [...new Set(changes.flatMap(idsOf))];
    if (!ids.length) return {};
    const out: Names = {};
    for (const r of await t.historyNames({ ids })) {
      const name =
        r.name ?? r.recorded.flatMap((pair) => pair.map(recordedName)).find((n): n is string => n !== null) ?? null;
      if (name !== null) out[r.id] = name;
    }
    return out;
  }

  return {
    /** Every change to the graph, newest first, with the names of the nodes they concern. */
    async all({ limit, before }: HistoryInput): Promise<{ changes: Change[]; names: Names }> {
      return queries.readTx(async (t) => {
        const changes = (await t.historyAll({ limit, before: before ?? null })).map(toChange);
        return { changes, names: await names(t, changes) };
      });
    },

    /** A node's changes and those of the relations touching it, newest first; also after it was deleted. */
    async ofNode(id: string, { limit, before }: HistoryInput): Promise<{ changes: Change[]; names: Names }> {
      const answer = await queries.readTx(async (t) => {
        const rows = await t.historyOfNode({ id, limit, before: before ?? null });
        const isKnown = rows.length > 0 || (await t.historyNodeKnown({ id }))[0]?.known === true;
        if (!isKnown) return null;
        const changes = rows.map(toChange);
        return { changes, names: await names(t, changes) };
      });
      if (!answer) throw new NotFoundError(`There is no node with id "${id}", and there never was.`);
      return answer;
    },
  };
}

export type HistoryService = ReturnType<typeof historyService>;
