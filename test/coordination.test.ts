import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import type { CoordinationResponse } from '../api/explore.js';
import { readBooklet } from '../seed/booklet.js';
import { getJson, send, signIn, startApp, uid, type RunningApp } from './helpers.js';

// Tests run in parallel and add departments of their own: answers are judged on the booklet's
// departments or on this test's own unique ids, never on totals.
const BOOKLET_DEPARTMENTS = new Set(readBooklet().departments.map((d) => d.id));

const AEY = 'arbejdsmarked-erhverv-ydelser';
const KFFS = 'kultur-fritid-forebyggende-sundhed';
const MT = 'miljoe-teknik';
const SU = 'skoler-uddannelse';
const SF = 'social-familie';
const SPO = 'sundhed-pleje-omsorg';
const OES = 'oekonomi-stab';
const NLU = 'netværkslederuddannelsen';
const INNO = "KL's innovatøruddannelse";
const WOGN = "WOGN's netværksintroduktion";

const coordination = async (app: RunningApp) => {
  const { status, body } = await getJson<CoordinationResponse>(app, '/api/coordination', endpoints.coordination);
  expect(status).toBe(200);
  return body;
};
const person = (id: string, name: string) => ({ id, kind: 'Person', name });

/** Departments with one person each (and more people when asked), created for one test. */
async function scenario(app: RunningApp, departments: number) {
  const prefix = uid('coord');
  const deps = Array.from({ length: departments }, (_, i) => ({
    id: `${prefix}-d${i + 1}`,
    name: `${prefix} afdeling ${i + 1}`,
  }));
  const people = deps.map((d, i) => ({
    id: `${prefix}-p${i + 1}`,
    name: `${prefix} person ${i + 1}`,
    department: d.id,
  }));
  await app.db.write(
    `UNWIND $deps AS d CREATE (:Entity:Department {id: d.id, name: d.name})
     WITH count(*) AS done
     UNWIND $people AS p
     MATCH (d:Department {id: p.department})
     CREATE (:Entity:Person {id: p.id, name: p.name, title: 'Testperson'})-[:WORKS_IN]->(d)`,
    { deps, people },
  );
  const ref = (d: { id: string; name: string }) => ({ id: d.id, kind: 'Department', name: d.name });
  return { prefix, deps: deps.map(ref), people: people.map((p) => person(p.id, p.name)) };
}

describe('GET /api/coordination', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  // Worked out by hand from seed/booklet/people.json: no two leaders of one department lead
  // together across departments and the booklet has no KNOWS, so every cross tie is a shared
  // training. Netværkslederuddannelsen: SPO 4, AEY 2, SF, SU, KFFS, MT 1 each (10 people,
  // 45 pairs, 7 inside a department); KL's innovatøruddannelse: SPO 2, AEY, KFFS, MT 1 each
  // (all of them already paired by netværkslederuddannelsen); WOGN: SF 3, OES 1.
  it('when only the booklet is counted then 16 department pairs are tied, all by shared trainings', async () => {
    const body = await coordination(app);
    const pairs = body.pairs
      .filter((p) => BOOKLET_DEPARTMENTS.has(p.a.id) && BOOKLET_DEPARTMENTS.has(p.b.id))
      .map((p) => [
        p.a.id,
        p.b.id,
        p.ties,
        p.trainings.map((t) => t.name),
        p.networks.length,
        p.knows,
        p.people.length,
      ]);
    expect(pairs).toEqual([
      [AEY, SPO, 8, [INNO, NLU], 0, 0, 6],
      [KFFS, SPO, 4, [INNO, NLU], 0, 0, 5],
      [MT, SPO, 4, [INNO, NLU], 0, 0, 5],
      [SU, SPO, 4, [NLU], 0, 0, 5],
      [SF, SPO, 4, [NLU], 0, 0, 5],
      [SF, OES, 3, [WOGN], 0, 0, 4],
      [AEY, KFFS, 2, [INNO, NLU], 0, 0, 3],
      [AEY, MT, 2, [INNO, NLU], 0, 0, 3],
      [AEY, SU, 2, [NLU], 0, 0, 3],
      [AEY, SF, 2, [NLU], 0, 0, 3],
      [KFFS, MT, 1, [INNO, NLU], 0, 0, 2],
      [KFFS, SU, 1, [NLU], 0, 0, 2],
      [KFFS, SF, 1, [NLU], 0, 0, 2],
      [MT, SU, 1, [NLU], 0, 0, 2],
      [MT, SF, 1, [NLU], 0, 0, 2],
      [SU, SF, 1, [NLU], 0, 0, 2],
    ]);
    // The 38 cross pairs of netværkslederuddannelsen and the 3 of WOGN's introduction.
    expect(pairs.reduce((sum, p) => sum + (p[2] as number), 0)).toBe(41);
  });

  it("when two departments share only WOGN's introduction then the pair names the training and its four people", async () => {
    const pair = (await coordination(app)).pairs.find((p) => p.a.id === SF && p.b.id === OES);
    expect(pair).toEqual({
      a: { id: SF, kind: 'Department', name: 'Social & Familie' },
      b: { id: OES, kind: 'Department', name: 'Økonomi & Stab' },
      networks: [],
      trainings: [{ id: 'netvaerksintroduktion', kind: 'Training', name: WOGN }],
      knows: 0,
      people: [
        person('anna-bojsen', 'Anna Bojsen'),
        person('carina-kofoed', 'Carina Kofoed'),
        person('patricia-walmar-gale', 'Patricia Walmar Gale'),
        person('tim-lissauer', 'Tim Lissauer'),
      ],
      ties: 3,
    });
  });

  it('when shares are counted then ties inside a department count for it, but only cross ties for its share', async () => {
    const body = await coordination(app);
    const shares = body.shares
      .filter((s) => BOOKLET_DEPARTMENTS.has(s.department.id))
      .map((s) => [s.department.id, s.ties, s.crossTies, s.share]);
    expect(shares).toEqual([
      // Mette and Pernille Remming share netværkslederuddannelsen: one tie inside.
      [AEY, 17, 16, 16 / 17],
      [KFFS, 9, 9, 1],
      [MT, 9, 9, 1],
      [SU, 9, 9, 1],
      // Anna, Carina and Patricia share WOGN's introduction: three ties inside.
      [SF, 15, 12, 0.8],
      // The four leaders share netværkslederuddannelsen: six ties inside.
      [SPO, 30, 24, 0.8],
      [OES, 3, 3, 1],
    ]);
    expect(body.isolated.filter((d) => BOOKLET_DEPARTMENTS.has(d.id))).toEqual([]);
    // Departments come by name (code point order, as Cypher sorts), booklet ones included.
    expect(body.departments.filter((d) => BOOKLET_DEPARTMENTS.has(d.id)).map((d) => d.id)).toEqual([
      AEY,
      KFFS,
      MT,
      SU,
      SF,
      SPO,
      OES,
    ]);
  });

  it('when two new departments each have a person in the same new network then that pair appears with it, one tie, and neither is isolated', async () => {
    const { prefix, deps, people } = await scenario(app, 2);
    const network = { id: `${prefix}-net`, kind: 'Network', name: `${prefix} netværk` };
    await app.db.write(
      `CREATE (n:Entity:Network {id: $id, name: $name, kind: 'innovation', status: 'i gang'})
       WITH n MATCH (p:Person) WHERE p.id IN $people CREATE (p)-[:PARTICIPATES_IN]->(n)`,
      { id: network.id, name: network.name, people: people.map((p) => p.id) },
    );
    const body = await coordination(app);
    expect(body.pairs.filter((p) => p.a.id.startsWith(prefix) || p.b.id.startsWith(prefix))).toEqual([
      { a: deps[0], b: deps[1], networks: [network], trainings: [], knows: 0, people, ties: 1 },
    ]);
    expect(body.shares.filter((s) => s.department.id.startsWith(prefix))).toEqual([
      { department: deps[0], ties: 1, crossTies: 1, share: 1 },
      { department: deps[1], ties: 1, crossTies: 1, share: 1 },
    ]);
    expect(body.isolated.filter((d) => d.id.startsWith(prefix))).toEqual([]);
  });

  it('when a relation is ended through the API after an answer then the next answer (not a cached one) no longer counts its tie', async () => {
    const { prefix, deps, people } = await scenario(app, 2);
    await app.db.write(`MATCH (a:Person {id: $a}), (b:Person {id: $b}) CREATE (a)-[:KNOWS {version: 1}]->(b)`, {
      a: people[0]!.id,
      b: people[1]!.id,
    });
    const ours = (body: CoordinationResponse) =>
      body.pairs.filter((p) => p.a.id.startsWith(prefix) || p.b.id.startsWith(prefix));
    const tie = { a: deps[0], b: deps[1], networks: [], trainings: [], knows: 1, people, ties: 1 };
    expect(ours(await coordination(app))).toEqual([tie]);
    expect(ours(await coordination(app))).toEqual([tie]); // the same graph: from the cache, the same answer

    const cookie = await signIn(app, 'coordinator');
    const ended = await send(
      app,
      'PATCH',
      `/api/relations/${encodeURIComponent(`${people[0]!.id}|KNOWS|${people[1]!.id}`)}`,
      {
        cookie,
        body: { version: 1, properties: { until: '2001-01-01' } },
      },
    );
    expect(ended.status).toBe(200);
    expect(ours(await coordination(app))).toEqual([]);
  });

  it('when people know each other both ways, share a network inside a department, or stand alone then each counts as it should', async () => {
    const { prefix, deps, people } = await scenario(app, 4);
    const [p1, p2, p3] = people;
    const colleague = person(`${prefix}-p1b`, `${prefix} person 1b`);
    const network = { id: `${prefix}-net`, kind: 'Network', name: `${prefix} netværk` };
    await app.db.write(
      `MATCH (d1:Department {id: $d1}), (p1:Person {id: $p1}), (p2:Person {id: $p2}), (p3:Person {id: $p3})
       CREATE (c:Entity:Person {id: $colleague, name: $colleagueName})-[:WORKS_IN]->(d1),
              (n:Entity:Network {id: $network, name: $networkName, kind: 'laering', status: 'i gang'}),
              (p1)-[:LEADS]->(n), (p1)-[:PARTICIPATES_IN]->(n), (c)-[:PARTICIPATES_IN]->(n), (p2)-[:PARTICIPATES_IN]->(n),
              (p1)-[:KNOWS]->(p3), (p3)-[:KNOWS]->(p1)`,
      {
        d1: deps[0]!.id,
        p1: p1!.id,
        p2: p2!.id,
        p3: p3!.id,
        colleague: colleague.id,
        colleagueName: colleague.name,
        network: network.id,
        networkName: network.name,
      },
    );
    const body = await coordination(app);
    expect(body.pairs.filter((p) => p.a.id.startsWith(prefix))).toEqual([
      // p1 and the colleague each with p2: two pairs of people, one network
      { a: deps[0], b: deps[1], networks: [network], trainings: [], knows: 0, people: [p1, colleague, p2], ties: 2 },
      // two KNOWS, one either way, are still one pair of people
      { a: deps[0], b: deps[2], networks: [], trainings: [], knows: 2, people: [p1, p3], ties: 1 },
    ]);
    expect(body.shares.filter((s) => s.department.id.startsWith(prefix))).toEqual([
      // p1-colleague inside, p1-p2, colleague-p2 and p1-p3 across
      { department: deps[0], ties: 4, crossTies: 3, share: 0.75 },
      { department: deps[1], ties: 2, crossTies: 2, share: 1 },
      { department: deps[2], ties: 1, crossTies: 1, share: 1 },
      { department: deps[3], ties: 0, crossTies: 0, share: 0 },
    ]);
    expect(body.isolated.filter((d) => d.id.startsWith(prefix))).toEqual([deps[3]]);
  });
});

describe('GET /api/departments', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when listed then Social & Familie has its three people and the networks they lead', async () => {
    const { status, body } = await getJson(app, '/api/departments', endpoints.departments);
    expect(status).toBe(200);
    expect(body.departments.find((d: { id: string }) => d.id === SF)).toEqual({
      id: SF,
      name: 'Social & Familie',
      people: [
        { id: 'anna-bojsen', name: 'Anna Bojsen', title: 'Udviklingskonsulent' },
        { id: 'carina-kofoed', name: 'Carina Kofoed', title: 'Administrativ koordinator' },
        { id: 'patricia-walmar-gale', name: 'Patricia Walmar Gale', title: 'Chefkonsulent' },
      ],
      networks: [
        { id: 'arbejds-miljoearbejdet', kind: 'Network', name: 'Arbejds miljøarbejdet – bedre kommunikationsveje' },
        { id: 'frivilligt-arbejde', kind: 'Network', name: 'Frivilligt arbejde' },
        { id: 'proces-og-projektledernetvaerk', kind: 'Network', name: 'Proces- og projektledernetværk' },
      ],
    });
  });

  it('when listed then every booklet department is there, by name, with its people and networks counted', async () => {
    const { body } = await getJson(app, '/api/departments', endpoints.departments);
    const rows = body.departments
      .filter((d: { id: string }) => BOOKLET_DEPARTMENTS.has(d.id))
      .map((d: { id: string; people: unknown[]; networks: unknown[] }) => [d.id, d.people.length, d.networks.length]);
    expect(rows).toEqual([
      [AEY, 2, 2],
      [KFFS, 1, 1],
      [MT, 1, 1],
      [SU, 1, 1],
      [SF, 3, 3],
      [SPO, 4, 3],
      [OES, 1, 1],
    ]);
  });

  it('when a department has no people, or people in no network, then its lists are empty', async () => {
    const { deps, people } = await scenario(app, 1);
    const empty = uid('dep');
    await app.db.write("CREATE (:Entity:Department {id: $empty, name: 'Tom afdeling ' + $empty})", { empty });
    const { body } = await getJson(app, '/api/departments', endpoints.departments);
    const mine = body.departments.filter((d: { id: string }) => d.id === deps[0]!.id || d.id === empty);
    expect(mine).toEqual(
      expect.arrayContaining([
        { id: empty, name: `Tom afdeling ${empty}`, people: [], networks: [] },
        {
          id: deps[0]!.id,
          name: deps[0]!.name,
          people: [{ id: people[0]!.id, name: people[0]!.name, title: 'Testperson' }],
          networks: [],
        },
      ]),
    );
    expect(mine).toHaveLength(2);
  });
});
