import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kind } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import type { CoordinationResponse, GraphResponse, PathsResponse, RingsResponse } from '../api/explore.js';
import type { BrokersResponse, RippleResponse } from '../api/leadership.js';
import { ROOT } from '../server/common/folders.js';
import { getJson, startApp, storeDaysOf, uid, type RunningApp } from './helpers.js';

// Two rules every answer keeps alike (README, "Time and leadership"; docs/model.md):
// - two people are cross-department when they have no department in common on the day
//   (server/ties/departments.ts), whoever works in two departments;
// - a network holds from its startedAt (cypher/rings.cypher): before that it ties no one, and no
//   path or ripple goes through it.
// Tests share one database, so each builds its own graph under a unique prefix and judges answers
// on those ids only.

type Endpoint = { response: import('zod').ZodType };
const get = async <T>(app: RunningApp, path: string, endpoint: Endpoint): Promise<T> => {
  const { status, body } = await getJson<T>(app, path, endpoint);
  expect(status, path).toBe(200);
  return body;
};
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
const ref = (id: string, kind: Kind, name: string) => ({ id, kind, name });

/**
 * Departments A, B, C. Pat works in A and B, Quinn in B, Rose in C, Sam in A.
 * Pat KNOWS Quinn (via N; they share B), Pat KNOWS Rose (via N; across); Sam leads N and Quinn takes part in it (across).
 */
async function twoDepartments(app: RunningApp) {
  const p = uid('two');
  await app.db.write(
    `CREATE (a:Entity:Department {id: $p + '-a', name: $p + ' A'}),
            (b:Entity:Department {id: $p + '-b', name: $p + ' B'}),
            (c:Entity:Department {id: $p + '-c', name: $p + ' C'}),
            (n:Entity:Network {id: $p + '-n', name: $p + ' N', kind: 'velfaerd', status: 'i gang'}),
            (pat:Entity:Person {id: $p + '-pat', name: $p + ' Pat'}), (quinn:Entity:Person {id: $p + '-quinn', name: $p + ' Quinn'}),
            (rose:Entity:Person {id: $p + '-rose', name: $p + ' Rose'}), (sam:Entity:Person {id: $p + '-sam', name: $p + ' Sam'}),
            (pat)-[:WORKS_IN]->(a), (pat)-[:WORKS_IN]->(b), (quinn)-[:WORKS_IN]->(b), (rose)-[:WORKS_IN]->(c), (sam)-[:WORKS_IN]->(a),
            (pat)-[:KNOWS {via: $p + '-n'}]->(quinn), (pat)-[:KNOWS {via: $p + '-n'}]->(rose),
            (sam)-[:LEADS]->(n), (quinn)-[:PARTICIPATES_IN]->(n)`,
    { p },
  );
  const dep = (k: string) => ref(`${p}-${k}`, 'Department', `${p} ${k.toUpperCase()}`);
  const person = (k: string) => ref(`${p}-${k}`, 'Person', `${p} ${k[0]!.toUpperCase()}${k.slice(1)}`);
  return {
    p,
    a: dep('a'),
    b: dep('b'),
    c: dep('c'),
    n: ref(`${p}-n`, 'Network', `${p} N`),
    pat: person('pat'),
    quinn: person('quinn'),
    rose: person('rose'),
    sam: person('sam'),
  };
}

/**
 * Departments D1 (U, W1, W2) and D2 (V). Network F starts in 2999 (partner Pf); network G has no
 * start (partner Pg). U leads G, U and V take part in F, W1 and W2 KNOW U.
 */
async function futureNetwork(app: RunningApp) {
  const p = uid('future');
  await app.db.write(
    `CREATE (d1:Entity:Department {id: $p + '-d1', name: $p + ' D1'}), (d2:Entity:Department {id: $p + '-d2', name: $p + ' D2'}),
            (f:Entity:Network {id: $p + '-f', name: $p + ' F', kind: 'innovation', status: 'afventer', startedAt: '2999-01'}),
            (g:Entity:Network {id: $p + '-g', name: $p + ' G', kind: 'laering', status: 'i gang'}),
            (pf:Entity:Partner {id: $p + '-pf', name: $p + ' Pf', type: 'andet'}), (pg:Entity:Partner {id: $p + '-pg', name: $p + ' Pg', type: 'andet'}),
            (u:Entity:Person {id: $p + '-u', name: $p + ' U'}), (v:Entity:Person {id: $p + '-v', name: $p + ' V'}),
            (w1:Entity:Person {id: $p + '-w1', name: $p + ' W1'}), (w2:Entity:Person {id: $p + '-w2', name: $p + ' W2'}),
            (u)-[:WORKS_IN]->(d1), (w1)-[:WORKS_IN]->(d1), (w2)-[:WORKS_IN]->(d1), (v)-[:WORKS_IN]->(d2),
            (f)-[:COLLABORATES_WITH]->(pf), (g)-[:COLLABORATES_WITH]->(pg),
            (u)-[:LEADS]->(g), (u)-[:PARTICIPATES_IN]->(f), (v)-[:PARTICIPATES_IN]->(f), (w1)-[:KNOWS]->(u), (w2)-[:KNOWS]->(u)`,
    { p },
  );
  await storeDaysOf(app.db, [p]);
  const r = (k: string, kind: Kind) => ref(`${p}-${k}`, kind, `${p} ${k[0]!.toUpperCase()}${k.slice(1)}`);
  return {
    p,
    d1: r('d1', 'Department'),
    d2: r('d2', 'Department'),
    f: r('f', 'Network'),
    g: r('g', 'Network'),
    pf: r('pf', 'Partner'),
    pg: r('pg', 'Partner'),
    u: r('u', 'Person'),
    v: r('v', 'Person'),
    w1: r('w1', 'Person'),
    w2: r('w2', 'Person'),
  };
}

/** After F has started. */
const STARTED = '2999-02-01';

describe('cross-department: no department in common, everywhere', () => {
  let app: RunningApp;
  let w: Awaited<ReturnType<typeof twoDepartments>>;
  beforeAll(async () => {
    app = await startApp();
    w = await twoDepartments(app);
  });
  afterAll(() => app.close());

  it('when someone works in two departments then coordination counts their tie to a colleague of either as inside, and a tie across for each of their departments', async () => {
    const body = await get<CoordinationResponse>(app, '/api/coordination', endpoints.coordination);
    expect(body.pairs.filter((x) => x.a.id.startsWith(w.p))).toEqual([
      // Sam and Quinn, through N; Pat and Quinn share B, so they tie A and B no more.
      { a: w.a, b: w.b, networks: [w.n], trainings: [], knows: 0, people: [w.quinn, w.sam], ties: 1 },
      // Pat and Rose, for each of Pat's departments.
      { a: w.a, b: w.c, networks: [], trainings: [], knows: 1, people: [w.pat, w.rose], ties: 1 },
      { a: w.b, b: w.c, networks: [], trainings: [], knows: 1, people: [w.pat, w.rose], ties: 1 },
    ]);
    // A: Pat–Quinn (inside), Pat–Rose, Sam–Quinn; B the same three; C: Pat–Rose.
    expect(body.shares.filter((s) => s.department.id.startsWith(w.p))).toEqual([
      { department: w.a, ties: 3, crossTies: 2, share: 2 / 3 },
      { department: w.b, ties: 3, crossTies: 2, share: 2 / 3 },
      { department: w.c, ties: 1, crossTies: 1, share: 1 },
    ]);
  });

  it('when someone works in two departments then the brokers count the departments as coordination does', async () => {
    const body = await get<BrokersResponse>(app, '/api/insights/brokers?limit=200', endpoints.brokers);
    expect(body.departments.filter((s) => s.department.id.startsWith(w.p))).toEqual([
      { department: w.a, ties: 3, crossTies: 2, share: 2 / 3 },
      { department: w.b, ties: 3, crossTies: 2, share: 2 / 3 },
      { department: w.c, ties: 1, crossTies: 1, share: 1 },
    ]);
    expect(body.isolated.filter((d) => d.id.startsWith(w.p))).toEqual([]);
  });

  it('when someone works in two departments then the graph and the rings mark only the tie to someone sharing none of them as crossing', async () => {
    const crossing = (edges: GraphResponse['elements']['edges']) =>
      edges
        .filter((e) => e.data.type === 'KNOWS')
        .map((e) => [e.data.id, e.data.crossDepartment])
        .sort();
    const expected = [
      [`${w.pat.id}|KNOWS|${w.quinn.id}`, false],
      [`${w.pat.id}|KNOWS|${w.rose.id}`, true],
    ];
    const graph = await get<GraphResponse>(
      app,
      `/api/graph?${q({ kinds: 'Person,Department', departments: [w.a.id, w.b.id, w.c.id].join(',') })}`,
      endpoints.graph,
    );
    expect(crossing(graph.elements.edges)).toEqual(expected);
    // Pat's WORKS_IN relations stay inside.
    expect(graph.elements.edges.filter((e) => e.data.type === 'WORKS_IN' && e.data.crossDepartment)).toEqual([]);
    const rings = await get<RingsResponse>(app, `/api/nodes/${w.pat.id}/rings?depth=1`, endpoints.rings);
    expect(crossing(rings.elements.edges)).toEqual(expected);
  });

  it('when a network made relations among people of two departments then its ripple counts across only those with no department in common', async () => {
    const body = await get<RippleResponse>(app, `/api/networks/${w.n.id}/ripple`, endpoints.ripple);
    expect(body).toEqual({
      network: w.n,
      at: body.at,
      // Sam and Quinn; then Pat (knows Quinn); then Rose (known by Pat).
      rings: [
        { hops: 1, people: 2 },
        { hops: 2, people: 1 },
        { hops: 3, people: 1 },
      ],
      departments: [
        { department: w.a, people: 2 },
        { department: w.b, people: 2 },
        { department: w.c, people: 1 },
      ],
      partners: [],
      newRelations: { total: 2, crossDepartment: 1 },
    });
  });
});

describe('a network holds from its startedAt, everywhere', () => {
  let app: RunningApp;
  let w: Awaited<ReturnType<typeof futureNetwork>>;
  beforeAll(async () => {
    app = await startApp();
    w = await futureNetwork(app);
  });
  afterAll(() => app.close());

  it('when a network starts in the future then it ties no one in coordination until it has started', async () => {
    const ours = (body: CoordinationResponse) => body.pairs.filter((x) => x.a.id.startsWith(w.p));
    const shares = (body: CoordinationResponse) => body.shares.filter((s) => s.department.id.startsWith(w.p));
    const now = await get<CoordinationResponse>(app, '/api/coordination', endpoints.coordination);
    expect(ours(now)).toEqual([]);
    // W1–U and W2–U, inside D1 only.
    expect(shares(now)).toEqual([
      { department: w.d1, ties: 2, crossTies: 0, share: 0 },
      { department: w.d2, ties: 0, crossTies: 0, share: 0 },
    ]);
    const later = await get<CoordinationResponse>(app, `/api/coordination?at=${STARTED}`, endpoints.coordination);
    expect(ours(later)).toEqual([
      { a: w.d1, b: w.d2, networks: [w.f], trainings: [], knows: 0, people: [w.u, w.v], ties: 1 },
    ]);
  });

  it('when a network starts in the future then the brokers see no tie through it until it has started', async () => {
    const brokers = async (at?: string) => {
      const body = await get<BrokersResponse>(
        app,
        `/api/insights/brokers?${q({ limit: '200', ...(at ? { at } : {}) })}`,
        endpoints.brokers,
      );
      const u = body.brokers.find((b) => b.person.id === w.u.id);
      const shares = body.departments
        .filter((s) => s.department.id.startsWith(w.p))
        .map((s) => [s.department.id, s.ties, s.crossTies]);
      return { u: u && [u.degree, u.departmentsReached, u.betweenness], shares };
    };
    // U lies between W1 and W2 only; V has no tie.
    expect(await brokers()).toEqual({
      u: [2, 0, 1],
      shares: [
        [w.d1.id, 2, 0],
        [w.d2.id, 0, 0],
      ],
    });
    // Then also between each W and V, through F.
    expect(await brokers(STARTED)).toEqual({
      u: [3, 1, 3],
      shares: [
        [w.d1.id, 3, 1],
        [w.d2.id, 1, 1],
      ],
    });
  });

  it('when a network starts in the future then it ripples nowhere, and no ripple passes through it, until it has started', async () => {
    const empty = await get<RippleResponse>(app, `/api/networks/${w.f.id}/ripple`, endpoints.ripple);
    expect(empty).toEqual({
      network: w.f,
      at: empty.at,
      rings: [
        { hops: 1, people: 0 },
        { hops: 2, people: 0 },
        { hops: 3, people: 0 },
      ],
      departments: [],
      partners: [],
      newRelations: { total: 0, crossDepartment: 0 },
    });
    // G reaches U, then W1 and W2 (who know U), but not V through F, nor F's partner.
    const g = await get<RippleResponse>(app, `/api/networks/${w.g.id}/ripple`, endpoints.ripple);
    expect({ rings: g.rings, departments: g.departments, partners: g.partners }).toEqual({
      rings: [
        { hops: 1, people: 1 },
        { hops: 2, people: 2 },
        { hops: 3, people: 0 },
      ],
      departments: [{ department: w.d1, people: 3 }],
      partners: [w.pg],
    });
    const later = await get<RippleResponse>(app, `/api/networks/${w.g.id}/ripple?at=${STARTED}`, endpoints.ripple);
    expect({ rings: later.rings, departments: later.departments, partners: later.partners }).toEqual({
      rings: [
        { hops: 1, people: 1 },
        { hops: 2, people: 3 },
        { hops: 3, people: 0 },
      ],
      departments: [
        { department: w.d1, people: 3 },
        { department: w.d2, people: 1 },
      ],
      partners: [w.pf, w.pg],
    });
    const f = await get<RippleResponse>(app, `/api/networks/${w.f.id}/ripple?at=${STARTED}`, endpoints.ripple);
    expect(f.rings).toEqual([
      { hops: 1, people: 2 },
      { hops: 2, people: 2 },
      { hops: 3, people: 0 },
    ]);
  });

  it('when a network starts in the future then no path goes through it or ends at it until it has started', async () => {
    const paths = (from: string, to: string, at?: string) =>
      get<PathsResponse>(app, `/api/paths?${q({ from, to, max: '5', ...(at ? { at } : {}) })}`, endpoints.paths);
    // The shortest ones (longer detours, such as through U's department, may follow).
    const walks = (body: PathsResponse) =>
      body.paths.filter((x) => x.length === body.paths[0]!.length).map((x) => x.nodes.map((n) => n.name));
    // U and V meet only in F: neither the join nor the search may pass it.
    expect(await paths(w.u.id, w.v.id)).toEqual({ from: w.u, to: w.v, paths: [] });
    expect(await paths(w.w1.id, w.v.id)).toEqual({ from: w.w1, to: w.v, paths: [] });
    expect(await paths(w.u.id, w.f.id)).toEqual({ from: w.u, to: w.f, paths: [] });
    expect(walks(await paths(w.u.id, w.v.id, STARTED))).toEqual([[w.u.name, w.f.name, w.v.name]]);
    expect(walks(await paths(w.w1.id, w.v.id, STARTED))).toEqual([[w.w1.name, w.u.name, w.f.name, w.v.name]]);
    expect(walks(await paths(w.v.id, w.w1.id, STARTED))).toEqual([[w.v.name, w.f.name, w.u.name, w.w1.name]]);
    expect(walks(await paths(w.u.id, w.f.id, STARTED))).toEqual([[w.u.name, w.f.name]]);
  });

  it('when a network starts in the future then the graph leaves it out until it has started', async () => {
    const networks = async (at?: string) =>
      (
        await get<GraphResponse>(
          app,
          `/api/graph?${q({ kinds: 'Network', departments: `${w.d1.id},${w.d2.id}`, ...(at ? { at } : {}) })}`,
          endpoints.graph,
        )
      ).elements.nodes.map((n) => n.data.id);
    expect(await networks()).toEqual([w.g.id]);
    expect(await networks(STARTED)).toEqual([w.f.id, w.g.id]);
  });
});

describe('the rule of time is stated once', () => {
  it('when a query reads a day then it does so through @holds, and no query compares written dates as text', () => {
    const dir = join(ROOT, 'cypher');
    const lines = readdirSync(dir)
      .filter((f) => f.endsWith('.cypher'))
      .flatMap((f) =>
        readFileSync(join(dir, f), 'utf8')
          .split('\n')
          .filter((line) => !line.trimStart().startsWith('//'))
          .map((line) => [f, line.trim()] as const),
      );
    // What was written (since, until, startedAt, endedAt) is never compared, nor a day cut to its length.
    const written = '(?:toString\\()?\\w+\\.(?:since|until|startedAt|endedAt)\\b\\)?';
    const compared = new RegExp(`${written}\\s*[<>]|[<>]=?\\s*${written}|left\\(\\$`);
    expect(lines.filter(([, line]) => compared.test(line))).toEqual([]);
    // A network's start is read through the same rule, its label tested first, in every file whose answers
    // respect it (networksList reads networks only).
    const networkDays = lines.filter(([, line]) => /Network'? OR @holds\(/.test(line));
    expect(lines).toContainEqual(['networks.cypher', 'AND @holds(n, $at)']);
    expect([...new Set(networkDays.map(([f]) => f))].sort()).toEqual([
      'contacts.cypher',
      'coordination.cypher',
      'graph.cypher',
      'paths.cypher',
      'rings.cypher',
      'ripple.cypher',
      'ties.cypher',
    ]);
  });
});
