import type { Principal } from '../../api/auth.js';
import { today } from '../../api/common.js';
import {
  guessHrMapping,
  type HrMapping,
  type HrMappingField,
  HR_MAPPING_FIELDS,
  hrMappingSchema,
} from '../../api/sync-hr.js';
import {
  type hrMappingResponse,
  type RunSummary,
  SOURCE_NAMES,
  type SourceStatus,
  type SyncRun,
  type SyncUnit,
  type unitsResponse,
} from '../../api/sync.js';
import type { z } from 'zod';
import type { Db } from '../common/db/index.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import type { Queries } from '../common/queries.js';
import { setUnitDepartment } from './departments.js';
import { listRuns, type RunOptions, runSync } from './engine.js';
import { type SourceName, SourceError, type SyncSource } from './source.js';
import { buildSource, isConfigured, missingFor, type SyncConfig } from './sources/index.js';
import { readHrHeaders } from './sources/hr.js';

// What the "Datakilder" page, `npm run sync` and the schedule do with the sources: build the
// configured ones, run them through the engine (server/sync/engine.ts), keep the HR file's column
// mapping and the units' department mapping. Everything lives in Neo4j, so any server process
// answers alike.

/** Runs shown per source on the page. */
const RUNS_SHOWN = 5;

/** The share of a source's people a run may end without being forced, when SYNC_MAX_LEAVER_SHARE is not set. */
export const DEFAULT_MAX_LEAVER_SHARE = 0.1;

/** A run's line in the list of sources: its counts, without the plan's rows. */
export function summary(run: SyncRun): RunSummary {
  const { plan, ...rest } = run;
  return { ...rest, counts: plan?.counts ?? null, leaverShare: plan?.leaverShare ?? null };
}

/** A guessed mapping's column fields (the page's starting point). */
function fieldsOf(guess: Partial<HrMapping>): Partial<Record<HrMappingField, string>> {
  const out: Partial<Record<HrMappingField, string>> = {};
  for (const field of HR_MAPPING_FIELDS) {
    const column = guess[field];
    if (column !== undefined) out[field] = column;
  }
  return out;
}

export type SyncService = ReturnType<typeof syncService>;

/** How the app runs its sources: the configuration, and for tests that share a database a scope of their own. */
export interface SyncSetup {
  config: SyncConfig;
  /** Keeps runs, records, the lease and the mapping apart from the real sources' (the engine's `scope`); tests only. */
  scope?: string;
}

export function syncService(db: Db, queries: Queries, { config, scope }: SyncSetup) {
  const maxLeaverShare = config.SYNC_MAX_LEAVER_SHARE ?? DEFAULT_MAX_LEAVER_SHARE;
  /** The name of a source's SyncSource node (the engine's namespace). */
  const ns = (name: SourceName) => (scope ? `${name}@${scope}` : name);
  const scoped = scope ? { scope } : {};

  async function savedHrMapping(): Promise<HrMapping | null> {
    const [row] = await queries.sourcesMapping({ name: ns('hr') });
    if (!row?.mapping) return null;
    const parsed = hrMappingSchema.safeParse(JSON.parse(row.mapping));
    return parsed.success ? parsed.data : null;
  }

  /** The mapping a run reads the HR file with: the saved one, else the file's headers' guess when it is whole. */
  async function hrMappingForRun(): Promise<HrMapping> {
    const saved = await savedHrMapping();
    if (saved) return saved;
    const { headers } = await readHrHeaders(config.SYNC_HR_FILE!);
    const guessed = hrMappingSchema.safeParse(guessHrMapping(headers));
    if (guessed.success) return guessed.data;
    throw new SourceError(
      'config',
      'The HR file has no saved column mapping and its headers do not show which columns hold the id and the name; save a mapping on the page Datakilder.',
    );
  }

  /** A configured source's adapter; a source without its variables is refused naming them. */
  function source(name: SourceName): SyncSource {
    if (!isConfigured(config, name))
      throw new ValidationError(
        `The source ${name} is not configured: set ${missingFor(config, name).join(', ')} and start Ringe again.`,
        { field: 'name' },
      );
    return buildSource(config, name, { hrMapping: hrMappingForRun });
  }

  /** The mapping with the file's headers and first rows: of `sheet`, else of the saved mapping's worksheet. */
  async function hrView(sheet?: string): Promise<z.infer<typeof hrMappingResponse>> {
    const mapping = await savedHrMapping();
    const file = config.SYNC_HR_FILE;
    if (!file) return { mapping, guessed: {}, headers: [], rows: [], sheets: [], problem: 'notConfigured' };
    try {
      const { headers, rows, sheets } = await readHrHeaders(file, sheet ?? mapping?.sheet);
      return { mapping, guessed: fieldsOf(guessHrMapping(headers)), headers, rows, sheets, problem: null };
    } catch {
      return { mapping, guessed: {}, headers: [], rows: [], sheets: [], problem: 'unreadable' };
    }
  }

  async function units(): Promise<SyncUnit[]> {
    const rows = await queries.sourcesUnits({ at: today() });
    const list: SyncUnit[] = rows.map((r) => ({
      id: r.id,
      name: r.name,
      parentId: r.parentId,
      departmentId: r.departmentId,
      department: r.departmentId
        ? { id: r.departmentId, name: r.departmentName ?? r.departmentId, from: null }
        : r.inheritedId
          ? {
              id: r.inheritedId,
              name: r.inheritedName ?? r.inheritedId,
              from: { id: r.fromId ?? '', name: r.fromName ?? r.fromId ?? '' },
            }
          : null,
      people: r.people,
    }));
    // Units whose people count in no department are what the admin must see to first.
    return [...list.filter((u) => !u.department), ...list.filter((u) => u.department)];
  }

  return {
    maxLeaverShare,

    async sources(): Promise<{ sources: SourceStatus[]; intervalMinutes: number | null; maxLeaverShare: number }> {
      const sources = await Promise.all(
        SOURCE_NAMES.map(async (name) => ({
          name,
          configured: isConfigured(config, name),
          missing: missingFor(config, name),
          runs: (await listRuns(db, name, RUNS_SHOWN, scope)).map(summary),
        })),
      );
      return { sources, intervalMinutes: config.SYNC_INTERVAL_MINUTES || null, maxLeaverShare };
    },

    /** A dry run: the plan, nothing written but the run itself. */
    preview(name: SourceName, startedBy: string): Promise<SyncRun> {
      return runSync(db, source(name), { dryRun: true, startedBy, maxLeaverShare, ...scoped });
    },

    /**
     * Reads and applies; refused (nothing written) above the leaver share unless forced; SyncBusyError while another run
     * goes. `progress` is told how many of the plan's writes are done (npm run sync's bar).
     */
    run(name: SourceName, startedBy: string, force = false, progress?: RunOptions['progress']): Promise<SyncRun> {
      return runSync(db, source(name), { dryRun: false, force, startedBy, maxLeaverShare, progress, ...scoped });
    },

    runs(name: SourceName, limit: number): Promise<SyncRun[]> {
      return listRuns(db, name, limit, scope);
    },

    /** The name of the source's SyncSource node, where the schedule claims its runs. */
    namespace: ns,
    config,

    hrMapping: hrView,

    async setHrMapping(mapping: HrMapping): Promise<z.infer<typeof hrMappingResponse>> {
      if (!config.SYNC_HR_FILE)
        throw new ValidationError('The HR source is not configured: set SYNC_HR_FILE and start Ringe again.');
      // A worksheet or a column the file does not have would fail every run: refused now, naming the field.
      const view = await hrView();
      if (view.problem === null) {
        const { sheets } = await readHrHeaders(config.SYNC_HR_FILE);
        if (mapping.sheet !== undefined && !sheets.includes(mapping.sheet))
          throw new ValidationError(
            sheets.length
              ? `The HR file has no worksheet "${mapping.sheet}"; it has ${sheets.map((n) => `"${n}"`).join(', ')}.`
              : 'The HR file is a CSV file, which has no worksheets.',
            { field: 'sheet' },
          );
        const { headers } = await readHrHeaders(config.SYNC_HR_FILE, mapping.sheet);
        const known = new Set(headers.map((h) => h.trim().toLowerCase()));
        for (const field of HR_MAPPING_FIELDS) {
          const column = mapping[field];
          if (column !== undefined && !known.has(column.toLowerCase()))
            throw new ValidationError(`The HR file has no column "${column}" (field ${field}).`, { field });
        }
      }
      await queries.sourcesSetMapping({ name: ns('hr'), mapping: JSON.stringify(mapping) });
      return hrView();
    },

    async units(): Promise<z.infer<typeof unitsResponse>> {
      const [list, departments] = await Promise.all([units(), queries.sourcesDepartments()]);
      return { units: list, departments };
    },

    async setUnitDepartment(
      unitId: string,
      departmentId: string | null,
      user: Principal,
    ): Promise<{ unit: SyncUnit; peopleMoved: number }> {
      // Unknown unit or department: 404 from the engine, which also records the change in the history.
      const { started } = await setUnitDepartment(db, unitId, departmentId, user);
      const unit = (await units()).find((u) => u.id === unitId);
      if (!unit) throw new NotFoundError(`There is no unit ${unitId}.`);
      return { unit, peopleMoved: started };
    },
  };
}
