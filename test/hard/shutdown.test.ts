import { createServer } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { testDb, uid } from '../helpers.js';
import { network } from './load.js';
import { RawHttp, startServerProcess, type ServerProcess } from './server-process.js';

// Stopping a real server process (server/main.ts) with SIGTERM while keep-alive clients hold
// connections: it must stop listening at once (so another server can take the port), close the
// idle connections, let a request already begun finish (its answer closing its connection, so the
// client goes elsewhere), and give up on what has not finished within SHUTDOWN_TIMEOUT_MS (10 s).

const DEADLINE_MS = 10_000;

function againstTestNeo4j(): Promise<ServerProcess> {
  return startServerProcess({
    NEO4J_URI: inject('neo4jUri'),
    NEO4J_USER: process.env.NEO4J_TEST_USER ?? 'neo4j',
    NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD ?? '',
  });
}

async function keepAliveHealth(port: number): Promise<RawHttp> {
  const c = await RawHttp.open(port);
  c.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  const a = await c.answer();
  expect({ status: a.status, connection: a.headers.connection }).toEqual({ status: 200, connection: 'keep-alive' });
  return c;
}

/** Whether a new server can listen on the port (the old one let go of it). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

describe('stopping the server', () => {
  let server: ServerProcess | undefined;
  const open: RawHttp[] = [];
  afterEach(() => {
    for (const c of open) c.destroy();
    open.length = 0;
    if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    server = undefined;
  });

  it('when SIGTERM comes with idle keep-alive connections and a request half sent then the port is let go at once, the idle connections close, the request is answered with Connection: close and the process exits 0', async () => {
    server = await againstTestNeo4j();
    const s = server;
    const signIn = await fetch(`${s.url}/api/auth/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: s.url },
      body: JSON.stringify({ role: 'coordinator' }),
    });
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const idle = await Promise.all([1, 2, 3].map(() => keepAliveHealth(s.port)));
    open.push(...idle);

    // A write whose body is still arriving when the signal comes (on a keep-alive connection too).
    const id = uid('shutdown');
    const body = Buffer.from(JSON.stringify(network(id)));
    const busy = await RawHttp.open(s.port);
    open.push(busy);
    busy.write(
      `POST /api/nodes HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nConnection: keep-alive\r\nOrigin: ${s.url}\r\nCookie: ${cookie}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    busy.socket.write(body.subarray(0, 10));
    await new Promise((r) => setTimeout(r, 300));

    const t0 = performance.now();
    s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1_000));
    const after1s = { portFree: await portFree(s.port), idleClosed: idle.map((c) => c.closed), busyOpen: !busy.closed };
    busy.socket.write(body.subarray(10));
    const answer = await busy.answer();
    const closedAfterAnswer = await busy.whenClosed(2_000);
    const exit = await s.exited;

    console.log(
      `\nStopping with keep-alive clients: idle connections closed after ${idle.map((c) => Math.round(c.closedAt! - t0)).join(', ')} ms; ` +
        `the half-sent request answered ${answer.status} (connection: ${answer.headers.connection}); exit ${exit.code} after ${Math.round(exit.at - t0)} ms\n`,
    );
    expect(after1s).toEqual({ portFree: true, idleClosed: [true, true, true], busyOpen: true });
    expect({ status: answer.status, connection: answer.headers.connection }).toEqual({
      status: 201,
      connection: 'close',
    });
    expect(closedAfterAnswer).toBe(true);
    expect(exit.code).toBe(0);
    expect(exit.at - t0).toBeLessThan(5_000);
    // The write it finished is there.
    const db = testDb();
    try {
      expect(await db.read('MATCH (n:Entity {id: $id}) RETURN n.name AS name', { id })).toEqual([
        { name: `Netværk ${id}` },
      ]);
    } finally {
      await db.close();
    }
    expect(s.logs.map((l) => l.msg)).toContain('Stoppet.');
  });

  it('when a request never finishes then the server closes it after 10 s and exits 0', async () => {
    server = await againstTestNeo4j();
    const s = server;
    const stuck = await RawHttp.open(s.port);
    open.push(stuck);
    stuck.write(
      'POST /api/nodes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"id":',
    );
    await new Promise((r) => setTimeout(r, 300));

    const t0 = performance.now();
    s.child.kill('SIGTERM');
    const exit = await Promise.race([
      s.exited,
      new Promise<undefined>((r) => setTimeout(() => r(undefined), DEADLINE_MS + 20_000)),
    ]);
    console.log(
      `\nStopping with a request that never finishes: its connection closed after ${stuck.closedAt ? Math.round(stuck.closedAt - t0) : '-'} ms; exit ${exit?.code} after ${exit ? Math.round(exit.at - t0) : '-'} ms\n`,
    );
    expect(exit).toBeDefined();
    expect(exit!.code).toBe(0);
    expect(exit!.at - t0).toBeGreaterThan(DEADLINE_MS - 500);
    expect(exit!.at - t0).toBeLessThan(DEADLINE_MS + 5_000);
    expect(stuck.closed).toBe(true);
    expect(s.logs.some((l) => l.level === 40 && /afbrydes/.test(String(l.msg)))).toBe(true);
  });
});
