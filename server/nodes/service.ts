import { KINDS, REL_TYPES, type Kind, type NodeRef, type RelType } from '../../api/common.js';
import type { ContactCard, NodeResponse } from '../../api/explore.js';
import type { Db, Row, Tx } from '../common/db/index.js';
import { NotFoundError } from '../common/errors.js';
import type { Queries } from '../common/queries.js';

/** Relations carried in one node answer; a department with thousands of people is cut here. */
export const MAX_RELATIONS = 500;

export function nodesService(db: Db, queries: Queries) {
  const byId = queries.get('nodeById');
  const withRelations = queries.get('nodeWithRelations');

  /** The node's short form, or NotFoundError: used by every feature that takes an id; within `tx` when given. */
  async function ref(id: string, tx?: Tx): Promise<NodeRef> {
    const [row] = tx ? await tx.run(byId, { id, kinds: KINDS }) : await db.read(byId, { id, kinds: KINDS });
    if (!row?.kind) throw new NotFoundError(`There is no node with id "${id}".`);
    return { id: row.id as string, kind: row.kind as Kind, name: (row.name as string) ?? (row.id as string) };
  }

  return {
    ref,
    /**
     * The node with its relations (and a person's card, read off them): with `at` (YYYY-MM-DD)
     * only those that held that day, without it all of them, ended ones included.
     */
    async get(id: string, at?: string): Promise<NodeResponse> {
      const [node] = await db.read(withRelations, {
        id,
        kinds: KINDS,
        types: REL_TYPES,
        limit: MAX_RELATIONS,
        at: at ?? null,
      });
      if (!node?.kind) throw new NotFoundError(`There is no node with id "${id}".`);
      const rows = node.relations as Row[];

      const truncated = rows.length > MAX_RELATIONS;
      const relations: NodeResponse['relations'] = {};
      for (const r of rows.slice(0, MAX_RELATIONS)) {
        if (!r.kind) continue;
        // biome-ignore lint/suspicious/noAssignInExpressions: the list of a type is made on its first relation
        (relations[r.type as RelType] ??= []).push({
          direction: r.direction as 'out' | 'in',
          node: { id: r.id as string, kind: r.kind as Kind, name: (r.name as string) ?? (r.id as string) },
          properties: r.properties as Record<string, unknown>,
        });
      }
      const kind = node.kind as Kind;
      const properties = node.properties as Record<string, unknown>;
      return {
        node: { id, kind, name: (node.name as string) ?? id, properties },
        relations,
        truncated,
        card: kind === 'Person' ? card(properties, relations) : null,
      };
    },
  };
}

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
