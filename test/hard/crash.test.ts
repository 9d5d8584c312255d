import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../../server/common/db/index.js';
import { freePort } from '../net.js';
import { neo4jAnswers, outageFigures, printFigures, sec, show, underLoad, writesFound } from './load.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

// A crash of the bundled Neo4j: a real server process (server/main.ts, no NEO4J_URI) under the
// outage load of test/hard/load.ts; its Neo4j's JVM is killed with SIGKILL. Nobody touches the
// server: it must see the exit, log why, start Neo4j again on the same folder and port, and
// answer requests again within 30 s of the kill; /api/ready 503 while Neo4j is away, /api/health 200.

const BACK_WITHIN_MS = 30_000;
const BUDGET_MS = 2_000;

describe('the bundled Neo4j crashes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ringe-crash-'));
  let boltPort: number;
  let server: ServerProcess;

  beforeAll(async () => {
    boltPort = await freePort();
    server = await startServerProcess({ NEO4J_URI: '', RINGE_DATA_DIR: dataDir, LOCAL_NEO4J_PORT: String(boltPort) });
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when its JVM is killed (kill -9) under load then the server starts it again by itself and logs why: 503 with Retry-After while it is away, ready 503 and health 200, success again within 30 s, every acknowledged write there once', async () => {
    // The JVM the server started: the one java process running LocalNeo4j on this test's folder.
    const jvms = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes('ringe.LocalNeo4j') && l.includes(join(dataDir, 'neo4j')));
    expect(jvms).toHaveLength(1);
    const pid = Number(jvms[0]!.trim().split(' ')[0]);
    const signIn = await fetch(`${server.url}/api/auth/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ role: 'coordinator' }),
    });
    const coordinator = signIn.headers.getSetCookie()[0]!.split(';')[0]!;

    const run = await underLoad(server.url, coordinator, 'crash', async (phase) => {
      phase('fault');
      process.kill(pid, 'SIGKILL');
      await neo4jAnswers(`bolt://127.0.0.1:${boltPort}`, 90_000);
      phase('back');
    });

    const db = new Db({ uri: `bolt://127.0.0.1:${boltPort}`, user: 'neo4j', password: '', queryTimeoutMs: 30_000 });
    const found = await writesFound(db, run.acknowledged).finally(() => db.close());
    const f = outageFigures(run, found);
    const { samples, at } = run;
    const away = samples.filter((s) => s.start >= at.fault! && s.end < at.back!);
    const firstOk = samples
      .filter((s) => s.kind !== 'health' && s.status >= 200 && s.status < 300 && s.start >= at.fault!)
      .sort((a, b) => a.end - b.end)[0];
    const whyLine = server.logs.find((l) => l.level === 40 && /stoppede uventet/.test(String(l.msg)));
    const againLine = server.logs.find((l) => /kører igen/.test(String(l.msg)));
    printFigures('Database outage under load: the bundled Neo4j killed (kill -9), started again by the server', {
      ...f.table,
      'success again after the kill (s)': firstOk ? sec(firstOk.end - at.fault!) : 'none',
    });

    // The server said why and started it again; the server process itself is the same one.
    expect(String(whyLine?.msg)).toMatch(
      /^Den indbyggede Neo4j stoppede uventet \(signal SIGKILL\); starter den igen om 1 s\.$/,
    );
    expect(String(againLine?.msg)).toMatch(/^Den indbyggede Neo4j kører igen \(pid \d+\)\.$/);
    expect(server.child.exitCode).toBeNull();

    // While away: 503 + Retry-After in time; ready 503, health 200.
    expect(f.others.map(show)).toEqual([]);
    expect(samples.filter((s) => s.status === 503 && !s.retryAfter).map(show)).toEqual([]);
    expect(f.first503!.end - at.fault!).toBeLessThan(BUDGET_MS);
    expect(away.filter((s) => s.kind === 'health' && s.status !== 200).map(show)).toEqual([]);
    expect(away.filter((s) => s.kind === 'ready').length).toBeGreaterThan(0);
    expect(
      away.filter((s) => s.kind === 'ready' && s.end < at.back! - BUDGET_MS && s.status !== 503).map(show),
    ).toEqual([]);

    // Back within 30 s of the kill, and everything succeeds after.
    expect(firstOk).toBeDefined();
    expect(firstOk!.end - at.fault!).toBeLessThan(BACK_WITHIN_MS);
    const late = samples.filter((s) => s.start >= at.back! + 5_000);
    expect(late.length).toBeGreaterThan(0);
    expect(late.filter((s) => !(s.status >= 200 && s.status < 300)).map(show)).toEqual([]);
    expect((await fetch(`${server.url}/api/ready`)).status).toBe(200);

    // Every acknowledged write there once.
    expect(found).toHaveLength(run.acknowledged.length);
    expect({ lost: f.lost, duplicated: f.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  });
});
