import { createConnection } from 'node:net';
import { Db, type Row } from '../../server/common/db/index.js';

// The load the outage runs put on a running Ringe (in this process or another): readers, a
// signed-in reader, writers that retry a 503 as a real client would, and a prober of /api/ready
// and /api/health. A run brings its fault about while the load goes on and says when the
// database is back; the figures and the checks every run shares are here.

export type Kind = 'read' | 'signed-in read' | 'write' | 'ready' | 'health';
export interface Sample {
  kind: Kind;
  phase: string;
  start: number;
  end: number;
  status: number; // 0: no HTTP answer within a minute
  retryAfter: string | null;
  code?: string; // the error code of an error answer
}

export interface LoadResult {
  samples: Sample[];
  /** Ids of the writes that were answered 2xx. */
  acknowledged: string[];
  acknowledgedAfter503: number;
  /** When each phase began (ms since the load began); 'fault' is when the fault began, 'back' when Neo4j answered again. */
  at: Record<string, number>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const ok = (s: Sample) => s.status >= 200 && s.status < 300;
export const touchesDb = (s: Sample) => s.kind !== 'health';
export const show = (s: Sample) =>
  `${s.kind} ${s.status} ${s.code ?? ''} (${s.phase}, ${Math.round(s.end - s.start)} ms)`;
export const network = (id: string) => ({
  id,
  kind: 'Network',
  properties: { name: `Netværk ${id}`, kind: 'velfaerd', status: 'i gang' },
});

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function portOpen(port: number): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
}

/** Resolves once a driver of its own, with no history, gets an answer from the Neo4j at uri (or after withinMs, answer or not). */
export async function neo4jAnswers(uri: string, withinMs = 300_000): Promise<void> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    const fresh = new Db({ uri, user: 'neo4j', password: '', queryTimeoutMs: 10_000, probeTimeoutMs: 0 });
    try {
      await fresh.read('RETURN 1 AS one');
      return;
    } catch {
      await sleep(100);
    } finally {
      await fresh.close();
    }
  }
}

/**
 * Runs the load against url: 5 s steady, then `fault` (which calls phase() as its moments come,
 * 'fault' first and 'back' last, once Neo4j answers again), then until a read succeeds and afterMs more.
 */
export async function underLoad(
  url: string,
  coordinator: string,
  prefix: string,
  fault: (phase: (name: string) => void) => Promise<void>,
  afterMs = 8_000,
): Promise<LoadResult> {
  let phase = 'up';
  let running = true;
  const samples: Sample[] = [];
  const acknowledged: string[] = [];
  let acknowledgedAfter503 = 0;
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const at: Record<string, number> = {};

  async function request(kind: Kind, path: string, init: RequestInit = {}): Promise<Sample> {
    const sample: Sample = { kind, phase, start: now(), end: 0, status: 0, retryAfter: null };
    try {
      // A hang shows as status 0 rather than as a stuck test.
      const res = await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(60_000) });
      const text = await res.text();
      sample.status = res.status;
      sample.retryAfter = res.headers.get('retry-after');
      if (res.status >= 400) sample.code = /"code":"([^"]+)"/.exec(text)?.[1] ?? '?';
    } catch {
      sample.status = 0;
    }
    sample.end = now();
    samples.push(sample);
    return sample;
  }

  const reader = async (signedIn: boolean) => {
    while (running) {
      if (signedIn) await request('signed-in read', `/api/search?q=${prefix}`, { headers: { cookie: coordinator } });
      else await request('read', `/api/nodes/${prefix}-seed`);
      await sleep(50);
    }
  };
  // A client as a real one behaves: a write that got 503 is sent again, the same request with
  // the same id, after the Retry-After it was given, until it is answered (the whole outage
  // included; 5 minutes at most). Writes stay under the write rate limit.
  const writer = async (w: number) => {
    for (let n = 0; running; n++) {
      const id = `${prefix}-w${w}-${n}`;
      const giveUpAt = now() + 300_000;
      for (let attempt = 1; ; attempt++) {
        const s = await request('write', '/api/nodes', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: url, cookie: coordinator },
          body: JSON.stringify(network(id)),
        });
        if (ok(s)) {
          acknowledged.push(id);
          if (attempt > 1) acknowledgedAfter503++;
          break;
        }
        if (s.status !== 503 || now() > giveUpAt || !running) break;
        await sleep(Number(s.retryAfter ?? 1) * 1000);
      }
      await sleep(250);
    }
  };
  const prober = async () => {
    while (running) {
      await Promise.all([request('ready', '/api/ready'), request('health', '/api/health')]);
      await sleep(250);
    }
  };

  // The seed every reader reads; then a warm-up (a fresh database plans each query once).
  const seeded = await request('write', '/api/nodes', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie: coordinator },
    body: JSON.stringify(network(`${prefix}-seed`)),
  });
  if (seeded.status !== 201) throw new Error(`the seed write answered ${seeded.status}`);
  for (const [kind, path] of [
    ['read', `/api/nodes/${prefix}-seed`],
    ['signed-in read', `/api/search?q=${prefix}`],
    ['ready', '/api/ready'],
  ] as const) {
    await request(kind, path, kind === 'signed-in read' ? { headers: { cookie: coordinator } } : {});
  }
  samples.length = 0;
  const load = [reader(false), reader(false), reader(true), writer(1), writer(2), writer(3), writer(4), prober()];

  await sleep(5_000);
  await fault((name) => {
    phase = name;
    at[name] = now();
  });
  if (at.fault === undefined || at.back === undefined)
    throw new Error('a fault must mark its "fault" and "back" phases');
  // The load's own workers may still wait on requests sent before Neo4j was back; ask anew (a minute at most).
  const asking = now();
  while (!ok(await request('read', `/api/nodes/${prefix}-seed`)) && now() - asking < 60_000) await sleep(100);
  await sleep(afterMs);
  running = false;
  await Promise.all(load);
  return { samples, acknowledged, acknowledgedAfter503, at };
}

/** Each acknowledged write, read back: how many nodes have its id and how many creations were recorded. */
export async function writesFound(db: Db, ids: string[]): Promise<Row[]> {
  return db.read(
    `UNWIND $ids AS id
     OPTIONAL MATCH (n:Entity {id: id})
     WITH id, count(n) AS nodes
     OPTIONAL MATCH (c:Change {targetId: id, action: 'create'})
     RETURN id, nodes, count(c) AS creations`,
    { ids },
  );
}

export const sec = (ms: number) => (ms / 1000).toFixed(1);
export const maxMs = (list: Sample[]) => Math.round(Math.max(0, ...list.map((s) => s.end - s.start)));

/** The figures every outage run prints (and README quotes): first 503, slowest answer, recovery, writes. */
export function outageFigures(r: LoadResult, found: Row[]) {
  const { samples, at } = r;
  const away = samples.filter((s) => s.end >= at.fault! && s.start < at.back!);
  const first503 = samples.filter((s) => s.status === 503 && s.start >= at.fault!).sort((a, b) => a.end - b.end)[0];
  const firstBack = samples
    .filter((s) => touchesDb(s) && ok(s) && s.start >= at.back!)
    .sort((a, b) => a.end - b.end)[0];
  const others = samples.filter((s) => !ok(s) && s.status !== 503);
  const lost = r.acknowledged.length - found.filter((f) => Number(f.nodes) >= 1).length;
  const duplicated = found.filter((f) => Number(f.nodes) > 1 || Number(f.creations) > 1).length;
  return {
    first503,
    firstBack,
    others,
    lost,
    duplicated,
    table: {
      'requests sent': samples.length,
      '2xx': samples.filter(ok).length,
      '503': samples.filter((s) => s.status === 503).length,
      'other statuses': others.length
        ? [...new Set(others.map((s) => s.status))]
            .map((st) => `${st}×${others.filter((s) => s.status === st).length}`)
            .join(', ')
        : 0,
      '503 without Retry-After': samples.filter((s) => s.status === 503 && !s.retryAfter).length,
      'Neo4j away (s)': sec(at.back! - at.fault!),
      'first 503 after the fault (s)': first503 ? sec(first503.end - at.fault!) : 'none',
      'slowest answer while away (ms)': maxMs(away),
      'first success after Neo4j answered again (s)': firstBack ? sec(firstBack.end - at.back!) : 'none',
      'writes acknowledged': r.acknowledged.length,
      'of them after a 503 and a retry': r.acknowledgedAfter503,
      'writes lost': lost,
      'writes duplicated': duplicated,
    } as Record<string, string | number>,
  };
}

export function printFigures(title: string, table: Record<string, string | number>): void {
  console.log(
    `\n${title}\n${Object.entries(table)
      .map(([k, v]) => `  ${k.padEnd(44)} ${v}`)
      .join('\n')}\n`,
  );
}
