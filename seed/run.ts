import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../server/config.js';
import { Db } from '../server/db/index.js';
import { startLocalNeo4j, type LocalNeo4j } from '../server/local-neo4j/index.js';
import { ROOT } from '../server/folders.js';
import { Queries } from '../server/queries.js';
import { applySchema } from '../server/schema.js';
import { readBooklet, seedBooklet } from './booklet.js';

// `npm run seed`: merges the booklet into Neo4j (NEO4J_URI, the bundled Neo4j a running
// `npm start` has open, or else the bundled Neo4j started just for this). Safe to repeat.
async function run(): Promise<void> {
  const config = loadConfig();
  const queries = Queries.load();
  const booklet = readBooklet();
  let local: LocalNeo4j | undefined;
  let uri = config.NEO4J_URI ?? `bolt://127.0.0.1:${config.LOCAL_NEO4J_PORT}`;
  const db = () =>
    new Db({ uri, user: config.NEO4J_USER, password: config.NEO4J_PASSWORD, database: config.NEO4J_DATABASE, queryTimeoutMs: config.QUERY_TIMEOUT_MS });
  let conn = db();
  try {
    await conn.verify();
  } catch (err) {
    if (config.NEO4J_URI) throw err;
    await conn.close();
    local = await startLocalNeo4j({ dataDir: resolve(ROOT, config.RINGE_DATA_DIR, 'neo4j'), port: config.LOCAL_NEO4J_PORT, log: console.log });
    uri = local.uri;
    conn = db();
  }
  try {
    await applySchema(conn, queries);
    await seedBooklet(conn, queries, booklet);
    console.log(`Pjecen er indlæst i ${uri}: ${booklet.networks.length} netværk, ${booklet.people.length} personer, ${booklet.departments.length} afdelinger.`);
  } finally {
    await conn.close();
    await local?.stop();
  }
}

run().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
