import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { KINDS, REL_TYPES } from '../../api/common.js';
import { nodeDays, relationDays } from '../../server/common/days.js';
import { MIGRATIONS } from '../../server/common/db/migrations.js';
import { runNeo4jAdmin } from '../../server/common/local-neo4j/index.js';
import type { Queries } from '../../server/common/queries.js';
import type { SyntheticGraph } from './generate.js';
import { type LoadReport, loadReport, SyntheticLoadError } from './load.js';

// The synthetic municipality loaded through Neo4j's bulk import (`neo4j-admin database import full`),
// for a database not made yet: the loader writes the graph as CSV files with typed headers, and the
// import tool (in the bundled Neo4j's own jars, server/common/local-neo4j) builds the store from them
// offline, without transactions, before the Neo4j starts. The Cypher loader (load.ts) writes through
// transactions, whose commit work per relation keeps it near 20,000 rows/s on 2 cores; the import
// writes the store's records directly (docs/benchmarks.md, "Issue 22 (second session): loading").
//
// What is stored is what the Cypher loader stores (test/synthetic-import.test.ts compares the two
// property by property): the same labels (Entity and its kind; SurveyRound, SurveyAnswer), the same
// properties with the same types (strings, whole numbers as integers, booleans, lists of strings, the
// days as Neo4j dates), the same relations. Two things CSV cannot say are done after the start, by
// `afterImport`: an empty list (an empty field is no property at all). And the migrations
// (server/common/db/migrations.ts) are recorded as done, as applying the schema to the empty database
// before a Cypher load records them: the generated graph is already in the form they bring old data to.

/** The database the bundled Neo4j serves (LocalNeo4j's default database). */
const DATABASE = 'neo4j';
/** Between a list's elements in a CSV value: a character no generated value holds (checked). */
const ARRAY_DELIMITER = '\u001f';
/** Rows formatted before each write to a CSV file. */
const CHUNK = 5_000;
/**
 * The share of the progress bar each part fills, about as long as each takes at 50,000 people:
 * writing the CSV files (row by row); the import tool's start, until it says "Import starting" (no
 * progress of its own); then its four stages, each by the percent it prints (node import,
 * relationship import, relationship linking, post processing).
 */
const SHARES = { csv: 0.15, start: 0.25, stages: [0.15, 0.25, 0.1, 0.1] } as const;

export interface ImportOptions {
  /** The bundled Neo4j's folder (LocalNeo4jOptions.dataDir); its database must not exist yet, and no Neo4j may run on it. */
  dataDir: string;
  /** Told, as load.ts's progress, how far the import is: writing the files, then the tool's stages, as rows of all rows. */
  progress?: (done: number, total: number) => void;
  /** Heap of the import tool's JVM, MiB. */
  heapMb?: number;
  /** Memory the import tool may use off heap, MiB (its default is 90 % of the machine's). */
  offHeapMb?: number;
  /** Told each line the import tool writes (for a log). */
  onLine?: (line: string) => void;
}

export interface ImportReport extends LoadReport {
  /** Seconds writing the CSV files, and in the import tool. */
  csvSeconds: number;
  importSeconds: number;
  /** The survey answers and rounds with an empty list, for afterImport. */
  emptyLists: EmptyLists;
}

/** The survey rounds and answers with an empty list: each one's id, and those properties with []. */
export type EmptyLists = { id: string; empty: Record<string, never[]> }[];

type Cell = string | number | boolean | string[] | InstanceType<typeof neo4j.types.Date> | null | undefined;

/** A CSV column's type in the import's header, from its values (a column holds one type). */
function typeOf(value: Cell): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'long' : 'double';
  if (Array.isArray(value)) return 'string[]';
  if (neo4j.isDate(value)) return 'date';
  throw new SyntheticLoadError(`A value of an unknown type cannot be imported: ${String(value)}.`);
}

/** A string that cannot go into a CSV field as it is. */
const AWKWARD = /^$|^\s|\s$|[",\n\r]/;
const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    // Most values (ids, names, dates) go as they are. An empty string is quoted ("", which the import
    // stores as an empty string: an empty field is no property), and so is one with a quote, a comma
    // or a space at either end. A line break would need the import's slow multi-line reading, and
    // no generated value holds one.
    if (!AWKWARD.test(value)) return value;
    if (/[\n\r]/.test(value)) throw new SyntheticLoadError(`A value holds a line break: ${value.slice(0, 40)}.`);
    return quoted(value);
  }
  if (Array.isArray(value)) {
    if (value.some((x) => typeof x !== 'string' || x === '' || x.includes(ARRAY_DELIMITER) || /[\n\r]/.test(x)))
      throw new SyntheticLoadError('A list holds a value the import cannot separate.');
    return quoted(value.join(ARRAY_DELIMITER));
  }
  return String(value);
}

/** One CSV file: its header from the columns' names and types, then the rows, written in chunks. */
class CsvFile {
  private readonly fd: number;
  private chunk: string[] = [];
  constructor(
    readonly path: string,
    header: string[],
  ) {
    this.fd = openSync(path, 'w');
    writeSync(this.fd, `${header.join(',')}\n`);
  }
  row(cells: string[]): void {
    this.chunk.push(cells.join(','));
    if (this.chunk.length >= CHUNK) this.flush();
  }
  flush(): void {
    if (this.chunk.length > 0) writeSync(this.fd, `${this.chunk.join('\n')}\n`);
    this.chunk = [];
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** The columns of a set of rows: every property any row has, each with its one type. */
function columnsOf(rows: readonly Record<string, Cell>[], where: string): { key: string; type: string }[] {
  const types = new Map<string, string>();
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (value === null || value === undefined) continue;
      const type = typeOf(value);
      const known = types.get(key);
      if (known !== undefined && known !== type)
        throw new SyntheticLoadError(`${where}.${key} holds both ${known} and ${type} values.`);
      types.set(key, type);
    }
  }
  return [...types].map(([key, type]) => ({ key, type }));
}

/** A typed header cell: a string column needs no type. */
const headerCell = ({ key, type }: { key: string; type: string }) => (type === 'string' ? key : `${key}:${type}`);

/** Whether the bundled Neo4j's folder holds a database already (then only the Cypher loader can add to it). */
export function hasDatabase(dataDir: string): boolean {
  const store = join(dataDir, 'data', 'databases', DATABASE);
  return existsSync(store) && readdirSync(store).length > 0;
}

/**
 * Writes the graph as CSV files and imports them into the bundled Neo4j's folder `dataDir`, whose
 * database must not exist yet and which no Neo4j may have open. Start the Neo4j afterwards, apply
 * the schema (its constraints and indexes are made over the imported nodes), then call afterImport.
 * Refuses a graph whose relation ends at a node it does not hold (there is nothing else to end at).
 */
export async function importSynthetic(graph: SyntheticGraph, opts: ImportOptions): Promise<ImportReport> {
  if (hasDatabase(opts.dataDir)) {
    throw new SyntheticLoadError(
      `${opts.dataDir} holds a database already; the bulk import only makes a new one (load with the Cypher loader instead).`,
    );
  }
  // Checked before anything is written: nodes by kind, relations by type, every end among the nodes.
  const byKind = new Map<string, SyntheticGraph['nodes']>();
  for (const node of graph.nodes) {
    if (!KINDS.includes(node.kind)) throw new SyntheticLoadError(`Unknown node kind "${node.kind}".`);
    const list = byKind.get(node.kind);
    if (list) list.push(node);
    else byKind.set(node.kind, [node]);
  }
  const ids = new Set(graph.nodes.map((n) => n.id));
  const byType = new Map<string, SyntheticGraph['relations']>();
  for (const rel of graph.relations) {
    if (!REL_TYPES.includes(rel.type)) throw new SyntheticLoadError(`Unknown relation type "${rel.type}".`);
    if (!ids.has(rel.source) || !ids.has(rel.target)) {
      throw new SyntheticLoadError(
        `A ${rel.type} from ${rel.source} to ${rel.target} ends at a node the graph does not hold.`,
      );
    }
    const list = byType.get(rel.type);
    if (list) list.push(rel);
    else byType.set(rel.type, [rel]);
  }
  const started = performance.now();
  const total = graph.nodes.length + graph.relations.length + graph.rounds.length + graph.answers.length;
  const tell = (fraction: number) => opts.progress?.(Math.min(total, Math.round(fraction * total)), total);
  tell(0);
  const dir = join(opts.dataDir, 'import-csv');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    let written = 0;
    const wrote = () => {
      written++;
      if (written % CHUNK === 0) tell((SHARES.csv * written) / total);
    };
    const args: string[] = [];

    // Nodes, kind by kind: the id is the import's id (in the id space of the Entity nodes, which
    // relations name their ends by) and stays the `id` property.
    for (const [kind, nodes] of byKind) {
      const rows = nodes.map((n) => ({ ...n.props, ...nodeDays(kind, n.props) }) as Record<string, Cell>);
      const columns = columnsOf(rows, kind).filter((c) => c.key !== 'id');
      const file = new CsvFile(join(dir, `nodes-${kind}.csv`), ['id:ID(Entity)', ...columns.map(headerCell)]);
      nodes.forEach((n, i) => {
        file.row([cell(n.id), ...columns.map((c) => cell(rows[i]![c.key]))]);
        wrote();
      });
      file.close();
      args.push(`--nodes=Entity:${kind}=${file.path}`);
    }

    // Relations, type by type, between Entity ids; a survey's KNOWS keeps its `source` ('survey').
    // Millions of them at 500,000 people: no row object is made, and each written date's day is worked
    // out once (relationDays: firstDay from since, lastDay from until).
    const firstDays = new Map<unknown, string>();
    const lastDays = new Map<unknown, string>();
    const day = (cache: Map<unknown, string>, written: unknown, which: 'firstDay' | 'lastDay') => {
      let text = cache.get(written);
      if (text === undefined) {
        text = cell(relationDays(which === 'firstDay' ? { since: written } : { until: written })[which]);
        cache.set(written, text);
      }
      return text;
    };
    for (const [type, rels] of byType) {
      const columns = columnsOf(
        rels.map((r) => r.props as Record<string, Cell>),
        type,
      );
      const keys = columns.map((c) => c.key as keyof (typeof rels)[number]['props']);
      const days: { key: 'firstDay' | 'lastDay'; type: string }[] = [
        ...(keys.includes('since') ? [{ key: 'firstDay' as const, type: 'date' }] : []),
        ...(keys.includes('until') ? [{ key: 'lastDay' as const, type: 'date' }] : []),
      ];
      const file = new CsvFile(join(dir, `relations-${type}.csv`), [
        ':START_ID(Entity)',
        ':END_ID(Entity)',
        ...[...columns, ...days].map(headerCell),
      ]);
      for (const r of rels) {
        const cells = [cell(r.source), cell(r.target)];
        for (const key of keys) cells.push(cell(r.props[key]));
        for (const { key } of days)
          cells.push(key === 'firstDay' ? day(firstDays, r.props.since, key) : day(lastDays, r.props.until, key));
        file.row(cells);
        wrote();
      }
      file.close();
      args.push(`--relationships=${type}=${file.path}`);
    }

    // Survey rounds and answers: no Entity and no relation, so their id is a property like any other.
    // An empty list cannot be written (an empty field is no property): it is set after the start.
    const emptyLists: EmptyLists = [];
    const surveys = [
      ['SurveyRound', graph.rounds],
      ['SurveyAnswer', graph.answers],
    ] as const;
    for (const [label, items] of surveys) {
      const rows = items.map((x) => ({ ...x.props, id: x.id }) as Record<string, Cell>);
      const columns = columnsOf(rows, label);
      const file = new CsvFile(join(dir, `nodes-${label}.csv`), columns.map(headerCell));
      rows.forEach((row) => {
        const empty = Object.entries(row).filter(([, v]) => Array.isArray(v) && v.length === 0);
        if (empty.length > 0)
          emptyLists.push({ id: String(row.id), empty: Object.fromEntries(empty.map(([k]) => [k, []])) });
        file.row(columns.map((c) => cell(row[c.key])));
        wrote();
      });
      file.close();
      args.push(`--nodes=${label}=${file.path}`);
    }

    // The migrations, recorded done as migrationDone records them (cypher/migrations.cypher).
    const at = new Date().toISOString();
    const migrations = new CsvFile(join(dir, 'nodes-Migration.csv'), ['version:long', 'does', 'at:datetime']);
    for (const m of MIGRATIONS) migrations.row([String(m.version), quoted(m.does), at]);
    migrations.close();
    args.push(`--nodes=Migration=${migrations.path}`);
    const csvSeconds = (performance.now() - started) / 1000;
    tell(SHARES.csv);

    // The import: its four stages each print a line "(n/4) <stage> <time>" and then their percent.
    let stage = -1;
    let before = SHARES.csv;
    const onLine = (line: string) => {
      opts.onLine?.(line);
      const begins = /^\((\d)\/4\) /.exec(line);
      if (begins) {
        stage = Number(begins[1]) - 1;
        before = SHARES.csv + SHARES.start + SHARES.stages.slice(0, stage).reduce((a, b) => a + b, 0);
        tell(before);
        return;
      }
      const percent = /\s(\d{1,3})% ∆/.exec(line);
      if (percent && stage >= 0) tell(before + ((SHARES.stages[stage] ?? 0) * Number(percent[1])) / 100);
    };
    const importStarted = performance.now();
    const { code, tail } = await runNeo4jAdmin(
      opts.dataDir,
      [
        'database',
        'import',
        'full',
        DATABASE,
        `--array-delimiter=U+${ARRAY_DELIMITER.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`,
        // Any bad row stops the import: a graph that does not load whole is not loaded.
        '--bad-tolerance=0',
        `--max-off-heap-memory=${opts.offHeapMb ?? 2048}m`,
        `--report-file=${join(dir, 'import.report')}`,
        ...args,
      ],
      { heapMb: opts.heapMb ?? 1024, onLine },
    );
    if (code !== 0) {
      throw new SyntheticLoadError(`Neo4j's import stopped (exit ${code}): ${tail.split('\n').slice(-3).join(' ')}`);
    }
    const importSeconds = (performance.now() - importStarted) / 1000;
    tell(1);
    return {
      ...loadReport(graph, total, started),
      csvSeconds,
      importSeconds,
      emptyLists,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What CSV could not say, once the imported database runs: the empty lists of rounds and answers. */
export async function afterImport(queries: Queries, report: Pick<ImportReport, 'emptyLists'>): Promise<void> {
  const rows = report.emptyLists;
  for (let i = 0; i < rows.length; i += 10_000) {
    const batch = rows.slice(i, i + 10_000);
    const [row] = await queries.syntheticEmptyLists({ rows: batch });
    if (row?.written !== batch.length)
      throw new SyntheticLoadError(
        `Of ${batch.length} imported survey nodes with an empty list, ${row?.written ?? 0} were found.`,
      );
  }
}
