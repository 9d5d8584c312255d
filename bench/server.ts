import { createServer } from 'node:http';
import { pino } from 'pino';
import { createApp } from '../server/app.js';
import { Db, PATIENT_DB, Tx, type Row } from '../server/db/index.js';
import { Queries } from '../server/queries.js';
import { requestContext } from '../server/security.js';

// The API under benchmark, in a process of its own as in production, so the benchmark's client and
// bare driver share neither its event loop nor its heap. It records the queries each request ran,
// by request id, and hands them to the benchmark (bench/run.ts) over IPC to replay through the bare driver.

export type Call = { query: string; params: Row };
export type BenchMessage = { ready: number } | { calls: Call[]; requestId: string };

const uri = process.env.BENCH_NEO4J_URI;
if (!uri || !process.send) {
  console.error('bench/server.ts is started by bench/run.ts.');
  process.exit(2);
}

const recorded = new Map<string, Call[]>();
const record = (query: string, params: Row) => {
  const id = requestContext.getStore()?.requestId;
  if (id) (recorded.get(id) ?? recorded.set(id, []).get(id)!).push({ query, params });
};
const txRun = Tx.prototype.run;
Tx.prototype.run = function (query: string, params: Row = {}) {
  record(query, params);
  return txRun.call(this, query, params);
};
const dbRead = Db.prototype.read;
Db.prototype.read = function (query: string, params: Row = {}) {
  record(query, params);
  return dbRead.call(this, query, params);
};

const db = new Db({ uri, user: 'neo4j', password: '', queryTimeoutMs: 120_000, ...PATIENT_DB });
const server = createServer(createApp({ db, queries: Queries.load(), log: pino({ level: 'silent' }), clientDir: '/nonexistent' }));
server.listen(0, '127.0.0.1', () => process.send!({ ready: (server.address() as { port: number }).port } satisfies BenchMessage));
process.on('message', (requestId: string) => {
  process.send!({ requestId, calls: recorded.get(requestId) ?? [] } satisfies BenchMessage);
  recorded.delete(requestId);
});
process.on('disconnect', () => {
  server.close();
  void db.close().then(() => process.exit(0));
});
