import { createServer, type RequestListener, type Server } from 'node:http';
import type { RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { inject } from 'vitest';
import { errorAnswers } from '../api/errors.js';
import { createApp } from '../server/app.js';
import type { AuthSettings } from '../server/auth/settings.js';
import { nodeDays, relationDays } from '../server/common/days.js';
import { Db, type DbOptions } from '../server/common/db/index.js';
import { queryTexts } from '../server/common/queries.js';
import { DEFAULT_HTTP, jsonClientErrors, type HttpSettings } from '../server/common/security.js';
import type { SyncSetup } from '../server/sync/service.js';
import type { SurveySetup } from '../server/surveys/deps.js';

/** The query texts of cypher/, for tests that run raw Cypher beside them. */
export const texts = queryTexts();

/**
 * A Db for tests. The stall probe gets 5 s instead of production's 0.9: test files run in
 * parallel on two cores beside Chromium and Neo4j's JVM, where a handshake can wait that long
 * unanswered without any stall, and a false alarm fails every running call. Tests of the stall
 * watch pass production's budget (DB_DEFAULTS) themselves.
 */
export function testDb(uri: string = inject('neo4jUri'), opts: Partial<DbOptions> = {}): Db {
  return new Db({
    uri,
    user: process.env.NEO4J_TEST_USER ?? 'neo4j',
    password: process.env.NEO4J_TEST_PASSWORD ?? '',
    queryTimeoutMs: 30_000,
    probeTimeoutMs: 5_000,
    ...opts,
  });
}

/**
 * Stores the days (server/common/days.ts) of the dated relations of the given nodes (or of the nodes
 * whose id is one of them followed by "-"), and of those that are networks, as the migration at start
 * does for data written before the days: for a test graph written with raw Cypher.
 */
export async function storeDaysOf(db: Db, ids: string[]): Promise<void> {
  const among = 'any(i IN $ids WHERE x.id = i OR x.id STARTS WITH i + "-")';
  await db.writeTx(async (tx) => {
    const relations = await tx.run(
      `MATCH (x:Entity)-[r]-(:Entity) WHERE ${among} AND (r.since IS NOT NULL OR r.until IS NOT NULL)
       RETURN DISTINCT elementId(r) AS ref, r.since AS since, r.until AS until`,
      { ids },
    );
    const networks = await tx.run(
      `MATCH (x:Network) WHERE ${among} AND x.startedAt IS NOT NULL RETURN elementId(x) AS ref, x.startedAt AS startedAt`,
      { ids },
    );
    await tx.run(texts.get('storeRelationDays'), {
      rows: relations.map((r) => ({ ref: r.ref, since: r.since ?? null, until: r.until ?? null, ...relationDays(r) })),
    });
    await tx.run(texts.get('storeNodeDays'), {
      rows: networks.map((n) => ({ ref: n.ref, startedAt: n.startedAt, lastDay: null, ...nodeDays('Network', n) })),
    });
  });
}

/** A unique id prefix so each test's own data never meets another's. */
export function uid(prefix = 't'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface RunningApp {
  url: string;
  db: Db;
  close(): Promise<void>;
}

export interface AppOptions {
  db?: Db;
  clientDir?: string;
  /** Default: the development sign-in. A function of the app's own URL for settings that must name it (the OIDC redirect URI). */
  auth?: AuthSettings | ((url: string) => AuthSettings | Promise<AuthSettings>);
  /** Changes to the production HTTP settings (rate limits, CORS, body limits). */
  http?: Partial<HttpSettings>;
  log?: Logger;
  clientMiddleware?: RequestHandler;
  /** Sees every request before the app does (to count them, for example). */
  wrap?: (app: RequestListener) => RequestListener;
  /** The sources of the organisation (server/sync/); none configured unless given. */
  sync?: SyncSetup;
  /** Survey mail and the answer page's base (server/surveys/deps.ts); no mail unless given. */
  surveys?: SurveySetup;
}

/**
 * The real app on a real port against the test Neo4j, set up as server/main.ts does (JSON
 * answers to broken HTTP too). The port is taken first and the app built after, so settings may name it.
 */
export async function startAppWith(opts: AppOptions = {}): Promise<RunningApp> {
  const db = opts.db ?? testDb();
  const server: Server = createServer();
  jsonClientErrors(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  let auth: AuthSettings | undefined;
  try {
    auth = typeof opts.auth === 'function' ? await opts.auth(url) : opts.auth;
  } catch (err) {
    server.close();
    throw err;
  }
  const app = createApp({
    db,
    log: opts.log ?? pino({ level: 'silent' }),
    clientDir: opts.clientDir ?? '/nonexistent',
    http: { ...DEFAULT_HTTP, ...opts.http },
    ...(auth ? { auth } : {}),
    ...(opts.clientMiddleware ? { clientMiddleware: opts.clientMiddleware } : {}),
    ...(opts.sync ? { sync: opts.sync } : {}),
    ...(opts.surveys ? { surveys: opts.surveys } : {}),
  });
  server.on('request', opts.wrap ? opts.wrap(app) : app);
  return {
    url,
    db,
    close: async () => {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await db.close();
    },
  };
}

/** startAppWith, in the short form most tests use. */
export function startApp(
  db: Db = testDb(),
  clientDir = '/nonexistent',
  auth?: AppOptions['auth'],
): Promise<RunningApp> {
  return startAppWith({ db, clientDir, ...(auth ? { auth } : {}) });
}

/**
 * GETs a path from the running app; a 200 answer must match the endpoint's response schema
 * (the same zod schema the OpenAPI document is generated from), strictly: no extra fields.
 */
export async function getJson<T = any>(
  app: RunningApp,
  path: string,
  endpoint?: { response: import('zod').ZodType },
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${app.url}${path}`);
  const body = withoutRequestId(await res.json(), res) as T;
  if (res.status === 200 && endpoint) {
    const checked = endpoint.response.safeParse(body);
    if (!checked.success) throw new Error(`Answer of ${path} does not match its schema: ${checked.error.message}`);
  } else if (res.status !== 200) checkErrorAnswer(res.status, body);
  return { status: res.status, body };
}

/** Signs in through the development sign-in as the role's demo user (with `email`, one of its own who is the Person with that work e-mail); answers the session cookie. */
export async function signIn(
  app: RunningApp,
  role: 'reader' | 'coordinator' | 'admin',
  email?: string,
): Promise<string> {
  const res = await fetch(`${app.url}/api/auth/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url },
    body: JSON.stringify(email === undefined ? { role } : { role, email }),
  });
  if (res.status !== 200) throw new Error(`dev sign-in answered ${res.status}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ringe_session='));
  if (!cookie) throw new Error('dev sign-in set no session cookie');
  return cookie.split(';')[0]!;
}

/** A request as the browser would send it from Ringe's own page (same Origin), optionally signed in. */
export async function send<T = any>(
  app: RunningApp,
  method: string,
  path: string,
  { body, cookie, origin = app.url }: { body?: unknown; cookie?: string; origin?: string | null } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookie) headers.cookie = cookie;
  if (origin) headers.origin = origin;
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const answer = withoutRequestId(text ? JSON.parse(text) : null, res);
  if (res.status >= 400) checkErrorAnswer(res.status, answer);
  return { status: res.status, body: answer as T };
}

/**
 * Every error answer must be one api/errors.ts declares for its status, which is what the client
 * parses (client/src/lib/api.ts): every test that meets an error checks that server and client agree.
 */
export function checkErrorAnswer(status: number, body: unknown): void {
  const declared = errorAnswers.safeParse(typeof body === 'object' && body !== null ? { ...body, status } : body);
  if (!declared.success)
    throw new Error(
      `The ${status} answer ${JSON.stringify(body)} is not one api/errors.ts declares: ${declared.error.message}`,
    );
}

/**
 * Every error body names its request (error.requestId, server/security.ts): checked here against
 * the X-Request-Id header, then left out, so tests compare the rest of the answer as they always did.
 */
export function withoutRequestId(body: unknown, res: Response): unknown {
  const error = (body as { error?: { requestId?: unknown } } | null)?.error;
  if (!error || typeof error !== 'object' || !('requestId' in error)) return body;
  if (error.requestId !== res.headers.get('x-request-id')) {
    throw new Error(
      `error.requestId ${String(error.requestId)} is not the X-Request-Id header ${res.headers.get('x-request-id')}`,
    );
  }
  const { requestId: _, ...rest } = error;
  return { ...(body as object), error: rest };
}
