import { REL_TYPES } from '../../../api/common.js';
import { nodeDays, relationDays } from '../days.js';
import type { ParamsOf, Queries } from '../queries.js';
import { migratePhases } from './phases.js';

// The data migrations, run at start after the schema (applySchema: the server, the seed, the restore,
// the benchmark). Each runs once, in the order of its version: the database records each one done as a
// :Migration node (cypher/migrations.cypher), so its schema version is the highest recorded. A new
// migration gets the next version at the end of the list. Each is idempotent too, so two servers
// starting at once, or a start that stopped half way, do no harm (the days migration writes a relation's
// days only where its dates are still those it read).

export interface Migration {
  version: number;
  /** What it does, as the database records it. */
  does: string;
  run: (queries: Queries) => Promise<unknown>;
}

/** Rows written per transaction by the days migration. */
const DAYS_BATCH = 10_000;

/**
 * Stores the days (server/common/days.ts) of every relation with a written since or until and of
 * every network with a startedAt, from what was written: for a database from before the days.
 */
export async function storeDays(queries: Queries): Promise<{ relations: number; networks: number }> {
  // A read of the whole graph: bounded as an export is, not as an explore answer.
  const relations = (await queries.datedRelations({ types: REL_TYPES }, { long: true })).map((r) => ({
    ref: r.ref,
    since: r.since,
    until: r.until,
    ...relationDays(r),
  }));
  const networks = (await queries.datedNetworks(undefined, { long: true })).map((n) => ({
    ref: n.ref,
    startedAt: n.startedAt,
    firstDay: null,
    lastDay: null,
    ...nodeDays('Network', n),
  }));
  for (let i = 0; i < relations.length; i += DAYS_BATCH)
    await queries.storeRelationDays({ rows: relations.slice(i, i + DAYS_BATCH) });
  for (let i = 0; i < networks.length; i += DAYS_BATCH)
    await queries.storeNodeDays({ rows: networks.slice(i, i + DAYS_BATCH) });
  return { relations: relations.length, networks: networks.length };
}

/** The rows the days are stored from. */
export type DayRows = ParamsOf<'storeNodeDays'>['rows'];

/**
 * Makes the full-text index again by its definition in cypher/schema.cypher, which a running database's
 * index (made IF NOT EXISTS) does not follow by itself: for units and their KLE subjects (kleText).
 */
export async function remakeSearchIndex(queries: Queries): Promise<void> {
  await queries.searchIndexDrop();
  await queries.schemaSearchIndex();
  await queries.schemaAwaitIndexes();
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, does: "Networks' free-text phases put on the fixed list", run: migratePhases },
  { version: 2, does: 'Days (firstDay, lastDay) stored beside written dates', run: storeDays },
  { version: 3, does: 'Search index made again to hold units and their KLE subjects', run: remakeSearchIndex },
];

/** The database's schema version: the highest migration it records as done, 0 when none. */
export async function schemaVersion(queries: Queries): Promise<number> {
  const [row] = await queries.migrationsDone();
  return row?.version ?? 0;
}

/** Runs the migrations the database has not had yet, in order, recording each when done; returns their versions. */
export async function migrate(queries: Queries, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const from = await schemaVersion(queries);
  const ran: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= from) continue;
    await m.run(queries);
    await queries.migrationDone({ version: m.version, does: m.does });
    ran.push(m.version);
  }
  return ran;
}
