import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from '../server/common/folders.js';
import { send, signIn, startApp, testDb, uid, type RunningApp } from './helpers.js';
import { freePort } from './net.js';

// Several server processes, one database, no sticky routing: nothing that matters lives in a
// server process (sessions are in Neo4j), so any request may go to any server.

/** `server/main.ts` as its own process (the way `npm run dev` runs it), against the test Neo4j. */
async function serverProcess(): Promise<RunningApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NEO4J_URI: inject('neo4jUri'),
      NEO4J_USER: process.env.NEO4J_TEST_USER ?? 'neo4j',
      NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      // whatever the shell has: the development sign-in, origin checks against the host itself
      OIDC_ISSUER: '',
      PUBLIC_URL: '',
      NEO4J_DATABASE: '',
      READ_REQUIRES_SIGNIN: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server/main.ts stopped (exit ${child.exitCode}): ${output.trim()}`);
    const ready = await fetch(`${url}/api/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`server/main.ts was not ready within 60 s: ${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const db = testDb(); // this test's own look at the database; the process has its own driver
  return {
    url,
    db,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
      await db.close();
    },
  };
}

const network = (id: string) => ({
  id,
  kind: 'Network',
  properties: { name: `Netværk ${id}`, kind: 'velfaerd', status: 'i gang' },
});

describe.each([
  // Two apps, each with its own Db and driver, as two processes would have.
  {
    setup: 'two apps in this process, each with its own driver',
    start: () => Promise.all([startApp(testDb()), startApp(testDb())]),
  },
  // The real thing: two processes of server/main.ts.
  { setup: 'two server processes', start: () => Promise.all([serverProcess(), serverProcess()]) },
])('many servers, one database: $setup', ({ start }) => {
  let a: RunningApp;
  let b: RunningApp;
  beforeAll(async () => {
    [a, b] = await start();
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('when a user signs in on one server then the other knows the session, and signing out on either ends it on both', async () => {
    const onA = await signIn(a, 'coordinator');
    const seenByB = await send(b, 'GET', '/api/auth/me', { cookie: onA });
    expect(seenByB.status).toBe(200);
    expect(seenByB.body.user).toMatchObject({ sub: 'dev:coordinator', roles: expect.arrayContaining(['coordinator']) });

    const onB = await signIn(b, 'admin');
    expect((await send(a, 'GET', '/api/auth/me', { cookie: onB })).body.user).toMatchObject({
      sub: 'dev:admin',
      roles: expect.arrayContaining(['admin']),
    });

    expect((await send(b, 'POST', '/api/auth/sign-out', { cookie: onA })).status).toBe(204);
    expect((await send(a, 'GET', '/api/auth/me', { cookie: onA })).body.user).toBeNull();
    expect((await send(a, 'POST', '/api/nodes', { cookie: onA, body: network(uid('two')) })).status).toBe(401);
  });

  it('when one server makes or changes a node then the other reads it straight after, every time', async () => {
    const cookie = await signIn(a, 'coordinator');
    for (let i = 0; i < 6; i++) {
      const [writer, reader] = i % 2 === 0 ? [a, b] : [b, a];
      const id = uid('two');
      expect((await send(writer, 'POST', '/api/nodes', { cookie, body: network(id) })).status).toBe(201);
      const read = await send(reader, 'GET', `/api/nodes/${id}`);
      expect(read.status).toBe(200);
      expect(read.body.node).toMatchObject({ id, version: 1, properties: { name: `Netværk ${id}` } });

      // and the other way round: a change on the reader, seen at once by the writer
      const changed = await send(reader, 'PATCH', `/api/nodes/${id}`, {
        cookie,
        body: { version: 1, properties: { theme: `tema ${i}` } },
      });
      expect(changed.status).toBe(200);
      const again = await send(writer, 'GET', `/api/nodes/${id}`);
      expect(again.body.node).toMatchObject({ id, version: 2, properties: { theme: `tema ${i}` } });
    }
  });

  it('when both servers create the same node at once then it is made once and both answer with it', async () => {
    const cookie = await signIn(b, 'coordinator');
    const id = uid('two');
    const answers = await Promise.all(
      [a, b, a, b].map((s) => send(s, 'POST', '/api/nodes', { cookie, body: network(id) })),
    );
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const [row] = await a.db.read('MATCH (n:Entity {id: $id}) RETURN count(n) AS n', { id });
    expect(Number(row!.n)).toBe(1);
  });
});
