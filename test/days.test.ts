import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksumFile, restoreBackup } from '../seed/backup.js';
import { readBooklet, seedBooklet } from '../seed/booklet.js';
import { firstDayOf, lastDayOf, nodeDays, relationDays } from '../server/common/days.js';
import type { Db } from '../server/common/db/index.js';
import { MIGRATIONS, migrate, schemaVersion } from '../server/common/db/migrations.js';
import { startLocalNeo4j, type LocalNeo4j } from '../server/common/local-neo4j/index.js';
import { send, signIn, startAppWith, testDb, texts, uid, type RunningApp } from './helpers.js';
import { freePort } from './net.js';
import { bindQueries } from '../server/common/queries.js';

// A relation holds from its since to its until and a network from its startedAt (cypher/rings.cypher):
// beside what was written, every writer stores the days it means as Neo4j dates, made by
// server/common/days.ts, and a database from before them gets them once, from the migration at start.

const day = (d: unknown) => (d === null || d === undefined ? null : String(d));
const span = (written: unknown) => [day(firstDayOf(written)), day(lastDayOf(written))];

describe('the days of what was written', () => {
  it('when a year, a month or a day is written then its first and last day are the whole of it, February of leap years included', () => {
    expect(span('2014')).toEqual(['2014-01-01', '2014-12-31']);
    expect(span('2014-05')).toEqual(['2014-05-01', '2014-05-31']);
    expect(span('2014-04')).toEqual(['2014-04-01', '2014-04-30']);
    expect(span('2023-02')).toEqual(['2023-02-01', '2023-02-28']);
    expect(span('2024-02')).toEqual(['2024-02-01', '2024-02-29']);
    expect(span('2000-02')).toEqual(['2000-02-01', '2000-02-29']);
    expect(span('1900-02')).toEqual(['1900-02-01', '1900-02-28']);
    expect(span('2014-05-03')).toEqual(['2014-05-03', '2014-05-03']);
    expect(span('2024-02-29')).toEqual(['2024-02-29', '2024-02-29']);
    // Older data may hold a Neo4j date.
    expect(span(new neo4j.types.Date(2015, 3, 1))).toEqual(['2015-03-01', '2015-03-01']);
  });

  it('when nothing, or no real period, is written then that end is open', () => {
    for (const written of [undefined, null, '', '2014-13', '2014-00', '2023-02-29', '2014-04-31', 'ukendt', '14-05'])
      expect(span(written)).toEqual([null, null]);
    expect(relationDays({ since: '2014' })).toEqual({ firstDay: firstDayOf('2014'), lastDay: null });
    expect(relationDays({ until: '2014-02' })).toEqual({ firstDay: null, lastDay: lastDayOf('2014-02') });
  });

  it('when a node is a network then its days are from its startedAt, its endedAt not ending it; other kinds have none', () => {
    expect(nodeDays('Network', { startedAt: '2016-02', endedAt: '2018' })).toEqual({
      firstDay: firstDayOf('2016-02'),
      lastDay: null,
    });
    expect(nodeDays('Network', {})).toEqual({ firstDay: null, lastDay: null });
    expect(nodeDays('Project', { startedAt: '2016-02' })).toEqual({});
  });
});

/** The stored days of a relation (by its ends' ids) or of a node, as ISO days, null when none. */
async function daysOfRelation(db: Db, source: string, target: string) {
  const [row] = await db.read(
    'MATCH (:Entity {id: $source})-[r]->(:Entity {id: $target}) RETURN r.firstDay AS firstDay, r.lastDay AS lastDay',
    { source, target },
  );
  return row ?? null;
}
async function daysOfNode(db: Db, id: string) {
  const [row] = await db.read('MATCH (n:Entity {id: $id}) RETURN n.firstDay AS firstDay, n.lastDay AS lastDay', {
    id,
  });
  return row ?? null;
}

describe('every writer stores the days', () => {
  let app: RunningApp;
  let coordinator: string;
  let admin: string;
  beforeAll(async () => {
    app = await startAppWith({ http: { writeLimit: 0 } });
    coordinator = await signIn(app, 'coordinator');
    admin = await signIn(app, 'admin');
  });
  afterAll(() => app.close());

  const post = async (path: string, body: unknown, cookie = coordinator) => {
    const res = await send(app, 'POST', path, { body, cookie });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  };

  it('when a coordinator creates, changes and undoes then the days follow what is written, and no answer shows them', async () => {
    const [p, n] = [uid('dage-p'), uid('dage-n')];
    await post('/api/nodes', { id: p, kind: 'Person', properties: { name: `Person ${p}` } });
    const made = await post('/api/nodes', {
      id: n,
      kind: 'Network',
      properties: { name: `Netværk ${n}`, kind: 'velfaerd', status: 'i gang', startedAt: '2016-02-10' },
    });
    expect(made.node.properties).toEqual({
      name: `Netværk ${n}`,
      kind: 'velfaerd',
      status: 'i gang',
      startedAt: '2016-02-10',
    });
    expect(await daysOfNode(app.db, n)).toEqual({ firstDay: '2016-02-10', lastDay: null });
    expect(await daysOfNode(app.db, p)).toEqual({ firstDay: null, lastDay: null });

    const rel = await post('/api/relations', {
      type: 'LEADS',
      source: p,
      target: n,
      properties: { since: '2016-03-01', until: '2018-06-30' },
    });
    expect(rel.relation.properties).toEqual({ since: '2016-03-01', until: '2018-06-30' });
    expect(await daysOfRelation(app.db, p, n)).toEqual({ firstDay: '2016-03-01', lastDay: '2018-06-30' });

    const path = `/api/relations/${encodeURIComponent(rel.relation.id)}`;
    const changed = await send(app, 'PATCH', path, {
      body: { version: 1, properties: { since: '2017-01-01' } },
      cookie: coordinator,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.relation.properties).toEqual({ since: '2017-01-01' });
    expect(await daysOfRelation(app.db, p, n)).toEqual({ firstDay: '2017-01-01', lastDay: null });

    const started = await send(app, 'PATCH', `/api/nodes/${n}`, {
      body: { version: 1, properties: { startedAt: null } },
      cookie: coordinator,
    });
    expect(started.status).toBe(200);
    expect(await daysOfNode(app.db, n)).toEqual({ firstDay: null, lastDay: null });
    // The undo of that change writes the startedAt back, and its day.
    expect((await send(app, 'POST', `/api/nodes/${n}/undo`, { cookie: coordinator })).status).toBe(200);
    expect(await daysOfNode(app.db, n)).toEqual({ firstDay: '2016-02-10', lastDay: null });

    // A deleted node comes back by undo with its relations, their days with them.
    const gone = await send(app, 'DELETE', `/api/nodes/${p}?version=1`, { cookie: coordinator });
    expect(gone.status).toBe(204);
    expect((await send(app, 'POST', `/api/nodes/${p}/undo`, { cookie: coordinator })).status).toBe(200);
    expect(await daysOfRelation(app.db, p, n)).toEqual({ firstDay: '2017-01-01', lastDay: null });

    // The node page shows what was written, never the days.
    const node = await send(app, 'GET', `/api/nodes/${p}`, { cookie: coordinator });
    const leads = node.body.relations.LEADS.map((r: { properties: Record<string, unknown> }) => r.properties);
    expect(leads.map((r: Record<string, unknown>) => [r.since, 'firstDay' in r, 'lastDay' in r])).toEqual([
      ['2017-01-01', false, false],
    ]);
    const network = (await send(app, 'GET', `/api/nodes/${n}`, { cookie: coordinator })).body.node.properties;
    expect([network.startedAt, 'firstDay' in network, 'lastDay' in network]).toEqual(['2016-02-10', false, false]);
  });

  it('when a graph file is imported then its relations and networks get their days, and an export leaves them out', async () => {
    const [p, n] = [uid('dage-ip'), uid('dage-in')];
    const file = {
      format: 'ringe-graph',
      version: 1,
      nodes: [
        { id: p, kind: 'Person', properties: { name: `Person ${p}` } },
        {
          id: n,
          kind: 'Network',
          properties: { name: `Netværk ${n}`, kind: 'laering', status: 'afsluttet', startedAt: '2014-10' },
        },
      ],
      relations: [
        { type: 'PARTICIPATES_IN', source: p, target: n, properties: { since: '2014-11-01', until: '2015-02-28' } },
      ],
    };
    const res = await send(app, 'POST', '/api/import/json', { body: file, cookie: admin });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await daysOfNode(app.db, n)).toEqual({ firstDay: '2014-10-01', lastDay: null });
    expect(await daysOfRelation(app.db, p, n)).toEqual({ firstDay: '2014-11-01', lastDay: '2015-02-28' });

    const exported = await send(app, 'GET', '/api/export/json', { cookie: admin });
    expect(exported.status).toBe(200);
    expect(exported.body.nodes.find((x: { id: string }) => x.id === n).properties).toEqual({
      name: `Netværk ${n}`,
      kind: 'laering',
      status: 'afsluttet',
      startedAt: '2014-10',
    });
    expect(
      exported.body.relations.find((r: { source: string; target: string }) => r.source === p && r.target === n)
        .properties,
    ).toEqual({ since: '2014-11-01', until: '2015-02-28' });
  });
});

describe('the migration at start', () => {
  let neo: LocalNeo4j | undefined;
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringe-days-neo4j-'));
    neo = await startLocalNeo4j({ dataDir: dir, port: await freePort(), heapMb: 384, pageCacheMb: 32 });
    db = testDb(neo.uri, { queryTimeoutMs: 60_000 });
  }, 240_000);
  afterAll(async () => {
    await db?.close();
    await neo?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Every entity's and relation's properties, as text, to see that nothing changed. */
  const everything = async () =>
    JSON.stringify(
      await db.read(
        `MATCH (n:Entity) OPTIONAL MATCH (n)-[r]->(m:Entity)
         RETURN n.id AS id, properties(n) AS node, type(r) AS type, m.id AS other, properties(r) AS relation
         ORDER BY id, type, other`,
      ),
    );

  it('when a database was written before the days then a start stores them once and records its version, and a second start changes nothing', async () => {
    // The schema of old, then data as the writers of old wrote it: no days, no record of migrations.
    for (const q of texts.fromFile('schema.cypher')) await db.write(q.text);
    // The search index as it was made before units.
    await db.write('DROP INDEX ringe_search');
    await db.write(
      `CREATE FULLTEXT INDEX ringe_search FOR (n:Person|Network|Department|Partner|Training|Outcome|Forum|Project)
       ON EACH [n.name, n.title, n.theme, n.remarks] OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'danish' } }`,
    );
    await db.write(
      `CREATE (a:Entity:Person {id: 'a', name: 'A'}), (b:Entity:Person {id: 'b', name: 'B'}),
              (d:Entity:Department {id: 'd', name: 'D'}),
              (n:Entity:Network {id: 'n', name: 'N', kind: 'velfaerd', status: 'i gang', startedAt: '2016-02', phase: 'Fokuseringsfase'}),
              (o:Entity:Network {id: 'o', name: 'O', kind: 'velfaerd', status: 'i gang'}),
              (a)-[:KNOWS {since: '2014', until: '2024-02'}]->(b),
              (a)-[:WORKS_IN {since: date('2015-03-01')}]->(d),
              (b)-[:WORKS_IN {until: '2019-06'}]->(d),
              (a)-[:LEADS]->(n), (b)-[:LEADS {since: 'snart'}]->(o)`,
    );
    expect(await schemaVersion(bindQueries(db))).toBe(0);

    expect(await migrate(bindQueries(db))).toEqual([1, 2, 3]);
    const days = await db.read(
      `MATCH (x:Entity)-[r]->(y:Entity)
       RETURN x.id + '-' + type(r) + '-' + y.id AS relation, r.firstDay AS firstDay, r.lastDay AS lastDay ORDER BY relation`,
    );
    expect(days).toEqual([
      { relation: 'a-KNOWS-b', firstDay: '2014-01-01', lastDay: '2024-02-29' },
      { relation: 'a-LEADS-n', firstDay: null, lastDay: null },
      { relation: 'a-WORKS_IN-d', firstDay: '2015-03-01', lastDay: null },
      { relation: 'b-LEADS-o', firstDay: null, lastDay: null },
      { relation: 'b-WORKS_IN-d', firstDay: null, lastDay: '2019-06-30' },
    ]);
    expect(await daysOfNode(db, 'n')).toEqual({ firstDay: '2016-02-01', lastDay: null });
    expect(await daysOfNode(db, 'o')).toEqual({ firstDay: null, lastDay: null });
    // The migration before it ran too: the phase is on the fixed list.
    expect((await db.read("MATCH (n:Network {id: 'n'}) RETURN n.phase AS phase"))[0]).toEqual({
      phase: 'fokuseringsfasen',
    });
    expect(await schemaVersion(bindQueries(db))).toBe(3);
    // The search index made again by its definition: units and their KLE subjects too.
    expect(
      await db.read(
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties WHERE name = 'ringe_search' RETURN labelsOrTypes, properties",
      ),
    ).toEqual([
      {
        labelsOrTypes: [
          'Person',
          'Network',
          'Department',
          'Partner',
          'Training',
          'Outcome',
          'Forum',
          'Project',
          'Unit',
        ],
        properties: ['name', 'title', 'theme', 'remarks', 'kleText'],
      },
    ]);
    expect(await db.read('MATCH (m:Migration) RETURN m.version AS version, m.does AS does ORDER BY version')).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, does: m.does })),
    );

    const before = await everything();
    expect(await migrate(bindQueries(db))).toEqual([]);
    expect(await everything()).toBe(before);
  }, 120_000);

  /** A backup file of the given format version, with its checksum beside it. */
  function backupFile(content: object): string {
    const file = join(dir, `ringe-${uid('old')}.json`);
    const text = JSON.stringify(content);
    writeFileSync(file, text);
    writeFileSync(checksumFile(file), `${createHash('sha256').update(text).digest('hex')}  ${basename(file)}\n`);
    return file;
  }
  const graph = {
    format: 'ringe-graph',
    nodes: [
      { id: 'gp', kind: 'Person', properties: { name: 'GP' } },
      {
        id: 'gn',
        kind: 'Network',
        properties: { name: 'GN', kind: 'laering', status: 'i gang', startedAt: '2012' },
      },
    ],
    relations: [
      { type: 'LEADS', source: 'gp', target: 'gn', properties: { since: '2012-05-01', until: '2013-12-31' } },
    ],
  };

  it.each([
    ['1 (the graph only)', { ...graph, version: 1 }],
    [
      '2 (with history, grants and erasures)',
      { ...graph, version: 2, versions: [], history: [], roleGrants: [], erasures: [] },
    ],
  ])(
    'when an older backup of format version %s is restored then its relations and networks get their days',
    async (_, content) => {
      await db.write('MATCH (n) DETACH DELETE n');
      const result = await restoreBackup(bindQueries(db), backupFile(content));
      expect(result.complete).toBe(true);
      expect(await daysOfNode(db, 'gn')).toEqual({ firstDay: '2012-01-01', lastDay: null });
      expect(await daysOfRelation(db, 'gp', 'gn')).toEqual({ firstDay: '2012-05-01', lastDay: '2013-12-31' });
      // Restored into a database with no record of migrations, it records them as done.
      expect(await schemaVersion(bindQueries(db))).toBe(3);
    },
  );

  it("when a relation's dates change while the migration runs then its late batch leaves the new days alone", async () => {
    await db.write(
      `CREATE (:Entity:Person {id: 'race-a', name: 'A'})-[:KNOWS {since: '2015'}]->(:Entity:Person {id: 'race-b', name: 'B'})`,
    );
    const [read] = await db.read(
      "MATCH (:Entity {id: 'race-a'})-[r]->() RETURN elementId(r) AS ref, r.since AS since, r.until AS until",
    );
    // Another server's writer changes the since and stores its days, after the migration read it.
    await db.write(
      "MATCH (:Entity {id: 'race-a'})-[r]->() SET r.since = '2019', r.firstDay = date('2019-01-01'), r.lastDay = null",
    );
    const stale = {
      ref: String(read!.ref),
      since: '2015',
      until: null,
      ...relationDays({ since: '2015', until: null }),
    };
    const [written] = await bindQueries(db).storeRelationDays({ rows: [stale] });
    expect(written).toEqual({ written: 0 });
    expect(await daysOfRelation(db, 'race-a', 'race-b')).toEqual({ firstDay: '2019-01-01', lastDay: null });
    // A row made from the dates the relation has now is written.
    const [again] = await bindQueries(db).storeRelationDays({
      rows: [{ ref: stale.ref, since: '2019', until: null, ...relationDays({ since: '2019', until: null }) }],
    });
    expect(again).toEqual({ written: 1 });
  });

  // On this database of its own: the booklet's seed gives the network a place in the booklet's order,
  // which the report test of the shared database would meet.
  it('when the booklet is seeded then a network it dates gets its days', async () => {
    const booklet = readBooklet();
    const first = booklet.networks[0]!;
    const id = uid('dage-booklet');
    await seedBooklet(bindQueries(db), {
      ...booklet,
      departments: [],
      partners: [],
      forums: [],
      projects: [],
      trainings: [],
      people: [],
      networks: [
        {
          ...first,
          id,
          leaders: [],
          partners: [],
          reportedTo: [],
          initiatedBy: [],
          continuedAs: [],
          spawned: [],
          outcomes: [],
          startedAt: '2013-09',
        },
      ],
    });
    expect(await daysOfNode(db, id)).toEqual({ firstDay: '2013-09-01', lastDay: null });
  });
});
