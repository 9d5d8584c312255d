import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runSync } from '../server/sync/engine.js';
import { KleFileError, loadKleFile, parseKle, readKleFile } from '../server/sync/kle.js';
import { createOs2moSource, type Os2moSourceConfig } from '../server/sync/sources/os2mo.js';
import { PLAN_KINDS, type Plan } from '../api/sync.js';
import type { SnapshotPerson, SnapshotUnit, SourceRead, SyncSource } from '../server/sync/source.js';
import { testDb, uid } from './helpers.js';
import {
  LONG_AGO,
  type Os2moStandin,
  type StandinEmployee,
  type StandinUnit,
  startOs2moStandin,
} from './standins/os2mo.js';

// The OS2mo source against test/standins/os2mo.ts, a STAND-IN for OS2mo's GraphQL API and its Keycloak
// token endpoint, written from OS2mo's own schema (no OS2mo can run here). Each test starts its own
// stand-in with its own organisation.

const DAY = '2026-12-05';
const SAMPLE = join(import.meta.dirname, 'fixtures', 'kle-sample.xml');
const opened: Os2moStandin[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

/** A stand-in holding municipality(), and the uuids it was made with. */
async function standin(version = 30): Promise<{ s: Os2moStandin; u: Ids }> {
  const s = await startOs2moStandin(version);
  opened.push(s);
  const u = ids();
  s.data = municipality(u);
  return { s, u };
}

function sourceFor(s: Os2moStandin, extra: Partial<Os2moSourceConfig> = {}) {
  return createOs2moSource({
    url: s.url,
    tokenUrl: s.tokenUrl,
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    graphqlVersion: s.version,
    ...extra,
  });
}

function read(s: Os2moStandin, extra: Partial<Os2moSourceConfig> = {}, signal = AbortSignal.timeout(20_000)) {
  return sourceFor(s, extra).read({ state: null, day: DAY, signal });
}

/** The snapshot's units and people by name, so two reads compare whatever order the pages came in. */
function sorted(read: SourceRead) {
  const byName = <T extends { name: string }>(xs: T[]) => [...xs].sort((a, b) => a.name.localeCompare(b.name));
  return {
    ...read,
    snapshot: { ...read.snapshot, units: byName(read.snapshot.units), people: byName(read.snapshot.people) },
  };
}

/** Fresh uuids each time, so the order of the pages differs from test to test like OS2mo's does. */
const ids = () => ({
  kommune: randomUUID(),
  boern: randomUUID(),
  ppr: randomUUID(),
  teknik: randomUUID(),
  nedlagt: randomUUID(),
  mette: randomUUID(),
  anne: randomUUID(),
  bo: randomUUID(),
  carl: randomUUID(),
  dina: randomUUID(),
  erik: randomUUID(),
});
type Ids = ReturnType<typeof ids>;

/**
 * A small municipality: a director at the top, a centre with KLE and a manager, a team below it
 * without a manager of its own, a unit whose manager role is vacant, a closed unit; a leader with two
 * engagements (the primary one listed second) who manages her own unit, people with secret and
 * public addresses, one whose engagement has ended and one who never had one.
 */
function municipality(u: Ids): { units: StandinUnit[]; employees: StandinEmployee[] } {
  return {
    units: [
      { uuid: u.kommune, name: 'Albertslund Kommune', parent: null, managers: [u.mette] },
      {
        uuid: u.boern,
        name: 'Børn og Unge',
        parent: u.kommune,
        managers: [u.anne],
        kle: [
          { number: '27.24', title: 'Børn og unge med handicap', aspects: ['Ansvarlig'] },
          { number: '17.01', title: 'Folkeskolen', aspects: ['Indsigt', 'Udførende'] },
        ],
      },
      {
        uuid: u.ppr,
        name: 'Pædagogisk Psykologisk Rådgivning',
        parent: u.boern,
        kle: [
          { number: '27.24.08', title: '27.24.08 Merudgifter til børn og unge med handicap', aspects: ['Udførende'] },
        ],
      },
      { uuid: u.teknik, name: 'Teknik og Miljø', parent: u.kommune, managers: [null] },
      { uuid: u.nedlagt, name: 'Nedlagt enhed', parent: u.kommune, from: '2001-01-01', to: '2026-01-31' },
    ],
    employees: [
      {
        uuid: u.mette,
        givenName: 'Mette',
        surname: 'Madsen',
        engagements: [{ unit: u.kommune, jobFunction: 'Kommunaldirektør', primary: true }],
        addresses: [
          { scope: 'EMAIL', value: 'mette@albertslund.test', visibility: 'PUBLIC' },
          { scope: 'PHONE', value: '43686000' },
        ],
      },
      {
        uuid: u.anne,
        givenName: 'Anne',
        surname: 'Andersen',
        engagements: [
          { unit: u.ppr, jobFunction: 'Konsulent' },
          { unit: u.boern, jobFunction: 'Centerchef', primary: true, from: '2020-03-01' },
        ],
        addresses: [{ scope: 'EMAIL', value: 'anne@albertslund.test' }],
      },
      {
        uuid: u.bo,
        givenName: 'Bo',
        surname: 'Berg',
        engagements: [{ unit: u.ppr, jobFunction: 'Psykolog', to: '2030-12-31' }],
        addresses: [
          { scope: 'DAR', value: 'Hjemmevej 1, 2620 Albertslund', visibility: 'SECRET' },
          { scope: 'EMAIL', value: 'bo.privat@example.test', visibility: 'SECRET' },
          { scope: 'EMAIL', value: 'bo@albertslund.test', visibility: 'INTERNAL' },
          { scope: 'PHONE', value: '+45 20 00 00 02', visibility: 'INTERNAL' },
        ],
      },
      {
        uuid: u.carl,
        givenName: 'Carl',
        surname: 'Clausen',
        nickname: 'Calle Clausen',
        engagements: [{ unit: u.teknik, jobFunction: 'Ingeniør' }],
      },
      {
        uuid: u.dina,
        givenName: 'Dina',
        surname: 'Dahl',
        engagements: [{ unit: u.teknik, jobFunction: 'Tekniker', to: '2026-11-30' }],
        addresses: [{ scope: 'EMAIL', value: 'dina@albertslund.test' }],
      },
      { uuid: u.erik, givenName: 'Erik', surname: 'Eriksen', engagements: [] },
    ],
  };
}

/** What the source must make of municipality(), by name. */
function expected(u: Ids): SourceRead {
  const units: SnapshotUnit[] = [
    { sourceId: u.kommune, name: 'Albertslund Kommune', parentId: null, kle: [] },
    {
      sourceId: u.boern,
      name: 'Børn og Unge',
      parentId: u.kommune,
      kle: [
        { number: '17.01', title: 'Folkeskolen', aspect: 'udfoerende' },
        { number: '17.01', title: 'Folkeskolen', aspect: 'indsigt' },
        { number: '27.24', title: 'Børn og unge med handicap', aspect: 'ansvarlig' },
      ],
    },
    {
      sourceId: u.ppr,
      name: 'Pædagogisk Psykologisk Rådgivning',
      parentId: u.boern,
      kle: [{ number: '27.24.08', title: 'Merudgifter til børn og unge med handicap', aspect: 'udfoerende' }],
    },
    { sourceId: u.teknik, name: 'Teknik og Miljø', parentId: u.kommune, kle: [] },
  ];
  const people: SnapshotPerson[] = [
    {
      sourceId: u.anne,
      name: 'Anne Andersen',
      title: 'Centerchef',
      email: 'anne@albertslund.test',
      phone: null,
      unitIds: [u.boern, u.ppr],
      managerId: u.mette,
      active: true,
    },
    {
      sourceId: u.bo,
      name: 'Bo Berg',
      title: 'Psykolog',
      email: 'bo@albertslund.test',
      phone: '+45 20 00 00 02',
      unitIds: [u.ppr],
      managerId: u.anne,
      active: true,
    },
    {
      sourceId: u.carl,
      name: 'Calle Clausen',
      title: 'Ingeniør',
      email: null,
      phone: null,
      unitIds: [u.teknik],
      managerId: u.mette,
      active: true,
    },
    {
      sourceId: u.mette,
      name: 'Mette Madsen',
      title: 'Kommunaldirektør',
      email: 'mette@albertslund.test',
      phone: '43686000',
      unitIds: [u.kommune],
      managerId: null,
      active: true,
    },
  ];
  // The state for a later run to read only what changed: its contents are the source's own.
  return { snapshot: { complete: true, units, people, refused: [] }, state: expect.any(String) };
}

/** The stand-in's pages asked for by operation, the ones not named none. */
const pages = (asked: Partial<Os2moStandin['stats']['pages']>): Os2moStandin['stats']['pages'] => ({
  RingeOrgUnits: 0,
  RingeEmployees: 0,
  RingeEmployeesByUuid: 0,
  RingeRegistrations: 0,
  RingeRegistrationOwners: 0,
  RingeEngagementsChanging: 0,
  RingeUnitEngagements: 0,
  ...asked,
});

describe('OS2mo source against the OS2mo stand-in', () => {
  it('when the organisation is read then the snapshot holds the unit tree with KLE and aspects, and the people with title, e-mail, phone, unit and manager', async () => {
    const { s, u } = await standin();
    const got = await read(s);
    expect(sorted(got)).toEqual(expected(u));
    expect(s.stats).toEqual({ tokens: 1, requests: 2, pages: pages({ RingeOrgUnits: 1, RingeEmployees: 1 }) });
  });

  it('when there are more objects than a page then every page is read by its cursor, short and empty pages included', async () => {
    const { s, u } = await standin(28);
    const got = await read(s, { pageSize: 2 });
    expect(sorted(got)).toEqual(expected(u));
    // 5 units: pages of 2, 2, 1; 6 employees: 2, 2, 2 and an empty last page (the closed unit and the
    // people without an engagement are dropped after the limit, so some pages hold fewer).
    expect(s.stats).toEqual({ tokens: 1, requests: 7, pages: pages({ RingeOrgUnits: 3, RingeEmployees: 4 }) });
  });

  it('when the token expires midway then a new one is fetched and the same page asked again', async () => {
    const { s, u } = await standin();
    s.expireTokensAfterRequests = 2;
    const got = await read(s, { pageSize: 2 });
    expect(sorted(got)).toEqual(expected(u));
    // The third request was refused with 401 and sent again with the second token.
    expect(s.stats).toEqual({ tokens: 2, requests: 8, pages: pages({ RingeOrgUnits: 3, RingeEmployees: 4 }) });
  });

  it('when a token is about to expire then the next read fetches a new one first, and a fresh one is used again', async () => {
    const { s, u } = await standin();
    const source = sourceFor(s);
    const again = () => source.read({ state: null, day: DAY, signal: AbortSignal.timeout(20_000) });
    await again();
    await again();
    expect(s.stats.tokens).toBe(1);
    s.tokenLifetimeSeconds = 2;
    const fresh = sourceFor(s);
    await fresh.read({ state: null, day: DAY, signal: AbortSignal.timeout(20_000) });
    // Renewed a tenth of its life before it ends: after 1.8 s the next request takes a new token.
    await new Promise((r) => setTimeout(r, 2_000));
    const late = await fresh.read({ state: null, day: DAY, signal: AbortSignal.timeout(20_000) });
    expect(sorted(late)).toEqual(expected(u));
    expect(s.stats).toEqual({ tokens: 3, requests: 8, pages: pages({ RingeOrgUnits: 4, RingeEmployees: 4 }) });
  });

  it('when OS2mo answers a GraphQL error then the read throws what OS2mo said, without the secret', async () => {
    const { s } = await standin();
    s.errorOnRequest = 3;
    const err = await read(s, { pageSize: 2 }).catch((e: Error) => e);
    expect(err).toMatchObject({
      name: 'Os2moError',
      code: 'forbidden',
      message: 'OS2mo refused the query RingeOrgUnits: Not allowed to read org_units: the client lacks a role.',
    });
    expect(JSON.stringify(err) + String(err)).not.toContain(s.clientSecret);
  });

  it('when OS2mo fails midway with an HTTP error or a cut-off answer then the read throws a clear error', async () => {
    const { s } = await standin();
    s.failOnRequest = { request: 4, how: 'status' };
    const status = await read(s, { pageSize: 2 }).catch((e: Error) => e);
    expect(status).toMatchObject({
      code: 'unreachable',
      message: `OS2mo answered HTTP 503 to the query RingeEmployees (${s.url}/graphql/v30).`,
    });
    s.failOnRequest = { request: 6, how: 'cut' };
    const cut = await read(s, { pageSize: 2 }).catch((e: Error) => e);
    expect(cut).toMatchObject({ name: 'Os2moError', code: 'unreachable' });
    expect((cut as Error).message).toMatch(/^127\.0\.0\.1:\d+ could not be reached or broke off its answer \(.+\)\.$/);
  });

  it('when the client secret is wrong then the error says what Keycloak said, without the secret', async () => {
    const { s } = await standin();
    const wrong = `${s.clientSecret}-wrong`;
    const err = await read(s, { clientSecret: wrong }).catch((e: Error) => e);
    expect(err).toMatchObject({
      name: 'Os2moError',
      code: 'auth',
      status: 401,
      message:
        'Keycloak gave client "ringe" no token (HTTP 401, unauthorized_client: Invalid client or Invalid client credentials).',
    });
    expect(String(err)).not.toContain(wrong);
    expect(s.stats.requests).toBe(0);
  });

  it('when the run is aborted then the read stops without asking OS2mo', async () => {
    const { s } = await standin();
    const controller = new AbortController();
    controller.abort(new Error('stopped by the test'));
    await expect(read(s, {}, controller.signal)).rejects.toThrow('stopped by the test');
    expect(s.stats).toEqual({ tokens: 0, requests: 0, pages: pages({ RingeOrgUnits: 0, RingeEmployees: 0 }) });
  });
});

describe('KLE file', () => {
  const db = testDb();
  afterAll(() => db.close());
  const SAMPLE_ENTRIES = [
    { number: '00', title: 'Kommunens styrelse' },
    { number: '00.01', title: 'Kommunens styrelse i almindelighed' },
    { number: '00.01.00', title: 'Kommunens styrelse i almindelighed' },
    { number: '00.01.10', title: 'Opgaver der ikke kan henføres til et bestemt emne' },
    { number: '17', title: 'Undervisning og uddannelse' },
    { number: '17.01', title: 'Folkeskolen' },
    { number: '17.01.00', title: 'Folkeskolen i almindelighed' },
    { number: '27', title: 'Social service' },
    { number: '27.24', title: 'Børn og unge med handicap' },
    { number: '27.24.00', title: 'Børn og unge med handicap i almindelighed' },
    { number: '27.24.08', title: 'Merudgifter til børn og unge med handicap' },
  ];

  it("when KL's XML is read then every main group, group and subject comes with its title, and the retired one is left out", async () => {
    expect(await readKleFile(SAMPLE)).toEqual(SAMPLE_ENTRIES);
  });

  it('when the file is loaded then each number is a KleSubject with its title, outside the graph data', async () => {
    expect(await loadKleFile(db, SAMPLE)).toBe(SAMPLE_ENTRIES.length);
    const rows = await db.read(
      `MATCH (k:KleSubject) WHERE k.number IN $numbers
       RETURN k.number AS number, k.title AS title, labels(k) AS labels ORDER BY number`,
      { numbers: [...SAMPLE_ENTRIES.map((e) => e.number), '00.01.20'] },
    );
    expect(rows).toEqual(SAMPLE_ENTRIES.map((e) => ({ ...e, labels: ['KleSubject'] })));
  });

  it('when the file is not a KLE catalogue, not well-formed or lacks a number then reading says so', async () => {
    expect(() => parseKle('<?xml version="1.0"?><Emneplan/>', 'a.xml')).toThrow(
      new KleFileError("a.xml is not KL's KLE-Emneplan: its root element is <Emneplan>."),
    );
    expect(() => parseKle('<KLE-Emneplan><Hovedgruppe><HovedgruppeNr>00</Hovedgruppe>', 'b.xml')).toThrow(
      /^b\.xml is not well-formed XML: b\.xml:1:\d+: /,
    );
    expect(() =>
      parseKle(
        '<KLE-Emneplan>\n<Hovedgruppe><HovedgruppeTitel>Uden nummer</HovedgruppeTitel></Hovedgruppe></KLE-Emneplan>',
        'c.xml',
      ),
    ).toThrow(new KleFileError('c.xml, <Hovedgruppe> on line 2 has no number of the form KL writes (none).'));
    const latin1 = join(tmpdir(), `kle-${randomUUID()}.xml`);
    writeFileSync(
      latin1,
      Buffer.from(
        '<?xml version="1.0" encoding="ISO-8859-1"?><KLE-Emneplan><Hovedgruppe><HovedgruppeNr>27</HovedgruppeNr><HovedgruppeTitel>Børn</HovedgruppeTitel></Hovedgruppe></KLE-Emneplan>',
        'latin1',
      ),
    );
    expect(await readKleFile(latin1)).toEqual([{ number: '27', title: 'Børn' }]);
    await expect(readKleFile('/nonexistent/kle.xml')).rejects.toThrow(
      'The KLE file /nonexistent/kle.xml could not be read (ENOENT).',
    );
  });
});

describe('OS2mo through the sync engine', () => {
  const db = testDb();
  afterAll(() => db.close());
  const [D1, D2, D3] = ['2026-12-05', '2026-12-06', '2026-12-07'];
  const counts = (c: Partial<Plan['counts']>) => ({
    ...Object.fromEntries([...PLAN_KINDS, 'unchanged', 'refused', 'peopleBefore'].map((k) => [k, 0])),
    ...c,
  });

  /** The Ringe id of a person or unit this scope's OS2mo runs wrote. */
  async function idOf(scope: string, kind: 'person' | 'unit', sourceId: string): Promise<string> {
    const [row] = await db.read('MATCH (:SyncRecord {key: $key})-[:RECORD_OF]->(n) RETURN n.id AS id', {
      key: `os2mo@${scope}|${kind}|${sourceId}`,
    });
    return row!.id as string;
  }
  /** A person's properties and relations to units and people, as stored. */
  async function personState(id: string) {
    const [row] = await db.read(
      `MATCH (p:Person {id: $id})
       RETURN properties(p) AS props,
         [(p)-[r:MEMBER_OF|REPORTS_TO]->(x) | {type: type(r), to: x.id, since: r.since, until: r.until}] AS rels`,
      { id },
    );
    const { version: _v, ...props } = row!.props as Record<string, unknown>;
    const rels = (row!.rels as Record<string, unknown>[])
      .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)))
      .sort((a, b) => `${a.type}|${a.since}|${a.to}`.localeCompare(`${b.type}|${b.since}|${b.to}`));
    return { props, rels };
  }

  it('when OS2mo is synced day after day then joiners, a mover, a leaver and a renamed unit are written, units carry their KLE, and the same day twice changes nothing', async () => {
    const s = uid('mo');
    const { s: mo, u } = await standin();
    // Names and e-mails of this test's own, so no other test's person or department is matched.
    for (const unit of mo.data.units) unit.name = `${unit.name} ${s}`;
    for (const e of mo.data.employees) {
      e.surname = `${e.surname} ${s}`;
      if (e.nickname) e.nickname = `${e.nickname} ${s}`;
      for (const a of e.addresses ?? []) if (a.scope === 'EMAIL') a.value = a.value.replace('@', `.${s}@`);
    }
    const bo = mo.data.employees.find((e) => e.uuid === u.bo)!;
    const carl = mo.data.employees.find((e) => e.uuid === u.carl)!;
    // In OS2mo the changes are dated: Bo moves to Teknik og Miljø on D3, Carl's last day is D2, Frida starts on D3.
    bo.engagements = [
      { unit: u.ppr, jobFunction: 'Psykolog', to: D2 },
      { unit: u.teknik, jobFunction: 'Psykolog', from: D3 },
    ];
    carl.engagements[0]!.to = D2;
    const frida = randomUUID();
    mo.data.employees.push({
      uuid: frida,
      givenName: 'Frida',
      surname: `Friis ${s}`,
      engagements: [{ unit: u.teknik, jobFunction: 'Landinspektør', from: D3 }],
    });
    // These dated changes were entered in OS2mo long before the first run.
    mo.register(LONG_AGO);
    // OS2mo's class for 27.24.08 is named by its number only: its title comes from the loaded KLE file.
    mo.data.units.find((x) => x.uuid === u.ppr)!.kle![0]!.title = '27.24.08';
    await loadKleFile(db, SAMPLE);
    const source = sourceFor(mo);
    const run = (day: string, more: Partial<Parameters<typeof runSync>[2]> = {}) =>
      runSync(db, source, { dryRun: false, startedBy: 'test', day, scope: s, ...more });

    const first = await run(D1);
    expect(first).toMatchObject({ source: 'os2mo', status: 'applied', error: null });
    expect(first.plan!.counts).toEqual(counts({ joiners: 4, unitsNew: 4 }));
    const id = {
      kommune: await idOf(s, 'unit', u.kommune),
      boern: await idOf(s, 'unit', u.boern),
      ppr: await idOf(s, 'unit', u.ppr),
      teknik: await idOf(s, 'unit', u.teknik),
      mette: await idOf(s, 'person', u.mette),
      anne: await idOf(s, 'person', u.anne),
      bo: await idOf(s, 'person', u.bo),
      carl: await idOf(s, 'person', u.carl),
    };
    const units = await db.read(
      `MATCH (x:Unit) WHERE x.id IN $ids
       OPTIONAL MATCH (x)-[:PART_OF]->(p:Unit)
       RETURN x.id AS id, x.name AS name, p.id AS parent, x.kleNumbers AS numbers, x.kleAspects AS aspects,
         x.kleTitles AS titles, x.kleText AS text ORDER BY name`,
      { ids: [id.kommune, id.boern, id.ppr, id.teknik] },
    );
    expect(units).toEqual([
      {
        id: id.kommune,
        name: `Albertslund Kommune ${s}`,
        parent: null,
        numbers: [],
        aspects: [],
        titles: [],
        text: '',
      },
      {
        id: id.boern,
        name: `Børn og Unge ${s}`,
        parent: id.kommune,
        numbers: ['17.01', '17.01', '27.24'],
        aspects: ['udfoerende', 'indsigt', 'ansvarlig'],
        titles: ['Folkeskolen', 'Folkeskolen', 'Børn og unge med handicap'],
        text: '17.01 Folkeskolen\n27.24 Børn og unge med handicap',
      },
      {
        id: id.ppr,
        name: `Pædagogisk Psykologisk Rådgivning ${s}`,
        parent: id.boern,
        numbers: ['27.24.08'],
        aspects: ['udfoerende'],
        titles: ['Merudgifter til børn og unge med handicap'],
        text: '27.24.08 Merudgifter til børn og unge med handicap',
      },
      {
        id: id.teknik,
        name: `Teknik og Miljø ${s}`,
        parent: id.kommune,
        numbers: [],
        aspects: [],
        titles: [],
        text: '',
      },
    ]);
    expect(await personState(id.bo)).toEqual({
      props: {
        id: id.bo,
        name: `Bo Berg ${s}`,
        title: 'Psykolog',
        email: `bo.${s}@albertslund.test`,
        phone: '+45 20 00 00 02',
      },
      rels: [
        { type: 'MEMBER_OF', to: id.ppr, since: D1 },
        { type: 'REPORTS_TO', to: id.anne },
      ],
    });
    expect((await personState(id.anne)).rels).toEqual([
      { type: 'MEMBER_OF', to: id.boern, since: D1 },
      { type: 'MEMBER_OF', to: id.ppr, since: D1 },
      { type: 'REPORTS_TO', to: id.mette },
    ]);

    // Later runs read what changed since (see the incremental tests below): here, on D2, only the
    // managers, whom every run reads again; the dated changes take effect on D3.
    const second = await run(D2);
    expect(second.status).toBe('applied');
    expect(second.plan!.counts).toEqual(counts({ unchanged: 2, peopleBefore: 4 }));

    mo.data.units.find((x) => x.uuid === u.teknik)!.name = `By, Land og Miljø ${s}`;
    const third = await run(D3, { maxLeaverShare: 0.3 });
    expect(third.status).toBe('applied');
    expect(third.plan!.counts).toEqual(
      counts({ joiners: 1, movers: 1, leavers: 1, contactChanged: 1, unitsRenamed: 1, unchanged: 2, peopleBefore: 4 }),
    );
    // Bo's move brings him a new manager too (his new unit's is vacant, so the director above it).
    expect(third.plan!.samples.movers!.map((r) => r.sourceId)).toEqual([u.bo]);
    expect(third.plan!.samples.contactChanged!.map((r) => r.sourceId)).toEqual([u.bo]);
    expect(await personState(id.bo)).toEqual({
      props: {
        id: id.bo,
        name: `Bo Berg ${s}`,
        title: 'Psykolog',
        email: `bo.${s}@albertslund.test`,
        phone: '+45 20 00 00 02',
      },
      rels: [
        { type: 'MEMBER_OF', to: id.ppr, since: D1, until: D2 },
        { type: 'MEMBER_OF', to: id.teknik, since: D3 },
        { type: 'REPORTS_TO', to: id.mette },
      ],
    });
    expect(await personState(id.carl)).toEqual({
      props: { id: id.carl, name: `Calle Clausen ${s}`, title: 'Ingeniør', leftOn: D3 },
      rels: [
        { type: 'MEMBER_OF', to: id.teknik, since: D1, until: D2 },
        { type: 'REPORTS_TO', to: id.mette },
      ],
    });
    expect(await personState(await idOf(s, 'person', frida))).toMatchObject({
      props: { name: `Frida Friis ${s}`, title: 'Landinspektør' },
      rels: [
        { type: 'MEMBER_OF', to: id.teknik, since: D3 },
        { type: 'REPORTS_TO', to: id.mette },
      ],
    });
    const [renamed] = await db.read('MATCH (x:Unit {id: $id}) RETURN x.name AS name', { id: id.teknik });
    expect(renamed).toEqual({ name: `By, Land og Miljø ${s}` });

    const again = await run(D3);
    expect(again.plan!.counts).toEqual(counts({ unchanged: 2, peopleBefore: 4 }));
  }, 120_000);
});

describe('OS2mo read incrementally, from the last run', () => {
  const db = testDb();
  afterAll(() => db.close());
  const [D1, D2, D3] = ['2026-12-05', '2026-12-06', '2026-12-07'];

  /**
   * municipality() with more people, registered long ago (as the stand-in registers what it starts
   * with): Gert, whose engagement ends on D1, Hanne, whose begins on D2, Jens in PPR, Karl in Teknik;
   * then `change()` registers now, as OS2mo does when it is written to: Ida joins (backdated), Carl
   * moves to PPR, Bo's phone changes, PPR gets Bo as its own manager, Teknik is renamed and Karl is
   * deleted. `tag` goes into names and e-mails, so two organisations in one database stay apart.
   */
  const extra = () => ({
    gert: randomUUID(),
    hanne: randomUUID(),
    ida: randomUUID(),
    jens: randomUUID(),
    karl: randomUUID(),
  });
  async function changing(tag: string, u = ids(), more = extra()) {
    const s = await startOs2moStandin();
    opened.push(s);
    const base = municipality(u);
    base.employees.push(
      {
        uuid: more.gert,
        givenName: 'Gert',
        surname: 'Gram',
        engagements: [{ unit: u.teknik, jobFunction: 'Smed', to: D1 }],
      },
      {
        uuid: more.hanne,
        givenName: 'Hanne',
        surname: 'Holm',
        engagements: [{ unit: u.ppr, jobFunction: 'Logopæd', from: D2 }],
      },
      { uuid: more.jens, givenName: 'Jens', surname: 'Juul', engagements: [{ unit: u.ppr, jobFunction: 'Psykolog' }] },
      {
        uuid: more.karl,
        givenName: 'Karl',
        surname: 'Krogh',
        engagements: [{ unit: u.teknik, jobFunction: 'Tekniker' }],
      },
    );
    for (const unit of base.units) unit.name = `${unit.name} ${tag}`;
    for (const e of base.employees) {
      e.surname = `${e.surname} ${tag}`;
      if (e.nickname) e.nickname = `${e.nickname} ${tag}`;
      for (const a of e.addresses ?? []) if (a.scope === 'EMAIL') a.value = a.value.replace('@', `.${tag}@`);
    }
    s.data = base;
    const change = () => {
      const d = s.data;
      d.employees.push({
        uuid: more.ida,
        givenName: 'Ida',
        surname: `Iversen ${tag}`,
        engagements: [{ unit: u.boern, jobFunction: 'Sagsbehandler', primary: true, from: '2026-11-01' }],
        addresses: [{ scope: 'EMAIL', value: `ida.${tag}@albertslund.test` }],
      });
      d.employees.find((e) => e.uuid === u.carl)!.engagements[0]!.unit = u.ppr;
      d.employees.find((e) => e.uuid === u.bo)!.addresses!.find((a) => a.scope === 'PHONE')!.value = '+45 20 00 00 22';
      d.units.find((x) => x.uuid === u.ppr)!.managers = [u.bo];
      d.units.find((x) => x.uuid === u.teknik)!.name = `By, Land og Miljø ${tag}`;
      d.employees = d.employees.filter((e) => e.uuid !== more.karl);
      s.data = d; // written to OS2mo: registered now
    };
    return { s, u: { ...u, ...more }, change };
  }

  it('when OS2mo changed after the last read then a read from its state gives every unit, the people who may have changed and who left', async () => {
    const { s, u, change } = await changing('x');
    const source = sourceFor(s);
    const first = await source.read({ state: null, day: D1, signal: AbortSignal.timeout(20_000) });
    expect(first.snapshot.complete).toBe(true);
    change();
    // A registration in the millisecond the next read begins counts as since it, even without overlap.
    await new Promise((r) => setTimeout(r, 5));
    const later = await source.read({ state: first.state, day: D2, signal: AbortSignal.timeout(20_000) });
    const whole = await source.read({ state: null, day: D2, signal: AbortSignal.timeout(20_000) });
    const person = (id: string) => whole.snapshot.people.find((p) => p.sourceId === id)!;
    // The people whose registrations changed (Ida, Carl, Bo), whose engagement began (Hanne), every
    // manager (Mette, Anne, Bo), and the people of PPR, whose manager is now Bo (Anne, Jens): as the
    // whole read has them. Gert's engagement ended on D1 (registered long ago); Karl was deleted.
    expect(sorted(later)).toEqual({
      snapshot: {
        complete: false,
        units: sorted(whole).snapshot.units,
        people: [u.anne, u.bo, u.carl, u.hanne, u.ida, u.jens, u.mette]
          .map(person)
          .sort((a, b) => a.name.localeCompare(b.name)),
        removed: [u.gert, u.karl].sort(),
        refused: [],
      },
      state: expect.any(String),
    });
    expect(person(u.jens).managerId).toBe(u.bo);
    expect(person(u.carl)).toMatchObject({ unitIds: [u.ppr], managerId: u.bo });
    expect(whole.snapshot.people.map((p) => p.sourceId)).not.toContain(u.gert);
    expect(s.stats.pages).toMatchObject({
      RingeRegistrations: 1,
      RingeRegistrationOwners: 1,
      RingeEngagementsChanging: 1,
    });

    // Nothing changed since: without the overlap (which reads the changes above again), only the
    // managers are read again.
    const again = await sourceFor(s, { registrationOverlapSeconds: 0 }).read({
      state: later.state,
      day: D2,
      signal: AbortSignal.timeout(20_000),
    });
    expect(again.snapshot).toMatchObject({ complete: false, removed: [] });
    expect(again.snapshot.people.map((p) => p.sourceId).sort()).toEqual([u.anne, u.bo, u.mette].sort());
  });

  it('when the state cannot be used (none, unreadable, another OS2mo, a later day, a full read a day ago or more, GraphQL before version 26) then everything is read', async () => {
    const { s } = await changing('y');
    const first = await sourceFor(s).read({ state: null, day: D2, signal: AbortSignal.timeout(20_000) });
    const state = JSON.parse(first.state!) as Record<string, unknown>;
    for (const unusable of [
      'not json',
      JSON.stringify({ ...state, api: 'https://os2mo.other.test/graphql/v30' }),
      JSON.stringify({ ...state, day: D3 }),
      JSON.stringify({ ...state, v: 2 }),
      JSON.stringify({ ...state, fullAt: new Date(Date.now() - 24 * 60 * 60_000).toISOString() }),
    ]) {
      const got = await sourceFor(s).read({ state: unusable, day: D2, signal: AbortSignal.timeout(20_000) });
      expect(sorted(got)).toEqual({ ...sorted(first), state: expect.any(String) });
    }
    const old = await startOs2moStandin(25);
    opened.push(old);
    old.data = s.data;
    const v25 = await sourceFor(old).read({ state: null, day: D2, signal: AbortSignal.timeout(20_000) });
    expect(v25.state).toBeNull();
    expect(v25.snapshot.complete).toBe(true);
  });

  /** A scope's people and units as the graph holds them, by sourceId, with the tag taken out of texts. */
  async function graphOf(scope: string, tag: string) {
    const prefix = `os2mo@${scope}|`;
    const rows = await db.read(
      `MATCH (r:SyncRecord)-[:RECORD_OF]->(n) WHERE r.key STARTS WITH $prefix
       RETURN r.key AS key, properties(n) AS props,
         [(n)-[x:MEMBER_OF|REPORTS_TO|PART_OF]->(t) | {type: type(x), since: x.since, until: x.until,
           to: [(t)<-[:RECORD_OF]-(tr:SyncRecord) WHERE tr.key STARTS WITH $prefix | tr.key][0]}] AS rels`,
      { prefix },
    );
    const untag = (v: unknown): unknown =>
      typeof v === 'string' ? v.replaceAll(` ${tag}`, '').replaceAll(`.${tag}@`, '@').replace(prefix, '') : v;
    return Object.fromEntries(
      rows
        .map((r) => {
          const { id: _id, version: _v, ...props } = r.props as Record<string, unknown>;
          const rels = (r.rels as Record<string, unknown>[])
            .map((x) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, untag(v)])))
            .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
          return [
            untag(r.key) as string,
            { props: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, untag(v)])), rels },
          ] as const;
        })
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  }

  it('when OS2mo changed then an incremental run writes exactly the graph a whole run writes, and nothing when nothing changed', async () => {
    const [a, b] = [uid('moa'), uid('mob')];
    const [u, more] = [ids(), extra()];
    const inc = await changing(a, u, more);
    const full = await changing(b, u, more);
    const incremental = sourceFor(inc.s);
    const wholeSource = sourceFor(full.s);
    // The same OS2mo read whole every time: the engine's saved state is not passed on.
    const whole: SyncSource = { name: 'os2mo', read: (input) => wholeSource.read({ ...input, state: null }) };
    const run = (source: SyncSource, scope: string, day: string) =>
      runSync(db, source, { dryRun: false, startedBy: 'test', day, scope, maxLeaverShare: 0.5 });

    expect((await run(incremental, a, D1)).plan!.complete).toBe(true);
    expect((await run(whole, b, D1)).plan!.complete).toBe(true);
    expect(await graphOf(a, a)).toEqual(await graphOf(b, b));
    inc.change();
    full.change();
    const later = await run(incremental, a, D2);
    const fullLater = await run(whole, b, D2);
    expect(later).toMatchObject({ status: 'applied', error: null, plan: { complete: false } });
    expect(fullLater.status).toBe('applied');
    const { unchanged: _u, peopleBefore: _p, ...written } = later.plan!.counts;
    const { unchanged: _fu, peopleBefore: _fp, ...fullWritten } = fullLater.plan!.counts;
    expect(written).toEqual(fullWritten);
    expect(written).toMatchObject({ joiners: 2, leavers: 2, movers: 1, unitsRenamed: 1 });
    expect(await graphOf(a, a)).toEqual(await graphOf(b, b));

    // Nothing changed: nothing is written.
    const before = await graphOf(a, a);
    const same = await run(incremental, a, D2);
    expect(same).toMatchObject({ status: 'applied', plan: { complete: false } });
    // Read again: the managers (Mette, Anne, Bo) and, registered within the overlap before the last
    // run began, Carl and Ida; each unchanged.
    expect(same.plan!.counts).toEqual({
      ...Object.fromEntries([...PLAN_KINDS, 'refused'].map((k) => [k, 0])),
      unchanged: 5,
      peopleBefore: 7,
    });
    expect(await graphOf(a, a)).toEqual(before);
  }, 120_000);

  it('when OS2mo fails or answers half during an incremental read then nothing changes, and the next run still catches up', async () => {
    const scope = uid('mof');
    const { s, u, change } = await changing(scope);
    const source = sourceFor(s);
    const run = (day: string) =>
      runSync(db, source, { dryRun: false, startedBy: 'test', day, scope, maxLeaverShare: 0.5 });
    expect((await run(D1)).status).toBe('applied');
    change();
    const before = await graphOf(scope, scope);
    // Requests: the units, the registrations, their owners, the engagements changing, the people.
    for (const [request, how] of [
      [2, 'cut'],
      [3, 'status'],
      [5, 'cut'],
    ] as const) {
      s.stats.requests = 0;
      s.failOnRequest = { request, how };
      const failed = await run(D2);
      expect(failed).toMatchObject({ status: 'failed', error: { code: 'unreachable' } });
      expect(await graphOf(scope, scope)).toEqual(before);
    }
    s.failOnRequest = null;
    const caught = await run(D2);
    expect(caught).toMatchObject({ status: 'applied', plan: { complete: false } });
    expect(caught.plan!.counts).toMatchObject({ joiners: 2, leavers: 2, movers: 1, unitsRenamed: 1 });
    const carl = await graphOf(scope, scope);
    expect(carl[`person|${u.carl}`]!.rels).toContainEqual({
      type: 'MEMBER_OF',
      since: D2,
      until: null,
      to: `unit|${u.ppr}`,
    });
  }, 120_000);
});
