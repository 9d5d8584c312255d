import { z } from 'zod';

// Shared by server and client: the shapes the explore API takes and gives.

/** Node labels the API knows; anything else is refused (labels never come from input). */
export const KINDS = [
  'Person',
  'Network',
  'Department',
  'Partner',
  'Training',
  'Outcome',
  'Forum',
  'Project',
  'Unit',
] as const;
export const kindSchema = z.enum(KINDS);
export type Kind = z.infer<typeof kindSchema>;
export const isKind = (s: string): s is Kind => (KINDS as readonly string[]).includes(s);

/** Relationship types of the model (docs/model.md). */
export const REL_TYPES = [
  'WORKS_IN',
  'LEADS',
  'PARTICIPATES_IN',
  'COLLABORATES_WITH',
  'OFFERED_BY',
  'COMPLETED',
  'CREATED',
  'REPORTED_TO',
  'INITIATED',
  'CONTINUED_AS',
  'SPAWNED',
  'KNOWS',
  'MEMBER_OF',
  'PART_OF',
  'ROLLS_UP_TO',
  'REPORTS_TO',
] as const;
export const relTypeSchema = z.enum(REL_TYPES);
export type RelType = z.infer<typeof relTypeSchema>;

/**
 * The system properties: stored on nodes and relations but not graph data, so no answer, export
 * or import shows them as properties. `id` is a node's own (answered beside its properties);
 * `version` the optimistic-concurrency counter of editing (answered beside them where an edit
 * needs it; an import sets it itself); `_lock` and `_created` marks editing and importing set and
 * remove inside one transaction; `firstDay` and `lastDay` the days that what was written (since,
 * until, startedAt) means, as Neo4j dates (server/common/days.ts). A new one is added here only.
 */
export const SYSTEM_PROPERTIES = ['id', 'version', '_lock', '_created', 'firstDay', 'lastDay'] as const;
const SYSTEM = new Set<string>(SYSTEM_PROPERTIES);
export const isSystemProperty = (key: string): boolean => SYSTEM.has(key);

/** Stored properties without the system ones (a copy only when it holds some): what every answer shows. */
export function withoutSystem(properties: Record<string, unknown>): Record<string, unknown> {
  for (const key in properties) {
    if (SYSTEM.has(key)) return Object.fromEntries(Object.entries(properties).filter(([k]) => !SYSTEM.has(k)));
  }
  return properties;
}
export const isRelType = (s: string): s is RelType => (REL_TYPES as readonly string[]).includes(s);

export const NETWORK_KINDS = ['velfaerd', 'innovation', 'laering'] as const;
/** A unit's part in a KLE subject, strongest first: responsible for it, carrying out its tasks, having insight in it. */
export const KLE_ASPECTS = ['ansvarlig', 'udfoerende', 'indsigt'] as const;
export type KleAspect = (typeof KLE_ASPECTS)[number];
export const NETWORK_STATUSES = ['afsluttet', 'i gang', 'afventer', 'under omdefinering'] as const;
export const PERSPECTIVES = ['kommunen', 'borgerne', 'medarbejderne'] as const;
/**
 * A network's phase, from this fixed list in its order (the client shows Danish labels). The first is the
 * booklet's "opdagelses- og idéfasen", which it also calls "opdagelsesfasen" and "opdagelses og idefase".
 */
export const NETWORK_PHASES = [
  'opdagelsesfasen',
  'fokuseringsfasen',
  'den interne fase',
  'den eksterne fase',
  'forankringsfasen',
] as const;
export type NetworkPhase = (typeof NETWORK_PHASES)[number];

/** Ways of writing each phase, on letters alone (lower case, no accents, spaces or dashes). */
const PHASE_SPELLINGS: [RegExp, NetworkPhase][] = [
  [/^opdagelses?(fasen?)?(ogide(e|en)?(fasen?)?)?$/, 'opdagelsesfasen'],
  [/^fokuserings?(fasen?)?$/, 'fokuseringsfasen'],
  [/^(den)?interne?(fasen?)?$/, 'den interne fase'],
  [/^(den)?eksterne?(fasen?)?$/, 'den eksterne fase'],
  [/^forankrings?(fasen?)?$/, 'forankringsfasen'],
];

/**
 * The phase of the fixed list that a free-text phase means ("Opdagelses- og idéfasen", "opdagelses og
 * idefase" and "Opdagelsesfasen" are one), or null when it is none of them. For data from before the
 * list: the booklet, the migration at start, imports of older files.
 */
export function phaseFromText(text: string): NetworkPhase | null {
  const letters = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-zæøå]/g, '');
  return PHASE_SPELLINGS.find(([spelling]) => spelling.test(letters))?.[1] ?? null;
}

export const idSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[\p{L}\p{N}_.:-]+$/u, 'may hold only letters, digits and - _ . :');

/**
 * A day, YYYY-MM-DD: explore answers give the graph as it stood that day. A relation counts
 * from its `since` to its `until`, both days included; a partial date (2014 or 2014-05) covers
 * its whole year or month. Without `at`, the answers use today.
 */
export const atSchema = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });

// The sv-SE locale writes dates as YYYY-MM-DD; made once, as making a formatter costs far more than using one.
const COPENHAGEN_DAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' });

/** Today in Albertslund (Europe/Copenhagen), YYYY-MM-DD: the default `at`, and the one today of server and client. */
export function today(now: Date = new Date()): string {
  return COPENHAGEN_DAY.format(now);
}

/** `at` where leaving it out means today in Albertslund: the one place that default is given. */
export const atOrToday = atSchema.optional().transform((at) => at ?? today());

/** A bounded whole number from a query string, with a default. */
export const boundedInt = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

/**
 * A comma-separated list in a query string ("Person,Network"), each item checked against an
 * allow-list as it is sent: no empty item, no space around one. The OpenAPI document says the
 * same, an array sent comma-joined (server/common/openapi/document.ts), which cannot be empty.
 */
export const csvOf = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(item).min(1));

/**
 * Text with something in it: a character that String.prototype.trim() keeps. Text is checked
 * with it (and for its length) before it is trimmed, so the OpenAPI document, which can only
 * state patterns and lengths, says what zod checks: "  " is empty to both.
 */
export const NOT_BLANK = /[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** The short form of a node that answers refer to. */
export const nodeRefSchema = z.strictObject({
  id: z.string(),
  kind: kindSchema,
  name: z.string(),
});
export type NodeRef = z.infer<typeof nodeRefSchema>;

/** Cytoscape.js elements, as the client's GraphView takes them. */
export const cyNodeSchema = z.strictObject({
  data: z.strictObject({
    id: z.string(),
    label: z.string(),
    kind: kindSchema,
    department: z.string().nullable(),
    /** A network's status, for the status filter. */
    status: z.string().optional(),
    ring: z.number().int().optional(),
  }),
});
export const cyEdgeSchema = z.strictObject({
  data: z.strictObject({
    id: z.string(),
    source: z.string(),
    target: z.string(),
    type: relTypeSchema,
    crossDepartment: z.boolean(),
  }),
});
export type CyNode = z.infer<typeof cyNodeSchema>;
export type CyEdge = z.infer<typeof cyEdgeSchema>;

export const errorSchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    /** The request's id (also its X-Request-Id header and in the server's log lines). */
    requestId: z.string().optional(),
  }),
});
