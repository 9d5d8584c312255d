import type { Express } from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints, type Endpoint } from '../api/endpoints.js';
import { createApp } from '../server/app.js';
import { expressRoutes, type ExpressRoute } from '../server/common/http.js';
import { send, signIn, startApp, testDb, type RunningApp } from './helpers.js';

// The proof that no write can be made without the right role: every route the app really has is
// found by walking Express's router stacks (not read from a list someone has to keep up to date),
// and each state-changing one is called without a session (401) and as a reader (403). A
// state-changing route that is neither an endpoint of api/endpoints.ts (with its declared role)
// nor on the short allow-list below fails the audit, so a new one cannot slip past.

/** State-changing routes anyone may call, and why. Keep this list short. */
const OPEN_WRITES: Record<string, string> = {
  'POST /api/auth/dev/sign-in': 'signing in is how a session is made (404 when OpenID Connect is configured)',
  'POST /api/auth/sign-out': "ends only the caller's own session",
};

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'ALL']);

type FoundRoute = ExpressRoute;

/** Every route of an Express 5 app with its method, mounted routers included. */
function listRoutes(app: Express): FoundRoute[] {
  return expressRoutes((app as { router?: { stack?: unknown } }).router?.stack);
}

/** /api/nodes/{id} → /api/nodes/:id, as route() registers it. */
const expressPath = (e: Endpoint) => e.path.replace(/\{(\w+)\}/g, ':$1');
/** A path a request can be sent to: every parameter filled in, optional groups taken. */
const concrete = (path: string) => path.replace(/[{}]/g, '').replace(/[:*]\w+/g, 'route-audit');
const key = (r: FoundRoute) => `${r.method} ${r.path}`;

// The app is built at collection time (the driver connects lazily), so each route is its own test.
const db = testDb();
const found = listRoutes(createApp({ db, log: pino({ level: 'silent' }) }));
// A route registered twice (e.g. a guard in front of a raw-body parser, then route()) is audited once: requests meet the first.
const routes = found.filter((r, i) => found.findIndex((o) => key(o) === key(r)) === i);
const writes = routes.filter((r) => STATE_CHANGING.has(r.method));
const endpointByRoute = new Map(
  Object.entries(endpoints).map(([name, e]) => [
    `${e.method.toUpperCase()} ${expressPath(e)}`,
    { name, e: e as Endpoint },
  ]),
);
/** Writes any signed-in reader may make about themselves (their own answer, a round of a network they lead): the handler decides. */
const callerDecides = (r: FoundRoute) => {
  const e = endpointByRoute.get(key(r))?.e;
  return e?.callerDecides === true && e.role === 'reader';
};
const guarded = writes.filter((r) => !(key(r) in OPEN_WRITES) && !callerDecides(r));
const decidedByCaller = writes.filter(callerDecides);

describe('route audit: every state-changing route needs a session and the right role', () => {
  let app: RunningApp;
  let reader: string;
  let coordinator: string;
  beforeAll(async () => {
    app = await startApp(db);
    reader = await signIn(app, 'reader');
    coordinator = await signIn(app, 'coordinator');
  });
  afterAll(() => app?.close());

  it('when the router stacks are walked then every route is listed with its method, and every endpoint of api/endpoints.ts is among them', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes).toContainEqual({ method: 'GET', path: '/api/auth/me' });
    expect(routes).toContainEqual({ method: 'GET', path: '/api/health' });
    const listed = new Set(routes.map(key));
    const unregistered = [...endpointByRoute.keys()].filter((k) => !listed.has(k));
    expect(unregistered, 'endpoints declared in api/endpoints.ts but not served by the app').toEqual([]);
  });

  it('when a state-changing route is found then it is an endpoint of api/endpoints.ts that names coordinator or admin, or on the allow-list', () => {
    const unknown = guarded.map(key).filter((k) => {
      const role = endpointByRoute.get(k)?.e.role;
      return role !== 'coordinator' && role !== 'admin';
    });
    expect(
      unknown,
      'state-changing routes with no declared coordinator/admin role: register them through route() with an endpoint, or justify them in OPEN_WRITES',
    ).toEqual([]);
    const stale = Object.keys(OPEN_WRITES).filter((k) => !writes.some((r) => key(r) === k));
    expect(stale, 'allow-listed routes the app no longer has').toEqual([]);
  });

  it.each(guarded.map((r) => [key(r), r] as const))(
    'when %s is called without a session then 401, and as a reader 403',
    async (_name, r) => {
      const method = r.method === 'ALL' ? 'POST' : r.method;
      const path = concrete(r.path);
      const anonymous = await send(app, method, path, { body: {} });
      expect({ status: anonymous.status, code: anonymous.body?.error?.code }).toEqual({
        status: 401,
        code: 'unauthenticated',
      });
      const asReader = await send(app, method, path, { body: {}, cookie: reader });
      expect({ status: asReader.status, code: asReader.body?.error?.code }).toEqual({ status: 403, code: 'forbidden' });
      // No body at all is refused the same way: the role is checked before anything is read.
      expect((await send(app, method, path, { cookie: reader })).status).toBe(403);
    },
  );

  it.each(decidedByCaller.map((r) => [key(r), r] as const))(
    'when %s (the caller decides) is called without a session then 401, and as a reader who neither is asked nor leads then it is refused, never done',
    async (_name, r) => {
      const path = concrete(r.path);
      const anonymous = await send(app, r.method, path, { body: {} });
      expect({ status: anonymous.status, code: anonymous.body?.error?.code }).toEqual({
        status: 401,
        code: 'unauthenticated',
      });
      const asReader = await send(app, r.method, path, { body: {}, cookie: reader });
      expect([400, 403, 404]).toContain(asReader.status);
    },
  );

  const adminOnly = guarded.filter((r) => endpointByRoute.get(key(r))?.e.role === 'admin');
  it.each(adminOnly.map((r) => [key(r), r] as const))(
    'when admin-only %s is called as a coordinator then 403',
    async (_name, r) => {
      const res = await send(app, r.method, concrete(r.path), { body: {}, cookie: coordinator });
      expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 403, code: 'forbidden' });
    },
  );

  it('when a state-changing request comes from another origin then it is refused before anything else, signed in or not', async () => {
    for (const r of writes) {
      const res = await send(app, r.method === 'ALL' ? 'POST' : r.method, concrete(r.path), {
        body: {},
        cookie: coordinator,
        origin: 'https://evil.example',
      });
      expect({ route: key(r), status: res.status, code: res.body?.error?.code }).toEqual({
        route: key(r),
        status: 403,
        code: 'bad_origin',
      });
    }
  });
});
