import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Db } from '../server/common/db/index.js';
import { LocalNeo4jError, startLocalNeo4j } from '../server/common/local-neo4j/index.js';
import { freePort } from './net.js';
import { uid } from './helpers.js';

describe('the bundled Neo4j', () => {
  it('when it is stopped and started again on the same folder then the data is still there', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ringe-restart-'));
    const id = uid('restart');
    const open = async () => {
      const neo = await startLocalNeo4j({ dataDir, port: await freePort(), heapMb: 256, pageCacheMb: 32 });
      return { neo, db: new Db({ uri: neo.uri, user: 'neo4j', password: '', queryTimeoutMs: 60_000 }) };
    };
    try {
      const first = await open();
      await first.db.write('CREATE (:Department {id: $id, name: $name})', { id, name: 'Vedvarende afdeling' });
      await first.db.close();
      await first.neo.stop();

      const second = await open();
      const rows = await second.db.read('MATCH (d:Department {id: $id}) RETURN d.name AS name', { id });
      await second.db.close();
      await second.neo.stop();
      expect(rows).toEqual([{ name: 'Vedvarende afdeling' }]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('when its port is taken then it says so in one sentence', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      await expect(startLocalNeo4j({ dataDir: join(tmpdir(), uid('unused')), port })).rejects.toThrow(
        new LocalNeo4jError(
          `Port ${port} is already in use on 127.0.0.1; stop what runs there, set LOCAL_NEO4J_PORT, or set NEO4J_URI to use that Neo4j.`,
        ),
      );
    } finally {
      blocker.close();
    }
  });
});
