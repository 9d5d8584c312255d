import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import { HUB_CAP, RING_READS } from '../server/rings/service.js';
import { getJson, startApp, uid, type RunningApp } from './helpers.js';

describe('GET /api/nodes/:id/rings', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when the centre is Carina Kofoed then ring 1 is her network, department and training', async () => {
    const { status, body } = await getJson(app, '/api/nodes/carina-kofoed/rings?depth=1', endpoints.rings);
    expect(status).toBe(200);
    expect(body.centre).toEqual({ id: 'carina-kofoed', kind: 'Person', name: 'Carina Kofoed' });
    expect(body.rings).toEqual([
      { ring: 0, count: 1, omitted: 0 },
      { ring: 1, count: 3, omitted: 0 },
    ]);
    expect(body.truncated).toBe(false);
    expect(body.elements.nodes.map((n: { data: { id: string; ring: number } }) => [n.data.id, n.data.ring])).toEqual([
      ['carina-kofoed', 0],
      ['arbejds-miljoearbejdet', 1],
      ['social-familie', 1],
      ['netvaerksintroduktion', 1],
    ]);
  });

  describe('on a network the test builds', () => {
    const ids = {
      leader: uid('leader'),
      net: uid('net'),
      a: uid('a'),
      b: uid('b'),
      depA: uid('depA'),
      depB: uid('depB'),
    };
    beforeAll(async () => {
      await app.db.write(
        `CREATE (l:Entity:Person {id: $leader, name: 'Leder'}),
                (n:Entity:Network {id: $net, name: 'Testnetværk', kind: 'velfaerd', status: 'i gang'}),
                (a:Entity:Person {id: $a, name: 'Anne'}), (b:Entity:Person {id: $b, name: 'Bo'}),
                (da:Entity:Department {id: $depA, name: 'Afdeling A'}), (db:Entity:Department {id: $depB, name: 'Afdeling B'}),
                (l)-[:LEADS]->(n), (a)-[:PARTICIPATES_IN]->(n), (b)-[:PARTICIPATES_IN]->(n),
                (l)-[:WORKS_IN]->(da), (a)-[:WORKS_IN]->(da), (b)-[:WORKS_IN]->(db), (a)-[:KNOWS {via: $net}]->(b)`,
        ids,
      );
    });

    it('when asked for two rings from the leader then each node sits at its hop distance, with every edge among them', async () => {
      const { body } = await getJson(app, `/api/nodes/${ids.leader}/rings?depth=2`, endpoints.rings);
      expect(body.rings).toEqual([
        { ring: 0, count: 1, omitted: 0 },
        { ring: 1, count: 2, omitted: 0 },
        { ring: 2, count: 2, omitted: 0 },
      ]);
      expect(body.elements).toEqual({
        nodes: [
          { data: { id: ids.leader, label: 'Leder', kind: 'Person', department: ids.depA, ring: 0 } },
          { data: { id: ids.depA, label: 'Afdeling A', kind: 'Department', department: ids.depA, ring: 1 } },
          { data: { id: ids.net, label: 'Testnetværk', kind: 'Network', department: null, status: 'i gang', ring: 1 } },
          { data: { id: ids.a, label: 'Anne', kind: 'Person', department: ids.depA, ring: 2 } },
          { data: { id: ids.b, label: 'Bo', kind: 'Person', department: ids.depB, ring: 2 } },
        ],
        edges: expect.arrayContaining([
          {
            data: { id: `${ids.a}|KNOWS|${ids.b}`, source: ids.a, target: ids.b, type: 'KNOWS', crossDepartment: true },
          },
          {
            data: {
              id: `${ids.a}|WORKS_IN|${ids.depA}`,
              source: ids.a,
              target: ids.depA,
              type: 'WORKS_IN',
              crossDepartment: false,
            },
          },
          {
            data: {
              id: `${ids.leader}|LEADS|${ids.net}`,
              source: ids.leader,
              target: ids.net,
              type: 'LEADS',
              crossDepartment: false,
            },
          },
        ]),
      });
      expect(body.elements.edges).toHaveLength(6);
      expect(body.truncated).toBe(false);
    });

    it('when the limit cuts a ring then the answer says how many it left out', async () => {
      const { body } = await getJson(app, `/api/nodes/${ids.leader}/rings?depth=3&limit=4`, endpoints.rings);
      expect(body.rings).toEqual([
        { ring: 0, count: 1, omitted: 0 },
        { ring: 1, count: 2, omitted: 0 },
        { ring: 2, count: 1, omitted: 1 },
      ]);
      expect(body.truncated).toBe(true);
      expect(body.elements.nodes).toHaveLength(4);
    });
  });

  describe('on a department of more people than a ring takes from one node', () => {
    const ids = { centre: uid('centre'), friend: uid('friend'), hub: uid('hub'), other: uid('other') };
    const members = HUB_CAP + 20;
    beforeAll(async () => {
      await app.db.write(
        `CREATE (c:Entity:Person {id: $centre, name: 'Centrum'}), (f:Entity:Person {id: $friend, name: 'Zenia Ven'}),
                (h:Entity:Department {id: $hub, name: 'Stor afdeling'}), (o:Entity:Department {id: $other, name: 'Lille afdeling'}),
                (c)-[:WORKS_IN]->(h), (f)-[:WORKS_IN]->(o), (c)-[:KNOWS]->(f)
         WITH h
         UNWIND range(1, $members - 1) AS i
         CREATE (:Entity:Person {id: $hub + '-' + i, name: 'Kollega ' + i})-[:WORKS_IN]->(h)`,
        { ...ids, members },
      );
    });

    it("when ring 2 passes the department then it takes a capped sample, takes the friend's department before colleagues and estimates what it left out", async () => {
      const { body } = await getJson(app, `/api/nodes/${ids.centre}/rings?depth=2&limit=10`, endpoints.rings);
      // Ring 2: the department's other members (319) and the friend's department, estimated from the hub's degree
      // (320 relations, less the HUB_CAP + 1 taken) plus the distinct nodes taken (HUB_CAP + 1 members and Lille afdeling).
      expect(body.rings).toEqual([
        { ring: 0, count: 1, omitted: 0 },
        { ring: 1, count: 2, omitted: 0 },
        { ring: 2, count: 7, omitted: members - (HUB_CAP + 1) + HUB_CAP + 2 - 7, approximate: true },
      ]);
      expect(
        body.elements.nodes
          .filter((n: { data: { ring: number } }) => n.data.ring === 2)
          .map((n: { data: { id: string } }) => n.data.id),
      ).toContain(ids.other);
      expect(body.truncated).toBe(true);
    });

    it('when the limit leaves room for the whole department then every member is counted exactly', async () => {
      const { body } = await getJson(app, `/api/nodes/${ids.centre}/rings?depth=2&limit=2000`, endpoints.rings);
      expect(body.rings).toEqual([
        { ring: 0, count: 1, omitted: 0 },
        { ring: 1, count: 2, omitted: 0 },
        { ring: 2, count: members, omitted: 0 },
      ]);
    });
  });

  describe('on a ring grown from many nodes that share their neighbours', () => {
    // 30 acquaintances of the centre, each knowing the same people: more than each one's share of the reads.
    const friends = 30;
    const share = Math.floor(RING_READS / friends);
    const shared = share + 5;
    const ids = { centre: uid('many'), friend: uid('friend'), shared: uid('shared') };
    beforeAll(async () => {
      await app.db.write(
        `CREATE (c:Entity:Person {id: $centre, name: 'Midten'})
         WITH c
         UNWIND range(1, $shared) AS j
         CREATE (:Entity:Person {id: $sharedId + '-' + j, name: 'Fælles ' + j})
         WITH c, count(*) AS made
         UNWIND range(1, $friends) AS i
         CREATE (c)-[:KNOWS]->(f:Entity:Person {id: $friend + '-' + i, name: 'Ven ' + i})
         WITH f
         MATCH (s:Person) WHERE s.id STARTS WITH $sharedId + '-'
         CREATE (f)-[:KNOWS]->(s)`,
        { centre: ids.centre, friend: ids.friend, sharedId: ids.shared, friends, shared },
      );
    });

    it('when their shares hold fewer distinct neighbours than the ring has room for then it is read again and counted exactly', async () => {
      const limit = 1 + friends + shared + 4;
      const { body } = await getJson(app, `/api/nodes/${ids.centre}/rings?depth=2&limit=${limit}`, endpoints.rings);
      expect(body.rings).toEqual([
        { ring: 0, count: 1, omitted: 0 },
        { ring: 1, count: friends, omitted: 0 },
        { ring: 2, count: shared, omitted: 0 },
      ]);
      expect(body.truncated).toBe(false);
    });

    it('when the ring has little room then each gives its share and what is left out is an estimate', async () => {
      const { body } = await getJson(
        app,
        `/api/nodes/${ids.centre}/rings?depth=2&limit=${1 + friends + 10}`,
        endpoints.rings,
      );
      expect(body.rings.slice(0, 2)).toEqual([
        { ring: 0, count: 1, omitted: 0 },
        { ring: 1, count: friends, omitted: 0 },
      ]);
      expect(body.rings[2]).toMatchObject({ ring: 2, count: 10, approximate: true });
      expect(body.rings[2].omitted).toBeGreaterThanOrEqual(shared - 10);
      expect(body.truncated).toBe(true);
    });
  });

  it('when depth is beyond 4 then 400 names depth', async () => {
    expect(await getJson(app, '/api/nodes/carina-kofoed/rings?depth=5')).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'The query parameter "depth" must be at most 4.',
          details: { field: 'depth' },
        },
      },
    });
  });

  it('when the centre does not exist then 404', async () => {
    const { status, body } = await getJson(app, '/api/nodes/nobody-here/rings');
    expect(status).toBe(404);
    expect(body.error.message).toBe('There is no node with id "nobody-here".');
  });
});
