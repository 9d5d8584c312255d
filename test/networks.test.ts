import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import type { NetworkSummary } from '../api/explore.js';
import { readBooklet } from '../seed/booklet.js';
import { getJson, startApp, uid, type RunningApp } from './helpers.js';

// Other tests may add networks of their own; answers are judged on the booklet's networks only.
const BOOKLET = new Set(readBooklet().networks.map((n) => n.id));
const booklet = (networks: NetworkSummary[]) => networks.filter((n) => BOOKLET.has(n.id));

const list = async (app: RunningApp, params: Record<string, string> = {}) => {
  const res = await getJson<{ networks: NetworkSummary[] }>(
    app,
    `/api/networks?${new URLSearchParams(params)}`,
    endpoints.networks,
  );
  expect(res.status).toBe(200);
  return res.body.networks;
};
const ids = (networks: NetworkSummary[]) => booklet(networks).map((n) => n.id);

const SPO = { id: 'sundhed-pleje-omsorg', kind: 'Department', name: 'Sundhed, Pleje & Omsorg' };

describe('GET /api/networks', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when listed without filters then the booklet networks come by kind, then name, with who leads them and from where', async () => {
    const rows = booklet(await list(app)).map((n) => [
      n.id,
      n.kind,
      n.status,
      n.leaders.map((l) => l.id),
      n.departments.map((d) => d.id),
      n.outcomes,
      n.inferred,
    ]);
    expect(rows).toEqual([
      ['boern-anbragt-uden-for-hjemmet', 'velfaerd', 'i gang', ['bjarne-webb'], ['sundhed-pleje-omsorg'], 2, false],
      [
        'forebyggelse-af-indlaeggelser',
        'velfaerd',
        'afsluttet',
        ['anders-bych', 'charlotte-kaaber-soerensen'],
        ['sundhed-pleje-omsorg'],
        5,
        false,
      ],
      [
        'fra-barn-til-voksen-handicappet',
        'velfaerd',
        'i gang',
        ['stine-schou-petersen'],
        ['sundhed-pleje-omsorg'],
        1,
        false,
      ],
      [
        'indretning-af-raadhusets-forhal',
        'velfaerd',
        'afsluttet',
        ['pernille-harting-frandsen'],
        ['kultur-fritid-forebyggende-sundhed'],
        3,
        false,
      ],
      [
        'udvikling-af-erhvervsservice',
        'velfaerd',
        'afsluttet',
        ['mette-nielsen-duekilde'],
        ['arbejdsmarked-erhverv-ydelser'],
        4,
        false,
      ],
      [
        'udviklingshaemmet-graviditet-manglende-sprog',
        'velfaerd',
        'afsluttet',
        ['mikkel-nielsen'],
        ['skoler-uddannelse'],
        4,
        false,
      ],
      ['bo-i-albertslund', 'innovation', 'afventer', ['sigrid-glarbo'], ['miljoe-teknik'], 4, false],
      [
        'campus-albertslund',
        'innovation',
        'afsluttet',
        ['pernille-remming'],
        ['arbejdsmarked-erhverv-ydelser'],
        2,
        true,
      ],
      ['frivilligt-arbejde', 'innovation', 'i gang', ['patricia-walmar-gale'], ['social-familie'], 2, true],
      ['arbejds-miljoearbejdet', 'laering', 'i gang', ['carina-kofoed'], ['social-familie'], 2, false],
      ['digitaliseringsnetvaerk', 'laering', 'under omdefinering', ['tim-lissauer'], ['oekonomi-stab'], 0, false],
      ['proces-og-projektledernetvaerk', 'laering', 'i gang', ['anna-bojsen'], ['social-familie'], 3, false],
    ]);
  });

  it('when the network is led by two then the entry holds both, its theme, phase and outcome count', async () => {
    const entry = (await list(app)).find((n) => n.id === 'forebyggelse-af-indlaeggelser');
    expect(entry).toEqual({
      id: 'forebyggelse-af-indlaeggelser',
      name: 'Forebyggelse af indlæggelser og opsporing af tidlig sygdom',
      kind: 'velfaerd',
      theme: 'Forebyggelse af indlæggelser og opsporing af tidlig sygdom',
      status: 'afsluttet',
      phase: null,
      inferred: false,
      leaders: [
        { id: 'anders-bych', kind: 'Person', name: 'Anders Bych' },
        { id: 'charlotte-kaaber-soerensen', kind: 'Person', name: 'Charlotte Kaaber Sørensen' },
      ],
      departments: [SPO],
      outcomes: 5,
    });
  });

  it('when filtered by kind then 6 velfærd, 3 innovation and 3 læring networks come back', async () => {
    expect(ids(await list(app, { kind: 'velfaerd' }))).toHaveLength(6);
    expect(ids(await list(app, { kind: 'innovation' }))).toEqual([
      'bo-i-albertslund',
      'campus-albertslund',
      'frivilligt-arbejde',
    ]);
    expect(ids(await list(app, { kind: 'laering' }))).toEqual([
      'arbejds-miljoearbejdet',
      'digitaliseringsnetvaerk',
      'proces-og-projektledernetvaerk',
    ]);
  });

  it('when filtered by status then only networks of that status come back', async () => {
    expect(ids(await list(app, { status: 'i gang' }))).toEqual([
      'boern-anbragt-uden-for-hjemmet',
      'fra-barn-til-voksen-handicappet',
      'frivilligt-arbejde',
      'arbejds-miljoearbejdet',
      'proces-og-projektledernetvaerk',
    ]);
    expect(ids(await list(app, { status: 'afventer' }))).toEqual(['bo-i-albertslund']);
    expect(ids(await list(app, { status: 'under omdefinering', kind: 'laering' }))).toEqual([
      'digitaliseringsnetvaerk',
    ]);
    expect(ids(await list(app, { status: 'afventer', kind: 'velfaerd' }))).toEqual([]);
  });

  it('when filtered by phase then the networks in that phase of the fixed list come back, however the booklet spelled it', async () => {
    // The booklet writes "opdagelsesfasen", "opdagelses- og idefasen" and "opdagelses og idefase": one phase.
    expect(ids(await list(app, { phase: 'opdagelsesfasen' }))).toEqual([
      'fra-barn-til-voksen-handicappet',
      'frivilligt-arbejde',
      'digitaliseringsnetvaerk',
    ]);
    expect(ids(await list(app, { phase: 'den eksterne fase' }))).toEqual([]);
  });

  it('when filtered by department then only networks its people lead come back', async () => {
    expect(ids(await list(app, { department: 'social-familie' }))).toEqual([
      'frivilligt-arbejde',
      'arbejds-miljoearbejdet',
      'proces-og-projektledernetvaerk',
    ]);
    expect(ids(await list(app, { department: 'sundhed-pleje-omsorg', status: 'afsluttet' }))).toEqual([
      'forebyggelse-af-indlaeggelser',
    ]);
  });

  it('when a person of another department participates then the network lists both departments and the filter finds it', async () => {
    // One prefix, numbered, so the departments sort as created.
    const prefix = uid('net');
    const [d1, d2, p1, p2, n] = ['d1', 'd2', 'p1', 'p2', 'n'].map((x) => `${prefix}-${x}`) as [
      string,
      string,
      string,
      string,
      string,
    ];
    await app.db.write(
      `CREATE (a:Entity:Department {id: $d1, name: 'Afdeling ' + $d1}), (b:Entity:Department {id: $d2, name: 'Afdeling ' + $d2}),
              (x:Entity:Person {id: $p1, name: 'Leder ' + $p1})-[:WORKS_IN]->(a),
              (y:Entity:Person {id: $p2, name: 'Deltager ' + $p2})-[:WORKS_IN]->(b),
              (net:Entity:Network {id: $n, name: 'Netværk ' + $n, kind: 'innovation', status: 'i gang', phase: 'den eksterne fase'}),
              (x)-[:LEADS]->(net), (y)-[:PARTICIPATES_IN]->(net)`,
      { d1, d2, p1, p2, n },
    );
    const found = await list(app, { department: d2 });
    expect(found).toEqual([
      {
        id: n,
        name: `Netværk ${n}`,
        kind: 'innovation',
        theme: null,
        status: 'i gang',
        phase: 'den eksterne fase',
        inferred: false,
        leaders: [{ id: p1, kind: 'Person', name: `Leder ${p1}` }],
        departments: [
          { id: d1, kind: 'Department', name: `Afdeling ${d1}` },
          { id: d2, kind: 'Department', name: `Afdeling ${d2}` },
        ],
        outcomes: 0,
      },
    ]);
    expect((await list(app, { phase: 'den eksterne fase', department: d2 })).map((x) => x.id)).toEqual([n]);
  });

  it('when the department is unknown or not a department then 404 names the id', async () => {
    expect(await getJson(app, '/api/networks?department=no-such-department')).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'There is no department with id "no-such-department".' } },
    });
    expect((await getJson(app, '/api/networks?department=anders-bych')).status).toBe(404);
  });

  it('when a parameter is bad then 400 names it', async () => {
    for (const [query, field] of [
      ['kind=cat', 'kind'],
      ['status=done', 'status'],
      ['phase=', 'phase'],
      ['phase=idefase', 'phase'],
      ['department=a%20b', 'department'],
      ['kind=velfaerd&kind=laering', 'kind'],
      ['colour=red', 'colour'],
    ]) {
      const { status, body } = await getJson(app, `/api/networks?${query}`);
      expect([query, status, body.error.details]).toEqual([query, 400, { field }]);
    }
  });
});

describe('GET /api/networks/:id/flower', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when the network has petals of all three perspectives then the flower groups them, with its leaders and partners', async () => {
    const { status, body } = await getJson(app, '/api/networks/forebyggelse-af-indlaeggelser/flower', endpoints.flower);
    expect(status).toBe(200);
    const petal = (id: string, name: string) => ({ id: `forebyggelse-af-indlaeggelser-${id}`, name, inferred: true });
    expect(body).toEqual({
      network: {
        id: 'forebyggelse-af-indlaeggelser',
        name: 'Forebyggelse af indlæggelser og opsporing af tidlig sygdom',
        kind: 'velfaerd',
        theme: 'Forebyggelse af indlæggelser og opsporing af tidlig sygdom',
        status: 'afsluttet',
        phase: null,
        remarks: readBooklet().networks.find((n) => n.id === 'forebyggelse-af-indlaeggelser')!.remarks,
        inferred: false,
      },
      leaders: [
        { id: 'anders-bych', kind: 'Person', name: 'Anders Bych' },
        { id: 'charlotte-kaaber-soerensen', kind: 'Person', name: 'Charlotte Kaaber Sørensen' },
      ],
      partners: [{ id: 'borgere', kind: 'Partner', name: 'Borgere' }],
      petals: {
        kommunen: [
          petal('fornyelse-planlaegning-dokumentation', 'Basis for fornyelse i planlægning og dokumentation'),
          petal('mindreforbrug', 'Mindreforbrug af økonomi og ydelser'),
        ],
        borgerne: [petal('samskabelse-med-borgere', 'Samskabelse med borgere')],
        medarbejderne: [
          petal('nye-arbejdsmaader', 'Afsæt for nye arbejdsmåder for ansatte og samarbejdspartnere'),
          petal('ny-viden', 'Ny viden'),
        ],
      },
    });
    expect(body.network.remarks).toHaveLength(4);
  });

  it('when the network has no petals then all three perspectives are there, empty', async () => {
    const { body } = await getJson(app, '/api/networks/digitaliseringsnetvaerk/flower', endpoints.flower);
    expect(body.petals).toEqual({ kommunen: [], borgerne: [], medarbejderne: [] });
    expect(body.partners).toEqual([]);
    expect(body.network).toMatchObject({ status: 'under omdefinering', phase: 'opdagelsesfasen', inferred: false });
    expect(body.network.remarks).toEqual([
      'Dette netværk er under omdefinering, da efterspørgslen i organisationen er noget andet end først antaget. Er i en opdagelses og idefase - med invitation til en Founding Group.',
      "Tim har deltaget i WOGN's netværksintroduktion.",
    ]);
  });

  it('when the network was reconstructed from its remarks then it is marked inferred and its one paragraph stays whole', async () => {
    const { body } = await getJson(app, '/api/networks/frivilligt-arbejde/flower', endpoints.flower);
    expect(body.network).toMatchObject({ inferred: true, theme: null, phase: 'opdagelsesfasen' });
    expect(body.network.remarks).toHaveLength(1);
    expect(body.leaders).toEqual([{ id: 'patricia-walmar-gale', kind: 'Person', name: 'Patricia Walmar Gale' }]);
  });

  it('when the id is unknown or not a network then 404 names the id', async () => {
    expect(await getJson(app, '/api/networks/no-such-network/flower')).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'There is no network with id "no-such-network".' } },
    });
    expect(await getJson(app, '/api/networks/anders-bych/flower')).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'There is no network with id "anders-bych".' } },
    });
  });

  it('when a network has no known kind then it has no flower, as it has no place in the list', async () => {
    const id = uid('net');
    await app.db.write("CREATE (:Entity:Network {id: $id, name: 'Uden type'})", { id });
    expect((await getJson(app, `/api/networks/${id}/flower`)).status).toBe(404);
    expect((await list(app)).map((n) => n.id)).not.toContain(id);
  });

  it('when the id has characters no id has then 400 names the field', async () => {
    const { status, body } = await getJson(app, `/api/networks/${encodeURIComponent('a b')}/flower`);
    expect([status, body.error.details]).toEqual([400, { field: 'id' }]);
  });
});
