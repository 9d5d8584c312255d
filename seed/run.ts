import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../server/common/config.js';
import { ROOT } from '../server/common/folders.js';
import { bindQueries, type Queries } from '../server/common/queries.js';
import { applySchema } from '../server/common/db/schema.js';
import { readBooklet, seedBooklet } from './booklet.js';
import { connectScript } from './connect.js';
import { generate, MAX_PEOPLE, MIN_PEOPLE } from './synthetic/generate.js';
import {
  deleteSynthetic,
  type LoadReport,
  loadSynthetic,
  stderrProgress,
  SyntheticLoadError,
} from './synthetic/load.js';
import { afterImport, hasDatabase, importSynthetic, type ImportReport } from './synthetic/import.js';

// `npm run seed`: merges the booklet into Neo4j (NEO4J_URI, the bundled Neo4j a running
// `npm start` has open, or else the bundled Neo4j started just for this). Safe to repeat.
// `npm run seed -- --people 3000 [--seed 7] [--replace]`: loads a synthetic municipality of that
// many people instead (seed/synthetic/), for scale tests; --replace deletes earlier synthetic data first.

const USAGE = 'Usage: npm run seed [-- --people <count> [--seed <number>] [--replace]]';

class UsageError extends Error {
  override name = 'UsageError';
}

interface Flags {
  help: boolean;
  people?: number;
  seed: number;
  replace: boolean;
}

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, not "${raw}".`);
  }
  return value;
}

function parseFlags(argv: string[]): Flags {
  let values: {
    people?: string | undefined;
    seed?: string | undefined;
    replace?: boolean | undefined;
    help?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        people: { type: 'string' },
        seed: { type: 'string' },
        replace: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    // Node's messages run on with advice; their first sentence names the problem.
    const first = String((err as Error).message)
      .split('\n')[0]!
      .split('. ')[0]!
      .replace(/\.$/, '');
    throw new UsageError(`${first}. ${USAGE}`);
  }
  if (values.people === undefined && (values.seed !== undefined || values.replace)) {
    throw new UsageError(`--seed and --replace go with --people. ${USAGE}`);
  }
  return {
    help: values.help ?? false,
    ...(values.people !== undefined ? { people: wholeNumber('people', values.people, MIN_PEOPLE, MAX_PEOPLE) } : {}),
    seed: values.seed !== undefined ? wholeNumber('seed', values.seed, 0, 0xffffffff) : 1,
    replace: values.replace ?? false,
  };
}

const n = (x: number) => x.toLocaleString('da-DK');

async function seedSynthetic(queries: Queries, uri: string, flags: Flags & { people: number }): Promise<void> {
  const started = performance.now();
  const graph = generate({ people: flags.people, seed: flags.seed });
  const generated = (performance.now() - started) / 1000;
  if (flags.replace) {
    const t = performance.now();
    const deleted = await deleteSynthetic(queries);
    console.log(
      `Slettede ${n(deleted)} syntetiske knuder og deres relationer på ${((performance.now() - t) / 1000).toFixed(1)} s.`,
    );
  }
  const bar = stderrProgress('Indlæser');
  let report: Awaited<ReturnType<typeof loadSynthetic>>;
  try {
    report = await loadSynthetic(queries, graph, { progress: bar.update });
  } finally {
    bar.done();
  }
  printLoad(report, uri, flags, generated);
}

function printLoad(report: LoadReport, uri: string, flags: Flags, generated: number, how = ''): void {
  console.log(
    `Syntetisk kommune (seed ${flags.seed}) indlæst i ${uri}${how}: ${n(report.nodes)} knuder og ${n(report.relations)} relationer ` +
      `på ${report.seconds.toFixed(1)} s (${n(report.rowsPerSecond)} rækker/s; genereret på ${generated.toFixed(1)} s).`,
  );
  console.log(
    `  knuder: ${Object.entries(report.byKind)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')}`,
  );
  console.log(
    `  relationer: ${Object.entries(report.byType)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')}`,
  );
  console.log(`  målinger: ${n(report.rounds)} runder med ${n(report.answers)} svar`);
}

/** Whether something answers on the port on 127.0.0.1 (a running Neo4j, perhaps of another folder). */
function answers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/**
 * The bundled Neo4j's folder when a synthetic municipality can go in by Neo4j's bulk import
 * (seed/synthetic/import.ts): no NEO4J_URI, no Neo4j running on the port, and no database made in
 * the folder yet. Otherwise the Cypher loader writes it into the database there.
 */
async function importable(config: Config): Promise<string | undefined> {
  if (config.NEO4J_URI) return undefined;
  const dataDir = resolve(ROOT, config.RINGE_DATA_DIR, 'neo4j');
  if (hasDatabase(dataDir) || (await answers(config.LOCAL_NEO4J_PORT))) return undefined;
  return dataDir;
}

/** Imports the municipality into the bundled Neo4j's new database, before it starts. */
function importFresh(
  dataDir: string,
  flags: Flags & { people: number },
): Promise<ImportReport & { generated: number }> {
  const started = performance.now();
  const graph = generate({ people: flags.people, seed: flags.seed });
  const generated = (performance.now() - started) / 1000;
  const bar = stderrProgress('Indlæser (masseimport)');
  return importSynthetic(graph, { dataDir, progress: bar.update })
    .then((report) => ({ ...report, generated }))
    .finally(() => bar.done());
}

async function run(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const booklet = flags.people === undefined ? readBooklet() : undefined;
  // Into a bundled Neo4j not made yet, the municipality is imported before the Neo4j starts.
  const importInto = booklet ? undefined : await importable(config);
  const started = performance.now();
  const imported = importInto ? await importFresh(importInto, flags as Flags & { people: number }) : undefined;
  const { db: conn, uri, close } = await connectScript(config, console.log);
  try {
    const queries = bindQueries(conn);
    await applySchema(queries);
    if (booklet) {
      await seedBooklet(queries, booklet);
      console.log(
        `Pjecen er indlæst i ${uri}: ${booklet.networks.length} netværk, ${booklet.people.length} personer, ${booklet.departments.length} afdelinger.`,
      );
    } else if (imported) {
      await afterImport(queries, imported);
      // From the first CSV line to the started Neo4j with its schema: the whole load.
      const seconds = (performance.now() - started) / 1000 - imported.generated;
      const rows = imported.nodes + imported.relations + imported.rounds + imported.answers;
      printLoad(
        { ...imported, seconds, rowsPerSecond: Math.round(rows / seconds) },
        uri,
        flags,
        imported.generated,
        ' ved masseimport (neo4j-admin database import), start og skema medregnet',
      );
    } else {
      await seedSynthetic(queries, uri, flags as Flags & { people: number });
    }
  } finally {
    await close();
  }
}

run().catch((err: unknown) => {
  console.error(
    err instanceof ConfigError || err instanceof UsageError || err instanceof SyntheticLoadError ? err.message : err,
  );
  process.exit(1);
});
