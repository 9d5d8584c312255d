import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBooklet, readBookletThemes, seedBooklet } from '../seed/booklet.js';
import { BOOKLET_DIR, ROOT } from '../server/common/folders.js';
import { testDb } from './helpers.js';
import { bindQueries } from '../server/common/queries.js';

// The booklet itself lies beside the project (shared/), as it does in CI.
const BOOKLET_MD = join(ROOT, '..', 'shared', 'booklet', 'netvaerksstrukturen-albertslund-2014.md');

describe('the booklet in Neo4j', () => {
  const db = testDb();
  afterAll(() => db.close());
  const one = async (cypher: string, params = {}) => (await db.read(cypher, params))[0]!;
  // The booklet's own networks by id: other tests make networks of their own, some with a source text.
  const networks = readBooklet().networks.map((n) => n.id);

  it('when loaded then it holds 12 networks: 6 velfærd, 3 innovation, 3 læring', async () => {
    const rows = await db.read(
      'MATCH (n:Network) WHERE n.id IN $networks RETURN n.kind AS kind, count(*) AS n ORDER BY kind',
      { networks },
    );
    expect(rows).toEqual([
      { kind: 'innovation', n: 3 },
      { kind: 'laering', n: 3 },
      { kind: 'velfaerd', n: 6 },
    ]);
  });

  it('when loaded then the 13 network leaders come from 7 departments', async () => {
    expect(
      // Only the booklet's own networks: other tests add networks and people of their own.
      await one(
        'MATCH (p:Person)-[:LEADS]->(n:Network) WHERE n.id IN $networks WITH DISTINCT p MATCH (p)-[:WORKS_IN]->(d:Department) RETURN count(DISTINCT p) AS leaders, count(DISTINCT d) AS departments',
        { networks },
      ),
    ).toEqual({ leaders: 13, departments: 7 });
  });

  it('when loaded then Mette Nielsen Duekilde has her contact card and leads the erhvervsservice network', async () => {
    expect(
      await one(
        `MATCH (p:Person {email: 'mette.nielsen.duekilde@albertslund.dk'})-[:WORKS_IN]->(d:Department)
         MATCH (p)-[:LEADS]->(n:Network)
         RETURN p.name AS name, p.title AS title, d.name AS department, n.theme AS theme, n.kind AS kind, n.status AS status`,
      ),
    ).toEqual({
      name: 'Mette Nielsen Duekilde',
      title: 'Integrationskonsulent',
      department: 'Arbejdsmarked, Erhverv & Ydelser',
      theme: 'Udvikling af erhvervsservice',
      kind: 'velfaerd',
      status: 'afsluttet',
    });
  });

  it('when loaded then Charlotte Kaaber Sørensen and Anders Bych lead the indlæggelser network together', async () => {
    const rows = await db.read(
      "MATCH (p:Person)-[:LEADS]->(n:Network {theme: 'Forebyggelse af indlæggelser og opsporing af tidlig sygdom'}) RETURN p.name AS name ORDER BY name",
    );
    expect(rows).toEqual([{ name: 'Anders Bych' }, { name: 'Charlotte Kaaber Sørensen' }]);
  });

  it('when loaded then the three trainings, their providers and who completed them are there', async () => {
    const rows = await db.read(
      `MATCH (t:Training)-[:OFFERED_BY]->(x:Partner)
       OPTIONAL MATCH (p:Person)-[:COMPLETED]->(t) WHERE p.source IS NOT NULL
       RETURN t.name AS training, x.name AS by, count(p) AS completed ORDER BY by`,
    );
    expect(rows).toEqual([
      { training: "KL's innovatøruddannelse", by: 'KL', completed: 5 },
      { training: 'netværkslederuddannelsen', by: 'UCC', completed: 10 },
      { training: "WOGN's netværksintroduktion", by: 'WOGN', completed: 4 },
    ]);
  });

  it('when loaded then Chefforum received one network and KommuneMED initiated another', async () => {
    expect(
      await one(
        `MATCH (:Forum {name: 'Chefforum'})<-[:REPORTED_TO]-(a:Network)<-[:LEADS]-(pa:Person)
         MATCH (:Forum {name: 'KommuneMED'})-[:INITIATED]->(b:Network)<-[:LEADS]-(pb:Person)
         RETURN pa.name AS reportedBy, pb.name AS initiatedFor, b.phase AS phase`,
      ),
    ).toEqual({ reportedBy: 'Pernille Harting Frandsen', initiatedFor: 'Carina Kofoed', phase: 'fokuseringsfasen' });
  });

  it('when loaded then the two networks without headings are reconstructed and marked inferred', async () => {
    const rows = await db.read(
      'MATCH (p:Person)-[:LEADS]->(n:Network {inferred: true}) RETURN n.name AS network, n.kind AS kind, p.name AS leader ORDER BY leader',
    );
    expect(rows).toEqual([
      { network: 'Frivilligt arbejde', kind: 'innovation', leader: 'Patricia Walmar Gale' },
      { network: 'Campus Albertslund', kind: 'innovation', leader: 'Pernille Remming' },
    ]);
  });

  it('when loaded then every network has a status and petals carry one of the three perspectives', async () => {
    expect(
      await one(
        `MATCH (n:Network) WHERE n.id IN $networks
         OPTIONAL MATCH (n)-[:CREATED]->(o:Outcome)
         RETURN count(DISTINCT n) AS networks,
                all(s IN collect(DISTINCT n.status) WHERE s IN ['afsluttet', 'i gang', 'afventer', 'under omdefinering']) AS statusesKnown,
                all(p IN collect(o.perspective) WHERE p IN ['kommunen', 'borgerne', 'medarbejderne']) AS perspectivesKnown,
                size(collect(DISTINCT o.perspective)) AS perspectives`,
        { networks },
      ),
    ).toEqual({ networks: 12, statusesKnown: true, perspectivesKnown: true, perspectives: 3 });
  });

  it("when loaded then each booklet network carries its place in the booklet's pages, 1 to 12 in the order of networks.json", async () => {
    const rows = await db.read(
      'MATCH (n:Network) WHERE n.id IN $networks RETURN n.id AS id, n.bookletOrder AS bookletOrder ORDER BY n.bookletOrder',
      { networks },
    );
    expect(rows).toEqual(readBooklet().networks.map((n, i) => ({ id: n.id, bookletOrder: i + 1 })));
  });

  it('when the seed runs again then nothing is added', async () => {
    const count = async () =>
      one('MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relations');
    const before = await count();
    await seedBooklet(bindQueries(db));
    expect(await count()).toEqual(before);
  });
});

describe('the booklet data files', () => {
  it.runIf(existsSync(BOOKLET_MD))(
    'when compared with the booklet then every name, email, theme and remark is there word for word',
    () => {
      const text = readFileSync(BOOKLET_MD, 'utf8').replace(/\*/g, '').replace(/\s+/g, ' ');
      const b = readBooklet();
      const expected = [
        ...b.people.flatMap((p) => [p.name, p.title, p.email]),
        ...b.departments.map((d) => d.name),
        ...b.networks.flatMap((n) => [...n.remarks, ...(n.theme ? [n.theme] : [])]),
      ];
      expect(expected.filter((s) => !text.includes(s.replace(/\s+/g, ' ')))).toEqual([]);
    },
  );

  it.runIf(existsSync(BOOKLET_MD))(
    "when networks.json is read in order then its networks follow the booklet's pages",
    () => {
      const text = readFileSync(BOOKLET_MD, 'utf8').replace(/\*/g, '').replace(/\s+/g, ' ');
      // Each network's page is found by its first remark (two pages lost their heading, none its remarks).
      const pages = readBooklet().networks.map((n) => ({
        id: n.id,
        at: text.indexOf(n.remarks[0]!.replace(/\s+/g, ' ')),
      }));
      expect(pages.every((p) => p.at >= 0)).toBe(true);
      expect(pages.map((p) => p.id)).toEqual([...pages].sort((a, b) => a.at - b.at).map((p) => p.id));
    },
  );

  it.runIf(existsSync(BOOKLET_MD))(
    'when the themes of ”Ringene i vandet” are compared with the booklet then every heading and line is there exactly, in order',
    () => {
      const lines = readFileSync(BOOKLET_MD, 'utf8').split(/\r?\n/);
      const start = lines.findIndex((l) => /^## .*Ringene i vandet/.test(l));
      expect(start).toBeGreaterThanOrEqual(0);
      const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
      const chapter = lines.slice(start, end);
      const lists: { heading: string; items: string[] }[] = [];
      for (const line of chapter) {
        if (line.startsWith('### ')) lists.push({ heading: line.slice(4), items: [] });
        else if (line.startsWith('- ')) lists.at(-1)!.items.push(line.slice(2));
      }
      const themes = readBookletThemes();
      expect(themes.heading).toBe(chapter[0]!.slice(3));
      expect(chapter).toContain(themes.intro);
      expect(themes.lists).toEqual(lists);
      expect(lists.map((l) => l.items.length)).toEqual([8, 6, 5, 8]);
      expect(themes.year).toBe(2014);
    },
  );

  it('when a record refers to an id that does not exist then reading fails naming both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringe-booklet-'));
    cpSync(BOOKLET_DIR, dir, { recursive: true });
    const people = JSON.parse(readFileSync(join(dir, 'people.json'), 'utf8'));
    people[0].department = 'no-such-department';
    writeFileSync(join(dir, 'people.json'), JSON.stringify(people));
    expect(() => readBooklet(dir)).toThrow(
      `Seed record "${people[0].id}" refers to unknown departments "no-such-department".`,
    );
  });

  it('when a field has the wrong kind of value then reading fails naming the file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringe-booklet-'));
    cpSync(BOOKLET_DIR, dir, { recursive: true });
    const networks = JSON.parse(readFileSync(join(dir, 'networks.json'), 'utf8'));
    networks[2].kind = 'sport';
    writeFileSync(join(dir, 'networks.json'), JSON.stringify(networks));
    expect(() => readBooklet(dir)).toThrow(
      /^seed\/booklet\/networks\.json: 2\.kind must be one of velfaerd, innovation, laering\./,
    );
  });
});
