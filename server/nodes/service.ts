import { KINDS, REL_TYPES, withoutSystem, type NodeRef, type RelType } from '../../api/common.js';
import type { ContactCard, NodeResponse } from '../../api/explore.js';
import { NotFoundError } from '../common/errors.js';
import type { Queries, ReadQueries } from '../common/queries.js';

/** Relations carried in one node answer; a department with thousands of people is cut here. */
export const MAX_RELATIONS = 500;

export function nodesService(queries: Queries) {
  /** The node's short form, or NotFoundError: used by every feature that takes an id; within transaction `t` when given. */
  async function ref(id: string, t?: ReadQueries): Promise<NodeRef> {
    const [row] = await (t ?? queries).nodeById({ id, kinds: KINDS });
    if (!row?.kind) throw new NotFoundError(`There is no node with id "${id}".`);
    return { id: row.id, kind: row.kind, name: row.name ?? row.id };
  }

  return {
    ref,
    /**
     * The node with its relations (and a person's card, read off them): with `at` (YYYY-MM-DD)
     * only those that held that day, without it all of them, ended ones included.
     */
    async get(id: string, at?: string): Promise<NodeResponse> {
      const [node] = await queries.nodeWithRelations({
        id,
        kinds: KINDS,
        types: REL_TYPES,
        limit: MAX_RELATIONS,
        at: at ?? null,
      });
      if (!node?.kind) throw new NotFoundError(`There is no node with id "${id}".`);
      const rows = node.relations;

      const truncated = rows.length > MAX_RELATIONS;
      const relations: NodeResponse['relations'] = {};
      for (const r of rows.slice(0, MAX_RELATIONS)) {
        if (!r.kind) continue;
        // biome-ignore lint/suspicious/noAssignInExpressions: the list of a type is made on its first relation
        (relations[r.type] ??= []).push({
          direction: r.direction,
          node: { id: r.id, kind: r.kind, name: r.name ?? r.id },
          version: versionOf(r.properties),
          properties: withoutSystem(r.properties),
        });
      }
      const kind = node.kind;
      const properties = withoutSystem(node.properties);
      return {
        node: { id, kind, name: node.name ?? id, version: versionOf(node.properties), properties },
        relations,
        truncated,
        card: kind === 'Person' ? card(properties, relations) : null,
      };
    },
  };
}

/** The version an edit sends: 1 until the node or relation is first edited. */
const versionOf = (p: Record<string, unknown>): number => (typeof p.version === 'number' ? p.version : 1);

/** A person's contact card, read off the relations already fetched. */
function card(p: Record<string, unknown>, relations: NodeResponse['relations']): ContactCard {
  const out = (type: RelType) => (relations[type] ?? []).filter((r) => r.direction === 'out').map((r) => r.node);
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    name: String(p.name ?? ''),
    title: str(p.title),
    department: out('WORKS_IN')[0] ?? null,
    email: str(p.email),
    phone: str(p.phone),
    leads: out('LEADS'),
    participatesIn: out('PARTICIPATES_IN'),
    trainings: out('COMPLETED'),
  };
}

export type NodesService = ReturnType<typeof nodesService>;
