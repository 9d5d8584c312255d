import { z } from 'zod';
import { idSchema } from './common.js';
import { ep } from './endpoint.js';
import { HR_MAPPING_FIELDS, hrMappingSchema } from './sync-hr.js';

// Synchronisation with the organisation's systems of record (server/sync/): what a plan and a run
// are, shared by the engine, the CLI, the "Datakilder" admin page and its endpoints.

export const SOURCE_NAMES = ['hr', 'ldap', 'entra', 'os2mo'] as const;
export const sourceNameSchema = z.enum(SOURCE_NAMES, { error: 'must be one of hr, ldap, entra, os2mo' });

/**
 * Why a record was refused; the client words each. The adapters' own ('missingId', 'unreadable') and
 * the engine's checks of every record ('cpr': a CPR-like value in any field; 'email': not an e-mail
 * address; 'duplicate': a sourceId twice in one snapshot; 'unknownUnit': a unit the snapshot lacks;
 * 'erased': a person erased from Ringe, who is not brought back).
 */
export const REFUSAL_REASONS = [
  'missingId',
  'missingName',
  'unreadable',
  'cpr',
  'email',
  'duplicate',
  'unknownUnit',
  'erased',
] as const;

export const refusalSchema = z.strictObject({
  record: z.string(),
  reason: z.enum(REFUSAL_REASONS),
  field: z.string().optional(),
});
export type Refusal = z.infer<typeof refusalSchema>;

/** The kinds of change a plan holds, in the order the page shows them. */
export const PLAN_KINDS = [
  'joiners',
  'returners',
  'movers',
  'leavers',
  'contactChanged',
  'unitsNew',
  'unitsRenamed',
  'unitsMoved',
  'unitsGone',
] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

/** One row of a plan's sample: who or which unit, and what changes (field → [before, after]). */
export const planRowSchema = z.strictObject({
  sourceId: z.string(),
  /** The Ringe id, when the record is already in the graph. */
  id: z.string().nullable(),
  name: z.string(),
  changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])).optional(),
});
export type PlanRow = z.infer<typeof planRowSchema>;

export const planSchema = z.strictObject({
  source: z.enum(SOURCE_NAMES),
  /** The day the run counts as (leavers' WORKS_IN end the day before). */
  day: z.string(),
  complete: z.boolean(),
  counts: z.strictObject({
    ...Object.fromEntries(PLAN_KINDS.map((k) => [k, z.number().int()])),
    unchanged: z.number().int(),
    refused: z.number().int(),
    /** People in the graph from this source before the run, against which the leavers' share is taken. */
    peopleBefore: z.number().int(),
  }) as z.ZodObject<{ [K in PlanKind | 'unchanged' | 'refused' | 'peopleBefore']: z.ZodNumber }>,
  /** The first rows of each kind (at most 10). */
  samples: z.record(z.enum(PLAN_KINDS), z.array(planRowSchema)),
  /** Every refused record (at most 200; counts.refused has them all). */
  refusals: z.array(refusalSchema),
  /** Leavers / peopleBefore, and the share above which the run is refused unless forced. */
  leaverShare: z.number(),
  maxLeaverShare: z.number(),
});
export type Plan = z.infer<typeof planSchema>;

export const RUN_STATUSES = ['planned', 'applied', 'refused', 'failed'] as const;

/**
 * Why a source could not be read (server/sync/source.ts SourceError): 'auth' the source refused
 * Ringe's secret or bind; 'forbidden' a permission is missing; 'unreachable'; 'timeout'; 'aborted'
 * (the read was stopped); 'badAnswer' the source answered something unreadable or half; 'throttled'
 * it kept asking Ringe to wait; 'file' the HR file is unreadable or lacks a mapped column; 'config'
 * a setting cannot work.
 */
export const SOURCE_ERRORS = [
  'auth',
  'forbidden',
  'unreachable',
  'timeout',
  'aborted',
  'badAnswer',
  'throttled',
  'file',
  'config',
] as const;
/** Why a run failed: a source's reason, 'write' (a write to Neo4j failed) or 'unknown'; the client words each. */
export const SYNC_ERRORS = [...SOURCE_ERRORS, 'write', 'unknown'] as const;
export type SyncErrorCode = (typeof SYNC_ERRORS)[number];

export const runErrorSchema = z.strictObject({
  code: z.enum(SYNC_ERRORS),
  /** The technical message, in English and without secrets, for whoever fixes it. */
  detail: z.string(),
});
export type RunError = z.infer<typeof runErrorSchema>;

export const runSchema = z.strictObject({
  id: z.string(),
  source: z.enum(SOURCE_NAMES),
  dryRun: z.boolean(),
  forced: z.boolean(),
  /** planned: a dry run; applied: written; refused: too many leavers, not forced; failed: the source or a write failed. */
  status: z.enum(RUN_STATUSES),
  startedAt: z.string(),
  endedAt: z.string(),
  /** Who started it: a user's name, or "planlagt" for the schedule and "kommandolinje" for npm run sync. */
  startedBy: z.string(),
  plan: planSchema.nullable(),
  /** Why it failed (status failed only): a code the client words, and the technical detail. */
  error: runErrorSchema.nullable(),
});
export type SyncRun = z.infer<typeof runSchema>;

// The "Datakilder" admin page's endpoints (server/sync/routes.ts): every source, configured or
// not, its runs, a dry run, a run, and the mapping of the sources' units to departments.

export const sourceParams = z.strictObject({ name: sourceNameSchema });

/** A run as the list of sources shows it: its plan's counts, without the rows. */
export const runSummarySchema = runSchema.omit({ plan: true }).extend({
  counts: planSchema.shape.counts.nullable(),
  leaverShare: z.number().nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const sourceStatusSchema = z.strictObject({
  name: z.enum(SOURCE_NAMES),
  configured: z.boolean(),
  /** The environment variables it still needs, by name (never a value); empty when configured. */
  missing: z.array(z.string()),
  /** The latest runs, newest first. */
  runs: z.array(runSummarySchema),
});
export type SourceStatus = z.infer<typeof sourceStatusSchema>;

export const sourcesResponse = z.strictObject({
  sources: z.array(sourceStatusSchema),
  /** SYNC_INTERVAL_MINUTES; null when nothing runs on a schedule. */
  intervalMinutes: z.number().int().nullable(),
  /** SYNC_MAX_LEAVER_SHARE: a run ending more than this share of a source's people is refused unless forced. */
  maxLeaverShare: z.number(),
});

export const runBody = z.strictObject({
  /** Apply even when more than the set share of the people would be ended. */
  force: z.boolean({ error: 'must be true or false' }).optional(),
});

export const runsQuery = z.strictObject({
  limit: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 50')
    .max(50, 'must be between 1 and 50')
    .default(20),
});

export const runsResponse = z.strictObject({ runs: z.array(runSchema) });

export const unitParams = z.strictObject({ id: idSchema });

/** A unit of a source's tree with the department its people count in. */
export const syncUnitSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  /** The parent unit's id; null for a root. */
  parentId: z.string().nullable(),
  /** The department the unit itself is mapped to (ROLLS_UP_TO); null when it has none of its own. */
  departmentId: z.string().nullable(),
  /** The department its people count in: its own, else its nearest mapped ancestor's (`from` names that unit); null: none. */
  department: z
    .strictObject({
      id: z.string(),
      name: z.string(),
      from: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
    })
    .nullable(),
  /** People whose own unit it is today. */
  people: z.number().int(),
});
export type SyncUnit = z.infer<typeof syncUnitSchema>;

export const unitsResponse = z.strictObject({
  /** Units without any department first (by name), then the rest by name. */
  units: z.array(syncUnitSchema),
  /** The departments a unit can be mapped to, by name. */
  departments: z.array(z.strictObject({ id: z.string(), name: z.string() })),
});

export const unitDepartmentBody = z.strictObject({
  departmentId: idSchema.nullable(),
});

export const unitDepartmentResponse = z.strictObject({
  unit: syncUnitSchema,
  /** People who now count in another department by it (in this unit and in the units that take its mapping). */
  peopleMoved: z.number().int(),
});

export const hrMappingQuery = z.strictObject({
  /** The worksheet whose headers and rows to show, while the admin chooses another than the saved one. */
  sheet: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
});

/** The HR file's column mapping with what the admin page shows beside it. */
export const hrMappingResponse = z.strictObject({
  /** The saved mapping; null until one is saved. */
  mapping: hrMappingSchema.nullable(),
  /** What the file's headers suggest (api/sync-hr.ts guessHrMapping), to start from. */
  guessed: z.partialRecord(z.enum(HR_MAPPING_FIELDS), z.string()),
  /** The file's header row and its first rows, as text. */
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  /** An .xlsx file's worksheets, in the workbook's order (the first is read unless the mapping names one); empty for CSV. */
  sheets: z.array(z.string()),
  /** notConfigured: SYNC_HR_FILE is not set; unreadable: the file could not be read (`headers` is then empty). */
  problem: z.enum(['notConfigured', 'unreadable']).nullable(),
});

export const syncEndpoints = {
  syncSources: ep({
    method: 'get',
    path: '/api/sync/sources',
    summary:
      'Every source of the organisation (hr, ldap, entra, os2mo): whether it is configured (else which environment variables it lacks, by name) and its latest runs with their counts.',
    role: 'admin',
    response: sourcesResponse,
  }),
  syncPreview: ep({
    method: 'post',
    path: '/api/sync/sources/{name}/preview',
    summary:
      'A dry run: reads the source and plans (joiners, movers, leavers, unit changes, refused records) without writing anything but the run itself.',
    role: 'admin',
    params: sourceParams,
    response: runSchema,
  }),
  syncRun: ep({
    method: 'post',
    path: '/api/sync/sources/{name}/run',
    summary:
      'Reads the source and applies its plan. Status refused (nothing written) when it would end more than the set share of the people, unless `force`; 409 while another run (in any server process) is going.',
    role: 'admin',
    params: sourceParams,
    body: runBody,
    response: runSchema,
  }),
  syncRuns: ep({
    method: 'get',
    path: '/api/sync/sources/{name}/runs',
    summary: "A source's runs, newest first, with their plans.",
    role: 'admin',
    params: sourceParams,
    query: runsQuery,
    response: runsResponse,
  }),
  syncHrMapping: ep({
    method: 'get',
    path: '/api/sync/sources/hr/mapping',
    summary:
      "The HR file's column mapping, with the file's headers and first rows to check it against (of `sheet`, else of the saved mapping's worksheet).",
    role: 'admin',
    query: hrMappingQuery,
    response: hrMappingResponse,
  }),
  setSyncHrMapping: ep({
    method: 'put',
    path: '/api/sync/sources/hr/mapping',
    summary:
      "Saves the HR file's column mapping (kept in Neo4j for every server process); a column the file does not have is refused.",
    role: 'admin',
    body: hrMappingSchema,
    response: hrMappingResponse,
  }),
  syncUnits: ep({
    method: 'get',
    path: '/api/sync/units',
    summary:
      "The sources' units with the department each rolls up to (its own, or its nearest mapped parent's) and its people; units without a department first.",
    role: 'admin',
    response: unitsResponse,
  }),
  setSyncUnitDepartment: ep({
    method: 'put',
    path: '/api/sync/units/{id}/department',
    summary:
      "Maps a unit to a department (null: to none, so it takes its parent's); its people's and its inheriting units' people's departments follow at once.",
    role: 'admin',
    params: unitParams,
    body: unitDepartmentBody,
    response: unitDepartmentResponse,
  }),
} as const;
