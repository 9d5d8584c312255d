import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import type { NodeResponse, RingsResponse } from '../api/explore.js';
import { getJson, send, signIn, startApp, storeDaysOf, uid, type RunningApp } from './helpers.js';

// A source's organisation tree in the graph as the sync writes it (docs/model.md, issue 19): units
// (PART_OF their parent), the admin's mapping of a unit to a department (ROLLS_UP_TO), people's own
// units (MEMBER_OF, dated) and managers (REPORTS_TO). Written here with raw Cypher in that shape.

/** The day `n` days before `day` (YYYY-MM-DD). */
const daysBefore = (day: string, n: number) => new Date(Date.parse(day) - n * 86_400_000).toISOString().slice(0, 10);

describe('units on the node card', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  /**
   * Forvaltningen (mapped to a department) > Skoleafdelingen > PPR, with Tale-høre under PPR; Pia in
   * PPR reporting to Mads, also in PPR; Ole who left PPR yesterday for Tale-høre; Lise who left the
   * municipality yesterday.
   */
  async function tree() {
    const ids = {
      dep: uid('dep'),
      top: uid('unit'),
      mid: uid('unit'),
      ppr: uid('unit'),
      tale: uid('unit'),
      pia: uid('p'),
      mads: uid('p'),
      ole: uid('p'),
      lise: uid('p'),
    };
    const yesterday = daysBefore(today(), 1);
    await app.db.write(
      `CREATE (d:Entity:Department {id: $dep, name: 'Børn & Unge'}),
              (top:Entity:Unit {id: $top, name: 'Børne- og Ungeforvaltningen'}),
              (mid:Entity:Unit {id: $mid, name: 'Skoleafdelingen'}),
              (ppr:Entity:Unit {id: $ppr, name: 'PPR', kleNumbers: ['27.24', '17.01', '27.24.08'],
                                kleAspects: ['udfoerende', 'indsigt', 'ansvarlig'],
                                kleTitles: ['Børn og unge med handicap', '', 'Tale-høre'],
                                kleText: '27.24 Børn og unge med handicap\n17.01\n27.24.08 Tale-høre'}),
              (tale:Entity:Unit {id: $tale, name: 'Tale-høre'}),
              (top)-[:ROLLS_UP_TO]->(d), (mid)-[:PART_OF]->(top), (ppr)-[:PART_OF]->(mid), (tale)-[:PART_OF]->(ppr),
              (pia:Entity:Person {id: $pia, name: 'Pia Psykolog', title: 'Psykolog'}),
              (mads:Entity:Person {id: $mads, name: 'Mads Leder', title: 'Leder'}),
              (ole:Entity:Person {id: $ole, name: 'Ole Logopæd'}),
              (lise:Entity:Person {id: $lise, name: 'Lise Stoppet', leftOn: $yesterday}),
              (pia)-[:MEMBER_OF {since: '2020-01-01', source: 'hr'}]->(ppr),
              (mads)-[:MEMBER_OF {since: '2019-05-01', source: 'hr'}]->(ppr),
              (ole)-[:MEMBER_OF {since: '2018-01-01', until: $dayBefore, source: 'hr'}]->(ppr),
              (ole)-[:MEMBER_OF {since: $yesterday, source: 'hr'}]->(tale),
              (lise)-[:MEMBER_OF {since: '2015-01-01', source: 'hr'}]->(ppr),
              (pia)-[:WORKS_IN {since: '2020-01-01', source: 'hr'}]->(d),
              (pia)-[:REPORTS_TO {source: 'hr'}]->(mads)`,
      { ...ids, yesterday, dayBefore: daysBefore(today(), 2) },
    );
    await storeDaysOf(app.db, [ids.pia, ids.mads, ids.ole, ids.lise]);
    const ref = (kind: string, id: string, name: string) => ({ id, kind, name });
    return {
      ids,
      dep: ref('Department', ids.dep, 'Børn & Unge'),
      top: ref('Unit', ids.top, 'Børne- og Ungeforvaltningen'),
      mid: ref('Unit', ids.mid, 'Skoleafdelingen'),
      ppr: ref('Unit', ids.ppr, 'PPR'),
      tale: ref('Unit', ids.tale, 'Tale-høre'),
      pia: ref('Person', ids.pia, 'Pia Psykolog'),
      mads: ref('Person', ids.mads, 'Mads Leder'),
      ole: ref('Person', ids.ole, 'Ole Logopæd'),
    };
  }

  it('when a person belongs to a unit then their card shows the unit with its path up the tree and its department, and their manager', async () => {
    const t = await tree();
    const { status, body } = await getJson<NodeResponse>(app, `/api/nodes/${t.ids.pia}`, endpoints.node);
    expect(status).toBe(200);
    expect(body.card).toEqual({
      name: 'Pia Psykolog',
      title: 'Psykolog',
      department: t.dep,
      email: null,
      phone: null,
      leads: [],
      participatesIn: [],
      trainings: [],
      units: [{ unit: t.ppr, path: [t.top, t.mid], department: t.dep }],
      manager: t.mads,
      leftOn: null,
      handedOver: [],
    });
    expect(body.unit).toBeNull();
  });

  it('when a person moved to another unit yesterday then their card shows the new unit today and the old one on a day before', async () => {
    const t = await tree();
    const now = await getJson<NodeResponse>(app, `/api/nodes/${t.ids.ole}`, endpoints.node);
    expect(now.body.card?.units).toEqual([{ unit: t.tale, path: [t.top, t.mid, t.ppr], department: t.dep }]);
    const before = await getJson<NodeResponse>(
      app,
      `/api/nodes/${t.ids.ole}?at=${daysBefore(today(), 3)}`,
      endpoints.node,
    );
    expect(before.body.card?.units).toEqual([{ unit: t.ppr, path: [t.top, t.mid], department: t.dep }]);
  });

  it("when a unit is asked then its card shows where it sits, its sub-units, the department it inherits, its KLE subjects strongest first and today's people", async () => {
    const t = await tree();
    const { status, body } = await getJson<NodeResponse>(app, `/api/nodes/${t.ids.ppr}`, endpoints.node);
    expect(status).toBe(200);
    expect(body.node).toMatchObject({ id: t.ids.ppr, kind: 'Unit', name: 'PPR' });
    expect(body.card).toBeNull();
    expect(body.unit).toEqual({
      path: [t.top, t.mid],
      children: [t.tale],
      department: t.dep,
      departmentFrom: t.top,
      kle: [
        { number: '27.24.08', title: 'Tale-høre', aspect: 'ansvarlig' },
        { number: '27.24', title: 'Børn og unge med handicap', aspect: 'udfoerende' },
        { number: '17.01', title: '', aspect: 'indsigt' },
      ],
      // Ole left the unit yesterday, Lise the municipality
      people: [t.mads, t.pia],
      peopleTotal: 2,
    });
  });

  it('when the top unit is asked then its department is its own mapping and it has no path', async () => {
    const t = await tree();
    const { body } = await getJson<NodeResponse>(app, `/api/nodes/${t.ids.top}`, endpoints.node);
    expect(body.unit).toEqual({
      path: [],
      children: [t.mid],
      department: t.dep,
      departmentFrom: null,
      kle: [],
      people: [],
      peopleTotal: 0,
    });
  });

  it("when a unit's tree has a loop then its card still answers", async () => {
    const [a, b] = [uid('unit'), uid('unit')];
    await app.db.write(
      `CREATE (a:Entity:Unit {id: $a, name: 'A'}), (b:Entity:Unit {id: $b, name: 'B'}), (a)-[:PART_OF]->(b), (b)-[:PART_OF]->(a)`,
      { a, b },
    );
    const { status, body } = await getJson<NodeResponse>(app, `/api/nodes/${a}`, endpoints.node);
    expect(status).toBe(200);
    expect(body.unit?.children).toEqual([{ id: b, kind: 'Unit', name: 'B' }]);
    expect(body.unit?.department).toBeNull();
  });

  it("when a unit is drawn in a person's rings then it is a node of kind Unit", async () => {
    const t = await tree();
    const { status, body } = await getJson<RingsResponse>(
      app,
      `/api/nodes/${t.ids.pia}/rings?depth=1`,
      endpoints.rings,
    );
    expect(status).toBe(200);
    expect(body.elements.nodes.find((n) => n.data.id === t.ids.ppr)?.data).toMatchObject({
      kind: 'Unit',
      label: 'PPR',
    });
  });

  it('when a coordinator tries to create a unit then it is refused, as units come from a source', async () => {
    const cookie = await signIn(app, 'coordinator');
    const id = uid('unit');
    const res = await send(app, 'POST', '/api/nodes', {
      body: { id, kind: 'Unit', properties: { name: 'Håndlavet enhed' } },
      cookie,
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('Unit');
    expect((await getJson<NodeResponse>(app, `/api/nodes/${id}`)).status).toBe(404);
  });
});
