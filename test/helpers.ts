import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { inject } from 'vitest';
import { errorSchema } from '../api/common.js';
import { createApp } from '../server/app.js';
import { Db } from '../server/db/index.js';
import { Queries } from '../server/queries.js';

export const queries = Queries.load();

export function testDb(uri: string = inject('neo4jUri')): Db {
  return new Db({
    uri,
    user: process.env.NEO4J_TEST_USER ?? 'neo4j',
    password: process.env.NEO4J_TEST_PASSWORD ?? '',
    queryTimeoutMs: 30_000,
  });
}

/** A unique id prefix so each test's own data never meets another's. */
export function uid(prefix = 't'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface RunningApp {
  url: string;
  db: Db;
  close(): Promise<void>;
}

/** The real app on a real port against the test Neo4j. */
export async function startApp(db: Db = testDb(), clientDir = '/nonexistent'): Promise<RunningApp> {
  const app = createApp({ db, queries, log: pino({ level: 'silent' }), clientDir });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    close: async () => {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await db.close();
    },
  };
}

/**
 * GETs a path from the running app; a 200 answer must match the endpoint's response schema
 * (the same zod schema the OpenAPI document is generated from), strictly: no extra fields.
 */
export async function getJson<T = any>(
  app: RunningApp,
  path: string,
  endpoint?: { response: import('zod').ZodType },
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${app.url}${path}`);
  const body = (await res.json()) as T;
  if (res.status === 200 && endpoint) {
    const checked = endpoint.response.safeParse(body);
    if (!checked.success) throw new Error(`Answer of ${path} does not match its schema: ${checked.error.message}`);
  } else if (res.status !== 200) {
    // every error answer has the same short shape
    errorSchema.parse(body);
  }
  return { status: res.status, body };
}
