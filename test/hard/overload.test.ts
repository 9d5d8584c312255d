import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uid } from '../helpers.js';
import { network } from './load.js';
import { LatencyRelay } from './relay.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

// Overload is not an outage: a burst of requests larger than the database can take at once,
// against a Neo4j that answers every one, only slowly (100 ms each way: each call holds its
// connection for a few tenths of a second). A real server process with its default settings:
// what cannot be served within a moment is refused at once as busy (503 "busy" with
// Retry-After), the rest is served, nothing is called unreachable, and the log tells the two apart.

const BURST = 600;
const DELAY_MS = 100;

describe('a burst of requests beyond what the database can take', () => {
  let relay: LatencyRelay;
  let server: ServerProcess;

  beforeAll(async () => {
    relay = await LatencyRelay.start(inject('neo4jUri'), DELAY_MS);
    server = await startServerProcess({
      NEO4J_URI: relay.uri,
      NEO4J_USER: process.env.NEO4J_TEST_USER ?? 'neo4j',
      NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD ?? '',
    });
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await relay?.close();
  });

  it('when 600 requests come at once then each is served or refused at once as busy (503 busy, Retry-After), none is called unreachable, and the log says busy', async () => {
    const url = server.url;
    const signIn = await fetch(`${url}/api/auth/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ role: 'coordinator' }),
    });
    const coordinator = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const id = uid('overload');
    const created = await fetch(`${url}/api/nodes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url, cookie: coordinator },
      body: JSON.stringify(network(id)),
    });
    expect(created.status).toBe(201);
    expect((await fetch(`${url}/api/nodes/${id}`)).status).toBe(200);
    const before = server.logs.length;

    const t0 = performance.now();
    const answers = await Promise.all(
      Array.from({ length: BURST }, async () => {
        const start = performance.now();
        const res = await fetch(`${url}/api/nodes/${id}`, { signal: AbortSignal.timeout(60_000) }).catch(
          () => undefined,
        );
        const body = res ? await res.json().catch(() => null) : null;
        return {
          status: res?.status ?? 0,
          code: body?.error?.code as string | undefined,
          retryAfter: res?.headers.get('retry-after') ?? null,
          ms: performance.now() - start,
        };
      }),
    );
    const took = performance.now() - t0;
    const served = answers.filter((a) => a.status === 200);
    const busy = answers.filter((a) => a.status === 503 && a.code === 'busy');
    const other = answers.filter((a) => a.status !== 200 && !(a.status === 503 && a.code === 'busy'));
    const slowest = (list: typeof answers) => Math.round(Math.max(0, ...list.map((a) => a.ms)));
    await new Promise((r) => setTimeout(r, 500)); // its last log lines
    const lines = server.logs.slice(before).map((l) => ({ level: Number(l.level), msg: String(l.msg) }));
    const logged = (msg: string) => lines.filter((l) => l.msg === msg).length;
    console.log(
      `\nOverload: ${BURST} requests at once, Neo4j ${DELAY_MS} ms away each way\n` +
        Object.entries({
          served: served.length,
          'refused as busy': busy.length,
          other: other.length ? other.map((a) => `${a.status} ${a.code}`).join(', ') : 0,
          'slowest answer (ms)': slowest(answers),
          'slowest busy answer (ms)': slowest(busy),
          'the burst took (s)': (took / 1000).toFixed(1),
          "log lines 'database busy'": logged('database busy'),
          "log lines 'database unreachable'": logged('database unreachable'),
          'warnings of the database':
            [...new Set(lines.filter((l) => l.level === 40 && !/^database /.test(l.msg)).map((l) => l.msg))].join(
              ' | ',
            ) || 'none',
        })
          .map(([k, v]) => `  ${k.padEnd(36)} ${v}`)
          .join('\n') +
        '\n',
    );

    expect(other.map((a) => `${a.status} ${a.code}`)).toEqual([]);
    expect(served.length).toBeGreaterThan(0);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.filter((a) => a.retryAfter !== '2')).toEqual([]);
    // A busy answer comes at once or after the queue's wait (NEO4J_QUEUE_WAIT_MS, 1 s), never after the burst.
    expect(slowest(busy)).toBeLessThan(2_500);
    expect(slowest(answers)).toBeLessThan(5_000);
    expect(logged('database busy')).toBe(busy.length);
    expect(logged('database unreachable')).toBe(0);
    expect(lines.filter((l) => /^Ringe har travlt/.test(l.msg)).length).toBeGreaterThan(0);
    expect(lines.filter((l) => /^Neo4j svarer ikke/.test(l.msg))).toEqual([]);
    // Right after, one request is served as usual.
    expect((await fetch(`${url}/api/nodes/${id}`)).status).toBe(200);
  });
});
