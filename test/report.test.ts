import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import type { FlowerResponse } from '../api/explore.js';
import type { ReportResponse } from '../api/report.js';
import { readBooklet, readBookletThemes } from '../seed/booklet.js';
import { ROOT } from '../server/common/folders.js';
import { reportService } from '../server/report/service.js';
import { getJson, send, signIn, startApp, testDb, uid, type RunningApp } from './helpers.js';
import { bindQueries } from '../server/common/queries.js';

// The booklet regenerated from live data. Other tests add networks and people of their own in
// parallel, so the booklet's part of each answer is judged on the booklet's records.

const BOOKLET_MD = join(ROOT, '..', 'shared', 'booklet', 'netvaerksstrukturen-albertslund-2014.md');
const booklet = readBooklet();
const BOOKLET_NETWORKS = booklet.networks.map((n) => n.id);
const BOOKLET_PEOPLE = new Set(booklet.people.map((p) => p.id));
const departmentName = new Map(booklet.departments.map((d) => [d.id, d.name]));

let app: RunningApp;
let coordinator: string;
beforeAll(async () => {
  app = await startApp();
  coordinator = await signIn(app, 'coordinator');
});
afterAll(() => app?.close());

const report = async (query = '') => {
  const res = await getJson<ReportResponse>(app, `/api/report${query}`, endpoints.report);
  expect(res.status).toBe(200);
  return res.body;
};

async function write(method: string, path: string, body: unknown) {
  const res = await send(app, method, path, { body, cookie: coordinator });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('GET /api/report', () => {
  it("when asked then the booklet's networks come first, in the booklet's page order, under the booklet's headings", async () => {
    const { networks, date, changes } = await report();
    expect(date).toBe(today());
    expect(changes).toBeNull();
    expect(networks.slice(0, BOOKLET_NETWORKS.length).map((n) => [n.id, n.bookletOrder])).toEqual(
      BOOKLET_NETWORKS.map((id, i) => [id, i + 1]),
    );
    expect(networks.slice(BOOKLET_NETWORKS.length).every((n) => n.bookletOrder === null)).toBe(true);
    expect([...new Set(networks.slice(0, 12).map((n) => n.kind))]).toEqual(['velfaerd', 'innovation', 'laering']);
    expect(networks.slice(0, 12).map((n) => n.kind)).toEqual(booklet.networks.map((n) => n.kind));
  });

  it('when a network is not in the booklet then it follows the booklet networks, by kind and then name', async () => {
    const [first, second] = [uid('rapport'), uid('rapport')];
    await write('POST', '/api/nodes', {
      id: first,
      kind: 'Network',
      properties: { name: `Å-netværk ${first}`, kind: 'velfaerd', status: 'i gang' },
    });
    await write('POST', '/api/nodes', {
      id: second,
      kind: 'Network',
      properties: { name: `Ø-netværk ${second}`, kind: 'laering', status: 'i gang' },
    });
    const { networks } = await report();
    const at = (id: string) => networks.findIndex((n) => n.id === id);
    expect(at(first)).toBeGreaterThanOrEqual(BOOKLET_NETWORKS.length);
    expect(at(second)).toBeGreaterThan(at(first));
    const kinds = networks
      .slice(BOOKLET_NETWORKS.length)
      .map((n) => ['velfaerd', 'innovation', 'laering'].indexOf(n.kind));
    expect(kinds).toEqual([...kinds].sort((a, b) => a - b));
  });

  it('when a booklet network is shown then it has its theme, status, remarks, leaders with title and department, and the petals its flower has', async () => {
    const { networks } = await report();
    const shown = networks.find((n) => n.id === 'forebyggelse-af-indlaeggelser')!;
    expect(shown).toMatchObject({
      name: 'Forebyggelse af indlæggelser og opsporing af tidlig sygdom',
      kind: 'velfaerd',
      theme: 'Forebyggelse af indlæggelser og opsporing af tidlig sygdom',
      status: 'afsluttet',
      phase: null,
      inferred: false,
    });
    expect(shown.remarks).toEqual(booklet.networks.find((n) => n.id === shown.id)!.remarks);
    expect(shown.leaders).toEqual([
      {
        id: 'anders-bych',
        name: 'Anders Bych',
        title: 'Udviklingskonsulent',
        department: { id: 'sundhed-pleje-omsorg', kind: 'Department', name: 'Sundhed, Pleje & Omsorg' },
      },
      {
        id: 'charlotte-kaaber-soerensen',
        name: 'Charlotte Kaaber Sørensen',
        title: 'Strategisk hjemmeplejeleder',
        department: { id: 'sundhed-pleje-omsorg', kind: 'Department', name: 'Sundhed, Pleje & Omsorg' },
      },
    ]);
    for (const n of networks.slice(0, BOOKLET_NETWORKS.length)) {
      const flower = await getJson<FlowerResponse>(app, `/api/networks/${n.id}/flower`, endpoints.flower);
      expect({ id: n.id, petals: n.petals }).toEqual({ id: n.id, petals: flower.body.petals });
    }
    expect(networks.find((n) => n.id === 'campus-albertslund')).toMatchObject({
      inferred: true,
      theme: null,
    });
  });

  it("when asked then the shared themes are the booklet's 2014 text of ”Ringene i vandet”, as the data file holds it", async () => {
    const { themes } = await report();
    expect(themes).toEqual(readBookletThemes());
    expect(themes).toMatchObject({
      year: 2014,
      heading: '”Ringene i vandet”',
      title: 'Netværksstrukturen i Albertslund Kommune',
    });
    expect(themes.lists.map((l) => l.heading)).toEqual([
      'Hvad er fælles for netværkene',
      'Hvad er skabt for organisationen',
      'Hvilke udfordringer ligger for netværksarbejdet',
      'Hvilke kompetencer efterspørges',
    ]);
    expect(themes.source).toMatch(/2014/);
  });

  it("when asked then the contact list has every network leader as the booklet's last page has them: alphabetical by first name, with title, department and email", async () => {
    const { contacts } = await report();
    const ofBooklet = contacts.filter((c) => BOOKLET_PEOPLE.has(c.id));
    expect(ofBooklet.map((c) => [c.name, c.title, c.department?.name, c.email, c.phone])).toEqual(
      booklet.people.map((p) => [p.name, p.title, departmentName.get(p.department), p.email, null]),
    );
    if (existsSync(BOOKLET_MD)) {
      // The booklet's own order ("Kontaktoplysninger på netværkslederne", names in bold).
      const md = readFileSync(BOOKLET_MD, 'utf8');
      const page = md.slice(md.indexOf('## Kontaktoplysninger på netværkslederne'));
      const names = [...page.matchAll(/^\*\*(.+?)\*\*/gm)].map((m) => m[1]);
      expect(ofBooklet.map((c) => c.name)).toEqual(names);
    }
  });

  it('when a leader is added whose name starts with Aa then the list sorts it the Danish way, as Å after Ø', async () => {
    const [p, n] = [uid('aage'), uid('rapport')];
    await write('POST', '/api/nodes', {
      id: p,
      kind: 'Person',
      properties: { name: `Aage ${p}`, title: 'Konsulent', email: `${p}@albertslund.dk` },
    });
    await write('POST', '/api/nodes', {
      id: n,
      kind: 'Network',
      properties: { name: `Netværk ${n}`, kind: 'innovation', status: 'i gang' },
    });
    await write('POST', '/api/relations', { type: 'LEADS', source: p, target: n });
    const { contacts, networks } = await report();
    expect(contacts.findIndex((c) => c.id === p)).toBeGreaterThan(contacts.findIndex((c) => c.id === 'tim-lissauer'));
    expect(networks.find((x) => x.id === n)?.leaders).toEqual([
      { id: p, name: `Aage ${p}`, title: 'Konsulent', department: null },
    ]);
  });

  it('when a leader stepped down before today then the report no longer lists them as leader or contact', async () => {
    const [p, n] = [uid('tidl'), uid('rapport')];
    await write('POST', '/api/nodes', { id: p, kind: 'Person', properties: { name: `Tidligere ${p}` } });
    await write('POST', '/api/nodes', {
      id: n,
      kind: 'Network',
      properties: { name: `Netværk ${n}`, kind: 'laering', status: 'afsluttet' },
    });
    await write('POST', '/api/relations', {
      type: 'LEADS',
      source: p,
      target: n,
      properties: { since: '2015-01-01', until: '2016-06-30' },
    });
    const { contacts, networks } = await report();
    expect(networks.find((x) => x.id === n)?.leaders).toEqual([]);
    expect(contacts.some((c) => c.id === p)).toBe(false);
  });

  it('when since is given then the changes made since that day come newest first with who, what and the name, and so do relations from that day', async () => {
    const day = today();
    const [p, n] = [uid('ny'), uid('rapport')];
    await write('POST', '/api/nodes', { id: p, kind: 'Person', properties: { name: `Ny leder ${p}` } });
    await write('POST', '/api/nodes', {
      id: n,
      kind: 'Network',
      properties: { name: `Nyt netværk ${n}`, kind: 'velfaerd', status: 'i gang' },
    });
    await write('POST', '/api/relations', { type: 'LEADS', source: p, target: n, properties: { since: day } });

    const { changes } = await report(`?since=${day}`);
    expect(changes?.since).toBe(day);
    const mine = changes!.changes.filter((c) => [p, n, `${p}|LEADS|${n}`].includes(c.targetId));
    expect(mine.map((c) => [c.action, c.targetKind, c.targetName, c.relationType, c.who])).toEqual([
      ['create', 'Relation', `Ny leder ${p} → Nyt netværk ${n}`, 'LEADS', 'Demo-koordinator (udvikling)'],
      ['create', 'Network', `Nyt netværk ${n}`, null, 'Demo-koordinator (udvikling)'],
      ['create', 'Person', `Ny leder ${p}`, null, 'Demo-koordinator (udvikling)'],
    ]);
    const times = changes!.changes.map((c) => Date.parse(c.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(changes!.relations).toContainEqual({
      type: 'LEADS',
      source: { id: p, kind: 'Person', name: `Ny leder ${p}` },
      target: { id: n, kind: 'Network', name: `Nyt netværk ${n}` },
      since: day,
      until: null,
    });
    const sinces = changes!.relations.map((r) => r.since);
    expect(sinces).toEqual([...sinces].sort().reverse());
    expect(sinces.every((s) => s >= day.slice(0, s.length))).toBe(true);

    // A node deleted since is still named as its change recorded it.
    const gone = uid('slettet');
    await write('POST', '/api/nodes', {
      id: gone,
      kind: 'Network',
      properties: { name: `Borte ${gone}`, kind: 'laering', status: 'afsluttet' },
    });
    expect((await send(app, 'DELETE', `/api/nodes/${gone}?version=1`, { cookie: coordinator })).status).toBe(204);
    const after = await report(`?since=${day}`);
    expect(after.changes!.changes.filter((c) => c.targetId === gone).map((c) => [c.action, c.targetName])).toEqual([
      ['delete', `Borte ${gone}`],
      ['create', `Borte ${gone}`],
    ]);
  });

  it('when there are more changes than the cap then the lists are cut and say so', async () => {
    const db = testDb();
    try {
      const small = reportService(bindQueries(db), { maxChanges: 1 });
      const { changes } = await small.report({ today: today(), since: '2000-01-01' });
      expect(changes!.changes).toHaveLength(1);
      expect(changes!.truncated).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('when since is not a day then the answer is 400 naming it', async () => {
    for (const since of ['2014-02-30', 'i går', '2014-6-1']) {
      const res = await getJson(app, `/api/report?since=${encodeURIComponent(since)}`);
      expect([res.status, res.body.error.details]).toEqual([400, { field: 'since' }]);
    }
    expect((await getJson(app, '/api/report?unknown=1')).status).toBe(400);
  });
});
