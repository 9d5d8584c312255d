import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, type SyntheticGraph } from '../seed/synthetic/generate.js';
import { afterImport, hasDatabase, importSynthetic } from '../seed/synthetic/import.js';
import { loadSynthetic, SyntheticLoadError } from '../seed/synthetic/load.js';
import { Db } from '../server/common/db/index.js';
import { applySchema } from '../server/common/db/schema.js';
import { startLocalNeo4j } from '../server/common/local-neo4j/index.js';
import { bindQueries } from '../server/common/queries.js';
import { freePort } from './net.js';

// The bulk import (seed/synthetic/import.ts) must leave a new database exactly as the Cypher loader
// (load.ts) leaves one: each in a throwaway Neo4j of its own, one after the other, never the suite's.

/** Every node and relation of the database as sorted lines: labels, and each property's name, type and value. */
async function everything(dataDir: string): Promise<string[]> {
  const local = await startLocalNeo4j({ dataDir, port: await freePort(), heapMb: 384, pageCacheMb: 64 });
  const db = new Db({ uri: local.uri, user: 'neo4j', password: '', queryTimeoutMs: 60_000 });
  try {
    const properties = (x: string) => `[k IN keys(${x}) | [k, valueType(${x}[k]), ${x}[k]]]`;
    const nodes = await db.read(`MATCH (n) RETURN labels(n) AS labels, ${properties('n')} AS props`, {});
    const relations = await db.read(
      `MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, ${properties('r')} AS props`,
      {},
    );
    const props = (list: unknown, labels: string[] = []) =>
      (list as [string, string, unknown][])
        // When a migration was recorded differs between two loads; its type does not.
        .map(([k, type, v]) => [k, type, labels.includes('Migration') && k === 'at' ? 'when' : v])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    return [
      ...nodes.map((n) => {
        const labels = [...(n.labels as string[])].sort();
        return JSON.stringify(['node', labels, props(n.props, labels)]);
      }),
      ...relations.map((r) => JSON.stringify(['relation', r.a, r.type, r.b, props(r.props)])),
    ].sort();
  } finally {
    await db.close();
    await local.stop();
  }
}

/** A Neo4j on dataDir while `work` runs with its bound queries, the schema applied first. */
async function withNeo4j(dataDir: string, work: (queries: ReturnType<typeof bindQueries>) => Promise<void>) {
  const local = await startLocalNeo4j({ dataDir, port: await freePort(), heapMb: 384, pageCacheMb: 64 });
  const db = new Db({ uri: local.uri, user: 'neo4j', password: '', queryTimeoutMs: 60_000 });
  try {
    const queries = bindQueries(db);
    await applySchema(queries);
    await work(queries);
  } finally {
    await db.close();
    await local.stop();
  }
}

describe('the synthetic bulk import', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'ringe-synthetic-import-'));
    dirs.push(d);
    return d;
  };
  let graph: SyntheticGraph;
  let loaded: string[];
  let imported: string[];
  let importedDir: string;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    graph = generate({ people: 2_000, seed: 7 });
    // The Cypher loader, as the benchmark loaded before: the schema on the empty database, then the load.
    const cypherDir = dir();
    await withNeo4j(cypherDir, async (queries) => {
      await loadSynthetic(queries, graph);
    });
    loaded = await everything(cypherDir);
    // The import: the files and the tool, then the start, the schema and what CSV cannot say.
    importedDir = dir();
    const report = await importSynthetic(graph, {
      dataDir: importedDir,
      progress: (done, total) => progress.push([done, total]),
    });
    await withNeo4j(importedDir, (queries) => afterImport(queries, report));
    imported = await everything(importedDir);
  }, 600_000);

  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('when 2,000 people are imported then every node and relation, with each property, its type and value, is as the Cypher loader stores it', () => {
    const rows = graph.nodes.length + graph.relations.length + graph.rounds.length + graph.answers.length;
    // The graph, its migrations recorded, and nothing else.
    expect(loaded.length).toBe(rows + 3);
    expect(imported).toEqual(loaded);
    // Those lines hold what matters: dates as dates, the empty lists, the survey KNOWS' integer version.
    const text = loaded.join('\n');
    expect(text).toContain('"firstDay","DATE NOT NULL"');
    expect(text).toContain('"named","LIST<NOTHING> NOT NULL",[]');
    expect(text).toContain('"version","INTEGER NOT NULL",1');
    expect(text).toContain('"askNamed","BOOLEAN NOT NULL"');
  });

  it('when importing then the progress rises from nothing to every row', () => {
    const rows = graph.nodes.length + graph.relations.length + graph.rounds.length + graph.answers.length;
    expect(progress[0]).toEqual([0, rows]);
    expect(progress.at(-1)).toEqual([rows, rows]);
    expect(progress.every(([done], i) => i === 0 || done >= progress[i - 1]![0])).toBe(true);
    // Steps within the tool's stages too, not only the files and the end.
    expect(new Set(progress.map(([done]) => done)).size).toBeGreaterThan(10);
  });

  it('when the database exists already then the import is refused and the database left as it was', async () => {
    expect(hasDatabase(importedDir)).toBe(true);
    await expect(importSynthetic(graph, { dataDir: importedDir })).rejects.toThrow(
      new SyntheticLoadError(
        `${importedDir} holds a database already; the bulk import only makes a new one (load with the Cypher loader instead).`,
      ),
    );
    expect(existsSync(join(importedDir, 'import-csv'))).toBe(false);
  });

  it('when a relation ends at a node the graph does not hold then nothing is imported', async () => {
    const small = generate({ people: 20, seed: 1 });
    const broken = {
      ...small,
      relations: [
        ...small.relations,
        { type: 'KNOWS' as const, source: small.nodes[0]!.id, target: 'syn-nobody', props: {} },
      ],
    };
    const empty = dir();
    await expect(importSynthetic(broken, { dataDir: empty })).rejects.toThrow(
      new SyntheticLoadError(
        `A KNOWS from ${small.nodes[0]!.id} to syn-nobody ends at a node the graph does not hold.`,
      ),
    );
    expect(hasDatabase(empty)).toBe(false);
    expect(readdirSync(empty)).toEqual([]);
  });
});
