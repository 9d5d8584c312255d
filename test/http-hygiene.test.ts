import { createServer, request as httpRequest } from 'node:http';
import type { RequestHandler } from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorAnswers } from '../api/errors.js';
import { loadConfig } from '../server/common/config.js';
import {
  contentSecurityPolicy,
  helmetHeaders,
  loggerOptions,
  securityHeaders,
  type HttpSettings,
} from '../server/common/security.js';
import { signIn, startAppWith, uid, type RunningApp } from './helpers.js';

// Security headers, request ids, request logs with secrets redacted, body size limits, CORS and
// rate limits, each against the real app on a real port.

/** startApp() with this file's own settings: rate limits, CORS origins, a logger whose lines are kept. */
function start(
  opts: { http?: Partial<HttpSettings>; lines?: Record<string, any>[]; clientMiddleware?: RequestHandler } = {},
): Promise<RunningApp> {
  const { lines, ...rest } = opts;
  return startAppWith({
    ...rest,
    ...(lines ? { log: pino(loggerOptions('info'), { write: (s: string) => void lines.push(JSON.parse(s)) }) } : {}),
  });
}

async function call(
  app: RunningApp,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> } = {},
) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { origin: app.url, ...init.headers },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await res.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

/** One sentence: ends with a full stop, no second sentence after it, no line breaks. */
const oneSentence = (m: string) => /^[^\n]+[.?!]$/.test(m) && !/[.?!]\s+[A-ZÆØÅ]/.test(m);

function expectErrorShape(res: { status: number; headers: Headers; body: any }, status: number, code: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  // The body is one api/errors.ts declares for its status, so the client can read it.
  expect(errorAnswers.safeParse({ ...res.body, status: res.status }).success).toBe(true);
  expect(oneSentence(res.body.error.message), res.body.error.message).toBe(true);
  expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
}

describe('security headers', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await start();
  });
  afterAll(() => app?.close());

  it('when any page or answer is fetched then the Content-Security-Policy allows only its own scripts, no objects, no base, no framing', async () => {
    for (const path of ['/', '/api/health', '/api/nodes/nobody']) {
      const res = await fetch(`${app.url}${path}`);
      const csp = Object.fromEntries(
        res.headers
          .get('content-security-policy')!
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values]),
      );
      expect(csp['script-src']).toEqual(["'self'"]);
      expect(csp['script-src-attr']).toEqual(["'none'"]);
      expect(csp['object-src']).toEqual(["'none'"]);
      expect(csp['base-uri']).toEqual(["'none'"]);
      expect(csp['frame-ancestors']).toEqual(["'none'"]);
      expect(csp['form-action']).toEqual(["'self'"]);
      expect(csp['default-src']).toEqual(["'self'"]);
      expect(csp['style-src']).not.toContain("'unsafe-inline'");
      expect(csp['upgrade-insecure-requests']).toBeUndefined();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it("when the headers are set in one step then an answer has exactly helmet's own headers, in development and over https too", async () => {
    /** The headers of an answer from node's HTTP server after the middleware, without those node adds itself. */
    const headersAfter = async (middleware: RequestHandler) => {
      const server = createServer((req, res) => middleware(req as never, res as never, () => res.end()));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
        const own = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
        return [...res.headers].filter(([name]) => !own.has(name));
      } finally {
        server.close();
      }
    };
    for (const opts of [{}, { dev: true }, { https: true }]) {
      const helmets = await headersAfter(helmetHeaders(opts));
      expect(helmets.length).toBeGreaterThan(10);
      expect(await headersAfter(securityHeaders(opts))).toEqual(helmets);
    }
  });

  it('when the policy is built for development or for https then only then does it relax styles and the websocket, or upgrade requests', () => {
    expect(contentSecurityPolicy({ dev: true })['style-src']).toContain("'unsafe-inline'");
    expect(contentSecurityPolicy({ dev: true })['connect-src']).toContain('ws:');
    expect(contentSecurityPolicy({ dev: true })['script-src']).toEqual(["'self'"]);
    expect(contentSecurityPolicy({ https: true })['upgrade-insecure-requests']).toEqual([]);
    expect(contentSecurityPolicy()['connect-src']).toEqual(["'self'"]);
  });
});

describe('the OpenAPI document', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await start();
  });
  afterAll(() => app?.close());

  it('when read then files have their own media types, and the refusals this module adds (413, 429) and X-Request-Id are documented', async () => {
    const doc = (await call(app, 'GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/export/csv/{kind}'].get.responses['200'].content)).toEqual(['text/csv']);
    expect(Object.keys(doc.paths['/api/export/graphml'].get.responses['200'].content)).toEqual([
      'application/graphml+xml',
    ]);
    expect(Object.keys(doc.paths['/api/import/csv'].post.requestBody.content)).toEqual(['text/csv']);
    expect(Object.keys(doc.paths['/api/export/json'].get.responses['200'].content)).toEqual(['application/json']);
    const create = doc.paths['/api/nodes'].post.responses;
    expect(create['413']).toBeDefined();
    expect(create['429'].headers['Retry-After']).toBeDefined();
    expect(create['201'].headers['X-Request-Id']).toBeDefined();
    expect(doc.paths['/api/search'].get.responses['429']).toBeUndefined();
    expect(doc.components.schemas.Error.properties.error.properties.requestId).toEqual({ type: 'string' });
  });
});

describe('request ids and request logs', () => {
  const lines: Record<string, any>[] = [];
  let app: RunningApp;
  beforeAll(async () => {
    app = await start({
      lines,
      clientMiddleware: (req, _res, next) =>
        next(req.path === '/boom' ? new Error('a bug with a secret in it') : undefined),
    });
  });
  afterAll(() => app?.close());
  const lineOf = (id: string | null) => lines.find((l) => l.requestId === id && l.msg !== undefined && l.req);

  it('when a request comes without an id then the answer has a new one in X-Request-Id, and an error body carries the same', async () => {
    const ok = await call(app, 'GET', '/api/health');
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const notFound = await call(app, 'GET', '/api/nodes/nobody-here');
    expectErrorShape(notFound, 404, 'not_found');
    expect(notFound.headers.get('x-request-id')).not.toBe(ok.headers.get('x-request-id'));
  });

  it('when a request brings a short safe id then it is kept, and an unsafe or long one is replaced', async () => {
    const kept = await call(app, 'GET', '/api/nodes/nobody-here', { headers: { 'x-request-id': 'lb-1234.abc:9_Z' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-1234.abc:9_Z');
    expect(kept.body.error.requestId).toBe('lb-1234.abc:9_Z');
    for (const bad of ['a b', '<script>', 'x'.repeat(65), '../../etc/passwd', 'id"}']) {
      const res = await call(app, 'GET', '/api/health', { headers: { 'x-request-id': bad } });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('when requests are logged then each line has the request id, and cookies, authorization and set-cookie are redacted', async () => {
    const signInRes = await call(app, 'POST', '/api/auth/dev/sign-in', {
      headers: { 'content-type': 'application/json', 'x-request-id': 'signin-1' },
      body: JSON.stringify({ role: 'reader' }),
    });
    expect(signInRes.status).toBe(200);
    const cookie = signInRes.headers.getSetCookie()[0]!.split(';')[0]!;
    await call(app, 'GET', '/api/auth/me', {
      headers: { cookie, authorization: 'Bearer very-secret', 'x-request-id': 'me-1' },
    });
    await expect.poll(() => lineOf('me-1')).toBeDefined();
    const me = lineOf('me-1')!;
    expect(me).toMatchObject({
      msg: 'request completed',
      req: { method: 'GET', url: '/api/auth/me' },
      res: { statusCode: 200 },
    });
    expect(me.req.headers.cookie).toBe('[redacted]');
    expect(me.req.headers.authorization).toBe('[redacted]');
    expect(typeof me.responseTimeMs).toBe('number');
    await expect.poll(() => lineOf('signin-1')).toBeDefined();
    expect(lineOf('signin-1')!.res.headers['set-cookie']).toBe('[redacted]');
    const all = JSON.stringify(lines);
    expect(all).not.toContain(cookie.split('=')[1]);
    expect(all).not.toContain('very-secret');
  });

  it('when the log level leaves info out then a completed request writes no line, and a failed one still writes its line', async () => {
    const warnings: Record<string, any>[] = [];
    const quiet = await startAppWith({
      log: pino(loggerOptions('warn'), { write: (s: string) => void warnings.push(JSON.parse(s)) }),
      clientMiddleware: (req, _res, next) => next(req.path === '/boom' ? new Error('a bug') : undefined),
    });
    try {
      expect((await call(quiet, 'GET', '/api/health', { headers: { 'x-request-id': 'quiet-1' } })).status).toBe(200);
      expect((await call(quiet, 'GET', '/boom', { headers: { 'x-request-id': 'loud-1' } })).status).toBe(500);
      await expect
        .poll(() => warnings.find((l) => l.requestId === 'loud-1' && l.req))
        .toMatchObject({ msg: 'request failed', req: { method: 'GET', url: '/boom' }, res: { statusCode: 500 } });
      expect(warnings.filter((l) => l.requestId === 'quiet-1')).toEqual([]);
    } finally {
      await quiet.close();
    }
  });

  it("when the provider's redirect comes back then its code and state are not logged", async () => {
    await call(app, 'GET', '/api/auth/callback?code=secret-code&state=secret-state', {
      headers: { 'x-request-id': 'cb-1' },
    });
    await expect.poll(() => lineOf('cb-1')).toBeDefined();
    expect(JSON.stringify(lineOf('cb-1'))).not.toContain('secret-code');
  });

  it('when a request fails on the server then the answer says so in one sentence with its id, and the error line carries the same id', async () => {
    const res = await call(app, 'GET', '/boom', { headers: { 'x-request-id': 'boom-1' } });
    expectErrorShape(res, 500, 'internal');
    expect(JSON.stringify(res.body)).not.toContain('secret');
    await expect.poll(() => lines.filter((l) => l.requestId === 'boom-1').length).toBeGreaterThanOrEqual(2);
    const errorLine = lines.find((l) => l.requestId === 'boom-1' && l.err);
    expect(errorLine?.err?.message).toBe('a bug with a secret in it');
    expect(lineOf('boom-1')).toMatchObject({ msg: 'request failed', res: { statusCode: 500 } });
  });
});

describe('body size limits', () => {
  let app: RunningApp;
  let coordinator: string;
  let admin: string;
  beforeAll(async () => {
    app = await start();
    [coordinator, admin] = await Promise.all([signIn(app, 'coordinator'), signIn(app, 'admin')]);
  });
  afterAll(() => app?.close());

  const json = (cookie: string) => ({ 'content-type': 'application/json', cookie });

  it('when a JSON body is over 100 kB then 413 with the JSON error shape, and nothing is written', async () => {
    const id = uid('too-large');
    const body = JSON.stringify({ id, kind: 'Person', properties: { name: 'x'.repeat(110_000) } });
    expectErrorShape(await call(app, 'POST', '/api/nodes', { headers: json(coordinator), body }), 413, 'too_large');
    expect(await app.db.read('MATCH (n {id: $id}) RETURN n', { id })).toEqual([]);
    // The same for anyone, before the role is even looked at.
    expectErrorShape(
      await call(app, 'POST', '/api/nodes', { headers: { 'content-type': 'application/json' }, body }),
      413,
      'too_large',
    );
  });

  it('when a graph import is over 20 MB then 413, while one over 100 kB is read', async () => {
    const node = (i: number) => ({ id: `${uid('big')}-${i}`, kind: 'Person', properties: { name: 'n'.repeat(900) } });
    const file = (count: number) =>
      JSON.stringify({
        format: 'ringe-graph',
        version: 1,
        nodes: Array.from({ length: count }, (_, i) => node(i)),
        relations: [],
      });
    const medium = await call(app, 'POST', '/api/import/json?dryRun=true', { headers: json(admin), body: file(200) });
    expect(medium.status).toBe(200);
    const huge = file(23_000);
    expect(huge.length).toBeGreaterThan(20 * 1024 * 1024);
    expectErrorShape(
      await call(app, 'POST', '/api/import/json?dryRun=true', { headers: json(admin), body: huge }),
      413,
      'too_large',
    );
  });

  it('when a CSV upload is over 20 MB then 413 with the JSON error shape', async () => {
    const csv = `id;name\n${'a;b\n'.repeat(5_600_000)}`;
    expect(csv.length).toBeGreaterThan(20 * 1024 * 1024);
    const res = await call(app, 'POST', '/api/import/csv?kind=Person&dryRun=true', {
      headers: { 'content-type': 'text/csv', cookie: admin },
      body: csv,
    });
    expectErrorShape(res, 413, 'too_large');
  });
});

describe('body encodings', () => {
  let app: RunningApp;
  let coordinator: string;
  let admin: string;
  beforeAll(async () => {
    app = await start();
    [coordinator, admin] = await Promise.all([signIn(app, 'coordinator'), signIn(app, 'admin')]);
  });
  afterAll(() => app?.close());

  /** A JSON text as UTF-8 bytes, with one byte (0xff, never part of UTF-8) where `\uffff` stands. */
  const withBadByte = (json: string) => {
    const [before, after] = json.split('\uffff');
    return new Uint8Array(
      Buffer.concat([Buffer.from(before!, 'utf8'), Buffer.from([0xff]), Buffer.from(after!, 'utf8')]),
    );
  };

  it('when a JSON body holds bytes that are not UTF-8 then 400 says so in one sentence, and nothing is stored', async () => {
    const id = uid('bad-utf8');
    const body = withBadByte(JSON.stringify({ id, kind: 'Person', properties: { name: 'Bo \uffff' } }));
    const res = await call(app, 'POST', '/api/nodes', {
      headers: { 'content-type': 'application/json', cookie: coordinator },
      body,
    });
    expectErrorShape(res, 400, 'bad_encoding');
    expect(res.body.error.message).toBe('The request body is not valid UTF-8 text.');
    expect(await app.db.read('MATCH (n {id: $id}) RETURN n', { id })).toEqual([]);

    // The graph import reads its larger bodies with its own parser: the same refusal.
    const file = withBadByte(
      JSON.stringify({
        format: 'ringe-graph',
        version: 1,
        nodes: [{ id, kind: 'Training', properties: { name: 'Kursus \uffff' } }],
        relations: [],
      }),
    );
    expectErrorShape(
      await call(app, 'POST', '/api/import/json?dryRun=true', {
        headers: { 'content-type': 'application/json', cookie: admin },
        body: file,
      }),
      400,
      'bad_encoding',
    );
  });

  it('when a JSON body is UTF-8 with Danish letters then it is stored as sent', async () => {
    const id = uid('good-utf8');
    const res = await call(app, 'POST', '/api/nodes', {
      headers: { 'content-type': 'application/json; charset=utf-8', cookie: coordinator },
      body: new Uint8Array(
        Buffer.from(JSON.stringify({ id, kind: 'Training', properties: { name: 'Æblerød Øst – Ålekurs' } }), 'utf8'),
      ),
    });
    expect(res.status).toBe(201);
    expect(await app.db.read('MATCH (n {id: $id}) RETURN n.name AS name', { id })).toEqual([
      { name: 'Æblerød Øst – Ålekurs' },
    ]);
  });
});

describe('methods', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await start();
  });
  afterAll(() => app?.close());

  /** Through node:http, which sends any method (fetch refuses TRACE). */
  const raw = (method: string, path: string) =>
    new Promise<{ status: number; headers: Headers; body: any }>((resolve, reject) => {
      const req = httpRequest(`${app.url}${path}`, { method, headers: { origin: app.url } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve({ status: res.statusCode!, headers, body: text ? JSON.parse(text) : null });
        });
      });
      req.on('error', reject);
      req.end();
    });

  it('when a known API path is called with a method it does not take then 405 names the methods it takes, in Allow too', async () => {
    const cases: [string, string, string, string][] = [
      ['TRACE', '/api/search?q=x', 'GET, HEAD, OPTIONS', '/api/search does not take TRACE, only GET, HEAD or OPTIONS.'],
      ['PUT', '/api/search', 'GET, HEAD, OPTIONS', '/api/search does not take PUT, only GET, HEAD or OPTIONS.'],
      ['TRACE', '/api/nodes', 'POST, OPTIONS', '/api/nodes does not take TRACE, only POST or OPTIONS.'],
      [
        'POST',
        '/api/nodes/somebody',
        'GET, HEAD, PATCH, DELETE, OPTIONS',
        '/api/nodes/somebody does not take POST, only GET, HEAD, PATCH, DELETE or OPTIONS.',
      ],
      [
        'GET',
        '/api/people/somebody',
        'DELETE, OPTIONS',
        '/api/people/somebody does not take GET, only DELETE or OPTIONS.',
      ],
      [
        'TRACE',
        '/api/openapi.json',
        'GET, HEAD, OPTIONS',
        '/api/openapi.json does not take TRACE, only GET, HEAD or OPTIONS.',
      ],
      ['GET', '/api/auth/sign-out', 'POST, OPTIONS', '/api/auth/sign-out does not take GET, only POST or OPTIONS.'],
    ];
    for (const [method, path, allow, message] of cases) {
      const res = await raw(method, path);
      expectErrorShape(res, 405, 'method_not_allowed');
      expect({ allow: res.headers.get('allow'), message: res.body.error.message }, `${method} ${path}`).toEqual({
        allow,
        message,
      });
    }
  });

  it('when OPTIONS asks about a known API path then 204 with Allow, and a path no route has stays 404', async () => {
    const options = await raw('OPTIONS', '/api/admin/roles/someone');
    expect({ status: options.status, allow: options.headers.get('allow') }).toEqual({
      status: 204,
      allow: 'PUT, OPTIONS',
    });
    expectErrorShape(await raw('TRACE', '/api/no-such-thing'), 404, 'not_found');
    expectErrorShape(await raw('GET', '/api/nodes/a/b/c'), 404, 'not_found');
    expectErrorShape(await raw('TRACE', '/no-such-page'), 404, 'not_found');
  });
});

describe('CORS', () => {
  let closed: RunningApp;
  let open: RunningApp;
  const friend = 'https://intranet.example.dk';
  beforeAll(async () => {
    [closed, open] = await Promise.all([start(), start({ http: { corsOrigins: [friend] } })]);
  });
  afterAll(() => Promise.all([closed?.close(), open?.close()]));

  const preflight = (app: RunningApp, origin: string) =>
    fetch(`${app.url}/api/search?q=x`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET' },
    });

  it('when CORS_ORIGINS is not set then no answer allows another origin, preflight included', async () => {
    const res = await fetch(`${closed.url}/api/search?q=frivillig`, { headers: { origin: friend } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(closed, friend)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it("when CORS_ORIGINS names an origin then that origin may read, another may not, and writes still need Ringe's own origin", async () => {
    const res = await fetch(`${open.url}/api/search?q=frivillig`, { headers: { origin: friend } });
    expect(res.headers.get('access-control-allow-origin')).toBe(friend);
    expect(res.headers.get('vary')).toMatch(/Origin/);
    const pre = await preflight(open, friend);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
    const other = await fetch(`${open.url}/api/search?q=frivillig`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(open, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const write = await call(open, 'POST', '/api/auth/sign-out', { headers: { origin: friend } });
    expectErrorShape(write, 403, 'bad_origin');
  });

  it('when CORS_ORIGINS holds something other than origins then the server does not start and says which variable', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example.dk, http://localhost:5173' }).CORS_ORIGINS).toEqual([
      'https://a.example.dk',
      'http://localhost:5173',
    ]);
    expect(loadConfig({}).CORS_ORIGINS).toEqual([]);
    for (const bad of ['https://a.example.dk/path', 'a.example.dk', '*', 'https://a.example.dk/']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS must list origins only/);
    }
    expect(() => loadConfig({ RATE_LIMIT_WRITES: '-1' })).toThrow(/RATE_LIMIT_WRITES/);
    expect(loadConfig({}).RATE_LIMIT_SIGNIN).toBeGreaterThanOrEqual(50);
  });
});

describe('rate limits', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await start({ http: { signInLimit: 3, writeLimit: 4, rateWindowMs: 60_000 } });
  });
  afterAll(() => app?.close());

  it('when sign-in is tried too often from one address then 429 with Retry-After and one sentence', async () => {
    const attempt = () =>
      call(app, 'POST', '/api/auth/dev/sign-in', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'reader' }),
      });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(200);
    const limited = await attempt();
    expectErrorShape(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.body.error.message).toMatch(
      /^Too many sign-in attempts in a short time; try again in \d+ seconds?\.$/,
    );
    // Reading is never limited.
    for (let i = 0; i < 10; i++) expect((await call(app, 'GET', '/api/auth/me')).status).toBe(200);
  });

  it('when one user writes too often then 429, while another user may still write', async () => {
    const other = await start({ http: { signInLimit: 0, writeLimit: 4, rateWindowMs: 60_000 } });
    try {
      const [coordinator, admin] = await Promise.all([signIn(other, 'coordinator'), signIn(other, 'admin')]);
      const create = (cookie: string) =>
        call(other, 'POST', '/api/nodes', {
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ id: uid('rate'), kind: 'Training', properties: { name: 'Rate limit training' } }),
        });
      for (let i = 0; i < 4; i++) expect((await create(coordinator)).status).toBe(201);
      const limited = await create(coordinator);
      expectErrorShape(limited, 429, 'rate_limited');
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await create(admin)).status).toBe(201);
    } finally {
      await other.close();
    }
  });
});
