import { z } from 'zod';
import {
  atOrToday,
  atSchema,
  boundedInt,
  csvOf,
  NOT_BLANK,
  cyEdgeSchema,
  cyNodeSchema,
  idSchema,
  KLE_ASPECTS,
  kindSchema,
  NETWORK_KINDS,
  NETWORK_PHASES,
  NETWORK_STATUSES,
  nodeRefSchema,
  PERSPECTIVES,
  relTypeSchema,
} from './common.js';

// Request and response shapes of the explore API, one block per feature. The server validates
// requests with them, the OpenAPI document is generated from them, and the client parses
// answers with them.

const text = (max: number) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(NOT_BLANK, 'must not be empty')
    .trim();

// --- search -----------------------------------------------------------------------------
export const searchQuery = z.strictObject({
  q: text(200),
  kinds: csvOf(kindSchema).optional(),
  limit: boundedInt(1, 50, 10),
});
/**
 * A hit with the facts a result list shows under its name, as values (the client names them in the
 * user's language): a person's title and department (its name), a unit's department (its own or an
 * ancestor's); a network's kind (NETWORK_KINDS) and
 * status (NETWORK_STATUSES); an outcome's perspective (PERSPECTIVES); a partner's type. Null when the
 * node has none, or is not of the kind that has it.
 */
/**
 * The words of what is shown (name, title, department) that the query matched, each as it is written
 * there ("Arbejdsmiljø", "miljøarbejdet"), for the client to mark; found by the same Danish word forms
 * the search used (server/search/words.ts), so a compound part or another inflection is marked too.
 */
export const marksSchema = z.array(z.string());
/**
 * When the answer is poor: words the user may have meant ("Mente du …?"), each one that finds
 * something, nearest first (at most 3), and the department nearest the words (null when none is near).
 */
export const searchHelp = {
  suggestions: z.array(z.string()),
  nearestDepartment: nodeRefSchema.nullable(),
};
export const searchHit = z.strictObject({
  id: z.string(),
  kind: kindSchema,
  name: z.string(),
  score: z.number(),
  marks: marksSchema,
  title: z.string().nullable(),
  department: z.string().nullable(),
  networkKind: z.string().nullable(),
  status: z.string().nullable(),
  perspective: z.string().nullable(),
  partnerType: z.string().nullable(),
});
export const searchResponse = z.strictObject({ q: z.string(), hits: z.array(searchHit), ...searchHelp });
export type SearchHit = z.infer<typeof searchHit>;
export type SearchResponse = z.infer<typeof searchResponse>;

// --- nodes ------------------------------------------------------------------------------
export const nodeParams = z.strictObject({ id: idSchema });
/**
 * The query of /api/nodes/{id}: leaving `at` out lists every relation, ended ones included (where
 * coordinators edit them).
 */
export const atQuery = z.strictObject({ at: atSchema.optional() });
/** The query of the other endpoints that take only `at`, which is then today. */
export const todayQuery = z.strictObject({ at: atOrToday });
/** Properties are the relation's own (no system property: api/common.ts); `version` is what an edit of it sends. */
export const relationEntry = z.strictObject({
  direction: z.enum(['out', 'in']),
  node: nodeRefSchema,
  version: z.number().int(),
  properties: z.record(z.string(), z.unknown()),
});
/** A KLE subject of a unit: its number, its title ('' when the source gave none) and the unit's part in it (KLE_ASPECTS). */
export const kleSubject = z.strictObject({ number: z.string(), title: z.string(), aspect: z.enum(KLE_ASPECTS) });
export type KleSubject = z.infer<typeof kleSubject>;
/** Where a unit sits: the units above it, from the top of the tree down to its parent, and its department (its own or its nearest ancestor's mapping). */
export const unitPlace = z.strictObject({
  unit: nodeRefSchema,
  path: z.array(nodeRefSchema),
  department: nodeRefSchema.nullable(),
});
/**
 * A person's card. `department` is their first by name on the day (today when the node is asked
 * without `at`); `units` the units they belong to that day (MEMBER_OF) with where each sits; `manager`
 * whom they report to; `leftOn` the day they left the municipality, when it is on or before the day;
 * `handedOver` each network role of theirs a coordinator has said someone else now holds.
 */
export const contactCard = z.strictObject({
  name: z.string(),
  title: z.string().nullable(),
  department: nodeRefSchema.nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  leads: z.array(nodeRefSchema),
  participatesIn: z.array(nodeRefSchema),
  trainings: z.array(nodeRefSchema),
  units: z.array(unitPlace),
  manager: nodeRefSchema.nullable(),
  leftOn: z.string().nullable(),
  handedOver: z.array(z.strictObject({ network: nodeRefSchema, to: nodeRefSchema })),
});
/** The people a unit's card lists at most; `peopleTotal` says how many there are. */
export const UNIT_CARD_PEOPLE = 200;
/**
 * A unit's card on the day (today when the node is asked without `at`): where it sits (its path and
 * department, `departmentFrom` the ancestor whose mapping it inherits, null when its own or none), its
 * sub-units, its KLE subjects strongest part first, and its people that day (MEMBER_OF, not left) by name.
 */
export const unitCard = z.strictObject({
  path: z.array(nodeRefSchema),
  children: z.array(nodeRefSchema),
  department: nodeRefSchema.nullable(),
  departmentFrom: nodeRefSchema.nullable(),
  kle: z.array(kleSubject),
  people: z.array(nodeRefSchema),
  peopleTotal: z.number().int(),
});
export const nodeResponse = z.strictObject({
  /** As a relation: its own properties, and the version an edit of it sends. */
  node: z.strictObject({
    id: z.string(),
    kind: kindSchema,
    name: z.string(),
    version: z.number().int(),
    properties: z.record(z.string(), z.unknown()),
  }),
  relations: z.partialRecord(relTypeSchema, z.array(relationEntry)),
  /** True when the node has more relations than one answer carries. */
  truncated: z.boolean(),
  card: contactCard.nullable(),
  unit: unitCard.nullable(),
});
export type ContactCard = z.infer<typeof contactCard>;
export type UnitCard = z.infer<typeof unitCard>;
export type NodeResponse = z.infer<typeof nodeResponse>;

// --- rings ------------------------------------------------------------------------------
/** About what a phone's screen can show readably, and keeps two rings at 50,000 people near 30 ms. */
export const RINGS_DEFAULT_LIMIT = 150;
export const ringsQuery = z.strictObject({
  depth: boundedInt(1, 4, 2),
  limit: boundedInt(1, 2000, RINGS_DEFAULT_LIMIT),
  at: atOrToday,
});
export const elementsSchema = z.strictObject({ nodes: z.array(cyNodeSchema), edges: z.array(cyEdgeSchema) });
export const ringsResponse = z.strictObject({
  centre: nodeRefSchema,
  depth: z.number().int(),
  rings: z.array(
    z.strictObject({
      ring: z.number().int(),
      count: z.number().int(),
      omitted: z.number().int(),
      /** Set when the ring passed a hub (a node with hundreds of neighbours): omitted is then an estimate from its degree. */
      approximate: z.literal(true).optional(),
    }),
  ),
  truncated: z.boolean(),
  elements: elementsSchema,
});
export type RingsResponse = z.infer<typeof ringsResponse>;

// --- paths ------------------------------------------------------------------------------
export const pathsQuery = z.strictObject({
  from: idSchema,
  to: idSchema,
  max: boundedInt(1, 10, 3),
  at: atOrToday,
});
/** A node a step names; a Project says whether it is a project or a network (its `kind`: 'projekt' | 'netværk'). */
export const stepNodeSchema = z.strictObject({ ...nodeRefSchema.shape, projectKind: z.string().nullable() });
/**
 * One step of a path as facts, for the client to say in the user's language: the node the walk
 * comes from, the relation, the node it goes to. The relation is stated in its true direction:
 * `out` when it points from `from` to `to`, `in` when it points back.
 */
export const pathStepSchema = z.strictObject({
  from: stepNodeSchema,
  relation: z.strictObject({
    type: relTypeSchema,
    direction: z.enum(['out', 'in']),
    /** The dates as written (2014, 2014-05 or 2014-05-01); null when open. */
    since: z.string().nullable(),
    until: z.string().nullable(),
    /** COMPLETED only: the booklet's own verb ("har gennemgået"), Danish data. */
    wording: z.string().nullable(),
    /** KNOWS only: the node (a network) the acquaintance came from, when known. */
    via: nodeRefSchema.nullable(),
  }),
  to: stepNodeSchema,
});
export type PathStep = z.infer<typeof pathStepSchema>;
export const pathSchema = z.strictObject({
  length: z.number().int(),
  /** The nodes in the walk's order, from `from` to `to`. */
  nodes: z.array(nodeRefSchema),
  /** Each step's relation in its own direction, from source to target (as in a relation id and a drawn edge). */
  relations: z.array(z.strictObject({ type: relTypeSchema, source: z.string(), target: z.string() })),
  steps: z.array(pathStepSchema),
});
export const pathsResponse = z.strictObject({
  from: nodeRefSchema,
  to: nodeRefSchema,
  paths: z.array(pathSchema),
});
export type PathsResponse = z.infer<typeof pathsResponse>;

// --- contacts ---------------------------------------------------------------------------
export const contactsQuery = z.strictObject({
  topic: text(200),
  from: idSchema.optional(),
  limit: boundedInt(1, 50, 10),
  at: atOrToday,
});
/**
 * Why a person is suggested, as facts the client says in the user's language: leads or takes part
 * in `node` (a network), works in `node` (a department) or in the same department as `leader`, who
 * leads `node`, their title or name fits (`node` is the person), or they belong to `node` (a unit)
 * whose KLE subject `kle` the topic names (kind 'kle' only). `matched` is the id of what the
 * topic found (one of `matches`): the node itself, or a petal of the network.
 */
export const contactReason = z.strictObject({
  kind: z.enum(['leads', 'participates', 'department', 'title', 'kle']),
  node: nodeRefSchema,
  leader: nodeRefSchema.nullable(),
  matched: z.string(),
  kle: kleSubject.optional(),
});
export const contactSchema = z.strictObject({
  person: z.strictObject({
    id: z.string(),
    name: z.string(),
    title: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    department: nodeRefSchema.nullable(),
  }),
  score: z.number(),
  reasons: z.array(contactReason),
  /** Words of the person's title and of their reasons' node names that the topic matched (as marksSchema). */
  marks: marksSchema,
  /**
   * The shortest way from the asker: its length, the first person on it to ask for an introduction
   * (`via`), and what the asker and `via` share (`through`: the training, network or department
   * between them), null when they are tied directly, share no node on the way, or there is no via;
   * `direct`: the asker and `via` are tied directly (they know each other, or one reports to the other).
   */
  path: z
    .strictObject({
      length: z.number().int(),
      via: nodeRefSchema.nullable(),
      through: nodeRefSchema.nullable(),
      direct: z.boolean(),
    })
    .nullable(),
});
export const contactsResponse = z.strictObject({
  topic: z.string(),
  matches: z.array(nodeRefSchema),
  contacts: z.array(contactSchema),
  ...searchHelp,
});
export type Contact = z.infer<typeof contactSchema>;
export type ContactsResponse = z.infer<typeof contactsResponse>;

// --- search misses ----------------------------------------------------------------------
/** The weeks back to list (this week included). */
export const searchMissesQuery = z.strictObject({ weeks: boundedInt(1, 52, 12) });
/**
 * A topic asked that found no one, counted per ISO week ("2026-W49"): its words only, lower case and
 * in order, never who asked, from where or when within the week.
 */
export const searchMiss = z.strictObject({ words: z.string(), week: z.string(), count: z.number().int() });
export const searchMissesResponse = z.strictObject({ misses: z.array(searchMiss) });
export type SearchMiss = z.infer<typeof searchMiss>;
export type SearchMissesResponse = z.infer<typeof searchMissesResponse>;

// --- networks ---------------------------------------------------------------------------
export const networksQuery = z.strictObject({
  kind: z.enum(NETWORK_KINDS).optional(),
  status: z.enum(NETWORK_STATUSES).optional(),
  /** One of the fixed list (NETWORK_PHASES). */
  phase: z.enum(NETWORK_PHASES).optional(),
  department: idSchema.optional(),
  at: atOrToday,
});
export const networkSummary = z.strictObject({
  id: z.string(),
  name: z.string(),
  kind: z.enum(NETWORK_KINDS),
  theme: z.string().nullable(),
  status: z.string(),
  /** One of NETWORK_PHASES (edits accept nothing else); read as text, so data written around the API still answers. */
  phase: z.string().nullable(),
  inferred: z.boolean(),
  leaders: z.array(nodeRefSchema),
  departments: z.array(nodeRefSchema),
  outcomes: z.number().int(),
});
export const networksResponse = z.strictObject({ networks: z.array(networkSummary) });
export const petalSchema = z.strictObject({ id: z.string(), name: z.string(), inferred: z.boolean() });
export const flowerResponse = z.strictObject({
  network: networkSummary
    .pick({ id: true, name: true, kind: true, theme: true, status: true, phase: true })
    .extend({ remarks: z.array(z.string()), inferred: z.boolean() }),
  leaders: z.array(nodeRefSchema),
  partners: z.array(nodeRefSchema),
  petals: z.strictObject(
    Object.fromEntries(PERSPECTIVES.map((p) => [p, z.array(petalSchema)])) as Record<
      (typeof PERSPECTIVES)[number],
      z.ZodArray<typeof petalSchema>
    >,
  ),
});
export type NetworkSummary = z.infer<typeof networkSummary>;
export type FlowerResponse = z.infer<typeof flowerResponse>;

// --- departments and coordination -------------------------------------------------------
export const departmentsResponse = z.strictObject({
  departments: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      people: z.array(z.strictObject({ id: z.string(), name: z.string(), title: z.string().nullable() })),
      networks: z.array(nodeRefSchema),
    }),
  ),
});
export const coordinationPair = z.strictObject({
  a: nodeRefSchema,
  b: nodeRefSchema,
  networks: z.array(nodeRefSchema),
  trainings: z.array(nodeRefSchema),
  knows: z.number().int(),
  people: z.array(nodeRefSchema),
  ties: z.number().int(),
});
/**
 * Relational coordination as the networks' survey rounds measured it (issue 20) for a pair of
 * departments: per network, its latest round closed by the day that has the pair, counted when
 * that pair rests on at least 5 respondents (MIN_RESPONDENTS in api/surveys.ts); the networks' indexes
 * averaged, weighted by their respondents.
 */
export const measuredPair = z.strictObject({
  a: nodeRefSchema,
  b: nodeRefSchema,
  /** The index, 1–5 (the mean of the seven dimensions), two decimals. */
  index: z.number(),
  /** How many networks it rests on. */
  networks: z.number().int(),
  /** The same from those networks' rounds before (each with at least 5 respondents); null: none. */
  previous: z.number().nullable(),
});
export const coordinationResponse = z.strictObject({
  departments: z.array(nodeRefSchema),
  pairs: z.array(coordinationPair),
  /**
   * Relational coordination measured by survey rounds, beside the ties counted above, by name of a then b.
   * Optional: the matrix of ties alone is a whole answer; this server always gives it.
   */
  measured: z.array(measuredPair).optional(),
  shares: z.array(
    z.strictObject({
      department: nodeRefSchema,
      ties: z.number().int(),
      crossTies: z.number().int(),
      share: z.number(),
    }),
  ),
  isolated: z.array(nodeRefSchema),
});
export type CoordinationResponse = z.infer<typeof coordinationResponse>;
export type MeasuredPair = z.infer<typeof measuredPair>;

// --- whole graph ------------------------------------------------------------------------
export const graphQuery = z.strictObject({
  kinds: csvOf(kindSchema).optional(),
  departments: csvOf(idSchema).optional(),
  status: csvOf(z.enum(NETWORK_STATUSES)).optional(),
  limit: boundedInt(1, 5000, 1000),
  at: atOrToday,
});
export const graphResponse = z.strictObject({
  elements: elementsSchema,
  truncated: z.boolean(),
  total: z.strictObject({ nodes: z.number().int() }),
});
export type GraphResponse = z.infer<typeof graphResponse>;
