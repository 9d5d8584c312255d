import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { PLAN_KINDS, type Plan } from '../api/sync.js';
import { guessHrMapping, type HrMapping, hrMappingSchema } from '../api/sync-hr.js';
import { type RunOptions, runSync } from '../server/sync/engine.js';
import type { Snapshot } from '../server/sync/source.js';
import { createHrSource, HrFileError, readHrHeaders } from '../server/sync/sources/hr.js';
import { testDb, uid } from './helpers.js';

// The HR file source (server/sync/sources/hr.ts) read from real files: the CSV fixture as Danish
// Excel saves it, and the same staff list as an .xlsx workbook written here with exceljs.

const FIXTURE = join(import.meta.dirname, 'fixtures/hr/staff.csv');
const dir = mkdtempSync(join(tmpdir(), 'ringe-hr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADERS = [
  'Medarbejdernummer',
  'Navn',
  'Stilling',
  'E-mail',
  'Arbejdstelefon',
  'Enhed',
  'Nærmeste leder',
  'Fratrædelsesdato',
];
const MAPPING: HrMapping = {
  id: 'Medarbejdernummer',
  name: 'Navn',
  title: 'Stilling',
  email: 'E-mail',
  phone: 'Arbejdstelefon',
  unit: 'Enhed',
  manager: 'Nærmeste leder',
  endDate: 'Fratrædelsesdato',
};
const DAY = '2026-12-01';

const read = async (
  file: string,
  mapping: HrMapping = MAPPING,
  options: { unitSeparator?: string } = { unitSeparator: '/' },
) =>
  (
    await createHrSource({ file, mapping, ...options }).read({
      state: null,
      day: DAY,
      signal: AbortSignal.timeout(10_000),
    })
  ).snapshot;

const KORNET = 'Børn og Unge / Dagtilbud / Børnehuset Kornet';
/** The fixture's staff list as a snapshot on 2026-12-01. */
const EXPECTED: Snapshot = {
  complete: true,
  units: [
    { sourceId: 'Børn og Unge', name: 'Børn og Unge', parentId: null },
    { sourceId: 'Børn og Unge / Dagtilbud', name: 'Dagtilbud', parentId: 'Børn og Unge' },
    { sourceId: KORNET, name: 'Børnehuset Kornet', parentId: 'Børn og Unge / Dagtilbud' },
    { sourceId: 'Social', name: 'Social', parentId: null },
    { sourceId: 'Social / Administration', name: 'Administration', parentId: 'Social' },
    { sourceId: 'Børn og Unge / Administration', name: 'Administration', parentId: 'Børn og Unge' },
  ],
  people: [
    {
      sourceId: '1001',
      name: 'Anne Holm',
      title: 'Direktør',
      email: 'anne.holm@example.kommune.dk',
      phone: '+45 43 68 68 00',
      unitIds: ['Børn og Unge'],
      managerId: null,
      active: true,
    },
    {
      sourceId: '1002',
      name: 'Bo "Bobby" Jensen',
      title: 'Leder; dagtilbud',
      email: 'bo.jensen@example.kommune.dk',
      phone: '43 68 68 01',
      unitIds: ['Børn og Unge / Dagtilbud'],
      managerId: '1001',
      active: true,
    },
    {
      sourceId: '1003',
      name: 'Carla Nielsen',
      title: 'Pædagog',
      email: 'carla.nielsen@example.kommune.dk',
      phone: null,
      unitIds: [KORNET],
      managerId: '1002',
      active: true,
    },
    {
      sourceId: '1004',
      name: 'Dan Østergaard',
      title: 'Pædagogmedhjælper',
      email: null,
      phone: null,
      unitIds: [KORNET],
      managerId: '1002',
      active: false,
    },
    {
      sourceId: '1006',
      name: 'Eva Åberg',
      title: 'Sagsbehandler',
      email: 'eva.aberg@example.kommune.dk',
      phone: '43686802',
      unitIds: ['Social / Administration'],
      managerId: null,
      active: true,
    },
    {
      sourceId: '1007',
      name: 'Finn Lund',
      title: 'Sagsbehandler',
      email: 'finn.lund@example.kommune.dk',
      phone: null,
      unitIds: ['Børn og Unge / Administration'],
      managerId: '1001',
      active: false,
    },
  ],
  refused: [
    { record: 'række 7', reason: 'missingId', field: 'id' },
    { record: 'række 8', reason: 'missingName', field: 'name', sourceId: '1005' },
    { record: 'række 11', reason: 'unreadable', field: 'endDate', sourceId: '1008' },
  ],
};

/**
 * The fixture's rows as a workbook holds them: numbers as numbers, end dates as date cells (one as
 * text, as a hand-typed cell is), an e-mail as a link, a name as rich text, a formula's result.
 */
async function writeWorkbook(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Forside').addRow(['Denne fane er ikke medarbejderlisten']);
  const sheet = workbook.addWorksheet('Medarbejdere');
  const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
  const rows: ExcelJS.CellValue[][] = [
    HEADERS,
    [1001, 'Anne Holm', 'Direktør', ' anne.holm@example.kommune.dk ', '+45 43 68 68 00', 'Børn og Unge', null, null],
    [
      1002,
      { richText: [{ text: 'Bo ' }, { font: { bold: true }, text: '"Bobby"' }, { text: ' Jensen' }] },
      'Leder; dagtilbud',
      { text: 'bo.jensen@example.kommune.dk', hyperlink: 'mailto:bo.jensen@example.kommune.dk' },
      '43 68 68 01',
      'Børn og Unge / Dagtilbud',
      1001,
      null,
    ],
    [1003, 'Carla Nielsen', 'Pædagog', 'carla.nielsen@example.kommune.dk', null, KORNET, 1002, day(2099, 12, 31)],
    [1004, 'Dan Østergaard', 'Pædagogmedhjælper', null, '', KORNET, 1002, '01-11-2026'],
    [],
    [null, 'Uden Nummer', 'Pædagog', null, null, 'Børn og Unge', 1001, null],
    [1005, null, 'Pædagog', null, null, 'Børn og Unge', 1001, null],
    [
      1006,
      'Eva Åberg',
      { formula: '"Sags"&"behandler"', result: 'Sagsbehandler' },
      'eva.aberg@example.kommune.dk',
      43686802,
      'Social / Administration',
      null,
      null,
    ],
    [
      1007,
      'Finn Lund',
      'Sagsbehandler',
      'finn.lund@example.kommune.dk',
      null,
      'Børn og Unge / Administration',
      1001,
      day(2026, 12, 1),
    ],
    [1008, 'Gitte Berg', 'Konsulent', 'gitte.berg@example.kommune.dk', null, 'Børn og Unge', 1001, '32-01-2027'],
  ];
  for (const row of rows) sheet.addRow(row);
  sheet.getColumn(8).numFmt = 'dd-mm-yyyy';
  await workbook.xlsx.writeFile(file);
}

describe('the HR file source', () => {
  it('when the CSV has a BOM, ; separators, quotes and a blank line then the snapshot holds every row as a person in a unit tree', async () => {
    expect(await read(FIXTURE)).toStrictEqual(EXPECTED);
  });

  it('when the same staff list is an .xlsx workbook then the snapshot is the same', async () => {
    const file = join(dir, 'staff.xlsx');
    await writeWorkbook(file);
    expect(await read(file, { ...MAPPING, sheet: 'Medarbejdere' })).toStrictEqual(EXPECTED);
  });

  it('when no worksheet is named then the first is read, and a worksheet the workbook lacks fails the read', async () => {
    const file = join(dir, 'first-sheet.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Ark1');
    sheet.addRow(['Lønnummer', 'Fornavn', 'Efternavn']);
    sheet.addRow([7, 'Ida', 'Krog']);
    await workbook.xlsx.writeFile(file);
    const mapping: HrMapping = { id: 'Lønnummer', firstName: 'Fornavn', lastName: 'Efternavn' };
    expect(await read(file, mapping)).toStrictEqual({
      complete: true,
      units: [],
      people: [{ sourceId: '7', name: 'Ida Krog', unitIds: [], active: true }],
      refused: [],
    });
    await expect(read(file, { ...mapping, sheet: 'Personale' })).rejects.toThrow(
      new HrFileError(`The HR file ${file} has no worksheet "Personale"; it has "Ark1".`),
    );
  });

  it('when a unitPath column holds the path above the unit then every level is a unit whose id is the path down to it', async () => {
    const file = join(dir, 'paths.csv');
    writeFileSync(
      file,
      [
        'Lønnr,Fornavn,Efternavn,Organisationssti,Enhed',
        '1,Anna,Bech,Kommunen > Børn og Unge,Dagtilbud',
        '2,Bent,Dahl,Kommunen > Børn og Unge > Dagtilbud,Dagtilbud',
        '3,Cecilie,Eriksen,Kommunen,',
        '4,Dorte,,,',
      ].join('\n'),
    );
    const mapping: HrMapping = {
      id: 'lønnr',
      firstName: 'Fornavn',
      lastName: 'Efternavn',
      unitPath: 'Organisationssti',
      unit: 'Enhed',
      unitSeparator: '>',
    };
    // Columns not mapped (title, e-mail, phone, manager) are not delivered: the keys are absent.
    expect(await read(file, mapping, {})).toStrictEqual({
      complete: true,
      units: [
        { sourceId: 'Kommunen', name: 'Kommunen', parentId: null },
        { sourceId: 'Kommunen / Børn og Unge', name: 'Børn og Unge', parentId: 'Kommunen' },
        { sourceId: 'Kommunen / Børn og Unge / Dagtilbud', name: 'Dagtilbud', parentId: 'Kommunen / Børn og Unge' },
      ],
      people: [
        { sourceId: '1', name: 'Anna Bech', unitIds: ['Kommunen / Børn og Unge / Dagtilbud'], active: true },
        { sourceId: '2', name: 'Bent Dahl', unitIds: ['Kommunen / Børn og Unge / Dagtilbud'], active: true },
        { sourceId: '3', name: 'Cecilie Eriksen', unitIds: ['Kommunen'], active: true },
        { sourceId: '4', name: 'Dorte', unitIds: [], active: true },
      ],
      refused: [],
    });
  });

  it('when a unit text has no separator set then it is one unit, named and identified by its whole text', async () => {
    const snapshot = await read(FIXTURE, MAPPING, {});
    expect(snapshot.units.map((u) => [u.sourceId, u.name, u.parentId])).toStrictEqual([
      ['Børn og Unge', 'Børn og Unge', null],
      ['Børn og Unge / Dagtilbud', 'Børn og Unge / Dagtilbud', null],
      [KORNET, KORNET, null],
      ['Social / Administration', 'Social / Administration', null],
      ['Børn og Unge / Administration', 'Børn og Unge / Administration', null],
    ]);
  });

  it('when an end date is on or before the day, or the active column says no, then the person is inactive', async () => {
    const file = join(dir, 'ending.csv');
    writeFileSync(
      file,
      [
        'Employee ID;Name;End date;Active',
        '1;Before;30.11.2026;',
        '2;On the day;2026-12-01T00:00:00;ja',
        '3;After;02/12/2026;',
        '4;Said no;;Nej',
        '5;Said yes;;Ja',
        '6;Not a day;31-02-2026;',
        '7;Not a yes;;måske',
        '8;Serial;46358;',
      ].join('\r\n'),
    );
    const snapshot = await read(file, { id: 'Employee ID', name: 'Name', endDate: 'End date', active: 'Active' });
    expect(snapshot.people.map((p) => [p.name, p.active])).toStrictEqual([
      ['Before', false],
      ['On the day', false],
      ['After', true],
      ['Said no', false],
      ['Said yes', true],
      // Excel's day number 46358 is 2026-12-02, after the day.
      ['Serial', true],
    ]);
    expect(snapshot.refused).toStrictEqual([
      { record: 'række 7', reason: 'unreadable', field: 'endDate', sourceId: '6' },
      { record: 'række 8', reason: 'unreadable', field: 'active', sourceId: '7' },
    ]);
  });

  it('when the file cannot be read as a staff list then reading fails with a sentence saying why', async () => {
    const missing = join(dir, 'missing.csv');
    await expect(read(missing)).rejects.toThrow(/^The HR file .*missing\.csv cannot be read: ENOENT/);
    // Every such failure is the run's error code 'file', with the sentence as its detail.
    await expect(read(missing)).rejects.toMatchObject({ code: 'file', name: 'HrFileError' });

    const noColumn = join(dir, 'no-column.csv');
    writeFileSync(noColumn, 'Medarbejdernummer;Navn\n1;A\n');
    await expect(read(noColumn)).rejects.toThrow(
      new HrFileError(
        `The HR file ${noColumn} has no column "Stilling" (mapped as title); its columns are "Medarbejdernummer", "Navn".`,
      ),
    );

    const unclosed = join(dir, 'unclosed.csv');
    writeFileSync(unclosed, 'Medarbejdernummer;Navn\n1;"A\n');
    await expect(read(unclosed, { id: 'Medarbejdernummer', name: 'Navn' })).rejects.toThrow(
      new HrFileError(
        `The HR file ${unclosed} is not valid CSV: The quoted value that starts on line 2 is never closed.`,
      ),
    );

    const xls = join(dir, 'old.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    await expect(read(xls)).rejects.toThrow(
      new HrFileError(`The HR file ${xls} is in the old .xls format; save it as .xlsx or .csv.`),
    );

    const broken = join(dir, 'broken.xlsx');
    writeFileSync(broken, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]));
    await expect(read(broken)).rejects.toThrow(/^The HR file .*broken\.xlsx is not a readable \.xlsx workbook: /);

    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '\uFEFF\r\n;;\r\n');
    await expect(read(empty)).rejects.toThrow(new HrFileError(`The HR file ${empty} is empty: it has no header row.`));
  });

  it('when the run is aborted while the file is read then reading fails', async () => {
    const source = createHrSource({ file: FIXTURE, mapping: MAPPING });
    await expect(source.read({ state: null, day: DAY, signal: AbortSignal.abort() })).rejects.toThrow(
      'This operation was aborted',
    );
  });

  it('when the admin page asks for a preview then it gets the headers and the first five rows as text', async () => {
    const file = join(dir, 'preview.xlsx');
    await writeWorkbook(file);
    const csv = await readHrHeaders(FIXTURE);
    expect(csv).toStrictEqual({
      headers: HEADERS,
      rows: [
        ['1001', 'Anne Holm', 'Direktør', ' anne.holm@example.kommune.dk ', '+45 43 68 68 00', 'Børn og Unge', '', ''],
        [
          '1002',
          'Bo "Bobby" Jensen',
          'Leder; dagtilbud',
          'bo.jensen@example.kommune.dk',
          '43 68 68 01',
          'Børn og Unge / Dagtilbud',
          '1001',
          '',
        ],
        ['1003', 'Carla Nielsen', 'Pædagog', 'carla.nielsen@example.kommune.dk', '', KORNET, '1002', '31-12-2099'],
        ['1004', 'Dan Østergaard', 'Pædagogmedhjælper', '', '', KORNET, '1002', '01-11-2026'],
        ['', 'Uden Nummer', 'Pædagog', '', '', 'Børn og Unge', '1001', ''],
      ],
      sheets: [],
    });
    // The workbook's date cell reads as the day; everything else as the CSV has it. Its worksheets
    // are named, for the page to offer.
    const xlsx = await readHrHeaders(file, 'Medarbejdere');
    expect(xlsx).toStrictEqual({
      headers: HEADERS,
      rows: csv.rows.map((r) => (r[0] === '1003' ? [...r.slice(0, 7), '2099-12-31'] : r)),
      sheets: ['Forside', 'Medarbejdere'],
    });
  });
});

describe('the default mapping', () => {
  it("when the headers are the fixture's Danish ones then every column is guessed", () => {
    expect(guessHrMapping(HEADERS)).toStrictEqual(MAPPING);
  });

  it('when the headers are other common Danish spellings then those are guessed, first and last name included', () => {
    expect(
      guessHrMapping([
        ' Medarbejder nr. ',
        'Fornavn',
        'Efternavn',
        'Titel',
        'Mail',
        'Telefon',
        'Afdeling',
        'Leder',
        'Slutdato',
        'Aktiv',
        'Noter',
      ]),
    ).toStrictEqual({
      id: 'Medarbejder nr.',
      firstName: 'Fornavn',
      lastName: 'Efternavn',
      title: 'Titel',
      email: 'Mail',
      phone: 'Telefon',
      unit: 'Afdeling',
      manager: 'Leder',
      endDate: 'Slutdato',
      active: 'Aktiv',
    });
  });

  it('when the headers are English then they are guessed too, and unknown headers are left out', () => {
    expect(
      guessHrMapping(['Employee ID', 'Name', 'Job title', 'E-mail', 'Phone', 'Department', 'Manager', 'X']),
    ).toStrictEqual({
      id: 'Employee ID',
      name: 'Name',
      title: 'Job title',
      email: 'E-mail',
      phone: 'Phone',
      unit: 'Department',
      manager: 'Manager',
    });
    expect(guessHrMapping(['A', 'B'])).toStrictEqual({});
  });
});

describe('the mapping schema', () => {
  const problems = (input: unknown) => {
    const result = hrMappingSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
  };

  it('when a mapping names the id and the name (or first and last names) then it is kept, trimmed', () => {
    expect(hrMappingSchema.parse({ id: ' Lønnr ', name: 'Navn', unitSeparator: ' / ' })).toStrictEqual({
      id: 'Lønnr',
      name: 'Navn',
      unitSeparator: ' / ',
    });
    expect(problems({ id: 'Lønnr', firstName: 'Fornavn', lastName: 'Efternavn' })).toStrictEqual([]);
  });

  it('when a mapping lacks the id, the name or half of first and last name then each problem is one sentence', () => {
    expect(problems({})).toStrictEqual([
      ['id', 'must be the name of a column as text'],
      [
        'name',
        'must name the column with the name, or firstName and lastName must name the columns with the first and last names',
      ],
    ]);
    expect(problems({ id: 'Lønnr', firstName: 'Fornavn' })).toStrictEqual([
      ['lastName', 'must be given when firstName is given without name'],
    ]);
    expect(problems({ id: 'Lønnr', lastName: 'Efternavn' })).toStrictEqual([
      ['firstName', 'must be given when lastName is given without name'],
    ]);
  });

  it('when a column is empty, not text, read twice or a field is unknown then each problem is one sentence', () => {
    expect(
      problems({ id: 'Lønnr', name: '  ', title: 7, manager: 'LØNNR', unitSeparator: '', colour: 'Farve' }),
    ).toStrictEqual([
      ['name', 'must not be empty'],
      ['title', 'must be the name of a column as text'],
      ['unitSeparator', 'must not be empty'],
      ['', 'Unrecognized key: "colour"'],
      ['manager', 'must not be the same column as id'],
    ]);
    expect(problems({ id: 'Lønnr', name: 'Navn', email: 'x'.repeat(201) })).toStrictEqual([
      ['email', 'must be at most 200 characters'],
    ]);
    expect(problems({ id: 'Lønnr', name: 'Navn', manager: 'LØNNR' })).toStrictEqual([
      ['manager', 'must not be the same column as id'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// The HR file synced into the real Neo4j by the engine (server/sync/engine.ts). Each test keeps
// its records apart from the others' with its own scope, and its e-mail addresses its own.

describe('the HR file synced by the engine', () => {
  const db = testDb();
  afterAll(() => db.close());

  const COLUMNS = ['Medarbejdernummer', 'Navn', 'Stilling', 'E-mail', 'Telefon', 'Enhed', 'Leder', 'Fratrædelsesdato'];
  const D1 = '2026-11-02';
  const D2 = '2026-11-09';
  const D3 = '2026-11-16';

  /** A staff list as the HR office saves it from Danish Excel. */
  const writeStaff = (file: string, rows: string[][]) =>
    writeFileSync(file, `\uFEFF${[COLUMNS, ...rows].map((r) => r.join(';')).join('\r\n')}\r\n`);

  const sync = (scope: string, file: string, day: string, options: Partial<RunOptions> = {}) =>
    runSync(db, createHrSource({ file, mapping: hrMappingSchema.parse(guessHrMapping(COLUMNS)), unitSeparator: '/' }), {
      dryRun: false,
      startedBy: 'test',
      scope,
      day,
      ...options,
    });

  const counts = (some: Partial<Plan['counts']>): Plan['counts'] =>
    ({
      ...Object.fromEntries([...PLAN_KINDS, 'unchanged', 'refused', 'peopleBefore'].map((k) => [k, 0])),
      ...some,
    }) as Plan['counts'];

  /** The scope's people as the graph holds them, by their employee numbers. */
  async function peopleOf(scope: string) {
    const rows = await db.read(
      `MATCH (r:SyncRecord {source: $ns, kind: 'person'})-[:RECORD_OF]->(p:Person)
       RETURN r.sourceId AS sourceId, p.name AS name, p.title AS title, p.email AS email, p.phone AS phone,
              p.leftOn AS leftOn,
              [(p)-[m:MEMBER_OF]->(:Unit)<-[:RECORD_OF]-(u:SyncRecord {source: $ns}) |
                 [u.sourceId, m.since, m.until]] AS units,
              [(p)-[:REPORTS_TO]->(:Person)<-[:RECORD_OF]-(b:SyncRecord {source: $ns}) | b.sourceId][0] AS manager
       ORDER BY sourceId`,
      { ns: `hr@${scope}` },
    );
    return rows.map((r) => ({
      sourceId: r.sourceId as string,
      name: r.name as string,
      title: r.title as string | null,
      email: r.email as string | null,
      phone: r.phone as string | null,
      leftOn: r.leftOn as string | null,
      units: (r.units as (string | null)[][]).sort((a, b) => `${a}`.localeCompare(`${b}`)),
      manager: r.manager as string | null,
    }));
  }

  /** The scope's units: the path that is their id, their name and their parent's path. */
  const unitsOf = (scope: string) =>
    db.read(
      `MATCH (r:SyncRecord {source: $ns, kind: 'unit'})-[:RECORD_OF]->(u:Unit)
       RETURN r.sourceId AS sourceId, u.name AS name,
              [(u)-[:PART_OF]->(:Unit)<-[:RECORD_OF]-(p:SyncRecord {source: $ns}) | p.sourceId][0] AS parent
       ORDER BY sourceId`,
      { ns: `hr@${scope}` },
    );

  const KORNET = 'Børn og Unge / Dagtilbud / Kornet';
  const staff = (domain: string) => [
    ['1001', 'Anne Holm', 'Direktør', `anne@${domain}`, '43 68 68 00', 'Børn og Unge', '', ''],
    ['1002', 'Bo Jensen', 'Leder', `bo@${domain}`, '', 'Børn og Unge / Dagtilbud', '1001', ''],
    ['1003', 'Carla Nielsen', 'Pædagog', `carla@${domain}`, '', KORNET, '1002', ''],
  ];

  it('when the file is synced twice then the first run brings everyone in, in their units under their managers, and the second changes nothing', async () => {
    const scope = uid('hr');
    const domain = `${scope}.example.kommune.dk`;
    const file = join(dir, `${scope}.csv`);
    writeStaff(file, staff(domain));

    const first = await sync(scope, file, D1);
    expect([first.status, first.error, first.plan?.counts, first.plan?.refusals]).toStrictEqual([
      'applied',
      null,
      counts({ joiners: 3, unitsNew: 3 }),
      [],
    ]);
    const people = [
      {
        sourceId: '1001',
        name: 'Anne Holm',
        title: 'Direktør',
        email: `anne@${domain}`,
        phone: '43 68 68 00',
        leftOn: null,
        units: [['Børn og Unge', D1, null]],
        manager: null,
      },
      {
        sourceId: '1002',
        name: 'Bo Jensen',
        title: 'Leder',
        email: `bo@${domain}`,
        phone: null,
        leftOn: null,
        units: [['Børn og Unge / Dagtilbud', D1, null]],
        manager: '1001',
      },
      {
        sourceId: '1003',
        name: 'Carla Nielsen',
        title: 'Pædagog',
        email: `carla@${domain}`,
        phone: null,
        leftOn: null,
        units: [[KORNET, D1, null]],
        manager: '1002',
      },
    ];
    expect(await peopleOf(scope)).toStrictEqual(people);
    const units = [
      { sourceId: 'Børn og Unge', name: 'Børn og Unge', parent: null },
      { sourceId: 'Børn og Unge / Dagtilbud', name: 'Dagtilbud', parent: 'Børn og Unge' },
      { sourceId: KORNET, name: 'Kornet', parent: 'Børn og Unge / Dagtilbud' },
    ];
    expect(await unitsOf(scope)).toStrictEqual(units);

    const second = await sync(scope, file, D2);
    expect([second.status, second.plan?.counts]).toStrictEqual(['applied', counts({ unchanged: 3, peopleBefore: 3 })]);
    expect(await peopleOf(scope)).toStrictEqual(people);
    expect(await unitsOf(scope)).toStrictEqual(units);
  });

  it('when a row is edited between runs then the person moves to the new unit from the run day and their contact data change', async () => {
    const scope = uid('hr');
    const domain = `${scope}.example.kommune.dk`;
    const file = join(dir, `${scope}.csv`);
    writeStaff(file, staff(domain));
    await sync(scope, file, D1);

    const [anne, bo, carla] = staff(domain);
    const SPIREN = 'Børn og Unge / Dagtilbud / Spiren';
    writeStaff(file, [
      anne!,
      bo!.map((v, i) => (i === 2 ? 'Dagtilbudsleder' : v)),
      carla!.map((v, i) => (i === 4 ? ' 43 68 68 03 ' : i === 5 ? SPIREN : v)),
    ]);
    const run = await sync(scope, file, D2);
    expect([run.status, run.plan?.counts]).toStrictEqual([
      'applied',
      // Kornet had only Carla: a unit no row names any more has left the file's tree.
      counts({ movers: 1, contactChanged: 2, unitsNew: 1, unitsGone: 1, unchanged: 1, peopleBefore: 3 }),
    ]);
    const people = await peopleOf(scope);
    expect(people.map((p) => [p.sourceId, p.title, p.phone, p.units])).toStrictEqual([
      ['1001', 'Direktør', '43 68 68 00', [['Børn og Unge', D1, null]]],
      ['1002', 'Dagtilbudsleder', null, [['Børn og Unge / Dagtilbud', D1, null]]],
      [
        '1003',
        'Pædagog',
        '43 68 68 03',
        [
          [KORNET, D1, '2026-11-08'],
          [SPIREN, D2, null],
        ],
      ],
    ]);
  });

  it('when a row is removed or gets an end date then the person leaves on the run day, after the leaver share is forced, and comes back with their row', async () => {
    const scope = uid('hr');
    const domain = `${scope}.example.kommune.dk`;
    const file = join(dir, `${scope}.csv`);
    const rows = Array.from({ length: 10 }, (_, i) => [
      `${2001 + i}`,
      `Person ${i + 1}`,
      'Sagsbehandler',
      `p${i + 1}@${domain}`,
      '',
      'Social / Ydelser',
      i === 0 ? '' : '2001',
      '',
    ]);
    writeStaff(file, rows);
    await sync(scope, file, D1);
    const before = await peopleOf(scope);

    // Person 9 is gone from the file; person 10's end date is the run's day: two of ten, more than 10 %.
    const ended = rows.slice(0, 8).concat([rows[9]!.map((v, i) => (i === 7 ? '09-11-2026' : v))]);
    writeStaff(file, ended);
    const refused = await sync(scope, file, D2);
    expect([refused.status, refused.plan?.counts, refused.plan?.leaverShare]).toStrictEqual([
      'refused',
      counts({ leavers: 2, unchanged: 8, peopleBefore: 10 }),
      0.2,
    ]);
    expect(await peopleOf(scope)).toStrictEqual(before);

    const forced = await sync(scope, file, D2, { force: true });
    expect([forced.status, forced.forced, forced.plan?.counts]).toStrictEqual([
      'applied',
      true,
      counts({ leavers: 2, unchanged: 8, peopleBefore: 10 }),
    ]);
    const left = (await peopleOf(scope)).filter((p) => p.leftOn !== null);
    expect(left.map((p) => [p.sourceId, p.leftOn, p.units])).toStrictEqual([
      ['2009', D2, [['Social / Ydelser', D1, '2026-11-08']]],
      ['2010', D2, [['Social / Ydelser', D1, '2026-11-08']]],
    ]);

    // Person 9's row is back (a mistake in the export): they return from the next run's day.
    writeStaff(file, [...rows.slice(0, 9), ended[8]!]);
    const back = await sync(scope, file, D3);
    expect([back.status, back.plan?.counts]).toStrictEqual([
      'applied',
      counts({ returners: 1, unchanged: 9, peopleBefore: 8 }),
    ]);
    const nine = (await peopleOf(scope)).find((p) => p.sourceId === '2009');
    expect([nine?.leftOn, nine?.units]).toStrictEqual([
      null,
      [
        ['Social / Ydelser', D1, '2026-11-08'],
        ['Social / Ydelser', D3, null],
      ],
    ]);
  });

  it("when a known person's row gets an unreadable end date or loses the name then the row is refused and the person stays", async () => {
    const scope = uid('hr');
    const domain = `${scope}.example.kommune.dk`;
    const file = join(dir, `${scope}.csv`);
    writeStaff(file, staff(domain));
    await sync(scope, file, D1);
    const before = await peopleOf(scope);

    const [anne, bo, carla] = staff(domain);
    writeStaff(file, [
      anne!,
      bo!.map((v, i) => (i === 7 ? '31-11-2026' : v)),
      carla!.map((v, i) => (i === 1 ? '' : v)),
    ]);
    const run = await sync(scope, file, D2);
    expect([run.status, run.plan?.counts, run.plan?.refusals]).toStrictEqual([
      'applied',
      counts({ unchanged: 1, refused: 2, peopleBefore: 3 }),
      [
        { record: 'række 3', reason: 'unreadable', field: 'endDate' },
        { record: 'række 4', reason: 'missingName', field: 'name' },
      ],
    ]);
    expect(await peopleOf(scope)).toStrictEqual(before);
  });

  it('when a cell holds a CPR-like value or a row lacks its id then that row is refused and the rest applies', async () => {
    const scope = uid('hr');
    const domain = `${scope}.example.kommune.dk`;
    const file = join(dir, `${scope}.csv`);
    writeStaff(file, staff(domain));
    await sync(scope, file, D1);
    const before = await peopleOf(scope);

    const [anne, bo, carla] = staff(domain);
    writeStaff(file, [
      anne!.map((v, i) => (i === 4 ? '43 68 68 09' : v)),
      bo!.map((v, i) => (i === 2 ? 'Leder 010203-1234' : v)),
      carla!,
      ['1004', 'Dorte Dahl', 'Pædagog', `dorte@${domain}`, '0102031234', KORNET, '1002', ''],
      ['', 'Erik Uden Nummer', 'Pædagog', `erik@${domain}`, '', KORNET, '1002', ''],
      ['1005', 'Frida Friis', 'Pædagog', `frida@${domain}`, '', KORNET, '1001', ''],
    ]);
    const run = await sync(scope, file, D2);
    expect([run.status, run.plan?.counts, run.plan?.refusals]).toStrictEqual([
      'applied',
      counts({ joiners: 1, contactChanged: 1, unchanged: 1, refused: 3, peopleBefore: 3 }),
      [
        { record: 'række 6', reason: 'missingId', field: 'id' },
        { record: '1002', reason: 'cpr', field: 'title' },
        { record: '1004', reason: 'cpr', field: 'phone' },
      ],
    ]);
    const after = await peopleOf(scope);
    // Bo's row is refused, not gone: he stays as he was; Anne's phone changed; Frida joined.
    expect(after).toStrictEqual([
      { ...before[0]!, phone: '43 68 68 09' },
      before[1],
      before[2],
      {
        sourceId: '1005',
        name: 'Frida Friis',
        title: 'Pædagog',
        email: `frida@${domain}`,
        phone: null,
        leftOn: null,
        units: [[KORNET, D2, null]],
        manager: '1001',
      },
    ]);
  });
});
