import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/common/config.js';
import { Db } from '../../server/common/db/index.js';
import { startLocalNeo4j, type LocalNeo4j } from '../../server/common/local-neo4j/index.js';
import { applySchema } from '../../server/common/db/schema.js';
import { signIn, startApp, type RunningApp } from '../helpers.js';
import { freePort } from '../net.js';
import {
  maxMs,
  neo4jAnswers,
  outageFigures,
  portOpen,
  printFigures,
  sec,
  show,
  sleep,
  touchesDb,
  underLoad,
  writesFound,
  type Sample,
} from './load.js';
import { bindQueries } from '../../server/common/queries.js';

// Database outages under load: a Neo4j of its own (so the fault disturbs no other test), readers
// and a signed-in coordinator's writers going on (test/hard/load.ts), the server never restarted.
//
// 1. Neo4j stops cleanly, stays down a while, and starts again on the same data folder and port.
//    Phases: stopping; down (no Neo4j process); starting (the port still closed); warming (the
//    port accepts connections, the database is still starting); back (a fresh driver gets an
//    answer). Once the port is open a request may wait for the starting database (Neo4j accepts
//    the transaction and runs it when ready, or it times out: 503 too), which is reported.
// 2. Neo4j stalls: its JVM is stopped (SIGSTOP) for 10 s and continued (SIGCONT). Its
//    connections stay open and the kernel still accepts new ones, but nothing answers: what a
//    stalled JVM or a network partition looks like to the driver.
//
// Either way every request that needs the database answers 503 + Retry-After within 2 s while
// it is away, /api/ready 503 and /api/health 200; requests succeed again within 5 s of its
// return; every acknowledged write is there once.

const BUDGET_MS = 2_000; // an answer while the database is away
const RECOVERY_MS = 5_000; // from Neo4j back to requests succeeding
const STALL_MS = 10_000;

describe('database outages under load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ringe-outage-neo4j-'));
  let port: number;
  let neo: LocalNeo4j;
  let app: RunningApp;
  let coordinator: string;
  const start = () => startLocalNeo4j({ dataDir, port, heapMb: 512, pageCacheMb: 64 });

  beforeAll(async () => {
    port = await freePort();
    neo = await start();
    // The driver's settings exactly as the server gets them by default (server/common/config.ts).
    const config = loadConfig({});
    const db = new Db({
      uri: neo.uri,
      user: 'neo4j',
      password: '',
      queryTimeoutMs: config.QUERY_TIMEOUT_MS,
      readTimeoutMs: config.READ_TIMEOUT_MS,
      connectionTimeoutMs: config.NEO4J_CONNECTION_TIMEOUT_MS,
      acquisitionTimeoutMs: config.NEO4J_ACQUISITION_TIMEOUT_MS,
      maxRetryTimeMs: config.NEO4J_MAX_RETRY_TIME_MS,
      probeTimeoutMs: config.NEO4J_PROBE_TIMEOUT_MS,
      maxConcurrent: config.NEO4J_MAX_CONCURRENT,
      queueLimit: config.NEO4J_QUEUE_LIMIT,
      queueWaitMs: config.NEO4J_QUEUE_WAIT_MS,
    });
    await applySchema(bindQueries(db));
    app = await startApp(db);
    coordinator = await signIn(app, 'coordinator');
  });
  afterAll(async () => {
    if (neo?.pid) process.kill(neo.pid, 'SIGCONT');
    await app?.close();
    await neo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The checks both runs share. */
  async function judge(
    title: string,
    run: Awaited<ReturnType<typeof underLoad>>,
    extra: Record<string, string | number> = {},
  ) {
    const found = await writesFound(app.db, run.acknowledged);
    const f = outageFigures(run, found);
    const { samples, at } = run;
    const away = samples.filter((s) => s.start >= at.fault! && s.end < at.back!);
    printFigures(title, { ...f.table, ...extra });
    // OUTAGE_DEBUG=1: every slow or odd request too.
    if (process.env.OUTAGE_DEBUG)
      console.log(
        samples
          .filter((s) => s.end - s.start > 1500 || (s.status === 503 && !s.retryAfter))
          .map((s) => `${Math.round(s.start)} ${show(s)}`)
          .join('\n'),
      );

    // While away: 503s with Retry-After for everything that needs the database, in time; health stays up.
    expect(f.others.map(show)).toEqual([]);
    expect(samples.filter((s) => s.status === 503 && !s.retryAfter).map(show)).toEqual([]);
    expect(
      samples.filter((s) => s.status === 503 && s.code !== 'unavailable' && s.code !== 'timeout').map(show),
    ).toEqual([]);
    expect(away.filter((s) => s.kind === 'health' && s.status !== 200).map(show)).toEqual([]);
    expect(away.filter((s) => s.kind === 'write').length).toBeGreaterThan(0);
    expect(away.filter((s) => s.kind === 'ready').length).toBeGreaterThan(0);
    expect(f.first503).toBeDefined();
    expect(f.first503!.end - at.fault!).toBeLessThan(BUDGET_MS);

    // Back: within 5 s everything succeeds again, without restarting the server.
    expect(f.firstBack).toBeDefined();
    expect(f.firstBack!.end - at.back!).toBeLessThan(RECOVERY_MS);
    const late = samples.filter((s) => s.start >= at.back! + RECOVERY_MS);
    expect(late.length).toBeGreaterThan(0);
    expect(late.filter((s) => !(s.status >= 200 && s.status < 300)).map(show)).toEqual([]);

    // Every acknowledged write is in the database, once (and recorded as created once).
    expect(run.acknowledgedAfter503).toBeGreaterThan(0);
    expect(found).toHaveLength(run.acknowledged.length);
    expect({ lost: f.lost, duplicated: f.duplicated }).toEqual({ lost: 0, duplicated: 0 });
    return { samples, at, away };
  }

  it('when Neo4j stops under load then the API answers 503 with Retry-After within 2 s, ready 503 and health 200; when it returns requests succeed within 5 s and every acknowledged write is there once', async () => {
    const run = await underLoad(app.url, coordinator, 'outage', async (phase) => {
      phase('stopping');
      await neo.stop();
      // Away from here on: while it stops, Neo4j may still answer what it had begun.
      phase('fault');
      phase('down');
      await sleep(8_000);
      phase('starting');
      const starting = start(); // same data folder, same port
      await portOpen(port);
      phase('warming');
      neo = await starting;
      await neo4jAnswers(neo.uri);
      phase('back');
    });
    const { samples, at } = run;
    const inPhase = (p: string) => samples.filter((s: Sample) => s.phase === p);
    const whileDown = inPhase('down');
    const { away } = await judge('Database outage under load: Neo4j stopped, started again', run, {
      'Neo4j stopping took (s)': sec(at.down! - at.stopping!),
      'Neo4j start: port open after (s)': sec(at.warming! - at.starting!),
      'Neo4j start: first answer after (s)': sec(at.back! - at.starting!),
      'max response while stopping (ms)': maxMs(inPhase('stopping')),
      'max response while down (ms)': maxMs(whileDown),
      'max response while starting (ms)': maxMs(inPhase('starting')),
      'max response while warming (ms)': maxMs(inPhase('warming')),
    });
    // With no Neo4j process at all, every answer is a 503 in time.
    expect(whileDown.filter((s) => touchesDb(s) && s.status !== 503).map(show)).toEqual([]);
    expect(maxMs(whileDown)).toBeLessThan(BUDGET_MS);
    expect(away.length).toBeGreaterThan(0);
  });

  it('when Neo4j stalls under load (its JVM stopped, connections open) then the API answers 503 with Retry-After within 2 s, ready 503 and health 200; when it continues requests succeed within 5 s and every acknowledged write is there once', async () => {
    const pid = neo.pid!;
    const run = await underLoad(app.url, coordinator, 'stall', async (phase) => {
      phase('fault');
      process.kill(pid, 'SIGSTOP');
      await sleep(STALL_MS);
      process.kill(pid, 'SIGCONT');
      phase('continued');
      await neo4jAnswers(neo.uri);
      phase('back');
    });
    const { samples, at } = run;
    // Requests begun while the JVM was stopped: none waits out the stall.
    const stalled = samples.filter((s) => s.start >= at.fault! && s.start < at.continued! - BUDGET_MS);
    await judge('Database outage under load: Neo4j stalled (SIGSTOP) for 10 s', run, {
      'Neo4j answered after SIGCONT (s)': sec(at.back! - at.continued!),
      'requests begun while stalled': stalled.length,
      'max response of those (ms)': maxMs(stalled),
    });
    expect(stalled.filter((s) => touchesDb(s) && s.status !== 503).map(show)).toEqual([]);
    expect(maxMs(stalled)).toBeLessThan(BUDGET_MS);
    // The slowest answer of all: requests already running when it stalled included.
    expect(maxMs(samples.filter((s) => s.end >= at.fault! && s.start < at.continued!))).toBeLessThan(BUDGET_MS + 500);
  });
});
