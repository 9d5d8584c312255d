import { resolve } from 'node:path';
import type { Config } from '../server/common/config.js';
import { Db, PATIENT_DB } from '../server/common/db/index.js';
import { ROOT } from '../server/common/folders.js';
import { startLocalNeo4j, type LocalNeo4j } from '../server/common/local-neo4j/index.js';

export interface ScriptConnection {
  db: Db;
  uri: string;
  /** Closes the driver, and stops the bundled Neo4j if this script started it. */
  close(): Promise<void>;
}

/**
 * The database for a script (seed, backup, restore): NEO4J_URI if set; else a running
 * `npm start`'s bundled Neo4j; else the bundled Neo4j, started for the script. Patient budgets and
 * a long query timeout: a bulk batch on a freshly started Neo4j can take longer than a request should.
 */
export async function connectScript(config: Config, log: (line: string) => void): Promise<ScriptConnection> {
  let local: LocalNeo4j | undefined;
  let uri = config.NEO4J_URI ?? `bolt://127.0.0.1:${config.LOCAL_NEO4J_PORT}`;
  const open = () =>
    new Db({
      uri,
      user: config.NEO4J_USER,
      password: config.NEO4J_PASSWORD,
      database: config.NEO4J_DATABASE,
      queryTimeoutMs: Math.max(config.QUERY_TIMEOUT_MS, 120_000),
      ...PATIENT_DB,
    });
  let db = open();
  try {
    await db.verify();
  } catch (err) {
    if (config.NEO4J_URI) throw err;
    await db.close();
    local = await startLocalNeo4j({
      dataDir: resolve(ROOT, config.RINGE_DATA_DIR, 'neo4j'),
      port: config.LOCAL_NEO4J_PORT,
      log,
    });
    uri = local.uri;
    db = open();
  }
  return {
    db,
    uri,
    close: async () => {
      await db.close();
      await local?.stop();
    },
  };
}
