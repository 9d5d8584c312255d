import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { BoltRelay } from './net.js';
import { send, signIn, startApp, testDb, uid, type RunningApp } from './helpers.js';
import { DB_DEFAULTS } from '../server/common/db/index.js';

// The quick version of test/hard/outage.test.ts: the connection to Neo4j is cut for a moment
// (a TCP relay in front of the shared test Neo4j), nothing is restarted.

const network = (id: string) => ({
  id,
  kind: 'Network',
  properties: { name: `Netværk ${id}`, kind: 'velfaerd', status: 'i gang' },
});

async function timed(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; retryAfter: string | null; ms: number; body: any }> {
  const started = performance.now();
  const res = await fetch(url, init);
  const body = await res.json().catch(() => null);
  return { status: res.status, retryAfter: res.headers.get('retry-after'), ms: performance.now() - started, body };
}

describe('a short database outage', () => {
  let relay: BoltRelay;
  let app: RunningApp;
  let coordinator: string;
  beforeAll(async () => {
    relay = await BoltRelay.start(inject('neo4jUri'));
    app = await startApp(testDb(relay.uri, { probeTimeoutMs: DB_DEFAULTS.probeTimeoutMs }));
    coordinator = await signIn(app, 'coordinator');
  });
  afterAll(async () => {
    await app.close();
    await relay.cut();
  });

  it('when Neo4j is unreachable then reads and writes answer 503 with Retry-After within 2 s, ready is 503 and health 200; when it returns they succeed again', async () => {
    const id = uid('outage-quick');
    const post = () =>
      timed(`${app.url}/api/nodes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url, cookie: coordinator },
        body: JSON.stringify(network(id)),
      });
    expect((await timed(`${app.url}/api/nodes/mette-nielsen-duekilde`)).status).toBe(200);

    await relay.cut();
    const answers = {
      read: await timed(`${app.url}/api/nodes/mette-nielsen-duekilde`),
      signedInRead: await timed(`${app.url}/api/search?q=frivil`, { headers: { cookie: coordinator } }),
      write: await post(),
      ready: await timed(`${app.url}/api/ready`),
    };
    for (const [what, a] of Object.entries(answers)) {
      expect({ what, status: a.status, retryAfter: a.retryAfter }).toEqual({ what, status: 503, retryAfter: '5' });
      expect(a.ms, `${what} took ${Math.round(a.ms)} ms`).toBeLessThan(2_000);
    }
    expect(answers.read.body.error).toMatchObject({
      code: 'unavailable',
      message: 'The database is not reachable right now; try again in a moment.',
    });
    expect(answers.ready.body.status).toBe('unavailable');
    const health = await timed(`${app.url}/api/health`);
    expect(health.status).toBe(200);

    await relay.restore();
    const back = performance.now();
    await expect
      .poll(async () => (await timed(`${app.url}/api/nodes/mette-nielsen-duekilde`)).status, { timeout: 5_000 })
      .toBe(200);
    expect(performance.now() - back).toBeLessThan(5_000);
    expect((await timed(`${app.url}/api/ready`)).status).toBe(200);

    // The client retries the write that got 503: it is made once, and once only.
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(201);
    const [row] = await app.db.read('MATCH (n:Entity {id: $id}) RETURN count(n) AS n', { id });
    expect(Number(row!.n)).toBe(1);
    expect((await send(app, 'GET', `/api/nodes/${id}`)).status).toBe(200);
  });

  it('when Neo4j stops answering without closing its connections then reads, writes and ready answer 503 with Retry-After within 2 s, health 200; when it answers again they succeed', async () => {
    const id = uid('stall-quick');
    const post = () =>
      timed(`${app.url}/api/nodes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url, cookie: coordinator },
        body: JSON.stringify(network(id)),
      });
    expect((await timed(`${app.url}/api/nodes/mette-nielsen-duekilde`)).status).toBe(200);

    relay.stall();
    try {
      // All at once, as requests come: none waits for the stall to end.
      const [read, signedInRead, write, ready] = await Promise.all([
        timed(`${app.url}/api/nodes/mette-nielsen-duekilde`),
        timed(`${app.url}/api/search?q=frivil`, { headers: { cookie: coordinator } }),
        post(),
        timed(`${app.url}/api/ready`),
      ]);
      const later = await timed(`${app.url}/api/nodes/mette-nielsen-duekilde`);
      for (const [what, a] of Object.entries({ read, signedInRead, write, ready, later })) {
        expect({ what, status: a.status, retryAfter: a.retryAfter, code: a.body?.error?.code }).toEqual({
          what,
          status: 503,
          retryAfter: '5',
          code: 'unavailable',
        });
        expect(a.ms, `${what} took ${Math.round(a.ms)} ms`).toBeLessThan(2_000);
      }
      expect((await timed(`${app.url}/api/health`)).status).toBe(200);
    } finally {
      relay.unstall();
    }
    await expect
      .poll(async () => (await timed(`${app.url}/api/nodes/mette-nielsen-duekilde`)).status, { timeout: 5_000 })
      .toBe(200);
    expect((await timed(`${app.url}/api/ready`)).status).toBe(200);
    // The write that got 503, sent again: made once.
    expect((await post()).status).toBe(201);
    const [row] = await app.db.read('MATCH (n:Entity {id: $id}) RETURN count(n) AS n', { id });
    expect(Number(row!.n)).toBe(1);
  });
});
