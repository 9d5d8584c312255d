import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { seedBooklet } from '../seed/booklet.js';
import { Db, PATIENT_DB } from '../server/common/db/index.js';
import { startLocalNeo4j, type LocalNeo4j } from '../server/common/local-neo4j/index.js';
import { ROOT } from '../server/common/folders.js';
import { bindQueries, QueryTexts as Queries } from '../server/common/queries.js';
import { applySchema } from '../server/common/db/schema.js';
import { freePort } from './net.js';
import { TEST_CLIENT_DIST } from './client-dist.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
  }
}

// One throwaway Neo4j for the whole run (or NEO4J_TEST_URI), with the schema and the booklet
// in it. Tests add their own data with unique ids and never wipe the database.
export default async function setup(project: TestProject) {
  let local: LocalNeo4j | undefined;
  let dataDir: string | undefined;
  let uri = process.env.NEO4J_TEST_URI;
  if (!uri) {
    dataDir = mkdtempSync(join(tmpdir(), 'ringe-test-neo4j-'));
    local = await startLocalNeo4j({ dataDir, port: await freePort(), heapMb: 768, pageCacheMb: 128 });
    uri = local.uri;
  }
  const db = new Db({
    uri,
    user: process.env.NEO4J_TEST_USER ?? 'neo4j',
    password: process.env.NEO4J_TEST_PASSWORD ?? '',
    queryTimeoutMs: 30_000,
    ...PATIENT_DB,
  });
  const queries = Queries.load();
  await applySchema(bindQueries(db, queries));
  await seedBooklet(bindQueries(db, queries));
  await db.close();
  project.provide('neo4jUri', uri);
  // The browser tests drive the built client: build it from the current sources. RINGE_TEST_NO_BUILD=1
  // skips it for a run of API tests only (while someone else's client change is half done).
  // RINGE_TEST_CLIENT_DIR builds it elsewhere, so that two runs on one work tree never share a half-written dist/.
  if (process.env.RINGE_TEST_NO_BUILD !== '1') {
    await build({
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: TEST_CLIENT_DIST, emptyOutDir: true },
    });
  }

  return async () => {
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
