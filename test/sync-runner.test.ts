import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import { ConfigError, loadConfig } from '../server/common/config.js';
import { ROOT } from '../server/common/folders.js';
import { bindQueries } from '../server/common/queries.js';
import { runSync } from '../server/sync/engine.js';
import { SCHEDULED_BY, startSchedule } from '../server/sync/schedule.js';
import { syncService } from '../server/sync/service.js';
import type { SyncSource } from '../server/sync/source.js';
import { checkSources } from '../server/sync/sources/index.js';
import { type RunningApp, send, signIn, startAppWith, testDb, uid } from './helpers.js';

// How the sync is run (server/sync/routes.ts, service.ts, schedule.ts, scripts/sync.ts): the
// "Datakilder" API against a real server whose HR source reads a CSV file written here, the
// command line against the same Neo4j, and the schedule as two server processes sharing it. Each
// part runs under a scope of its own (the engine's), so its runs, records and lease meet no other test's.

const dir = mkdtempSync(join(tmpdir(), 'ringe-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An HR export as Danish Excel saves it, with people in a unit and a team below it, and one CPR-like value. */
function hrFile(tag: string): { file: string; unit: string; team: string; anna: string; bo: string } {
  const unit = `Enhed ${tag}`;
  const team = `Team ${tag}`;
  const anna = `anna.${tag}@example.kommune.dk`;
  const bo = `bo.${tag}@example.kommune.dk`;
  const file = join(dir, `${tag}.csv`);
  writeFileSync(
    file,
    [
      'Medarbejdernummer;Navn;Stilling;E-mail;Enhed',
      `${tag}-1;Anna ${tag};Konsulent;${anna};${unit}`,
      `${tag}-2;Bo ${tag};Teamleder;${bo};${unit} / ${team}`,
      `${tag}-3;Cecilie ${tag};010170-1234;;${unit}`,
      '',
    ].join('\r\n'),
  );
  return { file, unit, team, anna, bo };
}

const MAPPING = {
  id: 'Medarbejdernummer',
  name: 'Navn',
  title: 'Stilling',
  email: 'E-mail',
  unit: 'Enhed',
  unitSeparator: '/',
};

describe('the sync API, as an admin runs it', () => {
  const tag = uid('hr');
  const hr = hrFile(tag);
  const scope = uid('runner');
  let app: RunningApp;
  let admin: string;

  beforeAll(async () => {
    app = await startAppWith({ sync: { config: { SYNC_HR_FILE: hr.file }, scope } });
    admin = await signIn(app, 'admin');
  });
  afterAll(() => app?.close());

  const personCount = async () =>
    (
      await app.db.read('MATCH (p:Person) WHERE p.email IN $emails RETURN count(p) AS n', {
        emails: [hr.anna, hr.bo],
      })
    )[0]!.n;

  it('when the sources are listed then HR is set up and the others name the settings they lack', async () => {
    const res = await send(app, 'GET', '/api/sync/sources', { cookie: admin });
    expect(res.status).toBe(200);
    expect(endpoints.syncSources.response.parse(res.body)).toEqual({
      sources: [
        { name: 'hr', configured: true, missing: [], runs: [] },
        {
          name: 'ldap',
          configured: false,
          missing: ['SYNC_LDAP_URL', 'SYNC_LDAP_BIND_DN', 'SYNC_LDAP_PASSWORD', 'SYNC_LDAP_BASE_DN'],
          runs: [],
        },
        {
          name: 'entra',
          configured: false,
          missing: ['SYNC_ENTRA_TENANT_ID', 'SYNC_ENTRA_CLIENT_ID', 'SYNC_ENTRA_CLIENT_SECRET'],
          runs: [],
        },
        {
          name: 'os2mo',
          configured: false,
          missing: ['SYNC_OS2MO_URL', 'SYNC_OS2MO_TOKEN_URL', 'SYNC_OS2MO_CLIENT_ID', 'SYNC_OS2MO_CLIENT_SECRET'],
          runs: [],
        },
      ],
      intervalMinutes: null,
      maxLeaverShare: 0.1,
    });
  });

  it('when the HR mapping is read then it holds the file’s headers, its first rows and a guess; saved, it is the mapping', async () => {
    const before = await send(app, 'GET', '/api/sync/sources/hr/mapping', { cookie: admin });
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      mapping: null,
      guessed: { id: 'Medarbejdernummer', name: 'Navn', title: 'Stilling', email: 'E-mail', unit: 'Enhed' },
      headers: ['Medarbejdernummer', 'Navn', 'Stilling', 'E-mail', 'Enhed'],
      rows: [
        [`${tag}-1`, `Anna ${tag}`, 'Konsulent', hr.anna, hr.unit],
        [`${tag}-2`, `Bo ${tag}`, 'Teamleder', hr.bo, `${hr.unit} / ${hr.team}`],
        [`${tag}-3`, `Cecilie ${tag}`, '' /* a CPR-like cell is not shown */, '', hr.unit],
      ],
      sheets: [],
      problem: null,
    });
    const saved = await send(app, 'PUT', '/api/sync/sources/hr/mapping', { cookie: admin, body: MAPPING });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ ...before.body, mapping: MAPPING });
  });

  it('when the HR source is previewed then the plan shows joiners, new units and the refused row, and no person is written', async () => {
    const res = await send(app, 'POST', '/api/sync/sources/hr/preview', { cookie: admin });
    expect(res.status).toBe(200);
    const run = endpoints.syncPreview.response.parse(res.body);
    expect({ ...run, id: '', startedAt: '', endedAt: '', plan: null }).toEqual({
      id: '',
      source: 'hr',
      dryRun: true,
      forced: false,
      status: 'planned',
      startedAt: '',
      endedAt: '',
      startedBy: 'Demo-administrator (udvikling)',
      plan: null,
      error: null,
    });
    expect(run.plan!.counts).toEqual({
      joiners: 2,
      returners: 0,
      movers: 0,
      leavers: 0,
      contactChanged: 0,
      unitsNew: 2,
      unitsRenamed: 0,
      unitsMoved: 0,
      unitsGone: 0,
      unchanged: 0,
      refused: 1,
      peopleBefore: 0,
    });
    expect(run.plan!.samples.joiners!.map((r) => r.name)).toEqual([`Anna ${tag}`, `Bo ${tag}`]);
    expect(run.plan!.samples.unitsNew!.map((r) => r.name).sort()).toEqual([hr.unit, hr.team].sort());
    expect(run.plan!.refusals).toEqual([{ record: `${tag}-3`, reason: 'cpr', field: 'title' }]);
    expect(await personCount()).toBe(0);
  });

  it('when it is run then it is applied, and the runs list and the list of sources show it', async () => {
    const res = await send(app, 'POST', '/api/sync/sources/hr/run', { cookie: admin, body: {} });
    expect(res.status).toBe(200);
    const run = endpoints.syncRun.response.parse(res.body);
    expect([run.status, run.dryRun, run.plan?.counts.joiners]).toEqual(['applied', false, 2]);
    expect(await personCount()).toBe(2);

    const runs = await send(app, 'GET', '/api/sync/sources/hr/runs?limit=2', { cookie: admin });
    expect(runs.status).toBe(200);
    expect(runs.body.runs.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [run.id, 'applied'],
      [expect.any(String), 'planned'],
    ]);
    expect(runs.body.runs[0]).toEqual(run);

    const sources = await send(app, 'GET', '/api/sync/sources', { cookie: admin });
    const { plan, ...rest } = run;
    expect(sources.body.sources[0].runs[0]).toEqual({ ...rest, counts: plan!.counts, leaverShare: 0 });
  });

  it('when a run starts while another holds the lease then it gets 409 and writes nothing', async () => {
    const queries = bindQueries(app.db);
    const holder = uid('holder');
    await queries.syncLockTake({ name: `sync@${scope}`, holder, leaseMs: 60_000 });
    try {
      const [run, preview] = await Promise.all([
        send(app, 'POST', '/api/sync/sources/hr/run', { cookie: admin, body: {} }),
        send(app, 'POST', '/api/sync/sources/hr/preview', { cookie: admin }),
      ]);
      expect([run.status, preview.status]).toEqual([409, 409]);
      expect(run.body.error.message).toBe('Another synchronisation is running; try again when it has finished.');
    } finally {
      await queries.syncLockRelease({ name: `sync@${scope}`, holder });
    }
    const runs = await send(app, 'GET', '/api/sync/sources/hr/runs', { cookie: admin });
    expect(runs.body.runs.length).toBe(2);
  });

  it('when a run is asked for while another run is reading its source then it gets 409, and the first goes on', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reading!: () => void;
    const started = new Promise<void>((resolve) => {
      reading = resolve;
    });
    // A source that answers when told to: the first run holds the lease while it waits.
    const slow: SyncSource = {
      name: 'hr',
      async read() {
        reading();
        await held;
        return { snapshot: { complete: false, units: [], people: [], removed: [], refused: [] }, state: null };
      },
    };
    const first = runSync(app.db, slow, { dryRun: true, startedBy: 'test', scope });
    await started;
    const second = await send(app, 'POST', '/api/sync/sources/hr/run', { cookie: admin, body: {} });
    release();
    expect([second.status, second.body.error.code, (await first).status]).toEqual([409, 'busy', 'planned']);
  });

  it('when units are listed then the new ones come first without a department; mapped, their people move with them', async () => {
    // A department of the test's own: the booklet's are counted by tests running beside this one.
    const dep = { id: uid('dep'), name: `Afdeling ${uid('runner')}` };
    await app.db.write('CREATE (:Entity:Department {id: $id, name: $name})', dep);
    const listed = await send(app, 'GET', '/api/sync/units', { cookie: admin });
    expect(listed.status).toBe(200);
    const mine = listed.body.units.filter((u: { name: string }) => u.name === hr.unit || u.name === hr.team);
    expect(
      mine.map((u: { name: string; department: unknown; people: number }) => [u.name, u.department, u.people]),
    ).toEqual([
      [hr.unit, null, 1],
      [hr.team, null, 1],
    ]);
    const index = (name: string) => listed.body.units.findIndex((u: { name: string }) => u.name === name);
    const firstMapped = listed.body.units.findIndex((u: { department: unknown }) => u.department !== null);
    expect(firstMapped === -1 || index(hr.team) < firstMapped).toBe(true);
    const unit = mine[0];
    const team = mine[1];
    expect(team.parentId).toBe(unit.id);
    expect(listed.body.departments).toContainEqual(dep);

    const put = await send(app, 'PUT', `/api/sync/units/${unit.id}/department`, {
      cookie: admin,
      body: { departmentId: dep.id },
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      unit: {
        id: unit.id,
        name: hr.unit,
        parentId: null,
        departmentId: dep.id,
        department: { ...dep, from: null },
        people: 1,
      },
      peopleMoved: 2,
    });
    const worksIn = async () =>
      (
        await app.db.read(
          `MATCH (p:Person)-[w:WORKS_IN]->(d:Department) WHERE p.email IN $emails AND w.until IS NULL AND w.source IS NOT NULL
           RETURN p.email AS email, d.id AS department ORDER BY email`,
          { emails: [hr.anna, hr.bo] },
        )
      ).map((r) => [r.email, r.department]);
    expect(await worksIn()).toEqual([
      [hr.anna, dep.id],
      [hr.bo, dep.id],
    ]);
    const after = await send(app, 'GET', '/api/sync/units', { cookie: admin });
    expect(after.body.units.find((u: { id: string }) => u.id === team.id).department).toEqual({
      ...dep,
      from: { id: unit.id, name: hr.unit },
    });

    const unmapped = await send(app, 'PUT', `/api/sync/units/${unit.id}/department`, {
      cookie: admin,
      body: { departmentId: null },
    });
    expect([unmapped.status, unmapped.body.unit.department]).toEqual([200, null]);
    expect(await worksIn()).toEqual([]);
  });

  it('when a run would end more than the set share of the people then it is refused and writes nothing; forced, it is applied', async () => {
    // Bo is gone from the file: one leaver of two is 50 %, above the 10 % allowed.
    writeFileSync(
      hr.file,
      ['Medarbejdernummer;Navn;Stilling;E-mail;Enhed', `${tag}-1;Anna ${tag};Konsulent;${hr.anna};${hr.unit}`, ''].join(
        '\r\n',
      ),
    );
    const leftOn = async () =>
      (await app.db.read('MATCH (p:Person {email: $email}) RETURN p.leftOn AS leftOn', { email: hr.bo }))[0]!.leftOn;
    const refused = await send(app, 'POST', '/api/sync/sources/hr/run', { cookie: admin, body: {} });
    expect(refused.status).toBe(200);
    expect([
      refused.body.status,
      refused.body.forced,
      refused.body.plan.counts.leavers,
      refused.body.plan.leaverShare,
      refused.body.plan.maxLeaverShare,
    ]).toEqual(['refused', false, 1, 0.5, 0.1]);
    expect(await leftOn()).toBeNull();

    const forced = await send(app, 'POST', '/api/sync/sources/hr/run', { cookie: admin, body: { force: true } });
    expect([forced.status, forced.body.status, forced.body.forced, forced.body.plan.counts.leavers]).toEqual([
      200,
      'applied',
      true,
      1,
    ]);
    expect(await leftOn()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('when a reader or a coordinator calls the sync API then each call gets 403, and signed out 401', async () => {
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/sync/sources'],
      ['POST', '/api/sync/sources/hr/preview'],
      ['POST', '/api/sync/sources/hr/run', {}],
      ['GET', '/api/sync/sources/hr/runs'],
      ['GET', '/api/sync/sources/hr/mapping'],
      ['PUT', '/api/sync/sources/hr/mapping', MAPPING],
      ['GET', '/api/sync/units'],
      ['PUT', '/api/sync/units/x/department', { departmentId: null }],
    ];
    const reader = await signIn(app, 'reader');
    const coordinator = await signIn(app, 'coordinator');
    for (const cookie of [reader, coordinator, undefined]) {
      const statuses = await Promise.all(
        calls.map(
          async ([method, path, body]) =>
            (await send(app, method, path, { ...(cookie ? { cookie } : {}), body })).status,
        ),
      );
      expect(statuses).toEqual(calls.map(() => (cookie ? 403 : 401)));
    }
  });

  it('when a name, a body or a mapping is wrong then the answer is 400 with one sentence naming it', async () => {
    const wrong = await Promise.all([
      send(app, 'POST', '/api/sync/sources/sap/preview', { cookie: admin }),
      send(app, 'POST', '/api/sync/sources/hr/run', { cookie: admin, body: { force: 'yes' } }),
      send(app, 'POST', '/api/sync/sources/hr/run', { cookie: admin, body: { dryRun: true } }),
      send(app, 'GET', '/api/sync/sources/hr/runs?limit=0', { cookie: admin }),
      send(app, 'PUT', '/api/sync/sources/hr/mapping', { cookie: admin, body: { id: 'Medarbejdernummer' } }),
      send(app, 'PUT', '/api/sync/sources/hr/mapping', { cookie: admin, body: { ...MAPPING, phone: 'Mobil' } }),
      send(app, 'PUT', '/api/sync/sources/hr/mapping', { cookie: admin, body: { ...MAPPING, sheet: 'Ark1' } }),
      send(app, 'PUT', '/api/sync/units/x/department', { cookie: admin, body: { departmentId: 5 } }),
      send(app, 'POST', '/api/sync/sources/ldap/preview', { cookie: admin }),
    ]);
    expect(wrong.map((w) => [w.status, w.body.error.message, w.body.error.details?.field])).toEqual([
      [400, 'The path parameter "name" must be one of hr, ldap, entra, os2mo.', 'name'],
      [400, 'The field "force" must be true or false.', 'force'],
      [400, 'Unknown field "dryRun".', 'dryRun'],
      [400, 'The query parameter "limit" must be between 1 and 50.', 'limit'],
      [400, 'The field "name" is required.', 'name'],
      [400, 'The HR file has no column "Mobil" (field phone).', 'phone'],
      [400, 'The HR file is a CSV file, which has no worksheets.', 'sheet'],
      [400, 'The field "departmentId" must be a string.', 'departmentId'],
      [
        400,
        'The source ldap is not configured: set SYNC_LDAP_URL, SYNC_LDAP_BIND_DN, SYNC_LDAP_PASSWORD, SYNC_LDAP_BASE_DN and start Ringe again.',
        'name',
      ],
    ]);
  });

  it('when a unit or a department is not there then mapping it gets 404', async () => {
    const [unit, department] = await Promise.all([
      send(app, 'PUT', `/api/sync/units/${uid('no-unit')}/department`, { cookie: admin, body: { departmentId: null } }),
      send(app, 'PUT', `/api/sync/units/${uid('no-unit')}/department`, {
        cookie: admin,
        body: { departmentId: 'social-familie' },
      }),
    ]);
    expect([unit.status, department.status]).toEqual([404, 404]);
  });
});

describe('an HR workbook', () => {
  it('when the admin views another worksheet and saves it with a path separator then its headers are shown and a run splits the paths into a tree', async () => {
    const tag = uid('ark');
    const file = join(dir, `${tag}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Forside').addRow(['Om filen']);
    const staff = workbook.addWorksheet('Personale');
    staff.addRow(['Lønnummer', 'Navn', 'Sti']);
    staff.addRow([`${tag}-1`, `Ida ${tag}`, `Top ${tag} > Bund ${tag}`]);
    await workbook.xlsx.writeFile(file);
    const app = await startAppWith({ sync: { config: { SYNC_HR_FILE: file }, scope: uid('ark') } });
    try {
      const admin = await signIn(app, 'admin');
      const first = await send(app, 'GET', '/api/sync/sources/hr/mapping', { cookie: admin });
      const other = await send(app, 'GET', '/api/sync/sources/hr/mapping?sheet=Personale', { cookie: admin });
      expect([first.body.sheets, first.body.headers, other.body.headers]).toEqual([
        ['Forside', 'Personale'],
        ['Om filen'],
        ['Lønnummer', 'Navn', 'Sti'],
      ]);
      const mapping = { id: 'Lønnummer', name: 'Navn', unitPath: 'Sti', unitSeparator: '>', sheet: 'Personale' };
      const saved = await send(app, 'PUT', '/api/sync/sources/hr/mapping', { cookie: admin, body: mapping });
      expect([saved.status, saved.body.mapping, saved.body.headers]).toEqual([
        200,
        mapping,
        ['Lønnummer', 'Navn', 'Sti'],
      ]);
      const run = await send(app, 'POST', '/api/sync/sources/hr/preview', { cookie: admin });
      expect([run.body.status, run.body.plan.counts.joiners, run.body.plan.counts.unitsNew]).toEqual(['planned', 1, 2]);
      expect(run.body.plan.samples.unitsNew.map((u: { name: string }) => u.name)).toEqual([
        `Top ${tag}`,
        `Bund ${tag}`,
      ]);
    } finally {
      await app.close();
    }
  });
});

describe('a source that fails', () => {
  it('when the HR file cannot be read then the run fails saying why, nothing changes, and the mapping says the file is unreadable', async () => {
    const scope = uid('fails');
    const app = await startAppWith({
      sync: { config: { SYNC_HR_FILE: join(dir, `${uid('ingen')}.csv`) }, scope },
    });
    try {
      const admin = await signIn(app, 'admin');
      const run = await send(app, 'POST', '/api/sync/sources/hr/run', { cookie: admin, body: {} });
      expect([run.status, run.body.status, run.body.plan]).toEqual([200, 'failed', null]);
      expect(run.body.error).toEqual({
        code: 'file',
        detail: expect.stringMatching(/^The HR file \/.*\.csv cannot be read: ENOENT/),
      });
      const mapping = await send(app, 'GET', '/api/sync/sources/hr/mapping', { cookie: admin });
      expect(mapping.body).toEqual({
        mapping: null,
        guessed: {},
        headers: [],
        rows: [],
        sheets: [],
        problem: 'unreadable',
      });
      const sources = await send(app, 'GET', '/api/sync/sources', { cookie: admin });
      expect(
        sources.body.sources[0].runs.map((r: { status: string; counts: unknown }) => [r.status, r.counts]),
      ).toEqual([['failed', null]]);
      expect(sources.body.sources[0].runs[0].error).toEqual(run.body.error);
    } finally {
      await app.close();
    }
  });

  it('when a run was recorded before errors had codes then its text reads as an unknown error with that text', async () => {
    const scope = uid('old');
    const db = testDb();
    try {
      const queries = bindQueries(db);
      const old = 'Kilden hr kunne ikke læses; intet er ændret: The HR file /srv/hr.csv cannot be read: ENOENT';
      await queries.syncRunRecord({
        id: uid('run'),
        source: 'hr',
        ns: `hr@${scope}`,
        status: 'failed',
        dryRun: false,
        forced: false,
        startedAt: '2026-12-01T08:00:00.000Z',
        endedAt: '2026-12-01T08:00:01.000Z',
        startedBy: 'planlagt',
        plan: null,
        error: old,
      });
      const runs = await syncService(db, queries, { config: {}, scope }).runs('hr', 10);
      expect(runs.map((r) => [r.status, r.error])).toEqual([['failed', { code: 'unknown', detail: old }]]);
    } finally {
      await db.close();
    }
  });
});

/** Runs `npx tsx scripts/sync.ts` with the test Neo4j and these variables; its exit code and what it printed. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/sync.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NEO4J_URI: inject('neo4jUri'), ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('npm run sync', () => {
  it('when the HR source is previewed from the command line then it prints the plan in Danish and exits 0', async () => {
    const tag = uid('cli');
    const hr = hrFile(tag);
    const { code, out, err } = await cli(['--source', 'hr', '--dry-run'], {
      SYNC_HR_FILE: hr.file,
      RINGE_SYNC_SCOPE: uid('cli'),
    });
    expect([code, err]).toEqual([0, '']);
    const lines = out.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'Forhåndsvisning af HR-fil: intet er skrevet.',
      'Ændringer: Nye: 2, Kommet tilbage: 0, Flyttet: 0, Fratrådt: 0, Nye kontaktoplysninger: 0, Nye enheder: 2, Omdøbte enheder: 0, Flyttede enheder: 0, Nedlagte enheder: 0, Uændrede: 0, Afviste: 1.',
      'Fratrådte: 0 % af 0 medarbejdere fra kilden (grænsen er 10 %).',
    ]);
    expect(lines).toContain(`  Anna ${tag}`);
    expect(lines.at(-1)).toBe(`  ${tag}-3, feltet Titel: rummer noget, der ligner et CPR-nummer`);
  }, 60_000);

  it('when a run from the command line would end too many people then it stops and exits 2; with --force it is applied and exits 0', async () => {
    const tag = uid('cli');
    const hr = hrFile(tag);
    const env = { SYNC_HR_FILE: hr.file, RINGE_SYNC_SCOPE: uid('cli') };
    const applied = await cli(['--source', 'hr'], env);
    expect([applied.code, applied.out.split('\n')[0]]).toEqual([0, 'HR-fil er kørt, og ændringerne er skrevet.']);
    // Its progress (in tenths, as no terminal shows a bar here) ends with every write done.
    expect(applied.err.trim().split('\n').at(-1)).toMatch(/^Skriver ændringerne 100 % (\d+)\/\1$/);
    writeFileSync(
      hr.file,
      ['Medarbejdernummer;Navn;Stilling;E-mail;Enhed', `${tag}-1;Anna ${tag};Konsulent;${hr.anna};${hr.unit}`, ''].join(
        '\r\n',
      ),
    );
    const stopped = await cli(['--source', 'hr'], env);
    expect([stopped.code, stopped.out.split('\n')[0]]).toEqual([
      2,
      'Kørslen af HR-fil er stoppet, og intet er skrevet: den ville afslutte 50 % af medarbejderne, og grænsen er 10 %.',
    ]);
    const forced = await cli(['--source', 'hr', '--force'], env);
    expect([forced.code, forced.out.split('\n')[0]]).toEqual([0, 'HR-fil er kørt, og ændringerne er skrevet.']);
    expect(forced.out).toContain(`Fratrådt (de første 1):\n  Bo ${tag}\n`);
  }, 90_000);

  it('when the source fails from the command line then it prints the reason in Danish and the technical message, and exits 1', async () => {
    const missing = join(dir, `${uid('ingen')}.csv`);
    const { code, out } = await cli(['--source', 'hr'], { SYNC_HR_FILE: missing, RINGE_SYNC_SCOPE: uid('cli') });
    expect([code, ...out.trim().split('\n')]).toEqual([
      1,
      'Kørslen af HR-fil fejlede: HR-filen kan ikke læses, eller en valgt kolonne mangler i den: tjek filen og kolonnerne nedenfor. Intet er ændret.',
      `  Teknisk besked: The HR file ${missing} cannot be read: ENOENT: no such file or directory, open '${missing}'`,
    ]);
  }, 60_000);

  it('when a source is not set up or not named then it says so in one sentence and exits 1', async () => {
    const [unset, unknown] = await Promise.all([cli(['--source', 'ldap'], {}), cli(['--source', 'sap'], {})]);
    expect([unset.code, unset.err.trim()]).toEqual([
      1,
      'Kilden ldap er ikke sat op: sæt SYNC_LDAP_URL, SYNC_LDAP_BIND_DN, SYNC_LDAP_PASSWORD, SYNC_LDAP_BASE_DN og prøv igen.',
    ]);
    expect([unknown.code, unknown.err.trim()]).toEqual([
      1,
      'Kilden "sap" findes ikke; den skal være en af hr, ldap, entra, os2mo. Brug: npm run sync -- --source <hr|ldap|entra|os2mo> [--dry-run] [--force]',
    ]);
  }, 60_000);
});

describe('the schedule', () => {
  it('when two processes tick on one database then each source runs once per interval', async () => {
    const hr = hrFile(uid('plan'));
    const scope = uid('schedule');
    const db = testDb();
    const queries = bindQueries(db);
    const log = pino({ level: 'silent' });
    let offset = 0;
    const now = () => Date.now() + offset;
    // Two server processes: each its own service and schedule, sharing only the database.
    const schedules = [1, 2].map(() =>
      startSchedule({
        queries,
        sync: syncService(db, queries, { config: { SYNC_HR_FILE: hr.file }, scope }),
        log,
        intervalMs: 60_000,
        tickMs: 3_600_000,
        now,
      }),
    );
    const tickBoth = async () => (await Promise.all(schedules.map((s) => s.tick()))).flat();
    try {
      const first = await tickBoth();
      const again = await tickBoth();
      offset = 61_000;
      const later = await tickBoth();
      const laterAgain = await tickBoth();
      expect([first, again, later, laterAgain]).toEqual([['hr'], [], ['hr'], []]);
      const runs = await syncService(db, queries, { config: {}, scope }).runs('hr', 10);
      expect(runs.map((r) => [r.startedBy, r.status, r.dryRun])).toEqual([
        [SCHEDULED_BY, 'applied', false],
        [SCHEDULED_BY, 'applied', false],
      ]);
    } finally {
      await Promise.all(schedules.map((s) => s.stop()));
      await db.close();
    }
  }, 60_000);
});

describe('the SYNC_ settings', () => {
  it('when one is wrong then the start stops with one sentence naming it', () => {
    const problems = [
      { SYNC_LDAP_URL: 'http://dc.example.dk' },
      { SYNC_HR_FILE: '/srv/hr/medarbejdere.pdf' },
      { SYNC_INTERVAL_MINUTES: '-5' },
      { SYNC_MAX_LEAVER_SHARE: '10' },
      { SYNC_LDAP_UNIT_FROM: 'afdeling' },
      { SYNC_OS2MO_GRAPHQL_VERSION: '0' },
      { SYNC_OS2MO_GRAPHQL_VERSION: 'v30' },
      { SYNC_LDAP_ID_ATTRIBUTE: 'employee id' },
    ].map((env) => {
      try {
        loadConfig(env);
        return 'started';
      } catch (err) {
        return (err as Error).message;
      }
    });
    expect(problems).toEqual([
      'Invalid configuration: SYNC_LDAP_URL must be an ldap:// or ldaps:// URL (got "http://dc.example.dk").',
      'Invalid configuration: SYNC_HR_FILE must be the path of a .csv or .xlsx file (got "/srv/hr/medarbejdere.pdf").',
      'Invalid configuration: SYNC_INTERVAL_MINUTES must be 0 (no schedule) or more (got "-5").',
      'Invalid configuration: SYNC_MAX_LEAVER_SHARE must be a number between 0 and 1, such as 0.1 (got "10").',
      'Invalid configuration: SYNC_LDAP_UNIT_FROM must be ou or department (got "afdeling").',
      'Invalid configuration: SYNC_OS2MO_GRAPHQL_VERSION must be a whole number such as 30 (got "0").',
      'Invalid configuration: SYNC_OS2MO_GRAPHQL_VERSION must be a whole number such as 30 (got "v30").',
      'Invalid configuration: SYNC_LDAP_ID_ATTRIBUTE must be the name of an LDAP attribute, such as employeeID (got "employee id").',
    ]);
    expect(loadConfig({ SYNC_OS2MO_GRAPHQL_VERSION: '27' }).SYNC_OS2MO_GRAPHQL_VERSION).toBe(27);
  });

  it('when a source cannot work as set up then the start stops saying why, without its secret; one set up halfway is named with what it lacks', () => {
    const ldap = loadConfig({
      SYNC_LDAP_URL: 'ldaps://dc.example.dk',
      SYNC_LDAP_BIND_DN: 'CN=ringe,OU=Tjenester,DC=example,DC=dk',
      SYNC_LDAP_PASSWORD: 'hemmelig-kode-42',
      SYNC_LDAP_BASE_DN: 'DC=example,DC=dk',
      SYNC_LDAP_FILTER: '(objectClass)',
    });
    let error: unknown;
    try {
      checkSources(ldap);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /^Invalid configuration: The LDAP filter \(objectClass\) is not an LDAP filter/,
    );
    expect((error as Error).message).not.toContain('hemmelig');
    expect(
      checkSources(loadConfig({ SYNC_OS2MO_URL: 'https://os2mo.example.dk', SYNC_OS2MO_CLIENT_SECRET: 'hemmelig' })),
    ).toEqual([{ name: 'os2mo', missing: ['SYNC_OS2MO_TOKEN_URL', 'SYNC_OS2MO_CLIENT_ID'] }]);
  });
});
