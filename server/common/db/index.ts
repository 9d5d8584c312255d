import { connect as tcpConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import neo4j, { type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
import { paramsToCypher, toRow } from './convert.js';

export type Row = Record<string, unknown>;

export interface DbOptions {
  uri: string;
  user: string;
  password: string;
  database?: string | undefined;
  /** Upper bound of a write or a long read (see ReadOptions): Neo4j's transaction timeout, and a deadline here. */
  queryTimeoutMs: number;
  /** The same for every other read; queryTimeoutMs when unset. */
  readTimeoutMs?: number | undefined;
  /** Time to open the TCP connection (the Bolt handshake after it is bounded by the acquisition timeout). */
  connectionTimeoutMs?: number | undefined;
  /** Time to get a connection from the pool, opening one included. */
  acquisitionTimeoutMs?: number | undefined;
  /** Budget for the driver's retries of a failed transaction (see DB_DEFAULTS). */
  maxRetryTimeMs?: number | undefined;
  /** Database calls (transactions) run at once; the driver's pool holds twice as many connections. */
  maxConcurrent?: number | undefined;
  /** Calls that may wait for a turn beyond those; one more is refused at once as busy. */
  queueLimit?: number | undefined;
  /** How long a call may wait for a turn before it is refused as busy. */
  queueWaitMs?: number | undefined;
  /** Budget of the stall probe (see Db); 0 turns the stall watch off. */
  probeTimeoutMs?: number | undefined;
  /** Where the database's own events go (stalled, answering again, shedding load). */
  log?: DbLog | undefined;
}

export interface ReadOptions {
  /** A read of the whole graph (an export, an import's dry run, the report): bounded by queryTimeoutMs instead of readTimeoutMs. */
  long?: boolean;
}

/** The part of a pino logger Db writes to. */
export interface DbLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * Fail fast when the database is unreachable, so a request answers 503 within about two
 * seconds instead of hanging. The driver retries a transaction that failed for a transient
 * reason (unreachable, leader switch, deadlock) first after about 1 s (0.8-1.2 s with jitter),
 * then after 2 s, 4 s ..., for as long as less than maxRetryTime has passed since the first
 * failure. A budget under 800 ms therefore means exactly one retry, after about a second: with
 * the database down (connection refused, which fails at once) a request answers 503 after about
 * 1.2 s at most. Larger budgets add 2 s, then 4 s, to that. When connections hang instead of
 * being refused (a stalled Neo4j, a network that drops packets), the stall watch (see Db) answers.
 */
export const DB_DEFAULTS = {
  connectionTimeoutMs: 2_000,
  acquisitionTimeoutMs: 2_000,
  maxRetryTimeMs: 500,
  maxConcurrent: 32,
  queueLimit: 200,
  queueWaitMs: 1_000,
  probeTimeoutMs: 900,
} as const;

/**
 * For scripts and test setup (seed, restore, bench): batch work that should wait out a busy or
 * just-started database rather than fail fast like a request. No load shedding and no stall
 * watch: a long batch is not a stall, and a script has no one to answer 503 to.
 */
export const PATIENT_DB = {
  connectionTimeoutMs: 30_000,
  acquisitionTimeoutMs: 60_000,
  maxRetryTimeMs: 30_000,
  queueLimit: Number.MAX_SAFE_INTEGER,
  queueWaitMs: 24 * 3_600_000,
  probeTimeoutMs: 0,
} as const;

/** The database did not answer in time (stalled, unreachable, or past a call's deadline): try again later. */
export class DbUnavailableError extends Error {
  override name = 'DbUnavailableError';
}

/** Too many database calls at once in this process: the call was refused rather than queued for long. */
export class DbBusyError extends Error {
  override name = 'DbBusyError';
}

/**
 * A call is abandoned when the database has not answered this long after its own transaction
 * timeout. Neo4j looks for timed-out transactions every 2 s (db.transaction.monitor.check.interval)
 * and answers them with an error of its own, which says more; this leaves it the time to.
 */
const DEADLINE_GRACE_MS = 2_500;
/** A probe is sent once a call has waited this long with no sign of life from the database. */
const PROBE_AFTER_MS = 300;

interface Running {
  started: number;
  fail(err: Error): void;
}

/**
 * The only owner of the Neo4j driver. Reads go through READ routing and writes through
 * WRITE routing, so the same code runs on a single server, a cluster or Aura; one bookmark
 * manager for every driver this Db makes keeps a read after a write consistent.
 *
 * Every call (one transaction) is bounded three ways:
 * - Load: at most maxConcurrent calls run at once and at most queueLimit wait, each for at
 *   most queueWaitMs; past that DbBusyError (503 "busy"), so overload is shed in a moment
 *   instead of piling up in the driver's pool and timing out as if the database were gone.
 * - Stall: a Neo4j that stops answering without closing its connections (a stalled JVM, a
 *   network partition) would hold calls for as long as it stalls. When a call has waited
 *   PROBE_AFTER_MS and nothing came back from the database meanwhile, a probe (a Bolt handshake
 *   on a new connection, see boltAnswers) asks it; no answer within probeTimeoutMs, and no other
 *   call answered meanwhile (a slow database still answers something), means stalled: every
 *   running call fails with DbUnavailableError at once (about 1.2 s after the stall began),
 *   the driver is replaced (a stalled connection must not return to the pool), and each
 *   later call first needs a probe to answer (shared by the calls waiting on it), so calls
 *   succeed again as soon as the database answers.
 * - Deadline: whatever happens, a call that has no answer DEADLINE_GRACE_MS after its
 *   transaction timeout (which Neo4j enforces itself, when it can) fails with DbUnavailableError.
 */
export class Db {
  private current: Driver;
  private readonly opts: DbOptions;
  private readonly database: string | undefined;
  private readonly timeout: number;
  private readonly readTimeout: number;
  private readonly bookmarks = neo4j.bookmarkManager();
  private readonly gate: Gate;
  private readonly probeTimeout: number;
  private readonly log: DbLog | undefined;
  private readonly running = new Set<Running>();
  private watchTimer: NodeJS.Timeout | undefined;
  private probing: Promise<boolean> | undefined;
  /** When the database last showed it is alive (an answer to a call or a probe). */
  private aliveAt = Date.now();
  private downSince: number | undefined;
  private closed = false;

  constructor(opts: DbOptions) {
    this.opts = opts;
    this.database = opts.database;
    this.timeout = opts.queryTimeoutMs;
    this.readTimeout = Math.min(opts.readTimeoutMs ?? opts.queryTimeoutMs, opts.queryTimeoutMs);
    this.probeTimeout = opts.probeTimeoutMs ?? DB_DEFAULTS.probeTimeoutMs;
    this.log = opts.log;
    this.gate = new Gate(
      opts.maxConcurrent ?? DB_DEFAULTS.maxConcurrent,
      opts.queueLimit ?? DB_DEFAULTS.queueLimit,
      opts.queueWaitMs ?? DB_DEFAULTS.queueWaitMs,
    );
    this.current = this.makeDriver();
  }

  /** The driver in use now (it is replaced after a stall). */
  get driver(): Driver {
    return this.current;
  }

  async verify(): Promise<void> {
    await this.current.verifyConnectivity(this.database ? { database: this.database } : {});
  }

  /** Runs one query in a read transaction; rows come back as plain JSON. */
  async read(query: string, params: Row = {}, opts: ReadOptions = {}): Promise<Row[]> {
    return this.readTx((tx) => tx.run(query, params), opts);
  }

  /** Runs one query in a write transaction; rows come back as plain JSON. */
  async write(query: string, params: Row = {}): Promise<Row[]> {
    return this.writeTx((tx) => tx.run(query, params));
  }

  /** Several queries in one read transaction (one consistent view). */
  async readTx<T>(work: (tx: Tx) => Promise<T>, opts: ReadOptions = {}): Promise<T> {
    return this.call(neo4j.session.READ, work, opts.long ? this.timeout : this.readTimeout);
  }

  /** Several queries in one write transaction (all or nothing). */
  async writeTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.call(neo4j.session.WRITE, work, this.timeout);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = undefined;
    await this.current.close();
  }

  private makeDriver(): Driver {
    const o = this.opts;
    const maxConcurrent = o.maxConcurrent ?? DB_DEFAULTS.maxConcurrent;
    return neo4j.driver(o.uri, neo4j.auth.basic(o.user, o.password), {
      // Fail fast when the database is down (see DB_DEFAULTS).
      connectionTimeout: o.connectionTimeoutMs ?? DB_DEFAULTS.connectionTimeoutMs,
      connectionAcquisitionTimeout: o.acquisitionTimeoutMs ?? DB_DEFAULTS.acquisitionTimeoutMs,
      maxTransactionRetryTime: o.maxRetryTimeMs ?? DB_DEFAULTS.maxRetryTimeMs,
      // Room for every call the gate lets run, and as many again for calls abandoned at their
      // deadline whose connections are still out.
      maxConnectionPoolSize: Math.min(2 * maxConcurrent, 1_000),
      // A connection idle for half a minute is checked (RESET) before it is used again: a
      // firewall or NAT may have dropped it silently, and a request should not find out.
      connectionLivenessCheckTimeout: 30_000,
      userAgent: 'ringe',
    });
  }

  private async call<T>(
    mode: typeof neo4j.session.READ | typeof neo4j.session.WRITE,
    work: (tx: Tx) => Promise<T>,
    timeout: number,
  ): Promise<T> {
    if (this.downSince !== undefined) await this.checkBack();
    const leave = await this.gate.enter(this.log);
    let session: Session;
    try {
      session = this.current.session({
        defaultAccessMode: mode,
        bookmarkManager: this.bookmarks,
        ...(this.database ? { database: this.database } : {}),
      });
    } catch (err) {
      leave();
      throw err;
    }
    const config = { timeout };
    const done = (
      mode === neo4j.session.READ
        ? session.executeRead((tx) => work(new Tx(tx, Date.now() + timeout)), config)
        : session.executeWrite((tx) => work(new Tx(tx, Date.now() + timeout)), config)
    ).finally(() => session.close());

    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (abandon: boolean, then: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        this.running.delete(entry);
        leave();
        // An abandoned session is closed in the background: closing waits on its connection,
        // which may be stalled; the driver it belongs to is replaced after a stall.
        if (abandon) session.close().catch(() => {});
        then();
      };
      const entry: Running = { started: Date.now(), fail: (err) => finish(true, () => reject(err)) };
      // setImmediate: an answer that came while this process was busy is read before giving up.
      const deadline = setTimeout(
        () =>
          setImmediate(() =>
            entry.fail(
              new DbUnavailableError(
                `Neo4j gave no answer within ${timeout + DEADLINE_GRACE_MS} ms (its transaction timeout and 2.5 s).`,
              ),
            ),
          ),
        timeout + DEADLINE_GRACE_MS,
      );
      this.running.add(entry);
      this.watch();
      done.then(
        (value) => {
          this.aliveAt = Date.now();
          finish(false, () => resolve(value));
        },
        (err: unknown) => {
          if (answeredByDatabase(err)) this.aliveAt = Date.now();
          finish(false, () => reject(err));
        },
      );
    });
  }

  /** While the database counts as down, a call goes ahead only once a probe answers. */
  private async checkBack(): Promise<void> {
    if (!(await this.probe())) throw new DbUnavailableError('Neo4j has not answered since it stalled or went away.');
  }

  /** Looks for calls waiting on a silent database; runs only while calls are running. */
  private watch(): void {
    if (this.watchTimer || this.probeTimeout <= 0 || this.closed) return;
    this.watchTimer = setInterval(() => {
      if (this.running.size === 0) {
        clearInterval(this.watchTimer);
        this.watchTimer = undefined;
        return;
      }
      if (this.probing) return;
      let oldest = Infinity;
      for (const r of this.running) oldest = Math.min(oldest, r.started);
      const quietSince = Math.max(oldest, this.aliveAt);
      if (Date.now() - quietSince < PROBE_AFTER_MS) return;
      const asked = Date.now();
      void this.probe().then((alive) => {
        // No answer to the probe, nor to any call meanwhile: stalled, not merely slow.
        if (!alive && this.aliveAt < asked)
          this.declareDown(`no answer from Neo4j within ${Date.now() - quietSince} ms`);
      });
    }, 100);
    this.watchTimer.unref();
  }

  /** Whether Neo4j answers a Bolt handshake within probeTimeout; one probe at a time, shared. */
  private probe(): Promise<boolean> {
    if (this.probing) return this.probing;
    this.probing = boltAnswers(this.opts.uri, this.probeTimeout).then((alive) => {
      this.probing = undefined;
      if (alive) {
        this.aliveAt = Date.now();
        if (this.downSince !== undefined) {
          this.log?.info({ downMs: Date.now() - this.downSince }, 'Neo4j svarer igen.');
          this.downSince = undefined;
        }
      }
      return alive;
    });
    return this.probing;
  }

  private declareDown(reason: string): void {
    if (this.closed) return;
    if (this.downSince === undefined) {
      this.downSince = Date.now();
      this.log?.warn(
        { reason, running: this.running.size },
        'Neo4j svarer ikke: kald, der venter på den, får 503, til den svarer igen.',
      );
    }
    for (const r of [...this.running]) r.fail(new DbUnavailableError(`Neo4j stalled or went away (${reason}).`));
    // Connections of the old driver may be stalled; none of them may serve another call.
    const old = this.current;
    this.current = this.makeDriver();
    old.close().catch(() => {});
  }
}

/** Bolt's magic number and the versions offered: 5.0 to 5.8, then 4.4. */
const BOLT_HANDSHAKE = Buffer.from([0x60, 0x60, 0xb0, 0x17, 0, 8, 8, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0]);

/**
 * The stall probe: a new connection to the URI's host and the Bolt handshake, which Neo4j answers
 * with four bytes from its network threads, before any login or query. So it answers while queries
 * are slow (a cold or busy database), and stays silent when the process is stalled or the network
 * drops packets. With a routing URI (neo4j://) it asks the host named there.
 */
function boltAnswers(uri: string, timeoutMs: number): Promise<boolean> {
  const scheme = uri.slice(0, uri.indexOf(':'));
  const url = new URL(uri.replace(/^[a-z+]+:/, 'http:'));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 7687);
  const tls = scheme.endsWith('+s') ? 'verify' : scheme.endsWith('+ssc') ? 'trust' : undefined;
  return new Promise((resolve) => {
    const socket = tls
      ? tlsConnect({ host, port, rejectUnauthorized: tls === 'verify', ...(isIP(host) ? {} : { servername: host }) })
      : tcpConnect({ host, port });
    let received = 0;
    const end = (alive: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(alive);
    };
    // This process may itself have been too busy to read the answer in time (its event loop
    // blocked): the answer is read first (setImmediate runs after pending I/O), and a timer that
    // fired late by more than half the budget gives the probe the budget once more.
    let armedAt = Date.now();
    let extended = false;
    const expire = () =>
      setImmediate(() => {
        if (!extended && Date.now() - armedAt > timeoutMs * 1.5) {
          extended = true;
          armedAt = Date.now();
          timer = setTimeout(expire, timeoutMs);
        } else end(false);
      });
    let timer = setTimeout(expire, timeoutMs);
    socket.once(tls ? 'secureConnect' : 'connect', () => socket.write(BOLT_HANDSHAKE));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= 4) end(true);
    });
    // 'on', not 'once': a socket can report a second error after destroy, and one without a listener would end the process.
    socket.on('error', () => end(false));
    socket.once('close', () => end(false));
  });
}

/** Whether an error came from the database itself (so it is alive), not from failing to reach it. */
function answeredByDatabase(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('Neo.');
}

/** A counting semaphore with a bounded, time-limited FIFO queue. */
class Gate {
  private inUse = 0;
  private readonly waiting: Array<{ go(): void }> = [];
  private shedding = false;

  constructor(
    private readonly max: number,
    private readonly queueLimit: number,
    private readonly waitMs: number,
  ) {}

  /** Resolves with the function that gives the turn back; rejects with DbBusyError. */
  enter(log: DbLog | undefined): Promise<() => void> {
    if (this.inUse < this.max && this.waiting.length === 0) return Promise.resolve(this.turn());
    if (this.waiting.length >= this.queueLimit) return Promise.reject(this.busy(log, 'queue full'));
    return new Promise((resolve, reject) => {
      const waiter = {
        go: () => {
          clearTimeout(timer);
          resolve(this.turn());
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(this.busy(log, `no turn within ${this.waitMs} ms`));
      }, this.waitMs);
      this.waiting.push(waiter);
    });
  }

  private turn(): () => void {
    this.inUse++;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.inUse--;
      const next = this.waiting.shift();
      if (next) next.go();
      else if (this.inUse === 0) this.shedding = false;
    };
  }

  private busy(log: DbLog | undefined, why: string): DbBusyError {
    // One line when shedding starts, not one per refused call (the request log has those).
    if (!this.shedding) {
      this.shedding = true;
      log?.warn(
        { why, running: this.inUse, waiting: this.waiting.length },
        'Ringe har travlt: databasekald afvises, til der er plads igen.',
      );
    }
    return new DbBusyError(`Too many database calls at once (${why}).`);
  }
}

/** A transaction handed to Db.writeTx callers. */
export class Tx {
  constructor(
    private readonly tx: ManagedTransaction,
    /** When (Date.now()) the transaction passes its timeout: work that may wait, waits less than that. */
    readonly deadline: number,
  ) {}
  async run(query: string, params: Row = {}): Promise<Row[]> {
    const cypherParams = paramsToCypher(params);
    // The driver captures a stack trace for every result it makes and formats it at once, to put on the
    // error should the query fail: 0.1 ms a query, the largest cost of a short request in a CPU profile, and
    // it has no setting for it. So it captures none here, and a failure gets this stack instead, which is
    // formatted only when read: the same callers for a few microseconds.
    const where: { stack?: string } = {};
    Error.captureStackTrace(where);
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let pending: ReturnType<ManagedTransaction['run']>;
    try {
      pending = this.tx.run(query, cypherParams);
    } catch (err) {
      throw withStack(err, where);
    } finally {
      Error.stackTraceLimit = limit;
    }
    try {
      const result = await pending;
      return result.records.map((r) => toRow(r.toObject()));
    } catch (err) {
      throw withStack(err, where);
    }
  }
}

/** A failed query's error with the stack of where the query was run (its first line, "Error", replaced by the error's own). */
function withStack(err: unknown, where: { stack?: string }): unknown {
  const frames = where.stack?.indexOf('\n') ?? -1;
  if (err instanceof Error && frames >= 0) err.stack = `${String(err)}${where.stack!.slice(frames)}`;
  return err;
}
