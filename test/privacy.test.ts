import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERASED, ERASED_PERSON, eraseResponse, personExportResponse, type PersonExport } from '../api/transfer.js';
import { recordChange } from '../server/history/record.js';
import { send, signIn, startApp, uid, type RunningApp } from './helpers.js';
import { bindQueries } from '../server/common/queries.js';

// A person's data (GDPR): the export of everything Ringe holds about one person, and erasure.
// Each test makes its own person (uid) through the import, so the history is real.

interface Fixture {
  person: string;
  name: string;
  email: string;
  title: string;
  colleague: string;
  department: string;
  /** A change the person made themselves (as the actor). */
  actedChange: string;
  /** A change on another node whose text mentions the person by name. */
  mentionChange: string;
}

describe("a person's data", () => {
  let app: RunningApp;
  let admin: string;
  let coordinator: string;
  let reader: string;
  beforeAll(async () => {
    app = await startApp();
    [admin, coordinator, reader] = await Promise.all([
      signIn(app, 'admin'),
      signIn(app, 'coordinator'),
      signIn(app, 'reader'),
    ]);
  });
  afterAll(() => app.close());

  async function makePerson(): Promise<Fixture> {
    const person = uid('gdpr-p');
    const colleague = uid('gdpr-c');
    const department = uid('gdpr-d');
    const suffix = person.slice(-8);
    const name = `Ida Sletmig ${suffix}`;
    const email = `ida.sletmig.${suffix}@example.dk`;
    const title = `Særlig titel ${suffix}`;
    const file = (personTitle: string) => ({
      format: 'ringe-graph',
      version: 1,
      nodes: [
        { id: department, kind: 'Department', properties: { name: `Afdeling ${suffix}` } },
        { id: person, kind: 'Person', properties: { name, email, title: personTitle, phone: '43 68 68 68' } },
        { id: colleague, kind: 'Person', properties: { name: `Kollega ${suffix}` } },
      ],
      relations: [
        { type: 'WORKS_IN', source: person, target: department, properties: {} },
        { type: 'KNOWS', source: colleague, target: person, properties: { since: '2020-01-01' } },
      ],
    });
    for (const t of ['Konsulent', title]) {
      const res = await send(app, 'POST', '/api/import/json', { body: file(t), cookie: admin });
      expect(res.status).toBe(200);
      expect(res.body.rejected).toEqual([]);
    }
    // The person also made changes of their own, and another change mentions them by name.
    const [actedChange, mentionChange] = await bindQueries(app.db).writeTx(async (t) => [
      await recordChange(
        t,
        { sub: `sub-${email}`, name, roles: ['coordinator'] },
        {
          action: 'update',
          targetKind: 'Department',
          targetId: department,
          before: { kind: 'Department', version: 1, properties: { name: `Afdeling ${suffix}` } },
          after: { kind: 'Department', version: 2, properties: { name: `Afdeling ${suffix}` } },
        },
      ),
      await recordChange(
        t,
        { sub: 'dev:admin', name: 'Demo-administrator (udvikling)', roles: ['admin'] },
        {
          action: 'update',
          targetKind: 'Department',
          targetId: department,
          before: null,
          after: {
            kind: 'Department',
            version: 3,
            properties: { remarks: `Spørg ${name.toUpperCase()} (${email}) om det.` },
            // as a deleted node's snapshot keeps its relations: the other end by id only
            relations: [{ type: 'WORKS_IN', direction: 'in', other: person, version: 1, properties: {} }],
          },
        },
      ),
    ]);
    return { person, name, email, title, colleague, department, actedChange, mentionChange };
  }

  it("when an admin exports a person's data then it holds the node, the relations with the other ends' names, and the history", async () => {
    const f = await makePerson();
    const res = await send<PersonExport>(app, 'GET', `/api/people/${f.person}/export`, { cookie: admin });
    expect(res.status).toBe(200);
    const data = personExportResponse.parse(res.body);
    expect(data.person).toEqual({
      id: f.person,
      kind: 'Person',
      version: 2,
      properties: { name: f.name, email: f.email, title: f.title, phone: '43 68 68 68' },
    });
    // A relation's properties are its own: no version, lock marks or stored days (system properties).
    expect(data.relations.map((r) => [r.id, r.direction, r.other.name, r.properties])).toEqual([
      [`${f.colleague}|KNOWS|${f.person}`, 'in', `Kollega ${f.person.slice(-8)}`, { since: '2020-01-01' }],
      [`${f.person}|WORKS_IN|${f.department}`, 'out', `Afdeling ${f.person.slice(-8)}`, {}],
    ]);
    expect(data.history.map((c) => [c.action, c.targetId])).toEqual(
      expect.arrayContaining([
        ['import', f.person],
        ['import', `${f.person}|WORKS_IN|${f.department}`],
        ['import', `${f.colleague}|KNOWS|${f.person}`],
      ]),
    );
    const titleChange = data.history.find((c) => c.targetId === f.person && c.before !== null)!;
    expect(titleChange.before).toEqual({ kind: 'Person', version: 1, properties: { title: 'Konsulent' } });
    expect(titleChange.after).toEqual({ kind: 'Person', version: 2, properties: { title: f.title } });
    // Not someone else's changes
    expect(data.history.every((c) => c.targetId.split('|').includes(f.person))).toBe(true);

    expect((await send(app, 'GET', `/api/people/${f.department}/export`, { cookie: admin })).status).toBe(404);
    expect((await send(app, 'GET', `/api/people/${uid('nobody')}/export`, { cookie: admin })).status).toBe(404);
  });

  it('when a person is erased then the node and relations go and the history keeps no name, email, title or id of theirs', async () => {
    const f = await makePerson();
    const before = personExportResponse.parse(
      (await send(app, 'GET', `/api/people/${f.person}/export`, { cookie: admin })).body,
    );
    const changeIds = [...before.history.map((c) => c.id), f.actedChange, f.mentionChange];

    const unconfirmed = await send(app, 'DELETE', `/api/people/${f.person}`, { cookie: admin });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.details).toEqual({ field: 'confirm' });
    const wrong = await send(app, 'DELETE', `/api/people/${f.person}?confirm=${f.colleague}`, { cookie: admin });
    expect(wrong).toMatchObject({ status: 400, body: { error: { details: { field: 'confirm' } } } });

    const res = await send(app, 'DELETE', `/api/people/${f.person}?confirm=${f.person}`, { cookie: admin });
    expect(res.status).toBe(200);
    const erased = eraseResponse.parse(res.body);
    expect(erased.relationsRemoved).toBe(2);
    expect(erased.changesRedacted).toBeGreaterThanOrEqual(changeIds.length);

    expect((await send(app, 'GET', `/api/nodes/${f.person}`)).status).toBe(404);
    expect(await app.db.read('MATCH (:Entity {id: $id})-[r]-() RETURN type(r) AS type', { id: f.person })).toEqual([]);
    // The other ends stay.
    expect((await send(app, 'GET', `/api/nodes/${f.colleague}`)).status).toBe(200);
    expect((await send(app, 'GET', `/api/nodes/${f.department}`)).status).toBe(200);

    // Every change stays, rewritten; none holds the person's data any more.
    const rows = await app.db.read(
      'MATCH (c:Change) WHERE c.id IN $ids RETURN c.id AS id, c.targetId AS targetId, c.before AS before, c.after AS after, c.actorName AS actorName, c.actorSub AS actorSub',
      { ids: changeIds },
    );
    expect(rows).toHaveLength(changeIds.length);
    const secrets = [f.name, f.email, f.title, f.person].map((s) => s.toLowerCase());
    for (const row of rows) {
      const text = [row.targetId, row.before, row.after, row.actorName, row.actorSub]
        .map((v) => String(v ?? '').toLowerCase())
        .join(' ');
      for (const secret of secrets) expect(text, `change ${row.id} still holds "${secret}"`).not.toContain(secret);
    }
    const acted = rows.find((r) => r.id === f.actedChange)!;
    expect(acted.actorName).toBe(ERASED);
    const mention = rows.find((r) => r.id === f.mentionChange)!;
    expect(JSON.parse(mention.after as string).properties.remarks).toBe(`Spørg ${ERASED_PERSON} (${ERASED}) om det.`);
    expect(JSON.parse(mention.after as string).relations[0].other).toBe(erased.pseudonym);
    const own = rows.filter((r) => r.targetId === erased.pseudonym);
    expect(own.length).toBeGreaterThanOrEqual(2);
    for (const r of own) {
      const after = JSON.parse(r.after as string);
      for (const key of ['name', 'email', 'title', 'phone'])
        if (key in after.properties) expect(after.properties[key]).toBe(ERASED);
    }
    // The relation changes keep their shape with the pseudonym in place of the id.
    expect(rows.map((r) => r.targetId)).toContain(`${erased.pseudonym}|WORKS_IN|${f.department}`);
    expect(rows.map((r) => r.targetId)).toContain(`${f.colleague}|KNOWS|${erased.pseudonym}`);

    // The erasure itself is recorded, holding nothing personal.
    const [record] = await app.db.read(
      'MATCH (c:Change {id: $id}) RETURN c.action AS action, c.targetKind AS kind, c.targetId AS target, c.before AS before, c.after AS after',
      {
        id: erased.change,
      },
    );
    expect(record).toEqual({
      action: 'erase',
      kind: 'Person',
      target: erased.pseudonym,
      before: null,
      after: JSON.stringify({ relationsRemoved: 2, changesRedacted: erased.changesRedacted, redacted: [] }),
    });
    // Erasing again finds nobody.
    expect((await send(app, 'DELETE', `/api/people/${f.person}?confirm=${f.person}`, { cookie: admin })).status).toBe(
      404,
    );
  });

  it("when a person is erased then their name goes from other nodes' and relations' texts too, the answer lists what changed, and no export or change holds it", async () => {
    const f = await makePerson();
    const suffix = f.person.slice(-8);
    const network = uid('gdpr-n');
    const training = uid('gdpr-t');
    const [first, last, tail] = f.name.split(' ') as [string, string, string];
    // The name as texts hold it: in capitals, with doubled spaces or a line break, with a
    // Danish genitive -s; and a text that only shares a first name, which must stay.
    const file = {
      format: 'ringe-graph',
      version: 1,
      nodes: [
        {
          id: network,
          kind: 'Network',
          properties: {
            name: `Netværk ${suffix}`,
            kind: 'laering',
            status: 'i gang',
            remarks: `Spørg ${f.name.toUpperCase()} eller ${first}  ${last}   ${tail}s kollega.`,
            source: `Pjecen, side om ${first}\n${last} ${tail}`,
            theme: `${first} Andersen ${suffix} leder temaet`,
          },
        },
        {
          id: training,
          kind: 'Training',
          properties: { name: `Kursus ${suffix}`, source: `Anbefalet af ${f.name} (${f.email})` },
        },
      ],
      relations: [
        {
          type: 'COMPLETED',
          source: f.colleague,
          target: training,
          properties: { wording: `som ${f.name} anbefalede` },
        },
      ],
    };
    const imported = await send(app, 'POST', '/api/import/json', { body: file, cookie: admin });
    expect(imported.status).toBe(200);
    expect(imported.body.rejected).toEqual([]);
    const versionOf = async (id: string) =>
      (await app.db.read('MATCH (n:Entity {id: $id}) RETURN n.version AS v', { id }))[0]!.v as number;
    const relationVersion = async () =>
      (
        await app.db.read('MATCH (:Entity {id: $a})-[r:COMPLETED]->(:Entity {id: $b}) RETURN r.version AS v', {
          a: f.colleague,
          b: training,
        })
      )[0]!.v as number;
    const [networkVersion, trainingVersion, completedVersion] = [
      await versionOf(network),
      await versionOf(training),
      await relationVersion(),
    ];

    const res = await send(app, 'DELETE', `/api/people/${f.person}?confirm=${f.person}`, { cookie: admin });
    expect(res.status).toBe(200);
    const erased = eraseResponse.parse(res.body);
    expect(erased.redacted).toEqual([
      { kind: 'Network', id: network, name: `Netværk ${suffix}`, fields: ['remarks', 'source'] },
      { kind: 'Training', id: training, name: `Kursus ${suffix}`, fields: ['source'] },
      { kind: 'Relation', id: `${f.colleague}|COMPLETED|${training}`, name: null, fields: ['wording'] },
    ]);

    const node = async (id: string) => (await send(app, 'GET', `/api/nodes/${id}`)).body.node.properties;
    expect(await node(network)).toMatchObject({
      remarks: `Spørg ${ERASED_PERSON} eller ${ERASED_PERSON}s kollega.`,
      source: `Pjecen, side om ${ERASED_PERSON}`,
      theme: `${first} Andersen ${suffix} leder temaet`,
    });
    expect(await node(training)).toMatchObject({ source: `Anbefalet af ${ERASED_PERSON} (${ERASED})` });
    expect([await versionOf(network), await versionOf(training), await relationVersion()]).toEqual([
      networkVersion + 1,
      trainingVersion + 1,
      completedVersion + 1,
    ]);

    // Neither export holds the name any more, nor does any change (the erasure's own included).
    const secrets = [f.name, f.email].map((s) => s.toLowerCase());
    const collapsed = (s: string) => s.replace(/\s+/g, ' ').toLowerCase();
    for (const path of ['/api/export/json', '/api/export/graphml']) {
      const text = await (await fetch(`${app.url}${path}`, { headers: { cookie: coordinator } })).text();
      for (const secret of secrets) expect(collapsed(text), `${path} still holds "${secret}"`).not.toContain(secret);
    }
    const changes = await app.db.read(
      'MATCH (c:Change) WHERE c.targetId IN $ids OR c.id = $erase OR c.targetId STARTS WITH $colleague RETURN c.id AS id, c.before AS before, c.after AS after',
      { ids: [network, training, erased.pseudonym], erase: erased.change, colleague: f.colleague },
    );
    expect(changes.length).toBeGreaterThanOrEqual(4);
    for (const c of changes) {
      for (const secret of secrets)
        expect(collapsed(`${c.before ?? ''} ${c.after ?? ''}`), `change ${c.id} still holds "${secret}"`).not.toContain(
          secret,
        );
    }
    // The erasure's change names what it redacted, by id and field, never the name.
    const [record] = await app.db.read('MATCH (c:Change {id: $id}) RETURN c.after AS after', { id: erased.change });
    expect(JSON.parse(record!.after as string).redacted).toEqual(
      erased.redacted.map(({ kind, id, fields }) => ({ kind, id, fields })),
    );
  });

  it('when an erased person comes back in a JSON import then the import refuses them and keeps their name out of the other items', async () => {
    const f = await makePerson();
    const suffix = f.person.slice(-8);
    const note = uid('gdpr-note');
    const res = await send(app, 'DELETE', `/api/people/${f.person}?confirm=${f.person}`, { cookie: admin });
    expect(res.status).toBe(200);
    // An export from before the erasure, imported again.
    const file = {
      format: 'ringe-graph',
      version: 1,
      nodes: [
        { id: f.person, kind: 'Person', properties: { name: f.name, email: f.email } },
        { id: note, kind: 'Training', properties: { name: `Kursus ${suffix}`, source: `Anbefalet af ${f.name}` } },
      ],
      relations: [{ type: 'KNOWS', source: f.colleague, target: f.person, properties: {} }],
    };
    for (const dryRun of [true, false]) {
      const again = await send(app, 'POST', `/api/import/json?dryRun=${dryRun}`, { body: file, cookie: admin });
      expect(again.status).toBe(200);
      const day = new Date().toISOString().slice(0, 10);
      expect(again.body.rejected).toEqual([
        {
          section: 'nodes',
          position: 1,
          line: null,
          id: f.person,
          reason: `This person was erased on ${day}; an erased person is not imported again.`,
          problem: { code: 'erased', values: { day } },
        },
        {
          section: 'relations',
          position: 1,
          line: null,
          id: `${f.colleague}|KNOWS|${f.person}`,
          reason: `The relation ends at a person who was erased on ${day}.`,
          problem: { code: 'erasedEnd', values: { day } },
        },
      ]);
      expect(again.body.counts).toMatchObject({ created: 1, rejected: 2 });
    }
    expect((await send(app, 'GET', `/api/nodes/${f.person}`)).status).toBe(404);
    expect((await send(app, 'GET', `/api/nodes/${note}`)).body.node.properties.source).toBe(
      `Anbefalet af ${ERASED_PERSON}`,
    );
    const history = await app.db.read('MATCH (c:Change {targetId: $id}) RETURN c.after AS after', { id: note });
    expect(history.map((c) => String(c.after).toLowerCase().includes(f.name.toLowerCase()))).toEqual([false]);
  });

  it('when a reader or a coordinator calls an admin route then 403, and without a session 401', async () => {
    const id = uid('gdpr-nobody');
    const routes: [string, string, unknown][] = [
      ['GET', `/api/people/${id}/export`, undefined],
      ['DELETE', `/api/people/${id}?confirm=${id}`, undefined],
      ['POST', '/api/import/json?dryRun=true', { format: 'ringe-graph', version: 1, nodes: [] }],
    ];
    for (const [method, path, body] of routes) {
      for (const [cookie, status] of [
        [undefined, 401],
        [reader, 403],
        [coordinator, 403],
      ] as const) {
        const res = await send(app, method, path, { body, ...(cookie ? { cookie } : {}) });
        expect({ method, path, status: res.status }).toEqual({ method, path, status });
      }
    }
    for (const [cookie, status] of [
      [undefined, 401],
      [reader, 403],
      [coordinator, 403],
    ] as const) {
      const res = await fetch(`${app.url}/api/import/csv?kind=Department&dryRun=true`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', origin: app.url, ...(cookie ? { cookie } : {}) },
        body: 'id;name\nx;y\n',
      });
      expect(res.status).toBe(status);
    }
  });
});
