import { REL_TYPES } from '../../../api/common.js';
import { nodeDays, relationDays } from '../days.js';
import type { QueryTexts as Queries } from '../queries.js';
import type { Db, Row } from './index.js';
import { migratePhases } from './phases.js';

// The data migrations, run at start after the schema (applySchema: the server, the seed, the restore,
// the benchmark). Each runs once, in the order of its version: the database records each one done as a
// :Migration node (cypher/migrations.cypher), so its schema version is the highest recorded. A new
// migration gets the next version at the end of the list. Each is idempotent too, so two servers
// starting at once, or a start that stopped half way, do no harm.

export interface Migration {
  version: number;
  /** What it does, as the database records it. */
  does: string;
  run: (db: Db, queries: Queries) => Promise<unknown>;
}

/** Rows written per transaction by the days migration. */
const DAYS_BATCH = 10_000;

/**
 * Stores the days (server/common/days.ts) of every relation with a written since or until and of
 * every network with a startedAt, from what was written: for a database from before the days.
 */
export async function storeDays(db: Db, queries: Queries): Promise<{ relations: number; networks: number }> {
  const relations = (await db.read(queries.get('datedRelations'), { types: REL_TYPES })).map((r) => ({
    ref: r.ref,
    ...relationDays(r),
  }));
  const networks = (await db.read(queries.get('datedNetworks'))).map((n) => ({
    ref: n.ref,
    firstDay: null,
    lastDay: null,
    ...nodeDays('Network', n),
  }));
  await inBatches(db, queries.get('storeRelationDays'), relations);
  await inBatches(db, queries.get('storeNodeDays'), networks);
  return { relations: relations.length, networks: networks.length };
}

async function inBatches(db: Db, query: string, rows: Row[]): Promise<void> {
  for (let i = 0; i < rows.length; i += DAYS_BATCH) await db.write(query, { rows: rows.slice(i, i + DAYS_BATCH) });
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, does: "Networks' free-text phases put on the fixed list", run: migratePhases },
  { version: 2, does: 'Days (firstDay, lastDay) stored beside written dates', run: storeDays },
];

/** The database's schema version: the highest migration it records as done, 0 when none. */
export async function schemaVersion(db: Db, queries: Queries): Promise<number> {
  const [row] = await db.read(queries.get('migrationsDone'));
  return Number(row?.version ?? 0);
}

/** Runs the migrations the database has not had yet, in order, recording each when done; returns their versions. */
export async function migrate(
  db: Db,
  queries: Queries,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const from = await schemaVersion(db, queries);
  const ran: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= from) continue;
    await m.run(db, queries);
    await db.write(queries.get('migrationDone'), { version: m.version, does: m.does });
    ran.push(m.version);
  }
  return ran;
}
