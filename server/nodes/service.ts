import {
  KINDS,
  KLE_ASPECTS,
  REL_TYPES,
  today,
  withoutSystem,
  type Kind,
  type NodeRef,
  type RelType,
} from '../../api/common.js';
import { type ContactCard, type NodeResponse, UNIT_CARD_PEOPLE, type UnitCard } from '../../api/explore.js';
import { byCodeUnit } from '../../api/order.js';
import { NotFoundError } from '../common/errors.js';
import type { Queries, ReadQueries, RowOf } from '../common/queries.js';

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
     * The node with its relations, and a person's or a unit's card: with `at` (YYYY-MM-DD) only the
     * relations that held that day, without it all of them, ended ones included (the cards are of the
     * day, today without `at`).
     */
    async get(id: string, at?: string): Promise<NodeResponse> {
      // The card and the relations come from one moment; the card's facts are those of the day (today without `at`).
      return queries.readTx(async (t) => {
        const [node] = await t.nodeWithRelations({
          id,
          kinds: KINDS,
          types: REL_TYPES,
          limit: MAX_RELATIONS,
          at: at ?? null,
        });
        const kind = node?.kind;
        if (!node || !kind) throw new NotFoundError(`There is no node with id "${id}".`);
        const day = at ?? today();
        const [person] = kind === 'Person' ? await t.personCard({ id, at: day }) : [];
        const [unit] = kind === 'Unit' ? await t.unitCard({ id, at: day, limit: UNIT_CARD_PEOPLE }) : [];
        return answer({ ...node, kind }, person, unit);
      });
    },
  };

  function answer(
    node: RowOf<'nodeWithRelations'> & { kind: Kind },
    person: RowOf<'personCard'> | undefined,
    unit: RowOf<'unitCard'> | undefined,
  ): NodeResponse {
    const id = node.id;
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
      card: person ? card(properties, relations, person) : null,
      unit: unit ? unitCard(unit) : null,
    };
  }
}

/** The version an edit sends: 1 until the node or relation is first edited. */
const versionOf = (p: Record<string, unknown>): number => (typeof p.version === 'number' ? p.version : 1);

type Ref = { id: string; name: string | null };
const refOf = (kind: Kind, r: Ref): NodeRef => ({ id: r.id, kind, name: r.name ?? r.id });
const maybeRef = (kind: Kind, r: Ref | null): NodeRef | null => (r ? refOf(kind, r) : null);

/** A person's contact card: networks and trainings read off the relations already fetched, the day's facts off personCard. */
function card(p: Record<string, unknown>, relations: NodeResponse['relations'], day: RowOf<'personCard'>): ContactCard {
  const out = (type: RelType) => (relations[type] ?? []).filter((r) => r.direction === 'out').map((r) => r.node);
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    name: String(p.name ?? ''),
    title: str(p.title),
    department: maybeRef('Department', day.department),
    email: str(p.email),
    phone: str(p.phone),
    leads: out('LEADS'),
    participatesIn: out('PARTICIPATES_IN'),
    trainings: out('COMPLETED'),
    units: day.units.map((u) => ({
      unit: refOf('Unit', u.unit),
      path: u.path.map((a) => refOf('Unit', a)),
      department: maybeRef('Department', u.department),
    })),
    manager: maybeRef('Person', day.manager),
    leftOn: day.leftOn,
    handedOver: day.handedOver.map((h) => ({ network: refOf('Network', h.network), to: refOf('Person', h.to) })),
  };
}

/** A unit's card: its KLE subjects as the parallel lists say them, the strongest part first, then by number. */
function unitCard(u: RowOf<'unitCard'>): UnitCard {
  const kle = u.kleNumbers
    .map((number, i) => ({ number, title: u.kleTitles[i] ?? '', aspect: u.kleAspects[i] }))
    .filter((s): s is UnitCard['kle'][number] => KLE_ASPECTS.some((a) => a === s.aspect))
    .sort((a, b) => KLE_ASPECTS.indexOf(a.aspect) - KLE_ASPECTS.indexOf(b.aspect) || byCodeUnit(a.number, b.number));
  return {
    path: u.path.map((a) => refOf('Unit', a)),
    children: u.children.map((c) => refOf('Unit', c)),
    department: maybeRef('Department', u.department),
    departmentFrom: maybeRef('Unit', u.departmentFrom),
    kle,
    people: u.people.map((p) => refOf('Person', p)),
    peopleTotal: u.peopleTotal,
  };
}

export type NodesService = ReturnType<typeof nodesService>;
