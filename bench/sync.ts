import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PLAN_KINDS, type SyncRun } from '../api/sync.js';
import { guessHrMapping, hrMappingSchema } from '../api/sync-hr.js';
import { Db, PATIENT_DB, type Row, Tx } from '../server/common/db/index.js';
import { applySchema } from '../server/common/db/schema.js';
import { ROOT } from '../server/common/folders.js';
import { type LocalNeo4j, startLocalNeo4j } from '../server/common/local-neo4j/index.js';
import { bindQueries, queryTexts } from '../server/common/queries.js';
import { mulberry32 } from '../server/common/random.js';
import { formatCsv } from '../server/transfer/csv.js';
import { runSync } from '../server/sync/engine.js';
import { createHrSource } from '../server/sync/sources/hr.js';
import { generate } from '../seed/synthetic/generate.js';
import { loadSynthetic } from '../seed/synthetic/load.js';
import { freePort } from '../test/net.js';

// The sync engine at the size of a large municipality (issue 19): the synthetic municipality's
// people (seed/synthetic/generate.ts: the same names, titles, e-mails, phones and departments) as
// an HR export, each in a team of a three-level tree (department / area / team, about 300 units),
// reporting to their team's leader. A fresh database gets the departments, then a first full sync
// of the whole file and a second with 1 % changes (joiners, movers, leavers, contact changes), and a
// third of the same file (nothing to do). Through the HR file source, so reading and mapping the
// file is counted too. A benchmark, never a test: it prints figures against the targets.
//
//   npx tsx bench/sync.ts [--people 50000] [--seed 7] [--out bench/sync-results.json]

process.setSourceMapsEnabled(false);

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '7' },
    /** Where the throwaway Neo4j keeps its data (default .cache/bench-sync-neo4j-<people>-<seed>); emptied first. */
    data: { type: 'string' },
    /** Also write the figures as JSON here. */
    out: { type: 'string' },
    /** Also print the time each named query took in each run, slowest first. */
    profile: { type: 'boolean', default: false },
  },
});
const people = Number(args.people);
const seed = Number(args.seed);
for (const [name, n, least] of [
  ['--people', people, 100],
  ['--seed', seed, 1],
] as const) {
  if (!Number.isInteger(n) || n < least) {
    console.error(`${name} must be a whole number of at least ${least}.`);
    process.exit(2);
  }
}

/** Targets on the 2-core reference machine (issue 19), in seconds. */
const TARGETS = { full: 60, incremental: 5 };
const CHANGE_SHARE = 0.01;
const AREAS = ['Nord', 'Syd', 'Øst', 'Vest', 'Centrum'];
const TEAMS_PER_AREA = 4;
const HEADERS = ['Medarbejdernummer', 'Navn', 'Stilling', 'E-mail', 'Telefon', 'Enhed', 'Nærmeste leder'];
const FIRST_DAY = '2026-11-02';
const SECOND_DAY = '2026-11-03';
const THIRD_DAY = '2026-11-04';

interface HrRow {
  id: string;
  name: string;
  title: string;
  email: string;
  phone: string;
  unit: string;
  manager: string;
}

/** The synthetic municipality's people as HR rows, each in a team, and the departments (for the Department nodes). */
function municipality() {
  const graph = generate({ people, seed });
  const rand = mulberry32(seed + 1);
  const pick = (n: number) => Math.floor(rand() * n);
  const departments = graph.nodes.filter((n) => n.kind === 'Department');
  const deptName = new Map(departments.map((d) => [d.id, String(d.props.name)]));
  // A person's department now: an open WORKS_IN (the first, for one shared between two).
  const deptOf = new Map<string, string>();
  for (const r of graph.relations)
    if (r.type === 'WORKS_IN' && r.props.until === undefined && !deptOf.has(r.source)) deptOf.set(r.source, r.target);
  const teamsOf = (dept: string) =>
    AREAS.flatMap((area) =>
      Array.from({ length: TEAMS_PER_AREA }, (_, k) => `${dept} / Område ${area} / Team ${area} ${k + 1}`),
    );
  const leaders = new Map<string, string>();
  const rows: HrRow[] = [];
  for (const [i, p] of graph.nodes.filter((n) => n.kind === 'Person').entries()) {
    const dept = deptName.get(deptOf.get(p.id)!)!;
    const teams = teamsOf(dept);
    const unit = teams[pick(teams.length)]!;
    const id = String(100_000 + i);
    // The first person of a department leads it; the first of a team leads the team, under the department's leader.
    const manager = leaders.get(unit) ?? leaders.get(dept) ?? '';
    if (!leaders.has(dept)) leaders.set(dept, id);
    else if (!leaders.has(unit)) leaders.set(unit, id);
    rows.push({
      id,
      name: String(p.props.name),
      title: String(p.props.title),
      email: String(p.props.email),
      phone: p.props.phone === undefined ? '' : String(p.props.phone),
      unit,
      manager,
    });
  }
  const leaderIds = new Set(leaders.values());
  return { graph, departments, rows, leaderIds, teams: [...new Set(rows.map((r) => r.unit))], pick };
}

/** 1 % of the people changed: a quarter each join, leave, move to another team and get a new phone or title. */
function changed(m: ReturnType<typeof municipality>) {
  const n = Math.max(4, Math.round(people * CHANGE_SHARE));
  const quarter = Math.floor(n / 4);
  const rand = mulberry32(seed + 2);
  const candidates = m.rows.map((_, i) => i).filter((i) => !m.leaderIds.has(m.rows[i]!.id));
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const leaving = new Set(candidates.slice(0, quarter));
  const moving = new Set(candidates.slice(quarter, 2 * quarter));
  const contact = new Set(candidates.slice(2 * quarter, 3 * quarter));
  const leaderOf = new Map(m.rows.filter((r) => m.leaderIds.has(r.id)).map((r) => [r.unit, r.id]));
  const rows: HrRow[] = [];
  // A mover gets the new team's leader: a changed manager is a contact change as well.
  let newManagers = 0;
  for (const [i, r] of m.rows.entries()) {
    if (leaving.has(i)) continue;
    if (moving.has(i)) {
      const others = m.teams.filter((t) => t !== r.unit && leaderOf.has(t));
      const unit = others[Math.floor(rand() * others.length)]!;
      const manager = leaderOf.get(unit)!;
      if (manager !== r.manager) newManagers++;
      rows.push({ ...r, unit, manager });
    } else if (contact.has(i)) {
      rows.push({
        ...r,
        phone: `09 ${String(i)
          .padStart(6, '0')
          .replace(/(\d\d)(\d\d)(\d\d)/, '$1 $2 $3')}`,
        title: 'Konsulent',
      });
    } else rows.push(r);
  }
  for (let k = 0; k < quarter; k++) {
    const like = m.rows[Math.floor(rand() * m.rows.length)]!;
    const id = String(100_000 + people + k);
    rows.push({ ...like, id, email: `ny.${id}@example.kommune.dk`, manager: leaderOf.get(like.unit) ?? like.manager });
  }
  return {
    rows,
    expected: { joiners: quarter, leavers: quarter, movers: quarter, contactChanged: quarter + newManagers },
  };
}

const writeFile = (file: string, rows: HrRow[]) =>
  writeFileSync(
    file,
    formatCsv(
      HEADERS,
      rows.map((r) => [r.id, r.name, r.title, r.email, r.phone, r.unit, r.manager]),
    ),
  );

/**
 * Times every query the engine runs, by its name in cypher/ (--profile): Tx.run is wrapped.
 * `take()` gives the times since the last call, slowest first.
 */
function profile() {
  const names = new Map(
    queryTexts()
      .all()
      .map((q) => [q.text, q.name]),
  );
  let times = new Map<string, { ms: number; calls: number }>();
  const run = Tx.prototype.run;
  Tx.prototype.run = async function (this: Tx, query: string, params?: Row) {
    const start = performance.now();
    try {
      return await run.call(this, query, params);
    } finally {
      const name = names.get(query) ?? query.slice(0, 40);
      const t = times.get(name) ?? { ms: 0, calls: 0 };
      t.ms += performance.now() - start;
      t.calls++;
      times.set(name, t);
    }
  };
  return {
    take() {
      const rows = [...times.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 12)
        .map(([query, t]) => ({ query, seconds: seconds(t.ms), calls: t.calls }));
      times = new Map();
      return rows;
    },
  };
}

const seconds = (ms: number) => Math.round(ms / 10) / 100;

async function main(): Promise<void> {
  const dataDir = args.data ?? join(ROOT, '.cache', `bench-sync-neo4j-${people}-${seed}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'hr.csv');

  let t0 = performance.now();
  const m = municipality();
  const change = changed(m);
  console.error(
    `Generated ${m.rows.length} people in ${m.teams.length} teams (${seconds(performance.now() - t0)} s). Starting Neo4j in ${dataDir} ...`,
  );
  const neo: LocalNeo4j = await startLocalNeo4j({
    dataDir: join(dataDir, 'db'),
    port: await freePort(),
    heapMb: 2048,
    pageCacheMb: 2048,
  });
  const db = new Db({ uri: neo.uri, user: 'neo4j', password: '', queryTimeoutMs: 300_000, ...PATIENT_DB });
  try {
    const queries = bindQueries(db);
    await applySchema(queries);
    // The departments only: the units map to them by name, so every synced person's WORKS_IN is derived.
    await loadSynthetic(queries, { ...m.graph, nodes: m.departments, relations: [] });

    const mapping = hrMappingSchema.parse(guessHrMapping(HEADERS));
    const source = createHrSource({ file, mapping, unitSeparator: '/' });
    writeFile(file, m.rows);
    t0 = performance.now();
    const read = await source.read({ state: null, day: FIRST_DAY, signal: AbortSignal.timeout(120_000) });
    const readMs = performance.now() - t0;
    console.error(`Read the HR file: ${read.snapshot.people.length} people, ${read.snapshot.units.length} units.`);

    const profiler = args.profile ? profile() : null;
    const timed = async (day: string) => {
      const start = performance.now();
      const run = await runSync(db, source, { dryRun: false, startedBy: 'bench', day, timeoutMs: 600_000 });
      const ms = performance.now() - start;
      if (profiler) console.table(profiler.take());
      return { run, ms };
    };
    console.error('First sync (everyone joins) ...');
    const full = await timed(FIRST_DAY);
    writeFile(file, change.rows);
    console.error('Second sync (1 % changed) ...');
    const incremental = await timed(SECOND_DAY);
    console.error('Third sync (the same file again) ...');
    const same = await timed(THIRD_DAY);

    const kinds = (run: SyncRun) =>
      Object.fromEntries(
        [...PLAN_KINDS, 'unchanged', 'refused'].map((k) => [
          k,
          run.plan?.counts[k as keyof typeof run.plan.counts] ?? 0,
        ]),
      );
    const row = (name: string, r: { run: SyncRun; ms: number }, target: number | null) => ({
      run: name,
      status: r.run.status,
      seconds: seconds(r.ms),
      target: target ?? '–',
      within: target === null ? '–' : r.run.status === 'applied' && r.ms / 1000 <= target ? 'yes' : 'NO',
      ...Object.fromEntries(Object.entries(kinds(r.run)).filter(([, v]) => v !== 0)),
    });
    const rows = [
      row(`full (${m.rows.length} people, ${read.snapshot.units.length} units)`, full, TARGETS.full),
      row('incremental (1 % changed)', incremental, TARGETS.incremental),
      row('the same file again', same, null),
    ];
    console.table(rows);
    console.log(`Reading and mapping the ${m.rows.length}-row HR file alone: ${seconds(readMs)} s.`);
    const planned = kinds(incremental.run);
    const off = Object.entries(change.expected).filter(([k, v]) => planned[k] !== v);
    if (off.length) console.log(`The second run's plan differs from the changes made: ${JSON.stringify(off)}.`);
    for (const r of [full, incremental, same]) if (r.run.error) console.log(`Run failed: ${r.run.error}`);
    if (args.out) {
      const out = {
        date: new Date().toISOString(),
        machine: machine(),
        people,
        seed,
        readSeconds: seconds(readMs),
        runs: rows,
      };
      writeFileSync(args.out, `${JSON.stringify(out, null, 2)}\n`);
      console.log(`Written to ${args.out}`);
    }
  } finally {
    await db.close();
    await neo.stop();
  }
}

function machine() {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? '',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
