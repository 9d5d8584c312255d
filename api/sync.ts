import { z } from 'zod';

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
  /** Why it failed, in one sentence without secrets (status failed only). */
  error: z.string().nullable(),
});
export type SyncRun = z.infer<typeof runSchema>;
