import { createServer } from 'node:http';
import neo4j from 'neo4j-driver';
import { pino } from 'pino';
import { createApp } from '../server/app.js';
import { toJson, toParams } from '../server/common/db/convert.js';
import { Db, PATIENT_DB, Tx, type Row } from '../server/common/db/index.js';
import { RECORDED, type BenchMessage, type BenchOrder, type Call } from './protocol.js';

// The API under benchmark, in a process of its own as in production, so the benchmark's client and
// bare driver share neither its event loop nor its heap. It records the queries the warm-up's requests
// ran, by request id, and hands them to the benchmark (bench/run.ts) over IPC to replay through the
// bare driver and the floor (below).

// As `npm start` runs, compiled and without source maps: tsx turns them on, and then every stack the
// driver captures for a query (one per result) is mapped, about 0.15 ms a request.
process.setSourceMapsEnabled(false);

const uri = process.env.BENCH_NEO4J_URI;
if (!uri || !process.send) {
  console.error('bench/server.ts is started by bench/run.ts.');
  process.exit(2);
}

// The benchmark sends one request at a time, so every query belongs to the request that came last.
let current: string | undefined;
const recorded = new Map<string, Call[]>();
const record = <T>(query: string, params: Row, answer: Promise<T>): Promise<T> => {
  if (!current?.startsWith(RECORDED)) return answer;
  const call: Call = { query, params };
  (recorded.get(current) ?? recorded.set(current, []).get(current)!).push(call);
  const started = performance.now();
  return answer.then((rows) => {
    call.ms = performance.now() - started;
    return rows;
  });
};
// A write a request makes on the way (a signed-in session marked seen, at most once a minute) is
// the API's own cost, not a read the bare driver and the floor could replay: it is not recorded.
const writing = new WeakSet<Tx>();
const dbWriteTx = Db.prototype.writeTx;
Db.prototype.writeTx = function <T>(this: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return dbWriteTx.call(this, (tx: Tx) => {
    writing.add(tx);
    return work(tx);
  }) as Promise<T>;
};
const txRun = Tx.prototype.run;
Tx.prototype.run = function (query: string, params: Row = {}) {
  const answer = txRun.call(this, query, params);
  return writing.has(this) ? answer : record(query, params, answer);
};
// Db.read runs its query through Tx.run too, so wrapping it as well recorded (and the bare driver replayed) each
// query on its own twice; Tx.run alone sees every query once.

const db = new Db({ uri, user: 'neo4j', password: '', queryTimeoutMs: 120_000, ...PATIENT_DB });
const app = createApp({ db, log: pino({ level: 'silent' }), clientDir: '/nonexistent' });
const server = createServer((req, res) => {
  current = req.headers['x-request-id'] as string | undefined;
  app(req, res);
});

// The floor: node's bare HTTP server, with no framework, runs a request's queries in one read
// transaction through the API's own driver and sends their rows (`toJson`) as JSON. Its time over
// the bare driver's is mostly what the hop to another process costs on this machine. It is not a
// strict lower bound: its rows are not the API's answer, and may be larger or smaller to send.
const floorCalls = new Map<string, Call[]>();
const floor = createServer((req, res) => {
  const calls = floorCalls.get(decodeURIComponent((req.url ?? '').slice(1)));
  if (!calls) {
    res.writeHead(404).end();
    return;
  }
  const answer = async () => {
    const session = db.driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead(async (tx) => {
        const answers: unknown[] = [];
        for (const c of calls)
          answers.push((await tx.run(c.query, toParams(c.params) as Row)).records.map((r) => toJson(r.toObject())));
        return answers;
      });
    } finally {
      await session.close(); // as Db.readTx does before the API answers
    }
  };
  answer().then(
    (answers) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answers)),
    (err: unknown) =>
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(err instanceof Error ? err.message : String(err)),
  );
});

const port = (s: typeof server) => (s.address() as { port: number }).port;
server.listen(0, '127.0.0.1', () =>
  floor.listen(0, '127.0.0.1', () =>
    process.send!({ ready: { api: port(server), floor: port(floor) } } satisfies BenchMessage),
  ),
);
process.on('message', (order: BenchOrder) => {
  if (typeof order === 'string') {
    process.send!({ requestId: order, calls: recorded.get(order) ?? [] } satisfies BenchMessage);
    recorded.delete(order);
    return;
  }
  for (const [key, calls] of order.floor) floorCalls.set(key, calls);
  process.send!({ floorReady: true } satisfies BenchMessage);
});
process.on('disconnect', () => {
  server.close();
  floor.close();
  void db.close().then(() => process.exit(0));
});
