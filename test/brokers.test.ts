import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import type { BrokersResponse } from '../api/leadership.js';
import { channelsOfAdjacency } from '../server/brokers/channels.js';
import { analyseTies, brokersService, departmentTies, tieGraph, type TieData } from '../server/brokers/service.js';
import { AnswerCache } from '../server/ties/cache.js';
import { bindQueries } from '../server/common/queries.js';
import { getJson, startApp, storeDaysOf, testDb, uid, type RunningApp } from './helpers.js';

const dep = (id: string, name: string) => ({ id, kind: 'Department' as const, name });
const person = (id: string, name: string) => ({ id, kind: 'Person' as const, name });

/**
 * The bridge: department X has x1, x2, x3 and b, who share network NX (a clique of four);
 * department Y has y1 and y2, who share network NY; b KNOWS y1.
 */
const bridge: TieData = {
  people: [
    { id: 'b', name: 'B', departments: [{ id: 'dx', name: 'Xdep' }] },
    { id: 'x1', name: 'X1', departments: [{ id: 'dx', name: 'Xdep' }] },
    { id: 'x2', name: 'X2', departments: [{ id: 'dx', name: 'Xdep' }] },
    { id: 'x3', name: 'X3', departments: [{ id: 'dx', name: 'Xdep' }] },
    { id: 'y1', name: 'Y1', departments: [{ id: 'dy', name: 'Ydep' }] },
    { id: 'y2', name: 'Y2', departments: [{ id: 'dy', name: 'Ydep' }] },
  ],
  groups: [
    ['x1', 'x2', 'x3', 'b'],
    ['y1', 'y2'],
  ],
  knows: [['b', 'y1']],
  departments: [
    { id: 'dx', name: 'Xdep' },
    { id: 'dy', name: 'Ydep' },
  ],
};

describe('brokers: the tie graph and its numbers (pure)', () => {
  it('when people share groups and KNOWS (twice, both ways) then each pair is one tie', async () => {
    expect(
      tieGraph({
        people: bridge.people.slice(0, 3),
        groups: [
          ['b', 'x1'],
          ['b', 'x1', 'x2'],
          ['unknown', 'x2'],
        ],
        knows: [
          ['x1', 'b'],
          ['b', 'x1'],
          ['x2', 'x2'],
        ],
      }),
    ).toEqual([
      [1, 2],
      [0, 2],
      [0, 1],
    ]);
  });

  it('when a bridge person joins two departments then betweenness, degree and reach are as worked out by hand', async () => {
    // b lies between the three x's and the two y's (3 × 2 = 6 pairs); y1 between y2 and the four
    // of X (4). Degrees: b 4 (x1 x2 x3 y1), x's 3, y1 2 (b y2), y2 1. Reach: b and y1 each reach
    // the other department. Ties: X 6 inside + 1 cross = 7; Y 1 inside + 1 cross = 2.
    const xdep = dep('dx', 'Xdep');
    const ydep = dep('dy', 'Ydep');
    expect(await analyseTies(bridge, 20)).toEqual({
      method: 'exact',
      sampled: null,
      people: 6,
      brokers: [
        { person: person('b', 'B'), department: xdep, degree: 4, departmentsReached: 1, betweenness: 6 },
        { person: person('y1', 'Y1'), department: ydep, degree: 2, departmentsReached: 1, betweenness: 4 },
        { person: person('x1', 'X1'), department: xdep, degree: 3, departmentsReached: 0, betweenness: 0 },
        { person: person('x2', 'X2'), department: xdep, degree: 3, departmentsReached: 0, betweenness: 0 },
        { person: person('x3', 'X3'), department: xdep, degree: 3, departmentsReached: 0, betweenness: 0 },
        { person: person('y2', 'Y2'), department: ydep, degree: 1, departmentsReached: 0, betweenness: 0 },
      ],
      departments: [
        { department: xdep, ties: 7, crossTies: 1, share: 1 / 7 },
        { department: ydep, ties: 2, crossTies: 1, share: 0.5 },
      ],
      isolated: [],
      strongest: [{ a: xdep, b: ydep, ties: 1 }],
      weakest: [{ a: xdep, b: ydep, ties: 1 }],
    });
    expect((await analyseTies(bridge, 2)).brokers.map((b) => b.person.id)).toEqual(['b', 'y1']);
  });

  it('when asked with a small exact limit then it is estimated from the sample, and says so', async () => {
    const estimate = await analyseTies(bridge, 20, { exactUpTo: 3, sample: 2 });
    expect({ method: estimate.method, sampled: estimate.sampled }).toEqual({ method: 'approximate', sampled: 2 });
    // The same graph gives the same estimate.
    expect(await analyseTies(bridge, 20, { exactUpTo: 3, sample: 2 })).toEqual(estimate);
  });

  it('when departments are counted then a tie counts for every department of its two people, crosses only when they share none, and zero pairs are weakest', async () => {
    // Departments A, B, C, D by name. a1, a2 in A; b1 in B; c1 in C; m works in C and A; z has
    // none and is left out; nobody works in D.
    // Ties: a1–a2 (A inside), a1–b1, a2–b1 (A–B), b1–c1 (B–C), m–b1 (across: for A–B and C–B),
    // m–a1 (they share A: a tie of A and of C, not a cross one), c1–z (left out).
    // A: a1–a2, a1–b1, a2–b1, m–b1, m–a1 = 5, cross 3. B: 4, cross 4. C: b1–c1, m–b1, m–a1 = 3, cross 2.
    const departments = [
      { id: 'dep-a', name: 'A' },
      { id: 'dep-b', name: 'B' },
      { id: 'c', name: 'C' },
      { id: 'dep-d', name: 'D' },
    ];
    const people = ['a1', 'a2', 'b1', 'c1', 'm', 'z'];
    const departmentsOf = [['dep-a'], ['dep-a'], ['dep-b'], ['c'], ['c', 'dep-a'], []];
    const at = (id: string) => people.indexOf(id);
    const adjacency = tieGraph({
      people: people.map((id) => ({ id, name: id, departments: [] })),
      groups: [],
      knows: [
        ['a1', 'a2'],
        ['a1', 'b1'],
        ['a2', 'b1'],
        ['b1', 'c1'],
        ['m', 'b1'],
        ['m', 'a1'],
        ['c1', 'z'],
      ],
    });
    expect(adjacency[at('z')]).toEqual([at('c1')]);
    const [a, b, c, d] = departments.map((x) => dep(x.id, x.name)) as [
      ReturnType<typeof dep>,
      ReturnType<typeof dep>,
      ReturnType<typeof dep>,
      ReturnType<typeof dep>,
    ];
    expect(departmentTies(departments, departmentsOf, channelsOfAdjacency(adjacency))).toEqual({
      departments: [
        { department: a, ties: 5, crossTies: 3, share: 3 / 5 },
        { department: b, ties: 4, crossTies: 4, share: 1 },
        { department: c, ties: 3, crossTies: 2, share: 2 / 3 },
        { department: d, ties: 0, crossTies: 0, share: 0 },
      ],
      isolated: [d],
      strongest: [
        { a, b, ties: 3 },
        { a: b, b: c, ties: 2 },
      ],
      // Every pair of different departments, fewest first (then in name order): A–C (m and a1
      // share A), A–D, B–D, C–D have none, then B–C's two; five listed.
      weakest: [
        { a, b: c, ties: 0 },
        { a, b: d, ties: 0 },
        { a: b, b: d, ties: 0 },
        { a: c, b: d, ties: 0 },
        { a: b, b: c, ties: 2 },
      ],
    });
  });

  it('when an answer is older than the cache time then it is gone', async () => {
    let now = 0;
    const cache = new AnswerCache<string>(10 * 60_000, 2, () => now);
    cache.set('k', 'answer');
    now = 10 * 60_000;
    expect(cache.get('k')).toEqual({ value: 'answer', madeAt: 0 });
    now += 1;
    expect(cache.get('k')).toBeUndefined();
    // Only the latest answers stay.
    cache.set('a', '1');
    cache.set('b', '2');
    cache.set('c', '3');
    expect([cache.get('a'), cache.get('b')?.value, cache.get('c')?.value]).toEqual([undefined, '2', '3']);
  });
});

/**
 * The bridge again in the shared database, under a unique prefix, plus x1 KNOWS y2 from 2030.
 * Other tests' people are in the same answer, so only this test's people are looked at.
 */
async function bridgeInDb(app: RunningApp) {
  const p = uid('brokers');
  await app.db.write(
    `CREATE (dx:Entity:Department {id: $p + '-dx', name: $p + ' X'}),
            (dy:Entity:Department {id: $p + '-dy', name: $p + ' Y'}),
            (nx:Entity:Network {id: $p + '-nx', name: $p + ' NX', kind: 'laering', status: 'i gang'}),
            (ny:Entity:Network {id: $p + '-ny', name: $p + ' NY', kind: 'laering', status: 'i gang'}),
            (b:Entity:Person {id: $p + '-b', name: $p + ' B'})-[:WORKS_IN]->(dx),
            (x1:Entity:Person {id: $p + '-x1', name: $p + ' X1'})-[:WORKS_IN]->(dx),
            (x2:Entity:Person {id: $p + '-x2', name: $p + ' X2'})-[:WORKS_IN]->(dx),
            (x3:Entity:Person {id: $p + '-x3', name: $p + ' X3'})-[:WORKS_IN]->(dx),
            (y1:Entity:Person {id: $p + '-y1', name: $p + ' Y1'})-[:WORKS_IN]->(dy),
            (y2:Entity:Person {id: $p + '-y2', name: $p + ' Y2'})-[:WORKS_IN]->(dy),
            (b)-[:LEADS]->(nx), (x1)-[:PARTICIPATES_IN]->(nx), (x2)-[:PARTICIPATES_IN]->(nx), (x3)-[:PARTICIPATES_IN]->(nx),
            (y1)-[:LEADS]->(ny), (y2)-[:PARTICIPATES_IN]->(ny),
            (b)-[:KNOWS]->(y1),
            (x1)-[:KNOWS {since: '2030-01-01'}]->(y2)`,
    { p },
  );
  await storeDaysOf(app.db, [p]);
  return {
    p,
    dx: dep(`${p}-dx`, `${p} X`),
    dy: dep(`${p}-dy`, `${p} Y`),
    person: (key: string) => person(`${p}-${key}`, `${p} ${key.toUpperCase()}`),
  };
}

describe('GET /api/insights/brokers', () => {
  let app: RunningApp;
  let g: Awaited<ReturnType<typeof bridgeInDb>>;
  beforeAll(async () => {
    app = await startApp();
    g = await bridgeInDb(app);
  });
  afterAll(() => app.close());

  const brokers = async (query: string) => {
    const { status, body } = await getJson<BrokersResponse>(app, `/api/insights/brokers${query}`, endpoints.brokers);
    expect(status).toBe(200);
    return body;
  };
  const mine = (body: BrokersResponse) => body.brokers.filter((b) => b.person.id.startsWith(`${g.p}-`));
  const myDepartments = (body: BrokersResponse) =>
    body.departments.filter((d) => d.department.id.startsWith(`${g.p}-`));

  it('when the bridge stands in the database then its people have the numbers worked out by hand', async () => {
    // Before 2030 the x1–y2 KNOWS has not begun: b 6, y1 4 as in the pure test above.
    const body = await brokers('?at=2026-06-01&limit=200');
    expect(body).toMatchObject({ at: '2026-06-01', method: 'exact', sampled: null });
    expect(body.people).toBeGreaterThanOrEqual(6);
    const found = mine(body);
    expect(found.find((b) => b.person.id === `${g.p}-b`)).toEqual({
      person: g.person('b'),
      department: g.dx,
      degree: 4,
      departmentsReached: 1,
      betweenness: 6,
    });
    expect(found.find((b) => b.person.id === `${g.p}-y1`)).toEqual({
      person: g.person('y1'),
      department: g.dy,
      degree: 2,
      departmentsReached: 1,
      betweenness: 4,
    });
    // Whoever else of the bridge made the list has betweenness 0.
    expect(
      found.filter((b) => !['b', 'y1'].some((k) => b.person.id === `${g.p}-${k}`)).every((b) => b.betweenness === 0),
    ).toBe(true);
    // X: 6 ties inside NX and b–y1; Y: y1–y2 and b–y1.
    expect(myDepartments(body)).toEqual([
      { department: g.dx, ties: 7, crossTies: 1, share: 1 / 7 },
      { department: g.dy, ties: 2, crossTies: 1, share: 0.5 },
    ]);
    expect(body.isolated.filter((d) => d.id.startsWith(`${g.p}-`))).toEqual([]);
    // Highest betweenness first, then degree.
    const order = body.brokers.map((b) => [b.betweenness, b.degree]);
    expect(order).toEqual([...order].sort((x, y) => y[0]! - x[0]! || y[1]! - x[1]!));
  });

  it('when at is after a KNOWS began then it ties its people: x1 shares the bridging with b', async () => {
    // From 2030 x1 KNOWS y2. Shortest ways: x2–y1 and x3–y1 through b (1 each); x1–y1 through b or
    // y2 (half each); x2–y2 and x3–y2 through x1 (1 each); b–y2 through y1 or x1 (half each).
    // b: 2.5, x1: 2.5, y1 and y2: 0.5. Degrees b 4, x1 4; x1 now reaches Y.
    const body = await brokers('?at=2030-06-01&limit=200');
    const found = mine(body);
    expect(found.find((b) => b.person.id === `${g.p}-b`)).toEqual({
      person: g.person('b'),
      department: g.dx,
      degree: 4,
      departmentsReached: 1,
      betweenness: 2.5,
    });
    expect(found.find((b) => b.person.id === `${g.p}-x1`)).toEqual({
      person: g.person('x1'),
      department: g.dx,
      degree: 4,
      departmentsReached: 1,
      betweenness: 2.5,
    });
    // The new KNOWS is a cross tie: X 8 (2 cross), Y 3 (2 cross).
    expect(myDepartments(body)).toEqual([
      { department: g.dx, ties: 8, crossTies: 2, share: 0.25 },
      { department: g.dy, ties: 3, crossTies: 2, share: 2 / 3 },
    ]);
  });

  it('when asked twice for the same graph and day then the second answer comes from the cache', async () => {
    // Other tests write to the database meanwhile, which changes the graph and rightly misses the
    // cache; so try a few times for two answers in a row from one graph.
    let pair: [BrokersResponse, BrokersResponse] | undefined;
    for (let i = 0; i < 8 && !pair; i++) {
      const first = await brokers('?at=2026-06-01&limit=7');
      const second = await brokers('?at=2026-06-01&limit=7');
      if (second.cached) pair = [first, second];
    }
    expect(pair).toBeDefined();
    const [first, second] = pair!;
    expect(second.computedAt).toBe(first.computedAt);
    expect(second).toEqual({ ...first, cached: true });
    expect(first.brokers).toHaveLength(7);
    expect(Date.parse(first.computedAt)).not.toBeNaN();
  });

  it('when the people are more than the exact limit then the answer is estimated from a sample and says so', async () => {
    const db = testDb();
    try {
      const body = await brokersService(bindQueries(db), { exactUpTo: 3, sample: 5 }).brokers({
        at: '2026-06-01',
        limit: 5,
      });
      expect(endpoints.brokers.response.parse(body)).toEqual(body);
      expect(body).toMatchObject({ method: 'approximate', sampled: 5, cached: false });
      expect(body.people).toBeGreaterThan(5);
    } finally {
      await db.close();
    }
  });

  it('when the graph changes after an estimate then the previous estimate answers at once, marked not current, until the new one is made', async () => {
    const db = testDb();
    try {
      const service = brokersService(bindQueries(db), { exactUpTo: 3, sample: 5 });
      const ask = () => service.brokers({ at: '2026-06-01', limit: 5 });
      const first = await ask();
      expect(first).toMatchObject({ method: 'approximate', cached: false, current: true });
      const ids = { a: uid('p'), b: uid('p') };
      await db.write(
        `CREATE (a:Entity:Person {id: $a, name: 'Ane Ny'}), (b:Entity:Person {id: $b, name: 'Bo Ny'}),
                (a)-[:KNOWS]->(b)`,
        ids,
      );
      expect(await ask()).toEqual({ ...first, cached: true, current: false });
      // The new estimate is being made meanwhile: asking again a little later gets it (other tests' writes may
      // move the graph again, so ask until an answer is current).
      let next = await ask();
      for (let i = 0; i < 50 && !next.current; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        next = await ask();
      }
      expect(next.current).toBe(true);
      expect(next.people).toBeGreaterThanOrEqual(first.people + 2);
      expect(Date.parse(next.computedAt)).toBeGreaterThanOrEqual(Date.parse(first.computedAt));
    } finally {
      await db.close();
    }
  });

  it('when at or limit is bad then 400 naming it', async () => {
    const at = await getJson(app, '/api/insights/brokers?at=2026-02-30');
    expect(at.status).toBe(400);
    expect(at.body.error.details).toEqual({ field: 'at' });
    const limit = await getJson(app, '/api/insights/brokers?limit=201');
    expect(limit.status).toBe(400);
    expect(limit.body.error.details).toEqual({ field: 'limit' });
  });
});
