import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { LOCAL_NEO4J_DIR } from '../folders.js';

/**
 * Starts Ringe's bundled Neo4j Community (server/common/local-neo4j: pom.xml + LocalNeo4j.java)
 * as a child Java process with Bolt on 127.0.0.1. Only used when NEO4J_URI is unset.
 */

export class LocalNeo4jError extends Error {
  override name = 'LocalNeo4jError';
}

export interface LocalNeo4jOptions {
  dataDir: string;
  port: number;
  heapMb?: number;
  pageCacheMb?: number;
  startTimeoutMs?: number;
  log?: (msg: string) => void;
  /**
   * Watch the process and start it again (same folder, same port) whenever it stops without
   * stop() being called: a crash, an out-of-memory exit, a kill -9. Waits 1 s before the first
   * new start, then 2, 4 ... up to 30 s while starts keep failing or it keeps dying within a minute.
   */
  restart?: boolean;
  /** Why it stopped and what happens next (restart); log by default. */
  warn?: (msg: string) => void;
}

export interface LocalNeo4j {
  uri: string;
  /** The process id of the Neo4j running now (a new one after a restart); undefined while none runs. */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

const RESTART_FIRST_MS = 1_000;
const RESTART_MAX_MS = 30_000;
/** A Neo4j that ran this long before it stopped starts again after the first back-off step. */
const RESTART_STABLE_MS = 60_000;

const TARGET = join(LOCAL_NEO4J_DIR, 'target');
const LIB = join(TARGET, 'lib');
const JAR = join(TARGET, 'local-neo4j-1.0.0.jar');

// Neo4j reaches into JDK internals (off-heap page cache, Netty); these are the opens its own
// launcher passes.
const JVM_OPENS = [
  'java.base/java.lang',
  'java.base/java.lang.reflect',
  'java.base/java.io',
  'java.base/java.nio',
  'java.base/java.util',
  'java.base/java.util.concurrent',
  'java.base/sun.nio.ch',
].map((p) => `--add-opens=${p}=ALL-UNNAMED`);

const INSTALL_HINT =
  'Install Java 17+ and Maven (for example "apt-get install openjdk-17-jdk-headless maven"), ' +
  'or set NEO4J_URI to an existing Neo4j 5 (Desktop, a server or Aura).';

function has(cmd: string, arg: string): boolean {
  const r = spawnSync(cmd, [arg], { stdio: 'ignore' });
  return r.status === 0;
}

/** Fetches the Neo4j jars with Maven once (into the ignored target/ folder). */
export function ensureJars(log: (msg: string) => void = () => {}): void {
  const pom = join(LOCAL_NEO4J_DIR, 'pom.xml');
  const built =
    existsSync(JAR) &&
    existsSync(LIB) &&
    statSync(JAR).mtimeMs >=
      Math.max(statSync(pom).mtimeMs, statSync(join(LOCAL_NEO4J_DIR, 'src/main/java/ringe/LocalNeo4j.java')).mtimeMs);
  if (built) return;
  if (!has('java', '-version')) throw new LocalNeo4jError(`Java was not found. ${INSTALL_HINT}`);
  if (!has('mvn', '-v')) throw new LocalNeo4jError(`Maven was not found. ${INSTALL_HINT}`);
  log('Henter Neo4j fra Maven Central (kun første gang, ca. 1 minut) ...');
  const r = spawnSync('mvn', ['-q', '-B', 'package', '-DskipTests'], { cwd: LOCAL_NEO4J_DIR, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new LocalNeo4jError(
      `Maven could not build the bundled Neo4j (exit ${r.status}); ${(r.stdout + r.stderr).trim().split('\n').slice(-3).join(' ')}`,
    );
  }
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startLocalNeo4j(opts: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const log = opts.log ?? (() => {});
  const warn = opts.warn ?? log;
  ensureJars(log);
  const first = await launch(opts);
  let child: ChildProcess | undefined = first.child;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let starting: Promise<unknown> | undefined;
  let backoff = RESTART_FIRST_MS;

  const supervise = (c: ChildProcess, startedAt: number, tail: () => string) => {
    c.once('exit', (code, signal) => {
      if (child === c) child = undefined;
      if (stopping || !opts.restart) return;
      if (Date.now() - startedAt >= RESTART_STABLE_MS) backoff = RESTART_FIRST_MS;
      const output = tail();
      warn(
        `Den indbyggede Neo4j stoppede uventet (${signal ? `signal ${signal}` : `exit ${code}`}${output ? `: ${output}` : ''}); ` +
          `starter den igen om ${backoff / 1000} s.`,
      );
      scheduleRestart();
    });
  };
  const scheduleRestart = () => {
    const wait = backoff;
    backoff = Math.min(backoff * 2, RESTART_MAX_MS);
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (stopping) return;
      const attempt = launch(opts).then(
        (next) => {
          if (stopping) return stopChild(next.child);
          child = next.child;
          log(`Den indbyggede Neo4j kører igen (pid ${next.child.pid}).`);
          supervise(next.child, Date.now(), next.tail);
        },
        (err: Error) => {
          if (stopping) return;
          warn(`Den indbyggede Neo4j kunne ikke starte igen (${err.message}); prøver igen om ${backoff / 1000} s.`);
          scheduleRestart();
        },
      );
      starting = attempt.finally(() => (starting = undefined));
    }, wait);
  };
  supervise(first.child, Date.now(), first.tail);

  return {
    uri: first.uri,
    get pid() {
      return child?.pid;
    },
    stop: async () => {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      await starting;
      if (child) await stopChild(child);
    },
  };
}

/** Starts one Neo4j process and resolves once it answers on its port. */
async function launch(opts: LocalNeo4jOptions): Promise<{ uri: string; child: ChildProcess; tail: () => string }> {
  const heapMb = opts.heapMb ?? 512;
  const pageCacheMb = opts.pageCacheMb ?? 256;
  const timeoutMs = opts.startTimeoutMs ?? 120_000;
  if (await portInUse(opts.port)) {
    throw new LocalNeo4jError(
      `Port ${opts.port} is already in use on 127.0.0.1; stop what runs there, set LOCAL_NEO4J_PORT, or set NEO4J_URI to use that Neo4j.`,
    );
  }
  mkdirSync(opts.dataDir, { recursive: true });

  const args = [
    `-Xms${heapMb}m`,
    `-Xmx${heapMb}m`,
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '-Dio.netty.tryReflectionSetAccessible=true',
    ...JVM_OPENS,
    '-cp',
    `${JAR}:${LIB}/*`,
    'ringe.LocalNeo4j',
    opts.dataDir,
    String(opts.port),
    String(pageCacheMb),
  ];
  // stdin stays a pipe: LocalNeo4j shuts down when it closes, so a crashed parent never
  // leaves an orphan Neo4j holding the store lock.
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let output = '';
  // The last lines it wrote, for the message when it stops.
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  const tail = () => output.trim().split('\n').slice(-3).join(' ');
  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new LocalNeo4jError(
          `The bundled Neo4j did not answer on port ${opts.port} within ${timeoutMs / 1000} s; see ${join(opts.dataDir, 'logs')}.`,
        ),
      );
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      keep(chunk);
      const m = /RINGE_NEO4J_READY (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        output = ''; // from here on, what it writes may say why it stopped
        child.off('exit', onExit);
        resolve(m[1]!);
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new LocalNeo4jError(`The bundled Neo4j stopped during start (exit ${code}): ${tail()}`));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', keep);
    child.once('exit', onExit);
  });
  child.stdout!.removeAllListeners('data');
  child.stdout!.on('data', keep);
  return { uri, child, tail };
}

export interface AdminRun {
  /** Heap of the admin tool's JVM (the import keeps its large structures off heap, --max-off-heap-memory). */
  heapMb?: number;
  /** Told each line the tool writes (stdout and stderr). */
  onLine?: (line: string) => void;
}

/**
 * Runs Neo4j's admin tool (`neo4j-admin`, org.neo4j.cli.AdminTool, in the same jars as the server) on
 * the bundled Neo4j's folder `dataDir`, which must not be open in a running Neo4j: for example
 * `database import full` into a database not made yet (seed/synthetic/import.ts). The tool finds the
 * databases where LocalNeo4j keeps them (NEO4J_HOME = dataDir). Resolves with the exit code and the
 * last lines written.
 */
export async function runNeo4jAdmin(
  dataDir: string,
  args: readonly string[],
  opts: AdminRun = {},
): Promise<{ code: number | null; tail: string }> {
  ensureJars();
  mkdirSync(dataDir, { recursive: true });
  const heapMb = opts.heapMb ?? 1024;
  const child = spawn(
    'java',
    [`-Xmx${heapMb}m`, '-XX:+UseG1GC', ...JVM_OPENS, '-cp', `${JAR}:${LIB}/*`, 'org.neo4j.cli.AdminTool', ...args],
    { cwd: dataDir, env: { ...process.env, NEO4J_HOME: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const reader = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 40) lines.shift();
        opts.onLine?.(line);
      }
    });
  };
  reader(child.stdout!);
  reader(child.stderr!);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  return {
    code,
    tail: lines
      .filter((l) => l.trim())
      .slice(-8)
      .join('\n'),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Reads the pinned Neo4j version from the pom (for logs and README checks). */
export function pinnedNeo4jVersion(): string {
  const m = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(readFileSync(join(LOCAL_NEO4J_DIR, 'pom.xml'), 'utf8'));
  return m?.[1] ?? 'unknown';
}
