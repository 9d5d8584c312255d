import { createServer, type Server, type ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { seedIfEmpty } from '../seed/booklet.js';
import { createApp } from './app.js';
import { OidcDiscoveryError } from './auth/oidc.js';
import { connectAuth } from './auth/settings.js';
import { ConfigError, loadConfig } from './common/config.js';
import { Db } from './common/db/index.js';
import { LocalNeo4jError, pinnedNeo4jVersion, startLocalNeo4j, type LocalNeo4j } from './common/local-neo4j/index.js';
import { ROOT } from './common/folders.js';
import { bindQueries, QueryFileError, queryTexts } from './common/queries.js';
import { applySchema } from './common/db/schema.js';
import { httpSettings, jsonClientErrors, loggerOptions } from './common/security.js';
import { type Schedule, startSchedule } from './sync/schedule.js';
import { KleFileError, loadKleFile } from './sync/kle.js';
import { syncService } from './sync/service.js';
import { checkSources } from './sync/sources/index.js';
import { surveySetupFrom } from './surveys/deps.js';
import { startAnswerRetention } from './surveys/retention.js';
import { startMissPurge } from './search/help.js';
import { loadWordList } from './search/words.js';

// Boot: config, Neo4j (bundled unless NEO4J_URI is set), schema, booklet, HTTP.
async function main(): Promise<void> {
  const config = loadConfig();
  // A source's settings that cannot work (an LDAP filter that is none) stop the start now, not the first run.
  const partly = checkSources(config);
  // Every line carries the request id of the request being handled; cookies and credentials are redacted.
  const log = pino(loggerOptions(config.LOG_LEVEL));
  // Read (and checked) before Neo4j starts: a broken query file stops the start at once.
  queryTexts();
  // The Danish word list search splits compounds with (0.3–0.6 s): read now, so no first search waits for it.
  loadWordList();

  let local: LocalNeo4j | undefined;
  let uri = config.NEO4J_URI;
  if (!uri) {
    const dataDir = resolve(ROOT, config.RINGE_DATA_DIR, 'neo4j');
    log.info({ dataDir, version: pinnedNeo4jVersion() }, 'Starter den indbyggede Neo4j ...');
    // Watched: should it crash or be killed, it is started again (with a back-off) and the log says why.
    local = await startLocalNeo4j({
      dataDir,
      port: config.LOCAL_NEO4J_PORT,
      log: (m) => log.info(m),
      warn: (m) => log.warn(m),
      restart: true,
    });
    uri = local.uri;
    log.info({ pid: local.pid }, 'Den indbyggede Neo4j kører.');
  }
  // Only names: a source set up halfway is shown on the page "Datakilder" with what it lacks.
  for (const { name, missing } of partly) log.warn({ source: name, missing }, 'Datakilden er kun delvist sat op.');

  const db = new Db({
    uri,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    database: config.NEO4J_DATABASE,
    queryTimeoutMs: config.QUERY_TIMEOUT_MS,
    readTimeoutMs: config.READ_TIMEOUT_MS,
    connectionTimeoutMs: config.NEO4J_CONNECTION_TIMEOUT_MS,
    acquisitionTimeoutMs: config.NEO4J_ACQUISITION_TIMEOUT_MS,
    maxRetryTimeMs: config.NEO4J_MAX_RETRY_TIME_MS,
    probeTimeoutMs: config.NEO4J_PROBE_TIMEOUT_MS,
    maxConcurrent: config.NEO4J_MAX_CONCURRENT,
    queueLimit: config.NEO4J_QUEUE_LIMIT,
    queueWaitMs: config.NEO4J_QUEUE_WAIT_MS,
    log,
  });
  let server: Server | undefined;
  let schedule: Schedule | undefined;
  let retention: { stop(): Promise<void> } | undefined;
  let missPurge: { stop(): Promise<void> } | undefined;
  /** Answers not yet sent: on stopping, they close their connection instead of keeping it alive. */
  const unanswered = new Set<ServerResponse>();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'Stopper med det samme (andet signal).');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, unanswered: unanswered.size }, 'Stopper ...');
    try {
      if (server) await drain(server, unanswered, config.SHUTDOWN_TIMEOUT_MS, log);
      // A scheduled run under way gets as long as requests do; unfinished, it changes nothing and the lease lapses.
      await Promise.race([
        Promise.all([schedule?.stop(), retention?.stop(), missPurge?.stop()]),
        new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_TIMEOUT_MS).unref()),
      ]);
      // A stalled Neo4j may never close its sockets: the driver gets a few seconds, then the process goes on stopping.
      await Promise.race([db.close(), new Promise((resolve) => setTimeout(resolve, 3_000).unref())]);
      await local?.stop();
      log.info('Stoppet.');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'Stoppede med en fejl.');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    await waitForDatabase(db, uri);
    const bound = bindQueries(db);
    await applySchema(bound);
    if (await seedIfEmpty(bound)) log.info('Databasen var tom: pjecens netværk er indlæst.');
    // KL's KLE titles, for units whose source gives only the numbers; a file that cannot be read stops the start.
    if (config.SYNC_KLE_FILE) {
      const subjects = await loadKleFile(db, config.SYNC_KLE_FILE);
      log.info({ subjects }, 'KLE-emnerne er indlæst.');
    }

    // With OIDC_ISSUER set, the provider is discovered now: start fails if it cannot be.
    const auth = await connectAuth(config, { queries: bound, log });
    const clientMiddleware = process.argv.includes('--dev') ? await viteDevMiddleware() : undefined;
    const app = createApp({
      db,
      log,
      auth,
      trustProxy: config.TRUST_PROXY,
      http: httpSettings(config),
      sync: { config },
      surveys: surveySetupFrom(config),
      ...(clientMiddleware ? { clientMiddleware } : {}),
    });
    server = createServer((req, res) => {
      // Once stopping, every answer ends its connection: a keep-alive client reconnects elsewhere.
      if (stopping) res.setHeader('Connection', 'close');
      else {
        unanswered.add(res);
        res.once('finish', () => unanswered.delete(res)).once('close', () => unanswered.delete(res));
      }
      app(req, res);
    });
    server.listen(config.PORT, config.HOST);
    jsonClientErrors(server, log);
    await new Promise<void>((ok, fail) => {
      server!.once('listening', ok);
      server!.once('error', fail);
    });
    log.info(`Ringe kører på http://localhost:${config.PORT}`);
    // Raw survey answers past SURVEY_RETENTION_DAYS go, hourly, in every process (each round once).
    retention = startAnswerRetention({ queries: bound, retentionDays: config.SURVEY_RETENTION_DAYS, log });
    // Topics that found no one are counted per week and kept 52 weeks after it, also hourly in every process.
    missPurge = startMissPurge({ queries: bound, log });
    if (config.SYNC_INTERVAL_MINUTES) {
      schedule = startSchedule({
        queries: bound,
        sync: syncService(db, bound, { config }),
        log,
        intervalMs: config.SYNC_INTERVAL_MINUTES * 60_000,
      });
      log.info({ minutes: config.SYNC_INTERVAL_MINUTES }, 'Datakilderne synkroniseres efter tidsplan.');
    }
  } catch (err) {
    await db.close();
    await local?.stop();
    throw err;
  }
}

/**
 * Stops taking connections at once (so the port is free for a new server), closes idle keep-alive
 * connections, lets requests already begun finish (their answers close their connections), and
 * after deadlineMs closes whatever is still open.
 */
function drain(
  server: Server,
  unanswered: Set<ServerResponse>,
  deadlineMs: number,
  log: { warn(obj: object, msg: string): void },
): Promise<void> {
  return new Promise<void>((done) => {
    for (const res of unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
    // A connection whose answer went out as keep-alive just before becomes idle later: close those as they come.
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => {
      log.warn(
        { unanswered: unanswered.size, deadlineMs },
        'Stopper: forespørgsler, der ikke blev færdige i tide, afbrydes.',
      );
      server.closeAllConnections();
    }, deadlineMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(deadline);
      done();
    });
    server.closeIdleConnections();
  });
}

async function waitForDatabase(db: Db, uri: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await db.verify();
      return;
    } catch (err) {
      if (Date.now() > until) {
        throw new StartError(
          `Neo4j at ${uri} did not answer within ${timeoutMs / 1000} s (${(err as Error).message}); check NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD.`,
        );
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

/** Development only: Vite serves the client with hot reload from the same port as the API. */
async function viteDevMiddleware(): Promise<RequestHandler> {
  const { createServer } = await import('vite');
  const vite = await createServer({ server: { middlewareMode: true }, appType: 'spa' });
  return vite.middlewares;
}

class StartError extends Error {}

main().catch((err: unknown) => {
  // Errors we expect at start get one sentence; anything else its stack, for a developer.
  const expected =
    err instanceof ConfigError ||
    err instanceof LocalNeo4jError ||
    err instanceof QueryFileError ||
    err instanceof StartError ||
    err instanceof KleFileError ||
    err instanceof OidcDiscoveryError;
  console.error(expected ? `Ringe could not start: ${(err as Error).message}` : err);
  process.exit(1);
});
