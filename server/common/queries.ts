import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { declarations } from '../../cypher/index.js';
import type { Db, ReadOptions, Tx } from './db/index.js';
import type { Declaration } from './declare.js';
import { CYPHER_DIR } from './folders.js';

export interface NamedQuery {
  name: string;
  purpose: string;
  file: string;
  text: string;
}

export class QueryFileError extends Error {
  override name = 'QueryFileError';
}

const NAME = /^\/\/\s*name:\s*(\S+)\s*$/;

/**
 * The fragments a query text may use, expanded as the file is read:
 * - `@holds(x, $at)`, "x holds on day $at", for a relation or node x and a day parameter (YYYY-MM-DD). x holds
 *   from its firstDay to its lastDay, both days included, an end it has none of being open: the days every
 *   writer stores beside what was written (server/common/days.ts).
 * - `@resync(n)`, a clause for a write to node n: the hash of the sync record standing for n (if any) is
 *   cleared, so the source's next run compares n field by field and writes back the fields the source owns
 *   (issue 19: a source owns the fields it delivers). `@resync(a, $type)` does so only when $type (a parameter
 *   or variable) is a relation type a source owns, for a write to such a relation from a.
 */
const FRAGMENT = /@(\w+)\(\s*([A-Za-z_]\w*)\s*(?:,\s*(\$?[A-Za-z_]\w*)\s*)?\)/g;
const holds = (x: string, day: string) =>
  `((${x}.firstDay IS NULL OR ${x}.firstDay <= date(${day})) AND (${x}.lastDay IS NULL OR date(${day}) <= ${x}.lastDay))`;
/** The relations a source writes from a person or unit: its memberships, manager, derived departments and parent unit. */
export const SOURCE_OWNED_RELATIONS = ['MEMBER_OF', 'REPORTS_TO', 'WORKS_IN', 'PART_OF'] as const;
const resync = (n: string, type?: string) =>
  `CALL (${type && !type.startsWith('$') ? `${n}, ${type}` : n}) { MATCH (resynced:SyncRecord)-[:RECORD_OF]->(${n})${
    type ? ` WHERE ${type} IN [${SOURCE_OWNED_RELATIONS.map((t) => `'${t}'`).join(', ')}]` : ''
  } SET resynced.hash = null }`;

/** A query's text with its fragments expanded; an unknown fragment, or an @ that is none, is refused. */
export function expandFragments(text: string, where: string): string {
  const expanded = text.replace(FRAGMENT, (whole, name: string, x: string, param?: string) => {
    if (name === 'holds' && param) return holds(x, param);
    if (name === 'resync') return resync(x, param);
    if (name === 'holds') throw new QueryFileError(`${where} calls @holds wrongly; it is written @holds(x, $day).`);
    throw new QueryFileError(
      `${where} uses the unknown fragment "${whole}"; the ones there are are @holds(x, $day) and @resync(n) or @resync(n, $type).`,
    );
  });
  // A misspelt call of a fragment (not one whole call) is refused; any other @, as in an e-mail
  // address's text, is Cypher's own.
  if (/@holds\b/.test(expanded)) {
    throw new QueryFileError(`${where} calls @holds wrongly; it is written @holds(x, $day).`);
  }
  if (/@resync\b/.test(expanded)) {
    throw new QueryFileError(`${where} calls @resync wrongly; it is written @resync(n) or @resync(n, $type).`);
  }
  return expanded;
}

/**
 * Parses one .cypher file. Each query starts with a `// name: <name>` line, followed by a
 * `// <purpose>` line, then the Cypher text up to the next name line.
 */
export function parseQueryFile(source: string, file: string): NamedQuery[] {
  const queries: NamedQuery[] = [];
  let current: { name: string; purpose: string; lines: string[] } | undefined;
  const finish = () => {
    if (!current) return;
    const text = current.lines.join('\n').trim().replace(/;\s*$/, '');
    if (!text) throw new QueryFileError(`Query "${current.name}" in ${file} has no Cypher text.`);
    queries.push({
      name: current.name,
      purpose: current.purpose,
      file,
      text: expandFragments(text, `Query "${current.name}" in ${file}`),
    });
  };
  const lines = source.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = NAME.exec(line.trim());
    if (m) {
      finish();
      const purpose = /^\/\/\s*(.+)$/.exec(lines[i + 1]?.trim() ?? '')?.[1];
      if (!purpose || NAME.test(lines[i + 1]!.trim())) {
        throw new QueryFileError(`Query "${m[1]}" in ${file} needs a one-line purpose comment under its name.`);
      }
      current = { name: m[1]!, purpose, lines: [] };
      i++;
    } else if (current) {
      current.lines.push(line);
    } else if (line.trim() && !line.trim().startsWith('//')) {
      throw new QueryFileError(`${file} has Cypher before its first "// name:" line.`);
    }
  }
  finish();
  return queries;
}

/** The named query texts of a folder; looking up an unknown name throws. */
export class QueryTexts {
  private readonly byName = new Map<string, NamedQuery>();

  constructor(queries: NamedQuery[]) {
    for (const q of queries) {
      const seen = this.byName.get(q.name);
      if (seen) {
        throw new QueryFileError(`Query name "${q.name}" is used twice: in ${seen.file} and ${q.file}.`);
      }
      this.byName.set(q.name, q);
    }
  }

  static load(dir: string = CYPHER_DIR): QueryTexts {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.cypher'))
      .sort();
    return new QueryTexts(
      files.flatMap((f) => parseQueryFile(readFileSync(join(dir, f), 'utf8'), relative(process.cwd(), join(dir, f)))),
    );
  }

  get(name: string): string {
    const q = this.byName.get(name);
    if (!q) throw new QueryFileError(`No query named "${name}" in cypher/.`);
    return q.text;
  }

  /** All queries of one file, in file order (used for schema.cypher). */
  fromFile(fileName: string): NamedQuery[] {
    return [...this.byName.values()].filter((q) => q.file.endsWith(fileName));
  }

  all(): NamedQuery[] {
    return [...this.byName.values()];
  }
}

/** Every declared query by name (cypher/<feature>.ts, collected in cypher/index.ts). */
export type Declarations = typeof declarations;
export type QueryName = keyof Declarations;
/** The parameters a query takes (its declaration's params schema). */
export type ParamsOf<K extends QueryName> = z.input<Declarations[K]['params']>;
/** One row of a query's answer (its declaration's row schema). */
export type RowOf<K extends QueryName> = z.output<Declarations[K]['row']>;
type ReadName = {
  [K in QueryName]: Declarations[K] extends Declaration<z.ZodType, z.ZodType, 'read'> ? K : never;
}[QueryName];

/** Runs query K in the caller's transaction; the parameters may be left out when it takes none. */
type InTx<K extends QueryName> =
  ParamsOf<K> extends Record<string, never>
    ? (params?: ParamsOf<K>) => Promise<RowOf<K>[]>
    : (params: ParamsOf<K>) => Promise<RowOf<K>[]>;
/** Runs query K in a transaction of its own, of its declared kind (a read may be a long one). */
type OnItsOwn<K extends QueryName> =
  ParamsOf<K> extends Record<string, never>
    ? (params?: ParamsOf<K>, opts?: ReadOptions) => Promise<RowOf<K>[]>
    : (params: ParamsOf<K>, opts?: ReadOptions) => Promise<RowOf<K>[]>;

/** What a transaction says of itself beside its queries. */
interface InTransaction {
  /** When (Date.now()) the transaction passes its timeout (see Tx.deadline). */
  readonly deadline: number;
}
/** The queries a read transaction may run: the reads. */
export type ReadQueries = { readonly [K in ReadName]: InTx<K> } & InTransaction;
/** The queries a write transaction may run: all of them. */
export type WriteQueries = { readonly [K in QueryName]: InTx<K> } & InTransaction;

/**
 * Every query of cypher/ as a typed member bound to one database: `q.search(params)` runs it in
 * a transaction of its own; `q.readTx((t) => ...)` and `q.writeTx((t) => ...)` run several in one.
 */
export type Queries = { readonly [K in QueryName]: OnItsOwn<K> } & {
  /** Several reads in one read transaction (one consistent view). */
  readTx<T>(work: (t: ReadQueries) => Promise<T>, opts?: ReadOptions): Promise<T>;
  /** Several queries in one write transaction (all or nothing). */
  writeTx<T>(work: (t: WriteQueries) => Promise<T>): Promise<T>;
  /** The queries of one cypher/ file in file order, each on its own (schema.cypher's statements). */
  ofFile(feature: string): { name: QueryName; run: () => Promise<unknown> }[];
};

let projectTexts: QueryTexts | undefined;
/** The query texts of cypher/, read once per process. */
export function queryTexts(): QueryTexts {
  projectTexts ??= QueryTexts.load();
  return projectTexts;
}

/**
 * Binds every declared query to `db`. Rows are passed on as convert.ts made them, unchecked: the
 * declared row types hold because test/queries.test.ts checks every query's rows against them.
 * A declaration whose query is missing from cypher/ fails here, at start.
 */
export function bindQueries(db: Db, texts: QueryTexts = queryTexts()): Queries {
  const names = Object.keys(declarations) as QueryName[];
  const text = new Map(names.map((name) => [name, texts.get(name)]));
  // Members of a transaction are getters on one prototype made here, so a transaction costs one small object and
  // each member used one closure (bound to its transaction, so it may be passed around like the members of `own`).
  const inTx: PropertyDescriptorMap = {};
  // The members are made in a loop over the declarations, so their types are given by Queries, not inferred.
  // biome-ignore lint/suspicious/noExplicitAny: the one place the declared types meet the untyped rows (see above)
  const own: any = {};
  for (const name of names) {
    const query = text.get(name)!;
    inTx[name] = {
      get(this: { tx: Tx }) {
        const { tx } = this;
        return (params: Record<string, unknown> = {}) => tx.run(query, params);
      },
    };
    own[name] =
      declarations[name].mode === 'read'
        ? (params = {}, opts = {}) => db.read(query, params, opts)
        : (params = {}) => db.write(query, params);
  }
  inTx.deadline = {
    get(this: { tx: Tx }) {
      return this.tx.deadline;
    },
  };
  const prototype = Object.create(null, inTx);
  const bindTx = (tx: Tx) => Object.create(prototype, { tx: { value: tx } });
  const members: Omit<Queries, QueryName> = {
    readTx: (work, opts) => db.readTx((tx) => work(bindTx(tx)), opts),
    writeTx: (work) => db.writeTx((tx) => work(bindTx(tx))),
    ofFile: (feature) =>
      texts
        .fromFile(`${feature}.cypher`)
        .filter((q): q is typeof q & { name: QueryName } => q.name in declarations)
        .map((q) => ({ name: q.name, run: () => own[q.name]() })),
  };
  return Object.assign(own, members);
}
