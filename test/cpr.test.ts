import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cprSentence, looksLikeCpr } from '../api/cpr.js';
import { canonicalJson, csvImportResponse, jsonImportResponse } from '../api/transfer.js';
import { BackupError, restoreBackup } from '../seed/backup.js';
import { send, signIn, startApp, uid, type RunningApp } from './helpers.js';
import { bindQueries } from '../server/common/queries.js';

// The CPR guard (api/cpr.ts) on every way a string enters the graph: creating and changing
// nodes and relations, the CSV and JSON imports and a restore. fast-check writes CPR numbers
// the ways people and copied documents do (joined, with a space, a no-break space or any dash,
// as 01.01.90-1234 or 010190/1234, in full-width or Arabic-Indic digits, with a zero-width
// character inside, inside other text) and puts them in every field: each is refused naming
// the field, and nothing of it is stored. Ordinary numbers (phones, dates, KLE numbers, years)
// are stored as they are.

const RUNS = 25;

/** The first code point of ten decimal digits 0-9 in some scripts (NFKC leaves the Arabic-Indic, Devanagari and Thai ones as they are). */
const DIGIT_ZERO = {
  ascii: 0x30,
  fullWidth: 0xff10,
  arabicIndic: 0x660,
  devanagari: 0x966,
  thai: 0xe50,
  mathematicalBold: 0x1d7ce,
} as const;
const SCRIPTS = Object.keys(DIGIT_ZERO) as (keyof typeof DIGIT_ZERO)[];
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];
const pad = (n: number, width: number) => String(n).padStart(width, '0');

interface Spelled {
  text: string;
  /** How it was made, for a failure's report. */
  how: string;
}

/** A CPR-like value (a date ddmmyy and four digits), spelled in one of the ways people and documents do. */
const cprLike: fc.Arbitrary<Spelled> = fc
  .record({
    day: fc.integer({ min: 1, max: 31 }),
    month: fc.integer({ min: 1, max: 12 }),
    year: fc.integer({ min: 0, max: 99 }),
    serial: fc.integer({ min: 0, max: 9999 }),
    dotted: fc.boolean(),
    dateSeparator: fc.constantFrom('.', '-', ' ', '/'),
    separator: fc.constantFrom('', '-', ' ', '\u00a0', '\u2013', '\u2014', '/', '\u2011', '\u2212', ' - '),
    scripts: fc.array(fc.constantFrom(...SCRIPTS), { minLength: 10, maxLength: 10 }),
    invisible: fc.option(fc.record({ char: fc.constantFrom(...INVISIBLE), at: fc.nat(20) }), { nil: undefined }),
    before: fc.constantFrom('', 'CPR ', 'Borger ', 'cpr-nr.: ', 'nr', '('),
    after: fc.constantFrom('', ' i sagen', '.', ' (borger)', 'x', ')'),
  })
  .map((r) => {
    const digits = [...`${pad(r.day, 2)}${pad(r.month, 2)}${pad(r.year, 2)}${pad(r.serial, 4)}`].map((d, i) =>
      String.fromCodePoint(DIGIT_ZERO[r.scripts[i]!] + Number(d)),
    );
    const [dd, mm, yy, serial] = [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4, 6), digits.slice(6)].map(
      (g) => g.join(''),
    );
    let core = r.dotted
      ? `${dd}${r.dateSeparator}${mm}${r.dateSeparator}${yy}${r.separator}${serial}`
      : `${dd}${mm}${yy}${r.separator}${serial}`;
    if (r.invisible) {
      const chars = [...core];
      chars.splice(r.invisible.at % (chars.length + 1), 0, r.invisible.char);
      core = chars.join('');
    }
    return { text: `${r.before}${core}${r.after}`, how: JSON.stringify(r) };
  });

let app: RunningApp;
let coordinator: string;
let admin: string;
beforeAll(async () => {
  app = await startApp();
  [coordinator, admin] = await Promise.all([signIn(app, 'coordinator'), signIn(app, 'admin')]);
});
afterAll(() => app.close());

const refused = (field: string) => ({
  status: 400,
  body: { error: { code: 'validation', message: cprSentence(field), details: { field, reason: 'cpr' } } },
});

/**
 * What of the whole database (nodes, history records included, and relations) holds one of
 * these texts anywhere in a property: one look at everything after a property's runs.
 */
async function storedAnywhere(texts: string[]): Promise<unknown[]> {
  const rows = await app.db.read(
    `CALL () {
       MATCH (n) WHERE any(k IN keys(n) WHERE n[k] IS :: STRING AND any(t IN $texts WHERE n[k] CONTAINS t))
       RETURN properties(n) AS held
       UNION ALL
       MATCH ()-[r]->() WHERE any(k IN keys(r) WHERE r[k] IS :: STRING AND any(t IN $texts WHERE r[k] CONTAINS t))
       RETURN properties(r) AS held
     }
     RETURN held`,
    { texts },
  );
  return rows.map((r) => r.held);
}

/**
 * fast-check's property over CPR-like values (and one more arbitrary: the field, say), each
 * run's value kept; afterwards nothing in the whole database may hold any of them.
 */
async function everySpelling<T>(
  extra: fc.Arbitrary<T>,
  run: (cpr: Spelled, x: T) => Promise<void>,
  numRuns = RUNS,
): Promise<void> {
  const tried: string[] = [];
  await fc.assert(
    fc.asyncProperty(cprLike, extra, async (cpr, x) => {
      tried.push(cpr.text);
      await run(cpr, x);
    }),
    { numRuns },
  );
  expect(tried.length).toBeGreaterThanOrEqual(numRuns);
  expect(await storedAnywhere(tried)).toEqual([]);
}
const changesOf = async (id: string) =>
  Number((await app.db.read('MATCH (c:Change {targetId: $id}) RETURN count(c) AS n', { id }))[0]!.n);
const nodeCount = async (id: string) =>
  Number((await app.db.read('MATCH (n:Entity {id: $id}) RETURN count(n) AS n', { id }))[0]!.n);

async function create(cookie: string, body: unknown) {
  const res = await send(app, 'POST', '/api/nodes', { body, cookie });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.node;
}

/** A person and a training with a COMPLETED relation between them (for changing a relation). */
async function completed() {
  const [p, t] = [uid('cpr-p'), uid('cpr-t')];
  await create(coordinator, { id: p, kind: 'Person', properties: { name: `Person ${p}` } });
  await create(coordinator, { id: t, kind: 'Training', properties: { name: `Kursus ${t}` } });
  const res = await send(app, 'POST', '/api/relations', {
    body: { type: 'COMPLETED', source: p, target: t, properties: { wording: 'har gennemgået' } },
    cookie: coordinator,
  });
  expect(res.status).toBe(201);
  return { p, t, relation: res.body.relation.id as string };
}

async function postCsv(kind: string, csv: string) {
  const res = await fetch(`${app.url}/api/import/csv?kind=${kind}&dryRun=false`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv; charset=utf-8', cookie: admin, origin: app.url },
    body: csv,
  });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return csvImportResponse.parse(body);
}
async function postJson(graph: unknown) {
  const res = await send(app, 'POST', '/api/import/json', { body: graph, cookie: admin });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return jsonImportResponse.parse(res.body);
}
const graphFile = (nodes: unknown[], relations: unknown[] = []) => ({
  format: 'ringe-graph',
  version: 1,
  nodes,
  relations,
});

const PERSON_FIELDS = ['id', 'name', 'title', 'email', 'phone', 'cpr'] as const;

describe('the CPR guard on editing', () => {
  it('when a node is created with a CPR-like value in any field, however spelled, then 400 naming the field and nothing is stored', async () => {
    await everySpelling(fc.constantFrom(...PERSON_FIELDS), async (cpr, field) => {
      const id = field === 'id' ? cpr.text : uid('cpr-p');
      const properties: Record<string, string> = { name: `Person ${id}` };
      if (field !== 'id') properties[field] = cpr.text;
      const res = await send(app, 'POST', '/api/nodes', {
        body: { id, kind: 'Person', properties },
        cookie: coordinator,
      });
      expect(res, cpr.how).toEqual(refused(field === 'id' ? 'id' : `properties.${field}`));
      expect([await nodeCount(id), await changesOf(id)]).toEqual([0, 0]);
    });
  });

  it('when a node is changed to hold a CPR-like value in any field then 400 naming the field and it stays as it was', async () => {
    const id = uid('cpr-p');
    await create(coordinator, { id, kind: 'Person', properties: { name: `Person ${id}`, title: 'Konsulent' } });
    await everySpelling(fc.constantFrom('name', 'title', 'email', 'phone', 'cpr'), async (cpr, field) => {
      const res = await send(app, 'PATCH', `/api/nodes/${id}`, {
        body: { version: 1, properties: { [field]: cpr.text } },
        cookie: coordinator,
      });
      expect(res, cpr.how).toEqual(refused(`properties.${field}`));
      expect(await app.db.read('MATCH (n:Person {id: $id}) RETURN properties(n) AS p', { id })).toEqual([
        { p: { id, name: `Person ${id}`, title: 'Konsulent', version: 1 } },
      ]);
    });
    expect(await changesOf(id)).toBe(1);
  });

  it('when a relation is created with a CPR-like value in an end or a property then 400 naming it and no relation is stored', async () => {
    const [p, t] = [uid('cpr-p'), uid('cpr-t')];
    await create(coordinator, { id: p, kind: 'Person', properties: { name: `Person ${p}` } });
    await create(coordinator, { id: t, kind: 'Training', properties: { name: `Kursus ${t}` } });
    await everySpelling(fc.constantFrom('source', 'target', 'wording', 'since', 'via'), async (cpr, field) => {
      const body = { type: 'COMPLETED', source: p, target: t, properties: {} as Record<string, string> };
      if (field === 'source' || field === 'target') body[field] = cpr.text;
      else body.properties[field] = cpr.text;
      const res = await send(app, 'POST', '/api/relations', { body, cookie: coordinator });
      expect(res, cpr.how).toEqual(refused(field === 'source' || field === 'target' ? field : `properties.${field}`));
      expect(
        await app.db.read('MATCH (n:Entity)-[r]-() WHERE n.id IN [$p, $t] RETURN count(r) AS n', { p, t }),
      ).toEqual([{ n: 0 }]);
    });
  });

  it('when a relation is changed to hold a CPR-like value then 400 naming the property and it stays as it was', async () => {
    const { p, relation } = await completed();
    await everySpelling(fc.constantFrom('wording', 'since', 'until', 'via'), async (cpr, field) => {
      const res = await send(app, 'PATCH', `/api/relations/${encodeURIComponent(relation)}`, {
        body: { version: 1, properties: { [field]: cpr.text } },
        cookie: coordinator,
      });
      expect(res, cpr.how).toEqual(refused(`properties.${field}`));
      expect(await app.db.read('MATCH (:Entity {id: $p})-[r:COMPLETED]->() RETURN properties(r) AS p', { p })).toEqual([
        { p: { wording: 'har gennemgået', version: 1 } },
      ]);
    });
  });
});

describe('the CPR guard on imports and restore', () => {
  it('when a CSV of people has a CPR-like value in any column then that row is rejected naming the column, and the other row is written', async () => {
    await everySpelling(fc.constantFrom('id', 'name', 'title', 'email', 'phone'), async (cpr, column) => {
      const [good, bad] = [uid('cpr-good'), uid('cpr-bad')];
      const row: Record<string, string> = {
        id: bad,
        name: 'Carl Cpr',
        title: 'Konsulent',
        email: `${bad}@example.dk`,
        phone: '43 68 68 68',
      };
      row[column] = cpr.text;
      const csv = [
        'id;name;title;email;phone',
        `${good};Gitte Godt;Konsulent;${good}@example.dk;+45 43 68 68 68`,
        Object.values(row).join(';'),
      ].join('\r\n');
      const res = await postCsv('Person', csv);
      expect(res.counts, cpr.how).toEqual({ created: 1, changed: 0, unchanged: 0, rejected: 1, failed: 0 });
      expect(res.rejected).toEqual([
        {
          section: 'nodes',
          position: 2,
          line: 3,
          id: column === 'id' ? null : bad,
          reason: cprSentence(column, 'column'),
          problem: { code: 'cpr', values: { field: column, place: 'column' } },
        },
      ]);
      expect([await nodeCount(good), await nodeCount(row.id!), await changesOf(row.id!)]).toEqual([1, 0, 0]);
    });
  });

  it('when a CSV of relations has a CPR-like value in any column then that row is rejected naming the column, and the other row is written', async () => {
    const { p, t } = await completed();
    const [p2, t2] = [uid('cpr-p'), uid('cpr-t')];
    await create(coordinator, { id: p2, kind: 'Person', properties: { name: `Person ${p2}` } });
    await create(coordinator, { id: t2, kind: 'Training', properties: { name: `Kursus ${t2}` } });
    await everySpelling(
      fc.constantFrom('source', 'target', 'since', 'until', 'via', 'wording'),
      async (cpr, column) => {
        const row: Record<string, string> = {
          type: 'COMPLETED',
          source: p2,
          target: t2,
          since: '',
          until: '',
          via: '',
          wording: 'har gennemgået',
        };
        row[column] = cpr.text;
        const csv = [
          'type;source;target;since;until;via;wording',
          `COMPLETED;${p};${t};2014-03-01;;;har gennemgået`,
          Object.values(row).join(';'),
        ].join('\n');
        const res = await postCsv('relations', csv);
        expect(res.counts.rejected, cpr.how).toBe(1);
        expect(res.rejected).toEqual([
          {
            section: 'relations',
            position: 2,
            line: 3,
            id: null,
            reason: cprSentence(column, 'column'),
            problem: { code: 'cpr', values: { field: column, place: 'column' } },
          },
        ]);
        expect(
          await app.db.read('MATCH (n:Entity)-[r]-() WHERE n.id IN [$p2, $t2] RETURN count(r) AS n', { p2, t2 }),
        ).toEqual([{ n: 0 }]);
      },
    );
    // The good row was written (the first run changed its since, the later ones left it as it was).
    expect(await app.db.read('MATCH (:Entity {id: $p})-[r:COMPLETED]->() RETURN r.since AS since', { p })).toEqual([
      { since: '2014-03-01' },
    ]);
  });

  const JSON_NODE_FIELDS = [
    'id',
    'properties.name',
    'properties.title',
    'properties.email',
    'properties.phone',
    'properties.cpr',
  ] as const;
  const JSON_RELATION_FIELDS = ['source', 'target', 'properties.wording', 'properties.since'] as const;
  const jsonFields = fc.tuple(fc.constantFrom(...JSON_NODE_FIELDS), fc.constantFrom(...JSON_RELATION_FIELDS));

  /** A graph file: a good department, a person with the value in `nodeField`, a COMPLETED relation with it in `relationField`. */
  function fileWith(text: string, [nodeField, relationField]: [string, string], ends: { p: string; t: string }) {
    const [good, person] = [uid('cpr-d'), uid('cpr-p')];
    const node = { id: person, kind: 'Person', properties: { name: 'Carl Cpr' } as Record<string, string> };
    if (nodeField === 'id') node.id = text;
    else node.properties[nodeField.slice('properties.'.length)] = text;
    const relation = {
      type: 'COMPLETED',
      source: ends.p,
      target: ends.t,
      properties: { wording: 'har gennemgået' } as Record<string, string>,
    };
    if (relationField === 'source' || relationField === 'target') relation[relationField] = text;
    else relation.properties[relationField.slice('properties.'.length)] = text;
    return {
      good,
      node,
      graph: graphFile([{ id: good, kind: 'Department', properties: { name: `Afdeling ${good}` } }, node], [relation]),
    };
  }

  /** A person and a training with no relation between them. */
  async function ends() {
    const [p, t] = [uid('cpr-p'), uid('cpr-t')];
    await create(coordinator, { id: p, kind: 'Person', properties: { name: `Person ${p}` } });
    await create(coordinator, { id: t, kind: 'Training', properties: { name: `Kursus ${t}` } });
    return { p, t };
  }
  const relationsOf = async (p: string) =>
    (await app.db.read('MATCH (:Entity {id: $p})-[r]-() RETURN count(r) AS n', { p }))[0]!.n;

  it('when a JSON import has a CPR-like value in any field of a node or relation then that item is rejected naming the field, and the rest is written', async () => {
    const { p, t } = await ends();
    await everySpelling(jsonFields, async (cpr, fields) => {
      const { good, node, graph } = fileWith(cpr.text, fields, { p, t });
      const res = await postJson(graph);
      expect(res.counts, cpr.how).toEqual({ created: 1, changed: 0, unchanged: 0, rejected: 2, failed: 0 });
      const [nodeField, relationField] = fields;
      expect(res.rejected).toEqual([
        {
          section: 'nodes',
          position: 2,
          line: null,
          id: nodeField === 'id' ? null : node.id,
          reason: cprSentence(nodeField),
          problem: { code: 'cpr', values: { field: nodeField, place: 'field' } },
        },
        {
          section: 'relations',
          position: 1,
          line: null,
          id: relationField === 'source' || relationField === 'target' ? null : `${p}|COMPLETED|${t}`,
          reason: cprSentence(relationField),
          problem: { code: 'cpr', values: { field: relationField, place: 'field' } },
        },
      ]);
      expect([await nodeCount(good), await nodeCount(node.id), await relationsOf(p)]).toEqual([1, 0, 0]);
    });
  });

  it('when a backup with a CPR-like value is restored then nothing is restored and the item is named; with --skip-invalid the rest is', async () => {
    const { p, t } = await ends();
    const dir = mkdtempSync(join(tmpdir(), 'ringe-cpr-'));
    try {
      await everySpelling(
        jsonFields,
        async (cpr, fields) => {
          const { good, node, graph } = fileWith(cpr.text, fields, { p, t });
          // A backup as `npm run backup` writes it: the canonical JSON with its checksum beside it, in a folder of its own.
          const file = join(mkdtempSync(join(dir, 'backup-')), 'ringe.json');
          const text = canonicalJson(graph);
          writeFileSync(file, text);
          writeFileSync(`${file}.sha256`, `${createHash('sha256').update(text).digest('hex')}  ringe.json\n`);

          const refusal = await restoreBackup(bindQueries(app.db), file, { merge: true }).then(
            () => null,
            (err: unknown) => err,
          );
          expect(refusal, cpr.how).toBeInstanceOf(BackupError);
          expect((refusal as Error).message).toContain(
            `nodes #2${fields[0] === 'id' ? '' : ` (${node.id})`}: ${cprSentence(fields[0])}`,
          );
          expect(await nodeCount(good)).toBe(0);

          const done = await restoreBackup(bindQueries(app.db), file, { merge: true, skipInvalid: true });
          expect(done.counts).toEqual({ created: 1, changed: 0, unchanged: 0, rejected: 2, failed: 0 });
          expect(done.rejected.map((r) => r.reason)).toEqual([cprSentence(fields[0]), cprSentence(fields[1])]);
          expect([await nodeCount(good), await nodeCount(node.id), await relationsOf(p)]).toEqual([1, 0, 0]);
        },
        10,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when a backup holds a CPR-like value in its history then nothing is restored and the history entry is named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringe-cpr-history-'));
    try {
      await everySpelling(
        fc.constantFrom('before', 'after', 'actorName'),
        async (cpr, field) => {
          const good = uid('cpr-d');
          const change = uid('cpr-change');
          const properties = { name: `Afdeling ${good}` };
          const entry: Record<string, string | null> = {
            id: change,
            at: '2026-01-01T10:00:00Z',
            actorSub: 'dev:coordinator',
            actorName: 'Kim Koordinator',
            action: 'update',
            targetKind: 'Department',
            targetId: good,
            before: JSON.stringify({ kind: 'Department', version: 1, properties }),
            after: JSON.stringify({ kind: 'Department', version: 2, properties: { ...properties, remarks: 'ny' } }),
            undoOf: null,
          };
          entry[field] =
            field === 'actorName'
              ? cpr.text
              : JSON.stringify({ kind: 'Department', version: 1, properties: { ...properties, remarks: cpr.text } });
          const backup = {
            ...graphFile([{ id: good, kind: 'Department', properties }], []),
            version: 2,
            versions: [],
            history: [entry],
            roleGrants: [],
            erasures: [],
          };
          const file = join(mkdtempSync(join(dir, 'backup-')), 'ringe.json');
          const text = canonicalJson(backup);
          writeFileSync(file, text);
          writeFileSync(`${file}.sha256`, `${createHash('sha256').update(text).digest('hex')}  ringe.json\n`);

          const refusal = await restoreBackup(bindQueries(app.db), file, { merge: true }).then(
            () => null,
            (err: unknown) => err,
          );
          expect(refusal, cpr.how).toBeInstanceOf(BackupError);
          expect((refusal as Error).message).toBe(
            `${cprSentence(`history.0.${field}`)} (ringe.json); nothing was restored.`,
          );
          expect([await nodeCount(good), await changesOf(good)]).toEqual([0, 0]);
        },
        10,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Ordinary data passes

const twoDigits = fc.integer({ min: 0, max: 99 }).map((n) => pad(n, 2));
/** An eight-digit Danish phone number, written as people do (43 68 68 68, 4368 6868, +45 43686868). */
const phone = fc
  .tuple(
    fc.integer({ min: 2, max: 9 }),
    fc.integer({ min: 0, max: 9_999_999 }),
    fc.constantFrom('pairs', 'halves', 'joined'),
    fc.constantFrom('', '+45 ', '+45'),
  )
  .map(([first, rest, style, prefix]) => {
    const d = `${first}${pad(rest, 7)}`;
    const body =
      style === 'pairs' ? d.match(/../g)!.join(' ') : style === 'halves' ? `${d.slice(0, 4)} ${d.slice(4)}` : d;
    return `${prefix}${body}`;
  });
const isoDate = fc
  .date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const danishDate = isoDate.map((iso) => {
  const [y, m, d] = iso.split('-');
  return `${d}-${m}-${y}`;
});
const dottedDate = isoDate.map((iso) => {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
});
const kle = fc.tuple(twoDigits, twoDigits, twoDigits).map(([a, b, c]) => `${a}.${b}.${c}`);
const year = fc.integer({ min: 1900, max: 2099 }).map(String);
/** Ordinary text with numbers in it: a title or remarks. */
const ordinaryText = fc
  .array(
    fc.oneof(
      phone.map((p) => `tlf. ${p}`),
      isoDate.map((d) => `siden ${d}`),
      danishDate.map((d) => `møde ${d}`),
      dottedDate.map((d) => `d. ${d}`),
      kle.map((k) => `KLE ${k}`),
      year.map((y) => `i ${y}`),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => parts.join(', '));

describe('ordinary data', () => {
  it('when text holds phone numbers, dates, KLE numbers and years then it does not look like a CPR number', () => {
    fc.assert(
      fc.property(fc.oneof(phone, isoDate, danishDate, dottedDate, kle, year, ordinaryText), (s) => {
        expect(looksLikeCpr(s)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('when a person is created and imported with ordinary phone numbers, dates, KLE numbers and years then they are stored as they are', async () => {
    await fc.assert(
      fc.asyncProperty(
        phone.filter((p) => p.length <= 15),
        ordinaryText.filter((s) => s.length <= 200),
        async (tel, title) => {
          const id = uid('cpr-ok');
          const node = await create(coordinator, {
            id,
            kind: 'Person',
            properties: { name: `Person ${id}`, title, phone: tel },
          });
          expect(node.properties).toEqual({ name: `Person ${id}`, title, phone: tel });
          const imported = uid('cpr-ok');
          const res = await postCsv('Person', `id;name;title;phone\n${imported};Ida Import;${title};${tel}`);
          expect(res.counts).toEqual({ created: 1, changed: 0, unchanged: 0, rejected: 0, failed: 0 });
          const [row] = await app.db.read('MATCH (n:Person {id: $id}) RETURN n.title AS title, n.phone AS phone', {
            id: imported,
          });
          expect(row).toEqual({ title, phone: tel });
        },
      ),
      { numRuns: RUNS },
    );
  });
});
