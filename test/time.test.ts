import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kind } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import type {
  CoordinationResponse,
  GraphResponse,
  NetworkSummary,
  NodeResponse,
  PathsResponse,
  RingsResponse,
} from '../api/explore.js';
import { stepText } from '../client/src/lib/sentences.js';
import { getJson, startApp, storeDaysOf, uid, type RunningApp } from './helpers.js';
import { sayIn } from './locale.js';

// `at=YYYY-MM-DD`: the graph as it stood that day. A relation holds from its since to its until,
// both days included; a partial date ('2015', '2015-06') covers its whole year or month; a
// network counts from its startedAt. Tests share one database, so each builds its own graph with
// unique ids and judges answers on those ids only.

const PAST = '2015-06-15';

type Endpoint = { response: import('zod').ZodType };
const get = async <T>(app: RunningApp, path: string, endpoint: Endpoint): Promise<T> => {
  const { status, body } = await getJson<T>(app, path, endpoint);
  expect(status, path).toBe(200);
  return body;
};
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

const ref = (id: string, kind: Kind, name: string) => ({ id, kind, name });
const cyNode = (
  id: string,
  label: string,
  kind: string,
  department: string | null,
  extra: { status?: string; ring?: number } = {},
) => ({
  data: { id, label, kind, department, ...extra },
});
const cyEdge = (source: string, type: string, target: string, crossDepartment = false) => ({
  data: { id: `${source}|${type}|${target}`, source, target, type, crossDepartment },
});
const byId = <T extends { data: { id: string } }>(list: T[]) =>
  [...list].sort((a, b) => (a.data.id < b.data.id ? -1 : a.data.id > b.data.id ? 1 : 0));

/**
 * Two departments; Anne (A) leads a network since 2014 and knows Carl (B) since 2015; Bo (B)
 * joins the network on 2016-03-01; Carl took part in it from 2013-05-01 to 2014-12-31; Anne also
 * leads (undated) a network started in February 2016.
 */
async function world(app: RunningApp) {
  const word = uid('tid').replace('-', '');
  const ids = {
    depA: uid('depA'),
    depB: uid('depB'),
    anne: uid('anne'),
    bo: uid('bo'),
    carl: uid('carl'),
    net: uid('net'),
    late: uid('late'),
  };
  await app.db.write(
    `CREATE (da:Entity:Department {id: $depA, name: 'Afdeling A'}), (db:Entity:Department {id: $depB, name: 'Afdeling B'}),
            (a:Entity:Person {id: $anne, name: 'Anne'}), (b:Entity:Person {id: $bo, name: 'Bo'}), (c:Entity:Person {id: $carl, name: 'Carl'}),
            (n:Entity:Network {id: $net, name: 'Netværk om ' + $word, kind: 'velfaerd', status: 'i gang'}),
            (l:Entity:Network {id: $late, name: 'Senere netværk', kind: 'velfaerd', status: 'i gang', startedAt: '2016-02'}),
            (a)-[:WORKS_IN]->(da), (b)-[:WORKS_IN]->(db), (c)-[:WORKS_IN]->(db),
            (a)-[:LEADS {since: '2014-01-01'}]->(n),
            (b)-[:PARTICIPATES_IN {since: '2016-03-01'}]->(n),
            (c)-[:PARTICIPATES_IN {since: '2013-05-01', until: '2014-12-31'}]->(n),
            (a)-[:LEADS]->(l),
            (a)-[:KNOWS {since: '2015'}]->(c)`,
    { ...ids, word },
  );
  await storeDaysOf(app.db, Object.values(ids));
  return {
    word,
    ids,
    depA: ref(ids.depA, 'Department', 'Afdeling A'),
    depB: ref(ids.depB, 'Department', 'Afdeling B'),
    anne: ref(ids.anne, 'Person', 'Anne'),
    bo: ref(ids.bo, 'Person', 'Bo'),
    carl: ref(ids.carl, 'Person', 'Carl'),
    net: ref(ids.net, 'Network', `Netværk om ${word}`),
    late: ref(ids.late, 'Network', 'Senere netværk'),
  };
}

describe('at: the graph as it stood that day', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when the rings are asked at a past day then relations that began later or had ended, and a network not started yet, are left out', async () => {
    const w = await world(app);
    const { ids } = w;
    const past = await get<RingsResponse>(
      app,
      `/api/nodes/${ids.anne}/rings?${q({ depth: '2', at: PAST })}`,
      endpoints.rings,
    );
    expect(past.rings).toEqual([
      { ring: 0, count: 1, omitted: 0 },
      { ring: 1, count: 3, omitted: 0 },
      { ring: 2, count: 1, omitted: 0 },
    ]);
    expect(past.truncated).toBe(false);
    expect(past.elements.nodes).toEqual([
      cyNode(ids.anne, 'Anne', 'Person', ids.depA, { ring: 0 }),
      cyNode(ids.depA, 'Afdeling A', 'Department', ids.depA, { ring: 1 }),
      cyNode(ids.carl, 'Carl', 'Person', ids.depB, { ring: 1 }),
      cyNode(ids.net, w.net.name, 'Network', null, { status: 'i gang', ring: 1 }),
      cyNode(ids.depB, 'Afdeling B', 'Department', ids.depB, { ring: 2 }),
    ]);
    // Carl and the network are both drawn, but his part in it had ended: no edge between them.
    expect(byId(past.elements.edges)).toEqual(
      byId([
        cyEdge(ids.anne, 'WORKS_IN', ids.depA),
        cyEdge(ids.anne, 'LEADS', ids.net),
        cyEdge(ids.anne, 'KNOWS', ids.carl, true),
        cyEdge(ids.carl, 'WORKS_IN', ids.depB),
      ]),
    );

    // Without at: today, when Bo has joined and the later network has started.
    const now = await get<RingsResponse>(app, `/api/nodes/${ids.anne}/rings?depth=2`, endpoints.rings);
    expect(now.elements.nodes.map((n) => [n.data.id, n.data.ring])).toEqual([
      [ids.anne, 0],
      [ids.depA, 1],
      [ids.carl, 1],
      [ids.net, 1],
      [ids.late, 1],
      [ids.depB, 2],
      [ids.bo, 2],
    ]);
    expect(now.elements.edges.map((e) => e.data.id)).toContain(`${ids.bo}|PARTICIPATES_IN|${ids.net}`);
    expect(now.elements.edges.map((e) => e.data.id)).not.toContain(`${ids.carl}|PARTICIPATES_IN|${ids.net}`);
  });

  it('when the graph is asked at a past day then relations that began later or had ended and a network started later are left out', async () => {
    const w = await world(app);
    const { ids } = w;
    const params = { kinds: 'Person,Network,Department', departments: `${ids.depA},${ids.depB}` };
    const past = await get<GraphResponse>(app, `/api/graph?${q({ ...params, at: PAST })}`, endpoints.graph);
    expect({ ...past, elements: { nodes: past.elements.nodes, edges: byId(past.elements.edges) } }).toEqual({
      elements: {
        nodes: [
          cyNode(ids.anne, 'Anne', 'Person', ids.depA),
          cyNode(ids.bo, 'Bo', 'Person', ids.depB),
          cyNode(ids.carl, 'Carl', 'Person', ids.depB),
          cyNode(ids.net, w.net.name, 'Network', null, { status: 'i gang' }),
          cyNode(ids.depA, 'Afdeling A', 'Department', ids.depA),
          cyNode(ids.depB, 'Afdeling B', 'Department', ids.depB),
        ],
        edges: byId([
          cyEdge(ids.anne, 'WORKS_IN', ids.depA),
          cyEdge(ids.bo, 'WORKS_IN', ids.depB),
          cyEdge(ids.carl, 'WORKS_IN', ids.depB),
          cyEdge(ids.anne, 'LEADS', ids.net),
          cyEdge(ids.anne, 'KNOWS', ids.carl, true),
        ]),
      },
      truncated: false,
      total: { nodes: 6 },
    });

    const now = await get<GraphResponse>(app, `/api/graph?${q(params)}`, endpoints.graph);
    expect(now.total).toEqual({ nodes: 7 });
    expect(now.elements.nodes.map((n) => n.data.id)).toEqual([
      ids.anne,
      ids.bo,
      ids.carl,
      ids.net,
      ids.late,
      ids.depA,
      ids.depB,
    ]);
    expect(byId(now.elements.edges)).toEqual(
      byId([
        cyEdge(ids.anne, 'WORKS_IN', ids.depA),
        cyEdge(ids.bo, 'WORKS_IN', ids.depB),
        cyEdge(ids.carl, 'WORKS_IN', ids.depB),
        cyEdge(ids.anne, 'LEADS', ids.net),
        cyEdge(ids.anne, 'LEADS', ids.late),
        cyEdge(ids.bo, 'PARTICIPATES_IN', ids.net),
        cyEdge(ids.anne, 'KNOWS', ids.carl, true),
      ]),
    );
  });

  it('when paths are asked at a day before a relation began then they do not walk it, and from its first day they do', async () => {
    const w = await world(app);
    const { ids } = w;
    // The answer's steps are facts; the client says them so (in Danish here).
    const said = (r: PathsResponse) => ({
      ...r,
      paths: r.paths.map((p) => ({ ...p, steps: p.steps.map((s) => stepText(sayIn('da'), s)) })),
    });
    const knowsToBo = {
      length: 3,
      nodes: [w.anne, w.carl, w.depB, w.bo],
      relations: [
        { type: 'KNOWS', source: ids.anne, target: ids.carl },
        { type: 'WORKS_IN', source: ids.carl, target: ids.depB },
        { type: 'WORKS_IN', source: ids.bo, target: ids.depB },
      ],
      steps: ['Anne kender Carl.', 'Carl arbejder i Afdeling B.', 'Bo arbejder i Afdeling B.'],
    };
    expect(
      said(await get<PathsResponse>(app, `/api/paths?${q({ from: ids.anne, to: ids.bo, at: PAST })}`, endpoints.paths)),
    ).toEqual({
      from: w.anne,
      to: w.bo,
      paths: [knowsToBo],
    });
    // Bo joins on 2016-03-01: that day (included) the network is the shorter way.
    expect(
      said(
        await get<PathsResponse>(
          app,
          `/api/paths?${q({ from: ids.anne, to: ids.bo, at: '2016-03-01' })}`,
          endpoints.paths,
        ),
      ),
    ).toEqual({
      from: w.anne,
      to: w.bo,
      paths: [
        {
          length: 2,
          nodes: [w.anne, w.net, w.bo],
          relations: [
            { type: 'LEADS', source: ids.anne, target: ids.net },
            { type: 'PARTICIPATES_IN', source: ids.bo, target: ids.net },
          ],
          steps: [`Anne leder netværket "${w.net.name}".`, `Bo deltager i netværket "${w.net.name}".`],
        },
        knowsToBo,
      ],
    });
  });

  it('when a node is asked without at then an ended relation is listed, and with at it and its place on the card are not', async () => {
    const w = await world(app);
    const { ids } = w;
    const carl = (relations: NodeResponse['relations'], participatesIn: unknown[]) => ({
      node: { id: ids.carl, kind: 'Person', name: 'Carl', version: 1, properties: { name: 'Carl' } },
      relations,
      truncated: false,
      card: {
        name: 'Carl',
        title: null,
        department: w.depB,
        email: null,
        phone: null,
        leads: [],
        participatesIn,
        trainings: [],
        units: [],
        manager: null,
        leftOn: null,
        handedOver: [],
      },
      unit: null,
    });
    const knows = { direction: 'in' as const, node: w.anne, version: 1, properties: { since: '2015' } };
    const worksIn = { direction: 'out' as const, node: w.depB, version: 1, properties: {} };
    expect(await get(app, `/api/nodes/${ids.carl}`, endpoints.node)).toEqual(
      carl(
        {
          KNOWS: [knows],
          PARTICIPATES_IN: [
            { direction: 'out', node: w.net, version: 1, properties: { since: '2013-05-01', until: '2014-12-31' } },
          ],
          WORKS_IN: [worksIn],
        },
        [w.net],
      ),
    );
    expect(await get(app, `/api/nodes/${ids.carl}?at=${PAST}`, endpoints.node)).toEqual(
      carl({ KNOWS: [knows], WORKS_IN: [worksIn] }, []),
    );
    // The last day of the relation is included.
    const lastDay = await get<NodeResponse>(app, `/api/nodes/${ids.carl}?at=2014-12-31`, endpoints.node);
    expect(lastDay.card?.participatesIn).toEqual([w.net]);
    expect(Object.keys(lastDay.relations).sort()).toEqual(['PARTICIPATES_IN', 'WORKS_IN']);
  });

  it('when coordination is asked at a day then only the ties that held then are counted, and departments list only what held then', async () => {
    const w = await world(app);
    const { ids } = w;
    const ours = (body: CoordinationResponse) => ({
      pairs: body.pairs.filter((p) => [ids.depA, ids.depB].includes(p.a.id) || [ids.depA, ids.depB].includes(p.b.id)),
      shares: body.shares.filter((s) => [ids.depA, ids.depB].includes(s.department.id)),
    });
    const pair = (networks: unknown[], knows: number, people: unknown[], ties: number) => ({
      a: w.depA,
      b: w.depB,
      networks,
      trainings: [],
      knows,
      people,
      ties,
    });
    const shares = (ties: number) => [
      { department: w.depA, ties, crossTies: ties, share: 1 },
      { department: w.depB, ties, crossTies: ties, share: 1 },
    ];
    // 2014: Anne and Carl share the network (Carl's part had not ended), they did not know each other yet.
    expect(ours(await get(app, '/api/coordination?at=2014-06-01', endpoints.coordination))).toEqual({
      pairs: [pair([w.net], 0, [w.anne, w.carl], 1)],
      shares: shares(1),
    });
    // 2015: Carl has left the network and Bo not joined yet; Anne knows Carl.
    expect(ours(await get(app, `/api/coordination?at=${PAST}`, endpoints.coordination))).toEqual({
      pairs: [pair([], 1, [w.anne, w.carl], 1)],
      shares: shares(1),
    });
    // Today: Bo has joined Anne's network.
    expect(ours(await get(app, '/api/coordination', endpoints.coordination))).toEqual({
      pairs: [pair([w.net], 1, [w.anne, w.bo, w.carl], 2)],
      shares: shares(2),
    });

    const departments = async (at?: string) =>
      (
        await get<{ departments: { id: string }[] }>(
          app,
          `/api/departments${at ? `?at=${at}` : ''}`,
          endpoints.departments,
        )
      ).departments.filter((d) => [ids.depA, ids.depB].includes(d.id));
    const bAndC = [
      { id: ids.bo, name: 'Bo', title: null },
      { id: ids.carl, name: 'Carl', title: null },
    ];
    expect((await departments(PAST)).find((d) => d.id === ids.depB)).toEqual({
      id: ids.depB,
      name: 'Afdeling B',
      people: bAndC,
      networks: [],
    });
    expect((await departments()).find((d) => d.id === ids.depB)).toEqual({
      id: ids.depB,
      name: 'Afdeling B',
      people: bAndC,
      networks: [w.net],
    });
  });

  it('when networks are asked at a day before a network started then it is left out, and from the first day of its start month it is in', async () => {
    const w = await world(app);
    const { ids } = w;
    const summary = (n: { id: string; name: string }, leaders: unknown[], departments: unknown[]) => ({
      id: n.id,
      name: n.name,
      kind: 'velfaerd',
      theme: null,
      status: 'i gang',
      phase: null,
      inferred: false,
      leaders,
      departments,
      outcomes: 0,
    });
    const list = (at?: string) =>
      get<{ networks: NetworkSummary[] }>(
        app,
        `/api/networks?${q({ department: ids.depA, ...(at ? { at } : {}) })}`,
        endpoints.networks,
      );
    // started '2016-02': all of February 2016 counts, none of January
    expect(await list('2016-01-31')).toEqual({ networks: [summary(w.net, [w.anne], [w.depA])] });
    expect(await list('2016-02-01')).toEqual({
      networks: [summary(w.net, [w.anne], [w.depA]), summary(w.late, [w.anne], [w.depA])],
    });
    // today Bo (Afdeling B) has joined too
    expect(await list()).toEqual({
      networks: [summary(w.net, [w.anne], [w.depA, w.depB]), summary(w.late, [w.anne], [w.depA])],
    });

    const graphIds = async (at: string) =>
      (
        await get<GraphResponse>(
          app,
          `/api/graph?${q({ kinds: 'Network', departments: ids.depA, at })}`,
          endpoints.graph,
        )
      ).elements.nodes.map((n) => n.data.id);
    expect(await graphIds('2016-01-31')).toEqual([ids.net]);
    expect(await graphIds('2016-02-29')).toEqual([ids.net, ids.late]);
  });

  it('when a relation has partial dates then since covers its whole year and until its whole month', async () => {
    const [x, y] = [uid('x'), uid('y')];
    await app.db.write(
      `CREATE (x:Entity:Person {id: $x, name: 'X'}), (y:Entity:Person {id: $y, name: 'Y'}),
              (x)-[:KNOWS {since: '2015', until: '2015-06'}]->(y)`,
      { x, y },
    );
    await storeDaysOf(app.db, [x]);
    const relations = async (at: string) =>
      (await get<NodeResponse>(app, `/api/nodes/${x}?at=${at}`, endpoints.node)).relations;
    const knows = {
      KNOWS: [
        { direction: 'out', node: ref(y, 'Person', 'Y'), version: 1, properties: { since: '2015', until: '2015-06' } },
      ],
    };
    expect(await relations('2014-12-31')).toEqual({});
    expect(await relations('2015-01-01')).toEqual(knows);
    expect(await relations('2015-06-30')).toEqual(knows);
    expect(await relations('2015-07-01')).toEqual({});

    const ring1 = async (at: string) =>
      (
        await get<RingsResponse>(app, `/api/nodes/${x}/rings?${q({ depth: '1', at })}`, endpoints.rings)
      ).elements.nodes.map((n) => n.data.id);
    expect(await ring1('2015-06-30')).toEqual([x, y]);
    expect(await ring1('2015-07-01')).toEqual([x]);
  });

  it('when a since is stored as a Neo4j date (older data) then it counts as that day, and answers do not fail on it', async () => {
    const [x, y] = [uid('x'), uid('y')];
    await app.db.write(
      `CREATE (x:Entity:Person {id: $x, name: 'X'}), (y:Entity:Person {id: $y, name: 'Y'}), (x)-[:KNOWS {since: date('2015-03-01')}]->(y)`,
      { x, y },
    );
    await storeDaysOf(app.db, [x]);
    const ring1 = async (at: string) =>
      (
        await get<RingsResponse>(app, `/api/nodes/${x}/rings?${q({ depth: '1', at })}`, endpoints.rings)
      ).elements.edges.map((e) => e.data.id);
    expect(await ring1('2015-02-28')).toEqual([]);
    expect(await ring1('2015-03-01')).toEqual([`${x}|KNOWS|${y}`]);
    await get(app, '/api/coordination?at=2015-03-01', endpoints.coordination);
  });

  it('when contacts are asked at a day then reasons and the way there come from the relations that held then', async () => {
    const w = await world(app);
    const { ids } = w;
    await app.db.write('CALL db.awaitIndexes(30)');
    const contacts = async (at: string) => {
      const body = await get<{ contacts: { person: { id: string }; reasons: { kind: string }[]; path: unknown }[] }>(
        app,
        `/api/contacts?${q({ topic: w.word, from: ids.carl, at })}`,
        endpoints.contacts,
      );
      return body.contacts.map((c) => [c.person.id, c.reasons.map((r) => r.kind), c.path]);
    };
    // 2014: Carl takes part in the network Anne leads; they do not know each other yet.
    expect(await contacts('2014-06-01')).toEqual([
      [ids.anne, ['leads'], { length: 2, via: null, through: null, direct: false }],
    ]);
    // 2016-03-01: Bo has joined (Carl reaches him through their department); Carl now knows Anne.
    expect(await contacts('2016-03-01')).toEqual([
      [ids.anne, ['leads'], { length: 1, via: null, through: null, direct: false }],
      [ids.bo, ['participates'], { length: 2, via: null, through: null, direct: false }],
    ]);
  });

  it('when at is not a day then 400 names the parameter "at", on every endpoint that takes it; search takes none', async () => {
    const paths = [
      '/api/nodes/x',
      '/api/nodes/x/rings',
      '/api/paths?from=a&to=b',
      '/api/contacts?topic=netv%C3%A6rk',
      '/api/networks',
      '/api/networks/x/flower',
      '/api/departments',
      '/api/coordination',
      '/api/graph',
    ];
    for (const path of paths) {
      for (const at of ['2015-13-01', 'yesterday']) {
        const url = `${path}${path.includes('?') ? '&' : '?'}at=${at}`;
        expect({ url, ...(await getJson(app, url)) }).toEqual({
          url,
          status: 400,
          body: {
            error: {
              code: 'validation',
              message: 'The query parameter "at" must be a date as YYYY-MM-DD.',
              details: { field: 'at' },
            },
          },
        });
      }
    }
    expect(await getJson(app, `/api/search?q=netv%C3%A6rk&at=${PAST}`)).toEqual({
      status: 400,
      body: { error: { code: 'validation', message: 'Unknown query parameter "at".', details: { field: 'at' } } },
    });
  });
});
