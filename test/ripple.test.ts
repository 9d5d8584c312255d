import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import type { RippleResponse } from '../api/leadership.js';
import { getJson, startApp, storeDaysOf, uid, type RunningApp } from './helpers.js';

/**
 * A hand-made graph around network N (ids and names under a unique prefix):
 *
 *   departments  D1 "Vej", D2 "Skole", D3 "Sundhed"
 *   people       a (D1), b (D2), c (D1), g (D2), d (D3), e (D3)
 *   networks     N (partner Alfa), M (partner Beta), Q (partner Gamma)
 *   a LEADS N, b PARTICIPATES_IN N; a and g PARTICIPATE_IN M; e LEADS Q
 *   c KNOWS b {since 2020-03, via N}; g KNOWS b {via N}; a KNOWS e {since 2005, until 2010, via N}
 *   c and d COMPLETED training T; e KNOWS d
 */
async function scenario(app: RunningApp) {
  const p = uid('ripple');
  await app.db.write(
    `CREATE (d1:Entity:Department {id: $p + '-d1', name: $p + ' Vej'}),
            (d2:Entity:Department {id: $p + '-d2', name: $p + ' Skole'}),
            (d3:Entity:Department {id: $p + '-d3', name: $p + ' Sundhed'}),
            (n:Entity:Network {id: $p + '-n', name: $p + ' N', kind: 'innovation', status: 'i gang'}),
            (m:Entity:Network {id: $p + '-m', name: $p + ' M', kind: 'laering', status: 'i gang'}),
            (q:Entity:Network {id: $p + '-q', name: $p + ' Q', kind: 'velfaerd', status: 'i gang'}),
            (alfa:Entity:Partner {id: $p + '-alfa', name: $p + ' Alfa', type: 'organisation'}),
            (beta:Entity:Partner {id: $p + '-beta', name: $p + ' Beta', type: 'virksomhed'}),
            (gamma:Entity:Partner {id: $p + '-gamma', name: $p + ' Gamma', type: 'andet'}),
            (t:Entity:Training {id: $p + '-t', name: $p + ' T'}),
            (a:Entity:Person {id: $p + '-a', name: $p + ' A'})-[:WORKS_IN]->(d1),
            (b:Entity:Person {id: $p + '-b', name: $p + ' B'})-[:WORKS_IN]->(d2),
            (c:Entity:Person {id: $p + '-c', name: $p + ' C'})-[:WORKS_IN]->(d1),
            (g:Entity:Person {id: $p + '-g', name: $p + ' G'})-[:WORKS_IN]->(d2),
            (d:Entity:Person {id: $p + '-d', name: $p + ' D'})-[:WORKS_IN]->(d3),
            (e:Entity:Person {id: $p + '-e', name: $p + ' E'})-[:WORKS_IN]->(d3),
            (n)-[:COLLABORATES_WITH]->(alfa), (m)-[:COLLABORATES_WITH]->(beta), (q)-[:COLLABORATES_WITH]->(gamma),
            (a)-[:LEADS]->(n), (b)-[:PARTICIPATES_IN]->(n),
            (a)-[:PARTICIPATES_IN]->(m), (g)-[:PARTICIPATES_IN]->(m),
            (e)-[:LEADS]->(q),
            (c)-[:KNOWS {since: '2020-03', via: $p + '-n'}]->(b),
            (g)-[:KNOWS {via: $p + '-n'}]->(b),
            (a)-[:KNOWS {since: '2005', until: '2010', via: $p + '-n'}]->(e),
            (c)-[:COMPLETED]->(t), (d)-[:COMPLETED]->(t),
            (e)-[:KNOWS]->(d)`,
    { p },
  );
  await storeDaysOf(app.db, [p]);
  const department = (key: string, name: string) => ({ id: `${p}-${key}`, kind: 'Department', name: `${p} ${name}` });
  const partner = (key: string, name: string) => ({ id: `${p}-${key}`, kind: 'Partner', name: `${p} ${name}` });
  return {
    p,
    network: { id: `${p}-n`, kind: 'Network', name: `${p} N` },
    vej: department('d1', 'Vej'),
    skole: department('d2', 'Skole'),
    sundhed: department('d3', 'Sundhed'),
    alfa: partner('alfa', 'Alfa'),
    beta: partner('beta', 'Beta'),
    gamma: partner('gamma', 'Gamma'),
  };
}

describe('GET /api/networks/{id}/ripple', () => {
  let app: RunningApp;
  let g: Awaited<ReturnType<typeof scenario>>;
  beforeAll(async () => {
    app = await startApp();
    g = await scenario(app);
  });
  afterAll(() => app.close());

  const ripple = async (query = '') => {
    const { status, body } = await getJson<RippleResponse>(
      app,
      `/api/networks/${g.network.id}/ripple${query}`,
      endpoints.ripple,
    );
    expect(status).toBe(200);
    return body;
  };

  it('when a network ripples out today then hops, departments, partners and new relations are as worked out by hand', async () => {
    // Hop 1: a, b (lead and take part in N). Hop 2: g (M with a, KNOWS b), c (KNOWS b);
    // a–e ended in 2010. Hop 3: d (training T with c); e would be hop 4.
    // Departments of a, b, c, g, d: Vej a c (2), Skole b g (2), Sundhed d (1): by people, then name.
    // Partners: N's Alfa and Beta of M (a and g join it); Gamma is Q's, led by e, who is not reached.
    // New relations via N holding today: c→b (Vej–Skole, crosses) and g→b (both Skole).
    expect(await ripple('?at=2026-01-15')).toEqual({
      network: g.network,
      at: '2026-01-15',
      rings: [
        { hops: 1, people: 2 },
        { hops: 2, people: 2 },
        { hops: 3, people: 1 },
      ],
      departments: [
        { department: g.skole, people: 2 },
        { department: g.vej, people: 2 },
        { department: g.sundhed, people: 1 },
      ],
      partners: [g.alfa, g.beta],
      newRelations: { total: 2, crossDepartment: 1 },
    });
  });

  it('when at is left out then today is used', async () => {
    const body = await ripple();
    expect(body.at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Today is after 2020-03 and 2010, so the answer is the one above.
    expect(body.rings).toEqual([
      { hops: 1, people: 2 },
      { hops: 2, people: 2 },
      { hops: 3, people: 1 },
    ]);
    expect(body.newRelations).toEqual({ total: 2, crossDepartment: 1 });
  });

  it('when at is before a relation began and while an ended one still held then the ripple follows that day', async () => {
    // 2009-06-01: c→b (since 2020-03) has not begun, a–e (2005 to 2010) holds.
    // Hop 1: a, b. Hop 2: g (M, KNOWS b), e (KNOWS a). Hop 3: d (KNOWS e); c, tied only to b
    // (not yet) and d (training), would be hop 4.
    // Departments: Skole b g (2), Sundhed e d (2), Vej a (1). Partners: Alfa, Beta, and Gamma of
    // Q, which e leads. New relations via N then: g→b (Skole–Skole) and a→e (Vej–Sundhed, crosses).
    expect(await ripple('?at=2009-06-01')).toEqual({
      network: g.network,
      at: '2009-06-01',
      rings: [
        { hops: 1, people: 2 },
        { hops: 2, people: 2 },
        { hops: 3, people: 1 },
      ],
      departments: [
        { department: g.skole, people: 2 },
        { department: g.sundhed, people: 2 },
        { department: g.vej, people: 1 },
      ],
      partners: [g.alfa, g.beta, g.gamma],
      newRelations: { total: 2, crossDepartment: 1 },
    });
  });

  it('when the day is in the month a relation began then a month-precise since already holds', async () => {
    // c→b has since 2020-03: on 2020-03-01 it holds (hop 2 is g and c), on 2020-02-29 it does not
    // (hop 2 is g alone; c comes at hop 4 through d, so hop 3 is empty).
    expect((await ripple('?at=2020-03-01')).rings).toEqual([
      { hops: 1, people: 2 },
      { hops: 2, people: 2 },
      { hops: 3, people: 1 },
    ]);
    const before = await ripple('?at=2020-02-29');
    expect(before.rings).toEqual([
      { hops: 1, people: 2 },
      { hops: 2, people: 1 },
      { hops: 3, people: 0 },
    ]);
    expect(before.newRelations).toEqual({ total: 1, crossDepartment: 0 });
  });

  it('when a network has nobody then it answers three empty rings and only its own partners', async () => {
    const id = uid('ripple-empty');
    await app.db.write(
      `CREATE (n:Entity:Network {id: $id, name: 'Tomt netværk', kind: 'laering', status: 'afventer'})
              -[:COLLABORATES_WITH]->(:Entity:Partner {id: $id + '-partner', name: 'Ene partner', type: 'andet'})`,
      { id },
    );
    const { status, body } = await getJson<RippleResponse>(
      app,
      `/api/networks/${id}/ripple?at=2024-05-01`,
      endpoints.ripple,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      network: { id, kind: 'Network', name: 'Tomt netværk' },
      at: '2024-05-01',
      rings: [
        { hops: 1, people: 0 },
        { hops: 2, people: 0 },
        { hops: 3, people: 0 },
      ],
      departments: [],
      partners: [{ id: `${id}-partner`, kind: 'Partner', name: 'Ene partner' }],
      newRelations: { total: 0, crossDepartment: 0 },
    });
  });

  it('when the id is unknown or not a network then 404 naming it', async () => {
    const unknown = uid('nowhere');
    expect(await getJson(app, `/api/networks/${unknown}/ripple`)).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: `There is no network with id "${unknown}".` } },
    });
    // A person is no network.
    expect(await getJson(app, `/api/networks/${g.p}-a/ripple`)).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: `There is no network with id "${g.p}-a".` } },
    });
  });

  it('when at is not a day then 400 naming at', async () => {
    const res = await getJson(app, `/api/networks/${g.network.id}/ripple?at=2024-13-01`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation', details: { field: 'at' } });
    expect((await getJson(app, `/api/networks/${g.network.id}/ripple?at=i%20dag`)).status).toBe(400);
    expect((await getJson(app, `/api/networks/${g.network.id}/ripple?since=2024-01-01`)).status).toBe(400);
  });
});
