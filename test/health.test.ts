import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { BoltRelay } from './net.js';
import { startApp, testDb, withoutRequestId, type RunningApp } from './helpers.js';

describe('health and readiness', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when the process runs then /api/health answers ok', async () => {
    const res = await fetch(`${app.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('when Neo4j answers and the schema is applied then /api/ready is 200', async () => {
    const res = await fetch(`${app.url}/api/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('when Neo4j becomes unreachable then /api/ready is 503, and 200 again when it returns', async () => {
    const relay = await BoltRelay.start(inject('neo4jUri'));
    const behindRelay = await startApp(testDb(relay.uri));
    try {
      expect((await fetch(`${behindRelay.url}/api/ready`)).status).toBe(200);

      await relay.cut();
      const down = await fetch(`${behindRelay.url}/api/ready`);
      expect(down.status).toBe(503);
      expect(withoutRequestId(await down.json(), down)).toEqual({
        status: 'unavailable',
        error: { code: 'unavailable', message: 'The database is not reachable right now.' },
      });
      // liveness does not depend on the database
      expect((await fetch(`${behindRelay.url}/api/health`)).status).toBe(200);

      await relay.restore();
      const up = await fetch(`${behindRelay.url}/api/ready`);
      expect(up.status).toBe(200);
    } finally {
      await behindRelay.close();
      await relay.cut();
    }
  });
});

describe('bad requests', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when a route does not exist then 404 with a short JSON error', async () => {
    const res = await fetch(`${app.url}/api/no-such-thing?x=1`);
    expect(res.status).toBe(404);
    expect(withoutRequestId(await res.json(), res)).toEqual({
      error: { code: 'not_found', message: 'There is no GET /api/no-such-thing.' },
    });
  });

  it('when a path outside the API does not exist and no client is built then 404 JSON', async () => {
    const res = await fetch(`${app.url}/somewhere`);
    expect(res.status).toBe(404);
    expect(withoutRequestId(await res.json(), res)).toEqual({
      error: { code: 'not_found', message: 'There is no GET /somewhere.' },
    });
  });

  it('when the body is malformed JSON then 400 with a short JSON error', async () => {
    const res = await fetch(`${app.url}/api/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(res.status).toBe(400);
    expect(withoutRequestId(await res.json(), res)).toEqual({
      error: { code: 'bad_json', message: 'The request body is not valid JSON.' },
    });
  });

  it('when the body is larger than allowed then 413 with a short JSON error', async () => {
    const res = await fetch(`${app.url}/api/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(200_000) }),
    });
    expect(res.status).toBe(413);
    expect(withoutRequestId(await res.json(), res)).toEqual({
      error: { code: 'too_large', message: 'The request body is too large.' },
    });
  });
});
