import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import type { GraphResponse } from '../api/explore.js';
import { readBooklet } from '../seed/booklet.js';
import { getJson, startApp, uid, type RunningApp } from './helpers.js';

const graph = async (app: RunningApp, params: Record<string, string>) => {
  const { status, body } = await getJson<GraphResponse>(
    app,
    `/api/graph?${new URLSearchParams(params)}`,
    endpoints.graph,
  );
  expect(status).toBe(200);
  return body;
};
const node = (id: string, label: string, kind: string, department: string | null, status?: string) => ({
  data: { id, label, kind, department, ...(status ? { status } : {}) },
});
const edge = (source: string, type: string, target: string, crossDepartment = false) => ({
  data: { id: `${source}|${type}|${target}`, source, target, type, crossDepartment },
});

/** Two departments of this test's own with a person each who know each other. */
async function twoDepartments(app: RunningApp) {
  const prefix = uid('graph');
  const [d1, d2, p1, p2] = [`${prefix}-d1`, `${prefix}-d2`, `${prefix}-p1`, `${prefix}-p2`];
  await app.db.write(
    `CREATE (a:Entity:Department {id: $d1, name: $prefix + ' afdeling 1'}), (b:Entity:Department {id: $d2, name: $prefix + ' afdeling 2'}),
            (x:Entity:Person {id: $p1, name: $prefix + ' person 1'})-[:WORKS_IN]->(a),
            (y:Entity:Person {id: $p2, name: $prefix + ' person 2'})-[:WORKS_IN]->(b),
            (x)-[:KNOWS]->(y)`,
    { prefix, d1, d2, p1, p2 },
  );
  return { prefix, d1, d2, p1, p2 };
}

describe('GET /api/graph', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when filtered to one department then its people, itself and the networks they lead come with the relations among them', async () => {
    const body = await graph(app, { departments: 'social-familie', kinds: 'Person,Network,Department' });
    expect(body).toEqual({
      elements: {
        nodes: [
          node('anna-bojsen', 'Anna Bojsen', 'Person', 'social-familie'),
          node('carina-kofoed', 'Carina Kofoed', 'Person', 'social-familie'),
          node('patricia-walmar-gale', 'Patricia Walmar Gale', 'Person', 'social-familie'),
          node('arbejds-miljoearbejdet', 'Arbejds miljøarbejdet – bedre kommunikationsveje', 'Network', null, 'i gang'),
          node('frivilligt-arbejde', 'Frivilligt arbejde', 'Network', null, 'i gang'),
          node('proces-og-projektledernetvaerk', 'Proces- og projektledernetværk', 'Network', null, 'i gang'),
          node('social-familie', 'Social & Familie', 'Department', 'social-familie'),
        ],
        edges: [
          edge('anna-bojsen', 'LEADS', 'proces-og-projektledernetvaerk'),
          edge('anna-bojsen', 'WORKS_IN', 'social-familie'),
          edge('carina-kofoed', 'LEADS', 'arbejds-miljoearbejdet'),
          edge('carina-kofoed', 'WORKS_IN', 'social-familie'),
          edge('patricia-walmar-gale', 'LEADS', 'frivilligt-arbejde'),
          edge('patricia-walmar-gale', 'WORKS_IN', 'social-familie'),
        ],
      },
      truncated: false,
      total: { nodes: 7 },
    });
  });

  it('when filtered by department and status then only the networks of that status stay', async () => {
    const done = await graph(app, { departments: 'sundhed-pleje-omsorg', kinds: 'Network', status: 'afsluttet' });
    expect(done.elements.nodes.map((n) => n.data.id)).toEqual(['forebyggelse-af-indlaeggelser']);
    const open = await graph(app, {
      departments: 'sundhed-pleje-omsorg,miljoe-teknik',
      kinds: 'Network',
      status: 'i gang,afventer',
    });
    expect(open.elements.nodes.map((n) => n.data.id)).toEqual([
      'bo-i-albertslund',
      'boern-anbragt-uden-for-hjemmet',
      'fra-barn-til-voksen-handicappet',
    ]);
  });

  it('when filtered by department then the other kinds stay untouched', async () => {
    const body = await graph(app, { departments: 'oekonomi-stab', kinds: 'Training,Person' });
    // Other tests add trainings of their own in parallel; the booklet's part must be exactly this.
    const booklet = new Set(
      Object.values(readBooklet()).flatMap((records: { id: string }[]) => records.map((r) => r.id)),
    );
    expect(body.elements.nodes.filter((n) => booklet.has(n.data.id))).toEqual([
      node('tim-lissauer', 'Tim Lissauer', 'Person', 'oekonomi-stab'),
      node('innovatoeruddannelsen', "KL's innovatøruddannelse", 'Training', null),
      node('netvaerksintroduktion', "WOGN's netværksintroduktion", 'Training', null),
      node('netvaerkslederuddannelsen', 'netværkslederuddannelsen', 'Training', null),
    ]);
    expect(body.elements.edges).toEqual([edge('tim-lissauer', 'COMPLETED', 'netvaerksintroduktion')]);
  });

  it('when nothing is filtered then every booklet node is there and every edge joins two returned nodes', async () => {
    const body = await graph(app, { limit: '5000' });
    const ids = new Set(body.elements.nodes.map((n) => n.data.id));
    const b = readBooklet();
    const bookletIds = [
      ...Object.values(b).flatMap((records: { id: string }[]) => records.map((r) => r.id)),
      ...b.networks.flatMap((n) => n.outcomes.map((o) => o.id)),
    ];
    expect(bookletIds.filter((id) => !ids.has(id))).toEqual([]);
    expect(body.elements.edges.filter((e) => !ids.has(e.data.source) || !ids.has(e.data.target))).toEqual([]);
    expect(body.elements.edges).toContainEqual(edge('anders-bych', 'LEADS', 'forebyggelse-af-indlaeggelser'));
    expect(body.elements.edges).toContainEqual(
      edge('udvikling-af-erhvervsservice', 'SPAWNED', 'blivende-erhvervsnetvaerk'),
    );
  });

  it('when two people of different departments know each other then their edge is marked cross-department', async () => {
    const { prefix, d1, d2, p1, p2 } = await twoDepartments(app);
    const body = await graph(app, { departments: `${d1},${d2}` });
    expect(body.elements.nodes).toEqual(
      expect.arrayContaining([
        node(p1, `${prefix} person 1`, 'Person', d1),
        node(d2, `${prefix} afdeling 2`, 'Department', d2),
      ]),
    );
    expect(body.elements.edges.filter((e) => e.data.source.startsWith(prefix))).toEqual([
      edge(p1, 'KNOWS', p2, true),
      edge(p1, 'WORKS_IN', d1),
      edge(p2, 'WORKS_IN', d2),
    ]);
  });

  it('when the limit is smaller than the graph then the first nodes by kind and name come, marked truncated, with the total', async () => {
    const { prefix, d1, d2, p1, p2 } = await twoDepartments(app);
    const body = await graph(app, { departments: `${d1},${d2}`, kinds: 'Person,Department', limit: '3' });
    expect(body).toEqual({
      elements: {
        nodes: [
          node(p1, `${prefix} person 1`, 'Person', d1),
          node(p2, `${prefix} person 2`, 'Person', d2),
          node(d1, `${prefix} afdeling 1`, 'Department', d1),
        ],
        // p2's WORKS_IN is left out: its department did not make it into the answer
        edges: [edge(p1, 'KNOWS', p2, true), edge(p1, 'WORKS_IN', d1)],
      },
      truncated: true,
      total: { nodes: 4 },
    });
  });

  it('when a parameter is bad then 400 names it', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=5001', 'limit'],
      ['limit=many', 'limit'],
      ['kinds=Person,Cat', 'kinds'],
      ['status=done', 'status'],
      ['departments=a%20b', 'departments'],
      ['depth=2', 'depth'],
    ]) {
      const { status, body } = await getJson(app, `/api/graph?${query}`);
      expect([query, status, body.error.details]).toEqual([query, 400, { field }]);
    }
  });

  it('when a department in the filter is unknown then 404 names it', async () => {
    expect(await getJson(app, '/api/graph?departments=social-familie,no-such-department')).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'There is no department with id "no-such-department".' } },
    });
  });
});
