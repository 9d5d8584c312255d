import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REL_TYPES, type RelType } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import { JOIN_DEGREE } from '../server/paths/service.js';
import type { PathStep } from '../api/explore.js';
import { stepText } from '../client/src/lib/sentences.js';
import { getJson, startApp, storeDaysOf, uid, type RunningApp } from './helpers.js';
import { sayIn } from './locale.js';

const paths = (app: RunningApp, params: Record<string, string>) =>
  getJson(app, `/api/paths?${new URLSearchParams(params)}`, endpoints.paths);

const mette = { id: 'mette-nielsen-duekilde', kind: 'Person', name: 'Mette Nielsen Duekilde' };
const sigrid = { id: 'sigrid-glarbo', kind: 'Person', name: 'Sigrid Glarbo' };
const innovator = { id: 'innovatoeruddannelsen', kind: 'Training', name: "KL's innovatøruddannelse" };
const netleader = { id: 'netvaerkslederuddannelsen', kind: 'Training', name: 'netværkslederuddannelsen' };

type StepNode = { id: string; kind: string; name: string };
/** A step's facts: the walk goes from `from` to `to`; `out` when the relation points that way. */
const step = (
  from: StepNode,
  type: string,
  direction: 'out' | 'in',
  to: StepNode,
  more: { wording?: string; via?: StepNode } = {},
) => ({
  from: { ...from, projectKind: null },
  relation: { type, direction, since: null, until: null, wording: more.wording ?? null, via: more.via ?? null },
  to: { ...to, projectKind: null },
});
/** A path's steps as the client says them in Danish. */
const danish = (path: { steps: PathStep[] }) => path.steps.map((s) => stepText(sayIn('da'), s));

describe('GET /api/paths', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when two leaders from different departments share two trainings then both length-2 paths come with their sentences', async () => {
    const { status, body } = await paths(app, { from: mette.id, to: sigrid.id, max: '2' });
    expect(status).toBe(200);
    expect(body).toEqual({
      from: mette,
      to: sigrid,
      paths: [
        {
          length: 2,
          nodes: [mette, innovator, sigrid],
          relations: [
            { type: 'COMPLETED', source: mette.id, target: innovator.id },
            { type: 'COMPLETED', source: sigrid.id, target: innovator.id },
          ],
          steps: [
            step(mette, 'COMPLETED', 'out', innovator, { wording: 'har deltaget i' }),
            step(innovator, 'COMPLETED', 'in', sigrid, { wording: 'deltog i' }),
          ],
        },
        {
          length: 2,
          nodes: [mette, netleader, sigrid],
          relations: [
            { type: 'COMPLETED', source: mette.id, target: netleader.id },
            { type: 'COMPLETED', source: sigrid.id, target: netleader.id },
          ],
          steps: [
            step(mette, 'COMPLETED', 'out', netleader, { wording: 'har deltaget i' }),
            step(netleader, 'COMPLETED', 'in', sigrid, { wording: 'gennemførte' }),
          ],
        },
      ],
    });
    // The client says each step in its true direction, in the booklet's own words.
    expect(body.paths.map(danish)).toEqual([
      [
        "Mette Nielsen Duekilde har deltaget i KL's innovatøruddannelse.",
        "Sigrid Glarbo deltog i KL's innovatøruddannelse.",
      ],
      [
        'Mette Nielsen Duekilde har deltaget i netværkslederuddannelsen.',
        'Sigrid Glarbo gennemførte netværkslederuddannelsen.',
      ],
    ]);
  });

  it('when max is left out then up to three paths come, shortest first, each a whole walk from "from" to "to"', async () => {
    const two = await paths(app, { from: mette.id, to: sigrid.id, max: '2' });
    const { body } = await paths(app, { from: mette.id, to: sigrid.id });
    expect(body.paths).toHaveLength(3);
    expect(body.paths.slice(0, 2)).toEqual(two.body.paths);
    const third = body.paths[2];
    expect(third.length).toBeGreaterThan(2);
    expect(third.nodes).toHaveLength(third.length + 1);
    expect(third.nodes[0]).toEqual(mette);
    expect(third.nodes.at(-1)).toEqual(sigrid);
    // Step i walks from node i to node i + 1; its relation comes in its own direction, as the step says.
    expect(third.steps.map((s: PathStep) => [s.from.id, s.to.id])).toEqual(
      third.nodes.slice(1).map((n: { id: string }, i: number) => [third.nodes[i].id, n.id]),
    );
    expect(third.relations).toEqual(
      third.steps.map(({ from, relation, to }: PathStep) =>
        relation.direction === 'out'
          ? { type: relation.type, source: from.id, target: to.id }
          : { type: relation.type, source: to.id, target: from.id },
      ),
    );
    expect(third.steps).toHaveLength(third.length);
  });

  it('when the ends are four steps apart by several ways then the first shortest paths by ids come, from "from" even when "to" has fewer relations, and an ended relation is not walked', async () => {
    const base = uid('p');
    const id = (name: string) => `${base}-${name}`;
    await app.db.write(
      `UNWIND ['from', 'k1', 'k2', 'm', 'n1', 'n2', 'to', 'x1', 'x2', 'x3'] AS name
       CREATE (:Entity:Person {id: $base + '-' + name, name: 'Person ' + name})
       WITH count(*) AS made
       UNWIND [['from', 'k1'], ['from', 'k2'], ['k1', 'm'], ['k2', 'm'], ['m', 'n1'], ['m', 'n2'], ['n1', 'to'], ['n2', 'to'],
               ['from', 'x1'], ['from', 'x2'], ['from', 'x3']] AS pair
       MATCH (a:Person {id: $base + '-' + pair[0]}), (b:Person {id: $base + '-' + pair[1]})
       CREATE (a)-[:KNOWS]->(b)
       WITH count(*) AS tied
       MATCH (a:Person {id: $base + '-from'}), (b:Person {id: $base + '-to'})
       CREATE (a)-[:KNOWS {since: '2015', until: '2020-01-01'}]->(b)`,
      { base },
    );
    await storeDaysOf(app.db, [base]);
    const { body } = await paths(app, { from: id('from'), to: id('to'), max: '3' });
    expect(body.paths.map((p: { nodes: { id: string }[] }) => p.nodes.map((n) => n.id))).toEqual([
      [id('from'), id('k1'), id('m'), id('n1'), id('to')],
      [id('from'), id('k1'), id('m'), id('n2'), id('to')],
      [id('from'), id('k2'), id('m'), id('n1'), id('to')],
    ]);
    expect(body.paths[0].relations).toEqual([
      { type: 'KNOWS', source: id('from'), target: id('k1') },
      { type: 'KNOWS', source: id('k1'), target: id('m') },
      { type: 'KNOWS', source: id('m'), target: id('n1') },
      { type: 'KNOWS', source: id('n1'), target: id('to') },
    ]);
    const back = await paths(app, { from: id('to'), to: id('from'), max: '1' });
    expect(back.body.paths.map((p: { nodes: { id: string }[] }) => p.nodes.map((n) => n.id))).toEqual([
      [id('to'), id('n1'), id('m'), id('k1'), id('from')],
    ]);
    const then = await paths(app, { from: id('from'), to: id('to'), max: '1', at: '2018-01-01' });
    expect(then.body.paths.map((p: { length: number }) => p.length)).toEqual([1]);
  });

  it('when there are fewer shortest paths than asked then the paths one step longer come next, first by ids from "from", and an ended relation in their middle is not walked', async () => {
    const ids = (base: string, path: string[]) => path.map((name) => `${base}-${name}`);
    /** People tied by KNOWS along each way, from "from" to "to"; the pairs in `ended` ended in 2020. */
    const make = async (ways: string[][], ended: string[][]) => {
      const base = uid('p');
      const names = [...new Set(ways.flat())];
      const pairs = ways.flatMap((way) => way.slice(1).map((name, i) => [way[i]!, name]));
      const isEnded = (a: string, b: string) => ended.some(([x, y]) => x === a && y === b);
      await app.db.write(
        `UNWIND $names AS name
         CREATE (:Entity:Person {id: $base + '-' + name, name: 'Person ' + name})
         WITH count(*) AS made
         UNWIND $pairs AS pair
         MATCH (a:Person {id: $base + '-' + pair[0]}), (b:Person {id: $base + '-' + pair[1]})
         CREATE (a)-[r:KNOWS]->(b)
         SET r.until = CASE WHEN pair[2] THEN '2020-01-01' END`,
        { base, names, pairs: pairs.map(([a, b]) => [a, b, isEnded(a!, b!)]) },
      );
      await storeDaysOf(app.db, [base]);
      return base;
    };
    const walked = (body: { paths: { nodes: { id: string }[] }[] }) => body.paths.map((p) => p.nodes.map((n) => n.id));

    // the shortest is two steps; three ways of three steps, of which the first by ids ended in its middle
    const two = await make(
      [
        ['from', 'm', 'to'],
        ['from', 'q1', 'q2', 'to'],
        ['from', 'p1', 'p2', 'to'],
        ['from', 'k1', 'k2', 'to'],
      ],
      [['k1', 'k2']],
    );
    const twoBody = (await paths(app, { from: `${two}-from`, to: `${two}-to`, max: '3' })).body;
    expect(walked(twoBody)).toEqual([
      ids(two, ['from', 'm', 'to']),
      ids(two, ['from', 'p1', 'p2', 'to']),
      ids(two, ['from', 'q1', 'q2', 'to']),
    ]);
    // the shortest is three steps, the next longest four; "from" has more relations, so the join walks from "to"
    const three = await make(
      [
        ['from', 'm1', 'm2', 'to'],
        ['from', 'q1', 'q2', 'q3', 'to'],
        ['from', 'p1', 'p2', 'p3', 'to'],
        ['from', 'k1', 'k2', 'k3', 'to'],
        ['from', 'leaf'],
      ],
      [['k2', 'k3']],
    );
    const threeBody = (await paths(app, { from: `${three}-from`, to: `${three}-to`, max: '3' })).body;
    expect(walked(threeBody)).toEqual([
      ids(three, ['from', 'm1', 'm2', 'to']),
      ids(three, ['from', 'p1', 'p2', 'p3', 'to']),
      ids(three, ['from', 'q1', 'q2', 'q3', 'to']),
    ]);
    expect(threeBody.paths.map((p: { length: number }) => p.length)).toEqual([3, 4, 4]);
  });

  it('when both ends are hubs of more relations than are joined then the search still finds the shortest path', async () => {
    const [one, two] = [uid('hub'), uid('hub')];
    // Each department's degree passes JOIN_DEGREE through memberships that ended long ago: they count as
    // relations, but no path walks them, and no other test sees thousands of new people.
    await app.db.write(
      `UNWIND [$one, $two] AS hub
       CREATE (d:Entity:Department {id: hub, name: 'Stor afdeling ' + hub}),
              (m:Entity:Person {id: hub + '-member', name: 'Medarbejder'}), (m)-[:WORKS_IN]->(d)
       WITH d, m
       UNWIND range(1, $n) AS i
       CREATE (m)-[:WORKS_IN {since: '1990', until: '1999'}]->(d)
       WITH count(*) AS made
       MATCH (a:Person {id: $one + '-member'}), (b:Person {id: $two + '-member'})
       CREATE (a)-[:KNOWS]->(b)`,
      { one, two, n: JOIN_DEGREE },
    );
    await storeDaysOf(app.db, [one, two]);
    const { body } = await paths(app, { from: one, to: two, max: '1' });
    expect(body.paths.map((p: { nodes: { id: string }[] }) => p.nodes.map((n) => n.id))).toEqual([
      [one, `${one}-member`, `${two}-member`, two],
    ]);
  });

  it('when max=1 then only the first path comes', async () => {
    const { body } = await paths(app, { from: mette.id, to: sigrid.id, max: '1' });
    expect(body.paths.map((p: { nodes: { id: string }[] }) => p.nodes.map((n) => n.id))).toEqual([
      [mette.id, innovator.id, sigrid.id],
    ]);
  });

  it('when a relation is walked against its direction then the sentence still states it the right way round', async () => {
    const { body } = await paths(app, { from: 'bo-i-albertslund', to: sigrid.id, max: '1' });
    expect(body.paths).toEqual([
      {
        length: 1,
        nodes: [{ id: 'bo-i-albertslund', kind: 'Network', name: 'Bo i Albertslund' }, sigrid],
        relations: [{ type: 'LEADS', source: sigrid.id, target: 'bo-i-albertslund' }],
        steps: [step({ id: 'bo-i-albertslund', kind: 'Network', name: 'Bo i Albertslund' }, 'LEADS', 'in', sigrid)],
      },
    ]);
    expect(danish(body.paths[0])).toEqual(['Sigrid Glarbo leder netværket "Bo i Albertslund".']);
  });

  it('when a forum initiated a network then the way to its leader reads as the booklet says it', async () => {
    const { body } = await paths(app, { from: 'kommunemed', to: 'carina-kofoed', max: '1' });
    expect(danish(body.paths[0])).toEqual([
      'KommuneMED har igangsat netværket "Arbejds miljøarbejdet – bedre kommunikationsveje".',
      'Carina Kofoed leder netværket "Arbejds miljøarbejdet – bedre kommunikationsveje".',
    ]);
    const chef = await paths(app, { from: 'chefforum', to: 'pernille-harting-frandsen', max: '1' });
    expect(danish(chef.body.paths[0])).toEqual([
      'Netværket "Indretning af rådhusets forhal – en venlig modtagelse" har afrapporteret til Chefforum.',
      'Pernille Harting Frandsen leder netværket "Indretning af rådhusets forhal – en venlig modtagelse".',
    ]);
  });

  it('when people know each other from a network then the step names that network, in the direction of the acquaintance', async () => {
    const [a, b, c, d, net] = [uid('p'), uid('p'), uid('p'), uid('p'), uid('net')];
    await app.db.write(
      `CREATE (a:Entity:Person {id: $a, name: 'Asta Test'}), (b:Entity:Person {id: $b, name: 'Bo Test'}),
              (c:Entity:Person {id: $c, name: 'Cilla Test'}), (d:Entity:Person {id: $d, name: 'Dan Test'}),
              (:Entity:Network {id: $net, name: 'Testnetværket'}),
              (a)-[:KNOWS {via: $net}]->(b), (c)-[:KNOWS]->(b), (b)-[:KNOWS]->(d), (d)-[:KNOWS]->(b)`,
      { a, b, c, d, net },
    );
    const [asta, bo, cilla, dan] = [
      { id: a, kind: 'Person', name: 'Asta Test' },
      { id: b, kind: 'Person', name: 'Bo Test' },
      { id: c, kind: 'Person', name: 'Cilla Test' },
      { id: d, kind: 'Person', name: 'Dan Test' },
    ];
    expect(await paths(app, { from: a, to: c })).toEqual({
      status: 200,
      body: {
        from: asta,
        to: cilla,
        paths: [
          {
            length: 2,
            nodes: [asta, bo, cilla],
            relations: [
              { type: 'KNOWS', source: a, target: b },
              { type: 'KNOWS', source: c, target: b },
            ],
            steps: [
              step(asta, 'KNOWS', 'out', bo, { via: { id: net, kind: 'Network', name: 'Testnetværket' } }),
              step(bo, 'KNOWS', 'in', cilla),
            ],
          },
        ],
      },
    });
    expect(danish((await paths(app, { from: a, to: c })).body.paths[0])).toEqual([
      'Asta Test kender Bo Test (fra netværket "Testnetværket").',
      'Cilla Test kender Bo Test.',
    ]);
    // Bo knows Dan and Dan knows Bo: two relations, but one way to walk, shown once
    const { body } = await paths(app, { from: a, to: d });
    expect(body.paths.map((p: { nodes: unknown[] }) => p.nodes)).toEqual([[asta, bo, dan]]);
  });

  it('when two nodes are not connected then there is no path, and that is not an error', async () => {
    const [x, y] = [uid('p'), uid('p')];
    await app.db.write(
      `CREATE (x:Entity:Person {id: $x, name: 'Ene'}), (y:Entity:Person {id: $y, name: 'Alene'}), (x)-[:LIKES]->(y)`,
      { x, y },
    );
    expect(await paths(app, { from: x, to: y })).toEqual({
      status: 200,
      body: { from: { id: x, kind: 'Person', name: 'Ene' }, to: { id: y, kind: 'Person', name: 'Alene' }, paths: [] },
    });
  });

  it('when the only link is a shared petal then there is no path, but the petal itself can be reached', async () => {
    const [p, q, n1, n2, o] = [uid('p'), uid('p'), uid('net'), uid('net'), uid('petal')];
    await app.db.write(
      `CREATE (p:Entity:Person {id: $p, name: 'Petra'}), (q:Entity:Person {id: $q, name: 'Quirin'}),
              (n1:Entity:Network {id: $n1, name: 'Et'}), (n2:Entity:Network {id: $n2, name: 'To'}),
              (o:Entity:Outcome {id: $o, name: 'Fælles blad'}),
              (p)-[:LEADS]->(n1)-[:CREATED]->(o)<-[:CREATED]-(n2)<-[:LEADS]-(q)`,
      { p, q, n1, n2, o },
    );
    expect((await paths(app, { from: p, to: q })).body.paths).toEqual([]);
    const { body } = await paths(app, { from: p, to: o });
    expect(body.paths.map(danish)).toEqual([
      ['Petra leder netværket "Et".', 'Netværket "Et" har skabt "Fælles blad".'],
    ]);
  });

  it('when "from" or "to" does not exist then 404 names the id', async () => {
    expect(await paths(app, { from: 'no-such-node', to: sigrid.id })).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'There is no node with id "no-such-node".' } },
    });
    expect(await paths(app, { from: mette.id, to: 'nobody-here' })).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'There is no node with id "nobody-here".' } },
    });
  });

  it('when "from" and "to" are the same node then one path of no steps, and an unknown one is 404', async () => {
    expect(await paths(app, { from: mette.id, to: mette.id })).toEqual({
      status: 200,
      body: { from: mette, to: mette, paths: [{ length: 0, nodes: [mette], relations: [], steps: [] }] },
    });
    expect(await paths(app, { from: 'nobody-here', to: 'nobody-here' })).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'There is no node with id "nobody-here".' } },
    });
  });

  it('when max is out of range or not a number then 400 names "max"', async () => {
    for (const [max, message] of [
      ['0', 'The query parameter "max" must be at least 1.'],
      ['11', 'The query parameter "max" must be at most 10.'],
    ]) {
      expect(await paths(app, { from: mette.id, to: sigrid.id, max: max! })).toEqual({
        status: 400,
        body: { error: { code: 'validation', message, details: { field: 'max' } } },
      });
    }
    // the wording for these comes from server/common/http.ts, shared by every endpoint
    for (const max of ['2.5', 'many']) {
      expect(await paths(app, { from: mette.id, to: sigrid.id, max })).toMatchObject({
        status: 400,
        body: { error: { code: 'validation', details: { field: 'max' } } },
      });
    }
    expect(await paths(app, { from: mette.id })).toMatchObject({
      status: 400,
      body: { error: { details: { field: 'to' } } },
    });
  });
});

describe("a path's steps as the client says them", () => {
  type Told = { type: RelType; start: StepNode; end: StepNode; wording?: string; via?: StepNode };
  const node = (kind: string, name: string, projectKind?: string) => ({
    id: name,
    kind,
    name,
    projectKind: projectKind ?? null,
  });
  /** The step that walks the relation from its start to its end ('out'), or back from its end ('in'). */
  const walked = ({ type, start, end, wording, via }: Told, direction: 'out' | 'in' = 'out') =>
    ({
      from: direction === 'out' ? start : end,
      relation: { type, direction, since: null, until: null, wording: wording ?? null, via: via ?? null },
      to: direction === 'out' ? end : start,
    }) as PathStep;
  const sentence = (told: Told, lang: 'da' | 'en' = 'da') => stepText(sayIn(lang), walked(told));
  const person = node('Person', 'Mette Nielsen Duekilde');
  const network = node('Network', 'Bo i Albertslund');
  const cases: Record<RelType, [Told, string]> = {
    WORKS_IN: [
      { type: 'WORKS_IN', start: person, end: node('Department', 'Arbejdsmarked, Erhverv & Ydelser') },
      'Mette Nielsen Duekilde arbejder i Arbejdsmarked, Erhverv & Ydelser.',
    ],
    LEADS: [
      { type: 'LEADS', start: node('Person', 'Sigrid Glarbo'), end: network },
      'Sigrid Glarbo leder netværket "Bo i Albertslund".',
    ],
    PARTICIPATES_IN: [
      { type: 'PARTICIPATES_IN', start: person, end: network },
      'Mette Nielsen Duekilde deltager i netværket "Bo i Albertslund".',
    ],
    COLLABORATES_WITH: [
      { type: 'COLLABORATES_WITH', start: network, end: node('Partner', 'UCC') },
      'Netværket "Bo i Albertslund" samarbejder med UCC.',
    ],
    OFFERED_BY: [
      { type: 'OFFERED_BY', start: node('Training', 'netværkslederuddannelsen'), end: node('Partner', 'UCC') },
      'Netværkslederuddannelsen udbydes af UCC.',
    ],
    COMPLETED: [
      {
        type: 'COMPLETED',
        start: person,
        end: node('Training', "KL's innovatøruddannelse"),
        wording: 'har deltaget i',
      },
      "Mette Nielsen Duekilde har deltaget i KL's innovatøruddannelse.",
    ],
    CREATED: [
      { type: 'CREATED', start: network, end: node('Outcome', 'Borgerinddragelse') },
      'Netværket "Bo i Albertslund" har skabt "Borgerinddragelse".',
    ],
    REPORTED_TO: [
      { type: 'REPORTED_TO', start: network, end: node('Forum', 'Chefforum') },
      'Netværket "Bo i Albertslund" har afrapporteret til Chefforum.',
    ],
    INITIATED: [
      { type: 'INITIATED', start: node('Forum', 'KommuneMED'), end: network },
      'KommuneMED har igangsat netværket "Bo i Albertslund".',
    ],
    CONTINUED_AS: [
      {
        type: 'CONTINUED_AS',
        start: node('Network', 'Campus Albertslund'),
        end: node('Project', 'Campus Albertslund', 'projekt'),
      },
      'Netværket "Campus Albertslund" er videreført som projektet "Campus Albertslund".',
    ],
    SPAWNED: [
      {
        type: 'SPAWNED',
        start: node('Network', 'Udvikling af erhvervsservice'),
        end: node('Project', 'Blivende erhvervsnetværk', 'netværk'),
      },
      'Netværket "Udvikling af erhvervsservice" har affødt netværket "Blivende erhvervsnetværk".',
    ],
    KNOWS: [
      { type: 'KNOWS', start: person, end: node('Person', 'Sigrid Glarbo'), via: network },
      'Mette Nielsen Duekilde kender Sigrid Glarbo (fra netværket "Bo i Albertslund").',
    ],
    MEMBER_OF: [
      { type: 'MEMBER_OF', start: person, end: node('Unit', 'PPR') },
      'Mette Nielsen Duekilde hører til enheden "PPR".',
    ],
    PART_OF: [
      { type: 'PART_OF', start: node('Unit', 'Tale-høre'), end: node('Unit', 'PPR') },
      'Enheden "Tale-høre" er en del af enheden "PPR".',
    ],
    ROLLS_UP_TO: [
      { type: 'ROLLS_UP_TO', start: node('Unit', 'PPR'), end: node('Department', 'Børn & Unge') },
      'Enheden "PPR" hører under Børn & Unge.',
    ],
    REPORTS_TO: [
      { type: 'REPORTS_TO', start: person, end: node('Person', 'Sigrid Glarbo') },
      'Mette Nielsen Duekilde refererer til Sigrid Glarbo.',
    ],
  };

  it('when every relationship type is told then each has its own sentence', () => {
    expect(Object.keys(cases).sort()).toEqual([...REL_TYPES].sort());
  });

  it.each(Object.entries(cases))(
    'when %s is told then the sentence states it in its direction',
    (_type, [relation, expected]) => {
      expect(sentence(relation)).toBe(expected);
      expect(stepText(sayIn('da'), walked(relation, 'in'))).toBe(expected);
    },
  );

  it("when a step is said in English then the booklet's Danish wording gives way to English words, and names stay as they are", () => {
    const [[leads], [completed], [knows], [spawned]] = [cases.LEADS, cases.COMPLETED, cases.KNOWS, cases.SPAWNED];
    expect([leads, completed, knows, spawned].map((r) => sentence(r, 'en'))).toEqual([
      'Sigrid Glarbo leads the network "Bo i Albertslund".',
      "Mette Nielsen Duekilde has completed KL's innovatøruddannelse.",
      'Mette Nielsen Duekilde knows Sigrid Glarbo (from the network "Bo i Albertslund").',
      'The network "Udvikling af erhvervsservice" has given rise to the network "Blivende erhvervsnetværk".',
    ]);
  });

  it('when a completed training has no wording then "har gennemført" stands in, and KNOWS without a network has no parenthesis', () => {
    const training = node('Training', 'netværkslederuddannelsen');
    expect(sentence({ type: 'COMPLETED', start: person, end: training })).toBe(
      'Mette Nielsen Duekilde har gennemført netværkslederuddannelsen.',
    );
    expect(sentence({ type: 'COMPLETED', start: person, end: training, wording: '  ' })).toBe(
      'Mette Nielsen Duekilde har gennemført netværkslederuddannelsen.',
    );
    expect(sentence({ type: 'KNOWS', start: person, end: node('Person', 'Sigrid Glarbo') })).toBe(
      'Mette Nielsen Duekilde kender Sigrid Glarbo.',
    );
  });
});
