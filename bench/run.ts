import type { Kind } from '../api/common.js';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import neo4j from 'neo4j-driver';
import { toParams } from '../server/common/db/convert.js';
import { Db, PATIENT_DB, type Row } from '../server/common/db/index.js';
import { ROOT } from '../server/common/folders.js';
import { startLocalNeo4j, type LocalNeo4j } from '../server/common/local-neo4j/index.js';
import { bindQueries, queryTexts } from '../server/common/queries.js';
import { mulberry32 } from '../server/common/random.js';
import { applySchema } from '../server/common/db/schema.js';
import { seedBooklet } from '../seed/booklet.js';
import { generate, type SyntheticGraph } from '../seed/synthetic/generate.js';
import { afterImport, importSynthetic, type ImportReport } from '../seed/synthetic/import.js';
import { countSynthetic, type LoadReport, loadSynthetic, stderrProgress } from '../seed/synthetic/load.js';
import { freePort } from '../test/net.js';
import { graphEdits } from './edits.js';
import { RECORDED, type BenchMessage, type BenchOrder, type Call } from './protocol.js';
import { qualityLines, runSearchQuality, type QualityReport } from './search-quality/run.js';

// `npm run bench`: every explore operation, and a network's survey results, at the size of a large municipality, through the HTTP
// API and, in the same run, the very same Cypher through the bare driver, so the figures show
// both the database's time and what the API adds on top. A benchmark, never a test: it prints
// figures and writes them to bench/results.json; budgets are reported, not asserted. First, in a
// Neo4j of its own, how well search and who-to-contact rank the judged questions of issue 21
// (bench/search-quality/: P@1, MRR and nDCG@5 against the targets), unless --no-quality.

// The bare driver without source maps too, as the API's process runs (bench/server.ts).
process.setSourceMapsEnabled(false);

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '7' },
    requests: { type: 'string', default: '200' },
    /** Keep the loaded database in .cache/ and use it again next time (same size and seed). */
    reuse: { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, 'bench', 'results.json') },
    /** Where the throwaway Neo4j keeps its data (default .cache/bench-neo4j-<people>-<seed>). */
    data: { type: 'string' },
    /**
     * Measure only these operations (comma-separated names, e.g. contacts,paths, or quality), while working on them;
     * an operation's own rows by their names too ("coordination, after an edit", whose comma is part of the name).
     */
    only: { type: 'string' },
    /** Ask the judged questions (bench/search-quality/); --no-quality leaves them out. */
    quality: { type: 'boolean', default: true },
    /**
     * How a fresh database is loaded: "import", Neo4j's bulk import before the Neo4j starts (seed/synthetic/import.ts), or
     * "cypher", the Cypher loader's write transactions (seed/synthetic/load.ts), as before issue 22's second session.
     */
    load: { type: 'string', default: 'import' },
    /** Write a CPU profile of the API's process into this folder (node's --cpu-prof), for a look in Chrome's DevTools. */
    'profile-server': { type: 'string' },
  },
  allowNegative: true,
});
/** --only's names: "quality" is the judged questions, the rest operations. */
const onlyNames = args.only?.split(/,(?!\s*(?:first answer|after an edit)\b)/).map((name) => name.trim());
const people = Number(args.people);
const seed = Number(args.seed);
const requests = Number(args.requests);
for (const [name, n] of [
  ['--people', people],
  ['--seed', seed],
  ['--requests', requests],
] as const) {
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${name} must be a whole number of at least 1.`);
    process.exit(2);
  }
}

/** p95 budgets at 50,000 people on the 2-core reference machine (issue 7), in milliseconds. */
const BUDGETS: Record<string, number | null> = {
  search: 25,
  node: 15,
  rings: 50,
  paths: 50,
  contacts: 100,
  networks: 50,
  coordination: 150,
  /** Answered from what is kept of the tie graph, as coordination (server/brokers). */
  brokers: 150,
  /** The first answer once an edit has changed the graph (issue 22): one real edit, then the operation's request for today. */
  'coordination, after an edit': 100,
  'brokers, after an edit': 100,
  'contacts, after an edit': 100,
  graph: 100,
  /** A network's ripple: three rings of the whole graph from its people (server/ripple); no budget yet (docs/benchmarks.md). */
  ripple: null,
  /** A survey round's results (issue 20), as a signed-in reader and as a coordinator, who sees every figure. */
  results: 100,
  'results (coordinator)': 100,
};
const MAX_RATIO = 1.2;
/** Operations answered from a cache while the graph stays the same (server/ties/cache.ts). */
const CACHED = new Set(['coordination', 'brokers']);
/**
 * Operations that keep a part of each answer while the graph stays the same (a round's rings: its
 * network's ripple on two days, server/surveys/results.ts): every request is sent once unrecorded
 * before it is recorded, so that the recorded queries, which the bare driver and the floor replay,
 * are those the measured request runs.
 */
const KEPT_PER_REQUEST = new Set(['results', 'results (coordinator)']);
/** The six orders of the three sides of a measured request. */
const ORDERS = [
  ['api', 'floor', 'bare'],
  ['api', 'bare', 'floor'],
  ['floor', 'api', 'bare'],
  ['floor', 'bare', 'api'],
  ['bare', 'api', 'floor'],
  ['bare', 'floor', 'api'],
] as const;
/** Answers worked out afresh (a new day each), to show what a cached answer costs the first time. */
const FIRST_ANSWERS = 5;
/** The operations whose first answer on a day not yet asked is measured ("…, first answer"). */
const FIRST_ANSWERED = ['coordination', 'brokers', 'contacts'] as const;
/**
 * The operations whose first answer after an edit of the graph is measured ("…, after an edit", issue 22),
 * and how many samples each: every sample is one write (bench/edits.ts).
 */
const AFTER_AN_EDIT = ['coordination', 'brokers', 'contacts'] as const;
const AFTER_EDIT_SAMPLES = 24;
/** Unrecorded edit and request rounds first: one of each edit bench/edits.ts makes. */
const AFTER_EDIT_WARM_UP = 6;

interface Result {
  api: Figures;
  /** Null for the rows after an edit, whose queries read what the edit just wrote and are not replayed. */
  bare: Figures | null;
  ratio: number | null;
  /** The floor (bench/server.ts): the same queries behind node's bare HTTP server; null for cached and first answers. */
  floor: Figures | null;
  floorRatio: number | null;
  budget: number | null;
  errors: number;
  n: number;
}

interface Figures {
  p50: number;
  p95: number;
  mean: number;
}
const figures = (times: number[]): Figures => {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: round(at(0.5)), p95: round(at(0.95)), mean: round(sorted.reduce((s, x) => s + x, 0) / sorted.length) };
};
const round = (x: number) => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  // The judged questions first, in a Neo4j of their own that has stopped before the large one starts.
  let quality: QualityReport | null = null;
  if (args.quality && (!onlyNames || onlyNames.includes('quality'))) {
    console.error('Asking the judged questions (bench/search-quality/) ...');
    quality = await runSearchQuality({ log: (m) => console.error(m) });
    console.error(qualityLines(quality).join('\n'));
  }
  if (onlyNames?.every((name) => name === 'quality')) {
    if (quality) console.log(qualityLines(quality).join('\n'));
    writeFileSync(
      args.out!,
      `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), quality }, null, 2)}\n`,
    );
    console.log(`Written to ${args.out}`);
    return;
  }
  const dataDir = args.data ?? join(ROOT, '.cache', `bench-neo4j-${people}-${seed}`);
  const reuse = args.reuse && existsSync(join(dataDir, 'loaded.json'));
  // Not reusing: start from an empty database, whatever an earlier run left there.
  if (!reuse) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  // A fresh load is imported before the Neo4j starts (--load cypher: loaded by Cypher after it). Either way the
  // figures run from the first CSV line, or from the start of the Neo4j, to a started Neo4j with the schema applied
  // and every row in: the two compare (docs/benchmarks.md, "Issue 22 (second session): loading").
  if (!reuse && args.load !== 'import' && args.load !== 'cypher') {
    throw new Error(`--load is "import" or "cypher", not "${args.load}".`);
  }
  const t0 = performance.now();
  let graph: SyntheticGraph | undefined = reuse ? undefined : generate({ people, seed });
  const generatedSeconds = round((performance.now() - t0) / 1000);
  let imported: ImportReport | undefined;
  if (graph && args.load === 'import') {
    const bar = stderrProgress('Importing');
    try {
      imported = await importSynthetic(graph, { dataDir: join(dataDir, 'db'), progress: bar.update });
    } finally {
      bar.done();
    }
  }
  console.error(`Starting Neo4j in ${dataDir} ...`);
  const started = performance.now();
  const neo: LocalNeo4j = await startLocalNeo4j({
    dataDir: join(dataDir, 'db'),
    port: await freePort(),
    ...neo4jMemory(people),
  });
  const startSeconds = round((performance.now() - started) / 1000);
  const db = new Db({ uri: neo.uri, user: 'neo4j', password: '', queryTimeoutMs: 120_000, ...PATIENT_DB });
  const queries = bindQueries(db);
  let server: ChildProcess | undefined;
  try {
    await applySchema(queries);
    let load: unknown = null;
    if (!graph) {
      load = JSON.parse(readFileSync(join(dataDir, 'loaded.json'), 'utf8'));
      console.error(`Reusing the loaded graph (${await countSynthetic(queries)} synthetic nodes).`);
    } else {
      let report: LoadReport;
      let parts: Record<string, number>;
      if (imported) {
        await afterImport(queries, imported);
        const { emptyLists: _, csvSeconds, importSeconds, ...rest } = imported;
        report = rest;
        parts = { csvSeconds: round(csvSeconds), importSeconds: round(importSeconds), startSeconds };
      } else {
        const bar = stderrProgress('Loading');
        report = await loadSynthetic(queries, graph, { progress: bar.update });
        bar.done();
        // The Cypher load alone, as the figures before the import were given.
        parts = { startSeconds, loadSeconds: round(report.seconds), loadRowsPerSecond: report.rowsPerSecond };
      }
      graph = undefined; // at 500,000 people a few GiB, not kept for the requests
      const seconds = (imported?.seconds ?? 0) + (performance.now() - started) / 1000;
      const rows = report.nodes + report.relations + report.rounds + report.answers;
      load = {
        people,
        seed,
        how: imported ? 'bulk import' : 'cypher',
        generatedSeconds,
        ...report,
        seconds: round(seconds),
        rowsPerSecond: Math.round(rows / seconds),
        ...parts,
      };
      // The booklet after the synthetic graph, since the import needs a database not made yet; neither touches the other.
      await seedBooklet(queries);
      writeFileSync(join(dataDir, 'loaded.json'), JSON.stringify(load, null, 2));
    }
    console.error(`Loaded: ${JSON.stringify(load)}`);

    // The API in a process of its own (bench/server.ts), which tells the queries the warm-up's requests ran.
    server = fork(join(ROOT, 'bench', 'server.ts'), [], {
      cwd: ROOT,
      // Above 50,000 people the tie graph an answer reads (all KNOWS of a day: 5 million at 500,000) outgrows node's
      // default heap of about 4 GiB.
      execArgv: [
        '--import',
        'tsx',
        ...(people > 50_000 ? ['--max-old-space-size=8192'] : []),
        // A CPU profile of the API's process, to see where an answer's time goes (--cpu-prof-dir).
        ...(args['profile-server'] ? ['--cpu-prof', `--cpu-prof-dir=${args['profile-server']}`] : []),
      ],
      env: { ...process.env, BENCH_NEO4J_URI: neo.uri },
    });
    // Every wait for that process ends, with this error, should it end first.
    const apiEnded = new Promise<never>((_, reject) => {
      server!.once('exit', (code) => reject(new Error(`The benchmark's API process ended (exit code ${code}).`)));
    });
    apiEnded.catch(() => {}); // seen by whichever wait races it
    const untilAnswered = <T>(p: Promise<T>) => Promise.race([p, apiEnded]);
    const callsOf = new Map<string, (calls: Call[]) => void>();
    let floorStored = () => {};
    let ready = (_ports: { api: number; floor: number }) => {};
    server.on('message', (m: BenchMessage) => {
      if ('ready' in m) ready(m.ready);
      else if ('floorReady' in m) floorStored();
      else callsOf.get(m.requestId)?.(m.calls);
    });
    const ports = await untilAnswered(new Promise<{ api: number; floor: number }>((resolve) => (ready = resolve)));
    const order = (o: BenchOrder) => server!.send(o);

    // Inputs drawn from the graph itself, by a seeded generator.
    const pick = mulberry32(seed); // seeded, so every run asks the same questions
    const one = <T>(list: T[]) => list[Math.floor(pick() * list.length)]!;
    const ids = async (kind: Kind) => (await queries.benchIds({ kind })).map((r) => r.id);
    const personIds = await ids('Person');
    const networkIds = await ids('Network');
    const departmentIds = await ids('Department');
    const texts = await queries.benchWords({ limit: 20_000 });
    const themes = texts.flatMap((r) => String(r.theme ?? '').split(/\s+/)).filter((w) => w.length > 4);
    // Without themes the contacts requests would all ask for nothing, and measure nothing.
    if (themes.length === 0) throw new Error('The loaded graph has no network themes to ask contacts about.');
    const words = [...texts.flatMap((r) => String(r.name ?? '').split(' ')), ...themes].filter((w) => w.length > 2);
    const roundIds = (await queries.benchRounds({})).map((r) => r.id);
    if (roundIds.length === 0) throw new Error('The loaded graph has no survey round with answers to ask results of.');

    const operations: Record<string, () => string> = {
      search: () => `/api/search?q=${encodeURIComponent(one(words).slice(0, 3 + Math.floor(pick() * 5)))}`,
      node: () => `/api/nodes/${encodeURIComponent(one(pick() < 0.8 ? personIds : networkIds))}`,
      rings: () => `/api/nodes/${encodeURIComponent(one(personIds))}/rings?depth=2`,
      paths: () => `/api/paths?from=${encodeURIComponent(one(personIds))}&to=${encodeURIComponent(one(personIds))}`,
      contacts: () =>
        `/api/contacts?topic=${encodeURIComponent(one(themes))}&from=${encodeURIComponent(one(personIds))}`,
      networks: () => `/api/networks${pick() < 0.5 ? '' : `?department=${encodeURIComponent(one(departmentIds))}`}`,
      coordination: () => '/api/coordination',
      brokers: () => '/api/insights/brokers',
      graph: () => `/api/graph?kinds=Person,Network&limit=1000&departments=${encodeURIComponent(one(departmentIds))}`,
      ripple: () => `/api/networks/${encodeURIComponent(one(networkIds))}/ripple`,
      results: () => `/api/surveys/${encodeURIComponent(one(roundIds))}/results`,
      'results (coordinator)': () => `/api/surveys/${encodeURIComponent(one(roundIds))}/results`,
    };
    const only = onlyNames?.filter((name) => name !== 'quality');
    /** Rows of their own beside an operation's: its first answer (a new day) and its first answer after an edit. */
    const rowsOf = new Map<string, string>([
      ...FIRST_ANSWERED.map((operation) => [`${operation}, first answer`, operation] as const),
      ...AFTER_AN_EDIT.map((operation) => [`${operation}, after an edit`, operation] as const),
    ]);
    const unknown = only?.find((name) => !(name in operations) && !rowsOf.has(name));
    if (unknown !== undefined)
      throw new Error(
        `--only names "${unknown}", which is not one of ${[...Object.keys(operations), ...rowsOf.keys()].join(', ')}.`,
      );
    // The generator still draws every operation's inputs, so each one is asked the same questions with or without --only.
    const measured = (name: string) => !only || only.includes(name);
    /** A row of an operation's own is measured when it or its operation is named. */
    const rowMeasured = (row: string) => measured(row) || measured(rowsOf.get(row)!);

    const bare = neo4j.driver(neo.uri, neo4j.auth.basic('neo4j', ''));
    /** The same queries with the same parameters, in one read transaction, through the bare driver. */
    const replay = async (calls: Call[]) => {
      const session = bare.session({ defaultAccessMode: neo4j.session.READ });
      const t1 = performance.now();
      await session.executeRead(async (tx) => {
        for (const c of calls) await tx.run(c.query, toParams(c.params) as Row);
      });
      const ms = performance.now() - t1;
      await session.close();
      return ms;
    };
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const floorAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    /** A session cookie of the development sign-in's demo user of a role (the benchmark's API runs without OpenID Connect). */
    const signIn = (role: 'reader' | 'coordinator') =>
      new Promise<string>((resolve, reject) => {
        const body = JSON.stringify({ role });
        const origin = `http://127.0.0.1:${ports.api}`;
        httpRequest(
          {
            host: '127.0.0.1',
            port: ports.api,
            path: '/api/auth/dev/sign-in',
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), origin },
          },
          (res) => {
            res.resume();
            const cookie = res.headers['set-cookie']?.find((c) => c.startsWith('ringe_session='));
            res.on('end', () =>
              cookie && res.statusCode === 200
                ? resolve(cookie.split(';')[0]!)
                : reject(new Error(`The development sign-in as ${role} answered ${res.statusCode} without a session.`)),
            );
          },
        )
          .on('error', reject)
          .end(body);
      });
    /** Who asks, per operation: the results are asked as a signed-in reader and as a coordinator; the rest signed out. */
    const cookieOf: Record<string, string> = {
      results: await untilAnswered(signIn('reader')),
      'results (coordinator)': await untilAnswered(signIn('coordinator')),
    };
    /** A GET, timed until the whole answer is read. */
    const get = async (port: number, path: string, agent: Agent, headers: Record<string, string> = {}) => {
      const t0 = performance.now();
      const answer = await new Promise<{ ok: boolean; status: number; body: string }>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          let body = '';
          // A refusal's body says why; an answer's is only read.
          res.on('data', (chunk: Buffer) => {
            if (!ok && body.length < 500) body += chunk.toString();
          });
          res.on('end', () => resolve({ ok, status, body }));
        })
          .on('error', reject)
          .end();
      });
      return { ...answer, ms: performance.now() - t0 };
    };
    let sent = 0;
    /**
     * One request through the API, timed, then (when `recordCalls`) the queries it ran. Measured
     * requests are not recorded and ask nothing afterwards, so the API's process is as idle before
     * each of them as before the floor's.
     */
    const request = async (path: string, recordCalls = true, cookie?: string) => {
      const requestId = `${recordCalls ? RECORDED : 'bench-'}${++sent}`;
      const {
        ok,
        ms: apiMs,
        status,
        body,
      } = await get(ports.api, path, agent, {
        'x-request-id': requestId,
        ...(cookie ? { cookie } : {}),
      });
      // A failure is counted in its row's errors; what the API said is printed, so the run tells why.
      if (!ok) console.error(`  ${path} answered ${status} after ${round(apiMs)} ms: ${body.slice(0, 300)}`);
      if (!recordCalls) return { ok, apiMs, calls: [] };
      const calls = await untilAnswered(
        new Promise<Call[]>((resolve) => {
          callsOf.set(requestId, resolve);
          order(requestId);
        }),
      );
      callsOf.delete(requestId);
      return { ok, apiMs, calls };
    };
    const floorKey = (name: string, i: number) => `${name}/${i}`;
    const floorRequest = async (key: string) => {
      const { ok, ms, status, body } = await get(ports.floor, `/${encodeURIComponent(key)}`, floorAgent);
      // The API answered these very queries, so a refusal here is the benchmark's own fault.
      if (!ok) throw new Error(`The floor answered ${status} to the queries of ${key}: ${body}`);
      return ms;
    };
    const results: Record<string, Result> = {};
    // Written again after every row, so a run that fails midway keeps what it measured ("complete" says whether it ran through).
    const writeOut = (complete: boolean) => {
      const out = {
        date: new Date().toISOString(),
        complete,
        machine: machine(),
        people,
        seed,
        requests,
        load,
        results,
        quality,
      };
      writeFileSync(args.out!, `${JSON.stringify(out, null, 2)}\n`);
    };
    const report = (
      name: string,
      apiTimes: number[],
      bareTimes: number[],
      errors: number,
      floorTimes: number[] = [],
    ) => {
      const api = figures(apiTimes);
      const driver = bareTimes.length ? figures(bareTimes) : null;
      const floor = floorTimes.length && driver ? figures(floorTimes) : null;
      const floorRatio = floor && driver ? round(floor.p95 / driver.p95) : null;
      results[name] = {
        api,
        bare: driver,
        ratio: driver ? round(api.p95 / driver.p95) : null,
        floor,
        floorRatio,
        budget: BUDGETS[name] ?? null,
        errors,
        n: apiTimes.length,
      };
      console.error(
        `${name}: p95 ${api.p95} ms${driver ? ` (bare ${driver.p95} ms${floor ? `, floor ${floor.p95} ms` : ''})` : ''}`,
      );
      writeOut(false);
    };

    const sizeOf = (name: string) =>
      CACHED.has(name) || name === 'graph' ? Math.max(10, Math.round(requests / 4)) : requests;
    const errors = new Map<string, number>();
    const failed = (name: string) => errors.set(name, (errors.get(name) ?? 0) + 1);
    /** The queries that made a cached answer, which the bare driver replays for every later request (see README). */
    const madeBy = new Map<string, Call[]>();

    // The JVM compiles Neo4j's hot paths only after thousands of queries: every operation is warmed up with
    // the very requests it is then measured with, which also tells the queries each of them runs.
    console.error('Warming up ...');
    const inputs = new Map<string, { path: string; calls: Call[] | null }[]>();
    /** Every operation's requests, measured or not: a row of an operation's own may ask one of them. */
    const drawn = new Map<string, string[]>();
    for (const [name, next] of Object.entries(operations)) {
      const list: { path: string; calls: Call[] | null }[] = [];
      const paths = Array.from({ length: sizeOf(name) }, next);
      drawn.set(name, paths);
      if (!measured(name)) continue;
      // An answer may keep what every later request uses (contacts keep who works where per day): one
      // request first fills it, so that no recorded request carries its loading to the floor and bare driver.
      if (!CACHED.has(name)) await request(paths[0]!, false, cookieOf[name]);
      for (const path of paths) {
        if (KEPT_PER_REQUEST.has(name)) await request(path, false, cookieOf[name]);
        const { ok, calls } = await request(path, true, cookieOf[name]);
        if (!ok) failed(name);
        list.push({ path, calls: ok ? calls : null });
        if (ok && CACHED.has(name) && calls.length > (madeBy.get(name)?.length ?? 0)) madeBy.set(name, calls);
        if (ok && !CACHED.has(name)) await replay(calls);
      }
      inputs.set(name, list);
    }
    // The floor answers the very queries each measured request ran, stored in its process beforehand.
    const floorInputs = [...inputs].flatMap(([name, list]) =>
      CACHED.has(name) ? [] : list.flatMap(({ calls }, i) => (calls ? [{ key: floorKey(name, i), calls, i }] : [])),
    );
    await untilAnswered(
      new Promise<void>((resolve) => {
        floorStored = resolve;
        order({ floor: floorInputs.map(({ key, calls }): [string, Call[]] => [key, calls]) });
      }),
    );
    // The database is warm by now; the floor's own few lines need only a few requests to be compiled.
    for (const { key } of floorInputs.filter(({ i }) => i < 20)) await floorRequest(key);

    for (const name of Object.keys(operations).filter(measured)) {
      const apiTimes: number[] = [];
      const bareTimes: number[] = [];
      const floorTimes: number[] = [];
      for (const [i, { path, calls }] of inputs.get(name)!.entries()) {
        if (!calls) continue;
        if (CACHED.has(name)) {
          const { ok, apiMs } = await request(path, false);
          if (!ok) failed(name);
          else apiTimes.push(apiMs);
          // A cached answer takes seconds to work out: a few replays of what made it say what it costs.
          if (bareTimes.length < FIRST_ANSWERS) bareTimes.push(await replay(madeBy.get(name)!));
          continue;
        }
        // Whichever runs later finds the database's caches warmer for that query, and the floor shares the
        // API's process: API, floor and bare driver go in each of the six orders in turn, so each goes
        // before and after each other equally often.
        let ok = true;
        const runs = {
          api: async () => {
            const r = await request(path, false, cookieOf[name]);
            ok = r.ok;
            return r.apiMs;
          },
          floor: () => floorRequest(floorKey(name, i)),
          bare: () => replay(calls),
        };
        const turn = ORDERS[i % ORDERS.length]!;
        const ms: Partial<Record<keyof typeof runs, number>> = {};
        for (const side of turn) ms[side] = await runs[side]();
        if (!ok) {
          failed(name);
          continue;
        }
        apiTimes.push(ms.api!);
        bareTimes.push(ms.bare!);
        floorTimes.push(ms.floor!);
      }
      report(name, apiTimes, bareTimes, errors.get(name) ?? 0, floorTimes);
    }

    // A cached answer's first time: each day asked is a question of its own, so every request here is worked out afresh.
    const firstAnswers: Record<(typeof FIRST_ANSWERED)[number], (day: string) => string> = {
      coordination: (day) => `/api/coordination?at=${day}`,
      brokers: (day) => `/api/insights/brokers?at=${day}`,
      // contacts keep who works where per day (server/contacts/rosters.ts)
      contacts: (day) => `${drawn.get('contacts')![0]!}&at=${day}`,
    };
    for (const operation of FIRST_ANSWERED.filter((operation) => rowMeasured(`${operation}, first answer`))) {
      const pathOn = firstAnswers[operation];
      const name = `${operation}, first answer`;
      const apiTimes: number[] = [];
      const bareTimes: number[] = [];
      for (let i = 1; i <= FIRST_ANSWERS; i++) {
        const day = new Date(Date.UTC(2026, 0, 1) - i * 86_400_000).toISOString().slice(0, 10);
        const { ok, apiMs, calls } = await request(pathOn(day));
        if (!ok) {
          failed(name);
          continue;
        }
        apiTimes.push(apiMs);
        bareTimes.push(await replay(calls));
      }
      report(name, apiTimes, bareTimes, errors.get(name) ?? 0);
    }

    // The first answer after an edit (issue 22): each sample is one real edit through the API as a coordinator
    // (bench/edits.ts: a KNOWS, a network's participant, one more department, each deleted again by the next
    // edit), then the operation's very first request, for today, as its measured round asks it. Its queries
    // read what the edit has just written, and are not replayed: these rows have no bare or floor column.
    const editing = AFTER_AN_EDIT.filter((operation) => rowMeasured(`${operation}, after an edit`));
    const cypher = queryTexts();
    /** The kept tie graph (server/ties/kept.ts) reads the whole day with one, follows the change log with the other. */
    const wholeDay = cypher.get('tiesPeople');
    const changesSince = cypher.get('tiesChanges');
    const nameOf = new Map(cypher.all().map((q) => [cypher.get(q.name), q.name]));
    if (editing.length > 0) {
      const [before] = await queries.tiesFingerprint();
      const edits = graphEdits({
        port: ports.api,
        agent,
        cookie: await untilAnswered(signIn('coordinator')),
        pick: mulberry32(seed + 1), // a generator of its own, seeded: every run makes the same edits
        personIds,
        networkIds,
        departmentIds,
      });
      try {
        for (const operation of editing) {
          const name = `${operation}, after an edit`;
          const paths = drawn.get(operation)!;
          const apiTimes: number[] = [];
          /** Brokers: from the edit's end until an answer is of the graph as it is now (server/brokers/service.ts). */
          const untilCurrent: number[] = [];
          for (let i = 0; i < AFTER_EDIT_WARM_UP + Math.min(AFTER_EDIT_SAMPLES, requests); i++) {
            const edit = await untilAnswered(edits.next());
            const edited = performance.now();
            // Recorded (the queries are told after the answer, untimed) to say how the kept tie graph caught up.
            const { ok, apiMs, calls } = await request(paths[i % paths.length]!, true);
            if (!ok) failed(name);
            else if (i >= AFTER_EDIT_WARM_UP) apiTimes.push(apiMs);
            // Which edit is slow to follow shows only here: the row has one figure for all of them.
            const ran = (query: string) => calls.some((c) => c.query === query);
            const how = ran(wholeDay) ? 'the whole day read' : ran(changesSince) ? 'the change log followed' : 'kept';
            // And where the time went: the slowest queries, by name.
            const slowest = [...calls]
              .sort((x, y) => (y.ms ?? 0) - (x.ms ?? 0))
              .slice(0, 3)
              .map((c) => `${nameOf.get(c.query) ?? '?'} ${round(c.ms ?? 0)}`)
              .join(', ');
            console.error(
              `  ${name}, ${i < AFTER_EDIT_WARM_UP ? 'warm-up' : 'sample'} ${i + 1}, ${edit}: ${round(apiMs)} ms, ${how} (${slowest})`,
            );
            if (operation === 'brokers' && ok) {
              // An estimate answers after an edit with the one before it, marked, while the new one is made:
              // asked again every 100 ms until an answer is current (the edits wait for it, so none piles up).
              const path = paths[i % paths.length]!;
              for (;;) {
                const answer = await untilAnswered(fetch(`http://127.0.0.1:${ports.api}${path}`));
                if (((await answer.json()) as { current?: boolean }).current !== false) break;
                await new Promise((resolve) => setTimeout(resolve, 100));
              }
              if (i >= AFTER_EDIT_WARM_UP) untilCurrent.push(performance.now() - edited);
            }
          }
          report(name, apiTimes, [], errors.get(name) ?? 0);
          if (operation === 'brokers') report('brokers, current after an edit', untilCurrent, [], 0);
        }
      } finally {
        await edits.restore();
      }
      // Every relation added was deleted again: the graph is as it was (a later run reuses it).
      const [after] = await queries.tiesFingerprint();
      if (after?.people !== before?.people || after?.relationships !== before?.relationships)
        throw new Error(
          `The edits left ${after?.relationships} relationships and ${after?.people} people, not ${before?.relationships} and ${before?.people}.`,
        );
    }
    await bare.close();
    agent.destroy();
    floorAgent.destroy();

    const rows = Object.entries(results).map(([name, r]) => ({
      operation: name,
      'api p50': r.api.p50,
      'api p95': r.api.p95,
      'bare p50': r.bare?.p50 ?? '–',
      'bare p95': r.bare?.p95 ?? '–',
      'api/bare p95': r.ratio ?? '–',
      'floor p95': r.floor?.p95 ?? '–',
      'floor/bare p95': r.floorRatio ?? '–',
      'budget p95': r.budget ?? '–',
      within: (r.budget === null || r.api.p95 <= r.budget) && (r.ratio ?? 0) <= MAX_RATIO ? 'yes' : 'NO',
      errors: r.errors,
    }));
    console.table(rows);
    if (quality) console.log(qualityLines(quality).join('\n'));
    writeOut(true);
    console.log(`Written to ${args.out}`);
  } finally {
    server?.disconnect();
    await db.close();
    await neo.stop();
  }
}

/**
 * Neo4j's heap and page cache for a graph of `people`: 2 GiB each up to 50,000 people (a store of
 * about 0.6 GB, all of it cached); above that the page cache grows with the store (about 7.5 MB a
 * thousand people, so it holds all of it: 3.7 GB at 500,000) and the heap to 3 GiB, so 500,000
 * people run in 7.5 GiB on the 24 GiB reference machine, where other work runs beside them.
 */
function neo4jMemory(people: number): { heapMb: number; pageCacheMb: number } {
  return {
    heapMb: people > 50_000 ? 3072 : 2048,
    pageCacheMb: Math.min(6656, Math.max(2048, Math.round((people / 1000) * 9))),
  };
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
  // fetch's own message is only "fetch failed": what failed is its cause (a refused or closed connection).
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
  console.error(err instanceof Error ? `${err.message}${cause}` : err);
  process.exit(1);
});
