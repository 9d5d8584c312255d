import neo4j, { type Driver, type ManagedTransaction, type RoutingControl } from 'neo4j-driver';
import { toJson, toParams } from './convert.js';

export type Row = Record<string, unknown>;

export interface DbOptions {
  uri: string;
  user: string;
  password: string;
  database?: string | undefined;
  queryTimeoutMs: number;
  /** Time to open the TCP connection (the Bolt handshake after it is bounded by the acquisition timeout). */
  connectionTimeoutMs?: number | undefined;
  /** Time to get a connection from the pool, opening one included. */
  acquisitionTimeoutMs?: number | undefined;
  /** Budget for the driver's retries of a failed transaction (see DB_DEFAULTS). */
  maxRetryTimeMs?: number | undefined;
}

/**
 * Fail fast when the database is unreachable, so a request answers 503 within about two
 * seconds instead of hanging. The driver retries a transaction that failed for a transient
 * reason (unreachable, leader switch, deadlock) first after about 1 s (0.8-1.2 s with jitter),
 * then after 2 s, 4 s ..., for as long as less than maxRetryTime has passed since the first
 * failure. A budget under 800 ms therefore means exactly one retry, after about a second: with
 * the database down (connection refused, which fails at once) a request answers 503 after about
 * 1.2 s at most. Larger budgets add 2 s, then 4 s, to that. When connections hang instead of
 * being refused, each attempt can take up to the acquisition timeout. (A Neo4j that accepts
 * connections but is still starting or stopping is another matter: it holds a transaction until
 * it can run it or gives up, bounded by the transaction timeout.)
 */
export const DB_DEFAULTS = {
  connectionTimeoutMs: 2_000,
  acquisitionTimeoutMs: 2_000,
  maxRetryTimeMs: 500,
} as const;

/**
 * For scripts and test setup (seed, restore, bench): batch work that should wait out a busy or
 * just-started database rather than fail fast like a request.
 */
export const PATIENT_DB = {
  connectionTimeoutMs: 30_000,
  acquisitionTimeoutMs: 60_000,
  maxRetryTimeMs: 30_000,
} as const;

/**
 * The only owner of the Neo4j driver. Reads go through READ routing and writes through
 * WRITE routing, so the same code runs on a single server, a cluster or Aura; one bookmark
 * manager per driver keeps a read after a write consistent.
 */
export class Db {
  readonly driver: Driver;
  private readonly database: string | undefined;
  private readonly timeout: number;

  constructor(opts: DbOptions) {
    this.driver = neo4j.driver(opts.uri, neo4j.auth.basic(opts.user, opts.password), {
      // Fail fast when the database is down (see DB_DEFAULTS).
      connectionTimeout: opts.connectionTimeoutMs ?? DB_DEFAULTS.connectionTimeoutMs,
      connectionAcquisitionTimeout: opts.acquisitionTimeoutMs ?? DB_DEFAULTS.acquisitionTimeoutMs,
      maxTransactionRetryTime: opts.maxRetryTimeMs ?? DB_DEFAULTS.maxRetryTimeMs,
      userAgent: 'ringe',
    });
    this.database = opts.database;
    this.timeout = opts.queryTimeoutMs;
  }

  async verify(): Promise<void> {
    await this.driver.verifyConnectivity(this.database ? { database: this.database } : {});
  }

  /** Runs one query in a read transaction; rows come back as plain JSON. */
  async read(query: string, params: Row = {}): Promise<Row[]> {
    return this.run(query, params, neo4j.routing.READ);
  }

  /** Runs one query in a write transaction; rows come back as plain JSON. */
  async write(query: string, params: Row = {}): Promise<Row[]> {
    return this.run(query, params, neo4j.routing.WRITE);
  }

  /** Several queries in one read transaction (one consistent view). */
  async readTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const session = this.session(neo4j.session.READ);
    try {
      return await session.executeRead((tx) => work(new Tx(tx)), { timeout: this.timeout });
    } finally {
      await session.close();
    }
  }

  /** Several queries in one write transaction (all or nothing). */
  async writeTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const session = this.session(neo4j.session.WRITE);
    try {
      return await session.executeWrite((tx) => work(new Tx(tx)), { timeout: this.timeout });
    } finally {
      await session.close();
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private session(mode: typeof neo4j.session.READ | typeof neo4j.session.WRITE) {
    return this.driver.session({
      defaultAccessMode: mode,
      bookmarkManager: this.driver.executeQueryBookmarkManager,
      ...(this.database ? { database: this.database } : {}),
    });
  }

  private async run(query: string, params: Row, routing: RoutingControl): Promise<Row[]> {
    const result = await this.driver.executeQuery(query, toParams(params) as Row, {
      routing,
      ...(this.database ? { database: this.database } : {}),
      transactionConfig: { timeout: this.timeout },
    });
    return result.records.map((r) => toJson(r.toObject()) as Row);
  }
}

/** A transaction handed to Db.writeTx callers. */
export class Tx {
  constructor(private readonly tx: ManagedTransaction) {}
  async run(query: string, params: Row = {}): Promise<Row[]> {
    const result = await this.tx.run(query, toParams(params) as Row);
    return result.records.map((r) => toJson(r.toObject()) as Row);
  }
}
