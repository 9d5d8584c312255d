import { z } from 'zod';
import {
  idSchema,
  KINDS,
  KLE_ASPECTS,
  kindSchema,
  NETWORK_KINDS,
  NETWORK_PHASES,
  NETWORK_STATUSES,
  NOT_BLANK,
  PERSPECTIVES,
  REL_TYPES,
  relTypeSchema,
  type Kind,
  type RelType,
} from './common.js';
import { looksLikeCpr } from './cpr.js';

// Editing the graph (coordinators). Shared by server (validation) and client (forms validate
// as the user types with the same schemas).

/**
 * The message of safeText's CPR refusal, for forms that check as the user types. The server
 * refuses CPR-like values before any schema sees them (api/cpr.ts), with a Danish sentence.
 */
export const CPR_MESSAGE = "looks like a CPR number; Ringe holds no citizens' personal data, so it cannot be saved";

/** Half of a UTF-16 surrogate pair without its other half. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Free text a person types: trimmed, bounded, never a CPR number. */
export const safeText = (max: number) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(NOT_BLANK, 'must not be empty')
    // Trimmed after the checks above, which the OpenAPI document states (see NOT_BLANK).
    .trim()
    .refine((s) => !looksLikeCpr(s), CPR_MESSAGE)
    // A lone surrogate cannot be stored as UTF-8: Neo4j would keep a replacement character instead.
    .refine((s) => !LONE_SURROGATE.test(s), 'must be valid Unicode text (it holds half of a surrogate pair)');

const isoDate = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });

/** Editable properties per kind: work contact data only for people. */
export const nodePropertySchemas = {
  Person: z.strictObject({
    name: safeText(200),
    title: safeText(200).optional(),
    email: z.email({ error: 'must be a work email address' }).max(200).optional(),
    phone: z
      .string()
      .regex(/^\+?[\d ]{8,15}$/, 'must be a phone number such as 43 68 68 68')
      .trim()
      .optional(),
    /** The day a source (server/sync/) ended them: from then on search and who-to-contact never offer them. */
    leftOn: isoDate.optional(),
  }),
  Network: z.strictObject({
    name: safeText(300),
    kind: z.enum(NETWORK_KINDS),
    theme: safeText(500).optional(),
    status: z.enum(NETWORK_STATUSES),
    /** One of the fixed list; older free text is moved onto it at start (server/phases.ts). */
    phase: z
      .enum(NETWORK_PHASES, { error: `must be one of the phases ${NETWORK_PHASES.map((p) => `"${p}"`).join(', ')}` })
      .optional(),
    remarks: safeText(10_000).optional(),
    startedAt: isoDate.optional(),
    endedAt: isoDate.optional(),
  }),
  Department: z.strictObject({ name: safeText(200) }),
  Partner: z.strictObject({
    name: safeText(200),
    type: z.enum(['uddannelse', 'organisation', 'interesseorganisation', 'virksomhed', 'borgergruppe', 'andet']),
  }),
  Training: z.strictObject({ name: safeText(200) }),
  Outcome: z.strictObject({ name: safeText(300), perspective: z.enum(PERSPECTIVES) }),
  Forum: z.strictObject({ name: safeText(200) }),
  Project: z.strictObject({ name: safeText(200), kind: z.enum(['projekt', 'netværk']) }),
  /**
   * A unit of a source's organisation tree, made and kept by the sync (never by the new-node form):
   * its KLE subjects as parallel lists (number, aspect, title) and as the text the search index reads.
   */
  Unit: z.strictObject({
    name: safeText(300),
    kleNumbers: z.array(z.string().regex(/^\d{2}(\.\d{2}){0,2}$/, 'must be a KLE number such as 27.24')).optional(),
    kleAspects: z.array(z.enum(KLE_ASPECTS)).optional(),
    kleTitles: z.array(z.string().max(300)).optional(),
    kleText: z.string().max(100_000).optional(),
  }),
} satisfies Record<Kind, z.ZodObject>;

/** Which relations the model allows, from which kind to which. */
export const RELATION_RULES: Record<RelType, { from: Kind[]; to: Kind[] }> = {
  WORKS_IN: { from: ['Person'], to: ['Department'] },
  LEADS: { from: ['Person'], to: ['Network'] },
  PARTICIPATES_IN: { from: ['Person'], to: ['Network'] },
  COLLABORATES_WITH: { from: ['Network'], to: ['Partner'] },
  OFFERED_BY: { from: ['Training'], to: ['Partner'] },
  COMPLETED: { from: ['Person'], to: ['Training'] },
  CREATED: { from: ['Network'], to: ['Outcome'] },
  REPORTED_TO: { from: ['Network'], to: ['Forum'] },
  INITIATED: { from: ['Forum'], to: ['Network'] },
  CONTINUED_AS: { from: ['Network'], to: ['Project'] },
  SPAWNED: { from: ['Network'], to: ['Project', 'Network'] },
  KNOWS: { from: ['Person'], to: ['Person'] },
  MEMBER_OF: { from: ['Person'], to: ['Unit'] },
  PART_OF: { from: ['Unit'], to: ['Unit'] },
  ROLLS_UP_TO: { from: ['Unit'], to: ['Department'] },
  REPORTS_TO: { from: ['Person'], to: ['Person'] },
};

export const relationPropertiesSchema = z
  .strictObject({
    since: isoDate.optional(),
    until: isoDate.optional(),
    /** KNOWS only: the id of the network the relation came from. */
    via: idSchema.optional(),
    /** COMPLETED only: the wording, e.g. "har gennemgået". */
    wording: safeText(100).optional(),
  })
  .refine((p) => !(p.since && p.until && p.until < p.since), { message: 'must not be before since', path: ['until'] });

/**
 * A relation's id is its ends and type, source|TYPE|target (source and target in the relation's
 * direction), so a retried create can never make a second one. Ids hold no "|" (idSchema). The
 * one place ids are made and read in TypeScript; Cypher spells the same form where it must
 * (backup.cypher, history.cypher, privacy.cypher, report.cypher).
 */
export const relationId = (source: string, type: string, target: string) => `${source}|${type}|${target}`;

/** source|TYPE|target, each end an id (idSchema): a pattern, so the OpenAPI document says it too. */
export const RELATION_ID = new RegExp(
  `^[\\p{L}\\p{N}_.:-]{1,200}\\|(?:${REL_TYPES.join('|')})\\|[\\p{L}\\p{N}_.:-]{1,200}$`,
  'u',
);

/** A relation id back into its parts; null when it is not one (RELATION_ID). */
export function parseRelationId(id: string): { source: string; type: RelType; target: string } | null {
  if (!RELATION_ID.test(id)) return null;
  const [source = '', name, target = ''] = id.split('|');
  const type = REL_TYPES.find((t) => t === name);
  return type ? { source, type, target } : null;
}

const version = z.number({ error: 'must be the version you edited' }).int().min(1);

/** The kinds a coordinator creates; a Unit is made by the sync from a source's organisation tree. */
export const CREATABLE_KINDS = KINDS.filter((k): k is Exclude<Kind, 'Unit'> => k !== 'Unit');

/** The create body of one kind: an id, the kind and that kind's properties. */
const createBodyOf = <K extends Kind>(kind: K) =>
  z.strictObject({ id: idSchema, kind: z.literal(kind), properties: nodePropertySchemas[kind] });

export const createNodeBody = z.discriminatedUnion(
  'kind',
  [
    createBodyOf('Person'),
    createBodyOf('Network'),
    createBodyOf('Department'),
    createBodyOf('Partner'),
    createBodyOf('Training'),
    createBodyOf('Outcome'),
    createBodyOf('Forum'),
    createBodyOf('Project'),
  ],
  {
    // zod's own message here is two sentences ("Invalid discriminator value. Expected ...").
    error: (issue) => (issue.code === 'invalid_union' ? `must be one of ${CREATABLE_KINDS.join(', ')}` : undefined),
  },
);
/** Changed properties only; null removes an optional one. Checked against the node's kind by the server. */
export const updateNodeBody = z.strictObject({
  version,
  properties: z.record(z.string(), z.unknown()),
});
export const versionQuery = z.strictObject({
  version: z.coerce.number({ error: 'must be the version you edited' }).int().min(1),
});

export const editedNode = z.strictObject({
  id: z.string(),
  kind: kindSchema,
  version: z.number().int(),
  properties: z.record(z.string(), z.unknown()),
});
export const nodeEditResponse = z.strictObject({ node: editedNode });

export const createRelationBody = z.strictObject({
  type: relTypeSchema,
  source: idSchema,
  target: idSchema,
  properties: relationPropertiesSchema.default({}),
});
export const updateRelationBody = z.strictObject({ version, properties: relationPropertiesSchema });
export const relationParams = z.strictObject({
  id: z.string().regex(RELATION_ID, 'must be a relation id: source|TYPE|target'),
});
export const editedRelation = z.strictObject({
  id: z.string(),
  type: relTypeSchema,
  source: z.string(),
  target: z.string(),
  version: z.number().int(),
  properties: z.record(z.string(), z.unknown()),
});
export const relationEditResponse = z.strictObject({ relation: editedRelation });

export const changeSchema = z.strictObject({
  id: z.string(),
  at: z.string(),
  actor: z.strictObject({ sub: z.string(), name: z.string() }),
  action: z.enum(['create', 'update', 'delete', 'import', 'erase', 'undo']),
  targetKind: z.string(),
  targetId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  undoOf: z.string().nullable(),
});
export const historyQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Only changes before this ISO time (for paging back). */
  before: z.iso
    .datetime({
      offset: true,
      error: 'must be a date and time as YYYY-MM-DDTHH:MM:SSZ (or with an offset such as +01:00)',
    })
    // Neo4j (like ISO 8601) knows offsets up to 18 hours and seconds to nine decimals (nanoseconds);
    // -18:49 or a tenth decimal would fail in the database. Patterns (not refines), so the OpenAPI
    // document says them too.
    .regex(/:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)$/, 'must give the seconds to at most nine decimals')
    .regex(/(?:Z|[+-](?:(?:0\d|1[0-7]):[0-5]\d|18:00))$/, 'must have a time zone offset between -18:00 and +18:00')
    .optional(),
});
export const historyResponse = z.strictObject({
  changes: z.array(changeSchema),
  /**
   * The names of the nodes these changes concern (a node's id, a relation's two ends, a KNOWS
   * relation's `via` network), by id: the current name, or for a node that is gone the latest
   * name its own history holds. An id without a known name is left out.
   */
  names: z.record(z.string(), z.string()),
});
export type Change = z.infer<typeof changeSchema>;
export type EditedNode = z.infer<typeof editedNode>;
export type EditedRelation = z.infer<typeof editedRelation>;
