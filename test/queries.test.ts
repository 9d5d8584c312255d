import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KINDS, NETWORK_KINDS, NETWORK_PHASES, REL_TYPES, today } from '../api/common.js';
import { declarations, features } from '../cypher/index.js';
import {
  bindQueries,
  type ParamsOf,
  parseQueryFile,
  type QueryName,
  QueryTexts as Queries,
  type WriteQueries,
} from '../server/common/queries.js';
import { relationDays } from '../server/common/days.js';
import { testDb, uid } from './helpers.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ringe-cypher-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('query loader', () => {
  it('when a file names its queries then each is loaded with its purpose and text', () => {
    const parsed = parseQueryFile(
      '// name: one\n// Finds one.\nMATCH (n) RETURN n;\n\n// name: two\n// Finds two.\nMATCH (m)\nRETURN m\n',
      'x.cypher',
    );
    expect(parsed).toEqual([
      { name: 'one', purpose: 'Finds one.', file: 'x.cypher', text: 'MATCH (n) RETURN n' },
      { name: 'two', purpose: 'Finds two.', file: 'x.cypher', text: 'MATCH (m)\nRETURN m' },
    ]);
  });

  it('when a name is asked for that no file defines then it throws naming it', () => {
    const q = Queries.load(folder({ 'a.cypher': '// name: known\n// Known.\nRETURN 1' }));
    expect(q.get('known')).toBe('RETURN 1');
    expect(() => q.get('unknown')).toThrow('No query named "unknown" in cypher/.');
  });

  it('when two files use the same name then loading fails naming both files', () => {
    const dir = folder({
      'a.cypher': '// name: same\n// First.\nRETURN 1',
      'b.cypher': '// name: same\n// Second.\nRETURN 2',
    });
    expect(() => Queries.load(dir)).toThrow(/Query name "same" is used twice: in .*a\.cypher and .*b\.cypher\./);
  });

  it('when a query has no purpose line then loading fails', () => {
    expect(() => parseQueryFile('// name: bare\nRETURN 1', 'c.cypher')).toThrow(
      'Query "bare" in c.cypher needs a one-line purpose comment under its name.',
    );
  });

  it('when Cypher stands before the first name then loading fails', () => {
    expect(() => parseQueryFile('RETURN 1\n// name: late\n// Late.\nRETURN 2', 'd.cypher')).toThrow(
      'd.cypher has Cypher before its first "// name:" line.',
    );
  });

  it('when a query uses @holds then it is expanded, an e-mail address stays as written, and a misspelt call fails', () => {
    const [q] = parseQueryFile(
      "// name: mail\n// Mail.\nMATCH (p)-[r]->() WHERE p.email ENDS WITH '@albertslund.dk' AND @holds(r, $at) RETURN p",
      'e.cypher',
    );
    expect(q!.text).toBe(
      "MATCH (p)-[r]->() WHERE p.email ENDS WITH '@albertslund.dk' AND " +
        '((r.firstDay IS NULL OR r.firstDay <= date($at)) AND (r.lastDay IS NULL OR date($at) <= r.lastDay)) RETURN p',
    );
    expect(() => parseQueryFile('// name: bad\n// Bad.\nMATCH (r) WHERE @holds(r) RETURN r', 'f.cypher')).toThrow(
      'Query "bad" in f.cypher calls @holds wrongly; it is written @holds(x, $day).',
    );
    expect(() => parseQueryFile('// name: odd\n// Odd.\nMATCH (r) WHERE @since(r, $at) RETURN r', 'g.cypher')).toThrow(
      'Query "odd" in g.cypher uses the unknown fragment "@since(r, $at)"',
    );
  });

  it('when a query uses @resync then it clears the records of the node, for a relation only of a type a source owns', () => {
    const [node, rel, variable] = parseQueryFile(
      '// name: n\n// N.\nMATCH (n) SET n.a = 1 WITH n @resync(n) RETURN n\n' +
        '// name: r\n// R.\nMATCH (a)-[r]->() DELETE r WITH a @resync(a, $type)\n' +
        '// name: v\n// V.\nMATCH (a)-[r]->() WITH a, type(r) AS t @resync(a, t)',
      'h.cypher',
    );
    const owned = "['MEMBER_OF', 'REPORTS_TO', 'WORKS_IN', 'PART_OF']";
    expect([node!.text, rel!.text, variable!.text]).toEqual([
      'MATCH (n) SET n.a = 1 WITH n CALL (n) { MATCH (resynced:SyncRecord)-[:RECORD_OF]->(n) SET resynced.hash = null } RETURN n',
      `MATCH (a)-[r]->() DELETE r WITH a CALL (a) { MATCH (resynced:SyncRecord)-[:RECORD_OF]->(a) WHERE $type IN ${owned} SET resynced.hash = null }`,
      `MATCH (a)-[r]->() WITH a, type(r) AS t CALL (a, t) { MATCH (resynced:SyncRecord)-[:RECORD_OF]->(a) WHERE t IN ${owned} SET resynced.hash = null }`,
    ]);
    expect(() => parseQueryFile('// name: bad\n// Bad.\nMATCH (n) @resync() RETURN n', 'i.cypher')).toThrow(
      'Query "bad" in i.cypher calls @resync wrongly; it is written @resync(n) or @resync(n, $type).',
    );
  });
});

describe("the project's cypher/ folder", () => {
  const db = testDb();
  afterAll(() => db.close());
  const all = Queries.load().all();

  it('when loaded then every query has a unique name and a purpose', () => {
    expect(all.length).toBeGreaterThan(10);
    expect(new Set(all.map((q) => q.name)).size).toBe(all.length);
    for (const q of all) expect(q.purpose.length).toBeGreaterThan(5);
  });

  it.each(all.filter((q) => !q.file.endsWith('schema.cypher')).map((q) => [q.name, q.text]))(
    'when query %s is planned by Neo4j then it compiles',
    async (_name, text) => {
      await expect(db.read(`EXPLAIN ${text}`)).resolves.toEqual([]);
    },
  );
});

/**
 * One run of each declared query: parameters valid for its declaration, or work that makes the
 * data it needs beyond the booklet (in the same transaction, rolled back) and gives them; and,
 * where no rows are a right answer here, why. The type asks for every declared query.
 */
interface Example<K extends QueryName> {
  params: ParamsOf<K> | ((t: WriteQueries) => Promise<ParamsOf<K>>);
  noRows?: string;
}

const AT = today();
const PERSON = 'anders-bych';
const DEPARTMENT = 'sundhed-pleje-omsorg';
const NETWORK = 'forebyggelse-af-indlaeggelser';
const COLLEAGUE = 'bjarne-webb';
const PEOPLE = ['bjarne-webb', 'mikkel-nielsen', 'tim-lissauer', 'sigrid-glarbo', 'pernille-remming', 'anna-bojsen'];

const WORKS_IN = { source: PERSON, target: DEPARTMENT, type: 'WORKS_IN' } as const;
const KNOWS = { source: PERSON, target: COLLEAGUE, type: 'KNOWS' } as const;
/** The parameters, once the data they need is written. */
const after = async <P>(written: Promise<unknown>, params: P): Promise<P> => {
  await written;
  return params;
};
/** An import batch of one new node. */
const nodeRows = () => {
  const id = uid();
  return { rows: [{ id, properties: { id, name: 'Test', version: 1 } }] };
};
/** A network whose phase is not on the fixed list. */
const offListNetwork = (t: WriteQueries, id: string) =>
  t.editNodeMerge({ id, kind: 'Network', props: { name: 'T', phase: 'en gammel fase' }, version: 1, kinds: KINDS });
/** A synthetic person, as the bulk load writes one. */
const syntheticPerson = (t: WriteQueries) =>
  t.syntheticNodesPerson({ rows: [{ id: uid(), name: 'Syntetisk Person', source: 'synthetic' }] });
/** A recorded change's parameters. */
const change = (id: string, targetId: string): ParamsOf<'changeRecord'> => ({
  id,
  actorSub: 'test',
  actorName: 'Test',
  action: 'update',
  targetKind: 'Person',
  targetId,
  before: '{"properties":{"title":null}}',
  after: '{"properties":{"title":"Test"}}',
  undoOf: null,
});

const examples: { [K in QueryName]: Example<K> } = {
  readyCheck: { params: {} },
  search: {
    params: {
      lucene: 'netværk',
      numbers: ['27.24'],
      words: [['handicap']],
      hints: [{ kind: 'Network', networkKind: 'laering' }],
      kindBonus: 0.9,
      kindAlone: 0.9,
      kinds: KINDS,
      fetch: 20,
      limit: 20,
      today: AT,
    },
  },
  searchHelpWords: { params: { today: AT } },
  searchHelpDepartments: { params: { today: AT } },
  searchHelpWordsOf: { params: { ids: [PERSON, DEPARTMENT, NETWORK], today: AT } },
  searchHelpDepartmentsOf: { params: { ids: [PERSON, DEPARTMENT, NETWORK], today: AT } },
  searchHelpFinds: { params: { lucene: 'netværk', today: AT } },
  searchMissCount: { params: { words: 'hvem ved noget om prøveemne', week: '2026-W01' } },
  searchMisses: {
    params: (t) => after(t.searchMissCount({ words: uid('emne'), week: '2026-W02' }), { from: '2026-W01', limit: 10 }),
  },
  searchMissPurge: {
    params: (t) =>
      after(t.searchMissCount({ words: uid('emne'), week: '2001-W01' }), { before: '2002-W01', limit: 10 }),
  },
  nodeById: { params: { id: PERSON, kinds: KINDS } },
  nodeWithRelations: { params: { id: PERSON, kinds: KINDS, types: REL_TYPES, limit: 500, at: null } },
  personCard: { params: { id: PERSON, at: AT } },
  unitCard: {
    params: async (t) => {
      const id = uid();
      await t.editNodeMerge({ id, kind: 'Unit', props: { name: 'Enhed' }, version: 1, kinds: KINDS });
      return { id, at: AT, limit: 10 };
    },
  },
  elementNodes: { params: { ids: [PERSON, DEPARTMENT, NETWORK], kinds: KINDS, at: AT } },
  elementEdges: { params: { ids: [PERSON, DEPARTMENT, NETWORK], types: REL_TYPES, at: AT } },
  graphNodes: {
    params: { allKinds: KINDS, kinds: KINDS, departments: null, statuses: null, limit: 50, at: AT },
  },
  graphEdges: { params: { ids: [PERSON, DEPARTMENT, NETWORK], types: REL_TYPES, limit: 100, at: AT } },
  ringsNext: {
    params: async (t) => {
      const refs = (await t.elementNodes({ ids: [PERSON], kinds: KINDS, at: AT })).map((r) => r.ref);
      return { frontier: refs, seen: refs, types: REL_TYPES, kinds: KINDS, take: 10, cap: 10, at: AT };
    },
  },
  ringsEdges: {
    params: async (t) => {
      const rows = await t.elementNodes({ ids: [PERSON, DEPARTMENT, NETWORK], kinds: KINDS, at: AT });
      return { refs: rows.map((r) => r.ref), types: REL_TYPES, at: AT };
    },
  },
  networksList: {
    params: {
      networkKinds: [...NETWORK_KINDS],
      kind: null,
      status: null,
      phase: null,
      department: null,
      limit: 50,
      maxRefs: 10,
      at: AT,
    },
  },
  networkFlower: { params: { id: NETWORK, networkKinds: [...NETWORK_KINDS], maxRefs: 10, at: AT } },
  networkLeavers: { params: { id: NETWORK, networkKinds: [...NETWORK_KINDS], today: AT, limit: 10 } },
  networksWithLeavers: {
    params: { networkKinds: [...NETWORK_KINDS], today: AT, limit: 10 },
    noRows: 'the booklet has no one who has left',
  },
  networkHandoversPseudonymise: { params: { id: 'nobody-at-all', pseudonym: 'slettet-00000000' } },
  networkHandoverParties: {
    params: { id: NETWORK, networkKinds: [...NETWORK_KINDS], leaver: PERSON, successor: PERSON },
  },
  departmentsKnown: { params: { ids: [DEPARTMENT, PERSON] } },
  departmentsList: { params: { at: AT, limit: 50, maxPeople: 10, maxNetworks: 10 } },
  tiesFingerprint: { params: {} },
  tiesPeople: { params: { at: AT } },
  tiesGroups: { params: { at: AT } },
  tiesKnows: { params: { at: AT }, noRows: 'the booklet has no KNOWS relations' },
  tiesDepartments: { params: { limit: 50 } },
  searchHelpFingerprint: { params: {} },
  surveyMeasuredFingerprint: { params: { at: AT } },
  tiesChanges: {
    params: { since: '2000-01-01T00:00:00Z', seen: null, limit: 10 },
    noRows: 'a database no one has edited has no changes',
  },
  tiesPeopleOf: { params: { ids: PEOPLE, at: AT } },
  tiesGroupsOf: { params: { ids: [NETWORK], at: AT } },
  topicMatches: {
    params: {
      lucene: 'netværk',
      numbers: ['27.24'],
      hints: [{ kind: 'Department', networkKind: null }],
      kindBonus: 0.45,
      kindAlone: 0.05,
      limit: 20,
      kinds: KINDS,
    },
  },
  topicReasons: {
    params: { ids: [NETWORK, DEPARTMENT, PERSON], kinds: KINDS, at: AT, numbers: ['27.24'], words: [['handicap']] },
  },
  contactPeople: { params: { ids: [PERSON, COLLEAGUE], at: AT } },
  contactWays: { params: { from: PERSON, ids: PEOPLE, types: REL_TYPES, kinds: KINDS, at: AT } },
  contactWaysFour: {
    params: { from: PERSON, ids: PEOPLE, types: REL_TYPES, kinds: KINDS, at: AT },
    noRows: 'the booklet may have no one exactly four steps away',
  },
  contactPaths: { params: { from: PERSON, ids: PEOPLE, types: REL_TYPES, kinds: KINDS, at: AT } },
  shortestPaths: {
    params: { from: PERSON, to: 'mikkel-nielsen', types: REL_TYPES, kinds: KINDS, at: AT, hub: 2000, max: 3 },
  },
  detourPaths: {
    params: {
      from: PERSON,
      to: 'mikkel-nielsen',
      types: REL_TYPES,
      kinds: KINDS,
      at: AT,
      spur: { from: PERSON, avoidRelations: [], avoidNodes: [] },
    },
  },
  rippleNetwork: { params: { id: NETWORK, at: AT } },
  rippleTied: {
    params: async (t) => {
      const refs = (await t.elementNodes({ ids: [PERSON], kinds: KINDS, at: AT })).map((r) => r.ref);
      return { ids: refs, seen: refs, at: AT };
    },
  },
  rippleReach: {
    params: async (t) => {
      const refs = (await t.elementNodes({ ids: [PERSON, COLLEAGUE], kinds: KINDS, at: AT })).map((r) => r.ref);
      return { id: NETWORK, people: refs, at: AT };
    },
  },
  rippleNewRelations: { params: { id: NETWORK, at: AT } },
  trendsRelations: { params: {} },
  trendsNetworks: { params: {} },
  trendsFirstDate: { params: {} },
  timelineDates: { params: { types: REL_TYPES } },
  sessionCreate: {
    params: {
      tokenHash: uid(),
      sub: uid(),
      name: 'Test',
      roles: ['reader'],
      email: 'test@example.dk',
      absoluteHours: 1,
    },
  },
  sessionGet: {
    params: async (t) => {
      const tokenHash = uid();
      await t.sessionCreate({ tokenHash, sub: uid(), name: 'Test', roles: ['admin'], email: null, absoluteHours: 1 });
      return { tokenHash, idleMinutes: 60 };
    },
  },
  sessionTouch: { params: { tokenHash: uid() } },
  sessionDelete: { params: { tokenHash: uid() } },
  sessionPurge: { params: { idleMinutes: 60 } },
  sourcesUnits: { params: { at: AT }, noRows: 'the booklet has no units' },
  sourcesDepartments: { params: {} },
  sourcesMapping: {
    params: (t) => after(t.sourcesSetMapping({ name: 'hr', mapping: '{"id":"Nr","name":"Navn"}' }), { name: 'hr' }),
  },
  sourcesSetMapping: { params: { name: 'hr', mapping: '{"id":"Nr","name":"Navn"}' } },
  sourcesClaimSchedule: {
    params: { name: 'hr', due: '2000-01-01T00:00:00Z', now: new Date().toISOString() },
    noRows: 'a run was claimed since 2000 when the database holds one',
  },
  sourcesReleaseSchedule: { params: { name: 'hr', now: new Date().toISOString(), before: null } },
  sessionsEndForSub: { params: { sub: uid() } },
  pendingLoginCreate: {
    params: { idHash: uid(), state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/', ttlMinutes: 5 },
  },
  pendingLoginTake: {
    params: async (t) => {
      const idHash = uid();
      await t.pendingLoginCreate({ idHash, state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/', ttlMinutes: 5 });
      return { idHash };
    },
  },
  pendingLoginPurge: { params: {} },
  roleGrantsList: {
    params: async (t) => {
      await t.roleGrantsSet({ sub: uid(), roles: ['coordinator'], grantedBy: 'test' });
      return {};
    },
  },
  roleGrantsFor: { params: { sub: uid() } },
  meLinked: { params: (t) => linkedSub(t) },
  meEntraPerson: {
    params: async (t) => {
      const oid = uid('oid');
      const key = `entra|person|${oid}`;
      const row = { id: uid('person'), key, sourceId: oid, hash: 'h', fields: ['name'], personHash: 'x' };
      await t.syncPeopleCreate({
        source: 'entra',
        day: AT,
        firstDay: relationDays({ since: AT }).firstDay,
        rows: [{ ...row, props: { name: 'P' }, unitIds: [], departmentIds: [] }],
      });
      return { key, oid };
    },
  },
  meByEmail: {
    params: async (t) => {
      const { email } = await syncWorld(t);
      return { lucene: `"${email}"`, email, today: AT };
    },
  },
  userLinksList: { params: (t) => after(linkedSub(t), {}) },
  userLinkSet: { params: { sub: uid(), personId: PERSON, setBy: 'test' } },
  userLinkRemove: { params: (t) => linkedSub(t) },
  userLinksErasePerson: { params: (t) => after(linkedSub(t), { id: PERSON }) },
  roleGrantsSet: { params: { sub: uid(), roles: ['coordinator', 'admin'], grantedBy: 'test' } },
  kleSubjectsUpsert: { params: { rows: [{ number: '99.99.99', title: 'Prøveemne' }] } },
  changeRecord: { params: change(uid(), PERSON) },
  historyAll: { params: (t) => after(t.changeRecord(change(uid(), PERSON)), { before: null, limit: 5 }) },
  historyOfNode: {
    params: (t) => after(t.changeRecord(change(uid(), PERSON)), { id: PERSON, before: null, limit: 5 }),
  },
  historyNodeKnown: { params: { id: PERSON } },
  historyChange: {
    params: async (t) => {
      const id = uid();
      await t.changeRecord(change(id, PERSON));
      return { id };
    },
  },
  historyUndoCandidate: { params: (t) => after(t.changeRecord(change(uid(), PERSON)), { id: PERSON }) },
  historyNames: {
    params: async (t) => {
      const gone = uid();
      await t.changeRecord({ ...change(uid(), gone), action: 'delete', before: '{"properties":{"name":"Gone"}}' });
      return { ids: [PERSON, gone] };
    },
  },
  editNodeMerge: { params: { id: uid(), kind: 'Person', props: { name: 'Test' }, version: 1, kinds: KINDS } },
  editNodeLock: { params: { id: PERSON } },
  editNodeRead: { params: { id: PERSON, kinds: KINDS } },
  editNodeUpdate: { params: { id: PERSON, set: { title: 'Test' }, version: 2, kinds: KINDS } },
  editNodeRelations: { params: { id: PERSON } },
  editNodeDelete: { params: { id: uid() } },
  editRelationEnds: { params: { source: PERSON, target: DEPARTMENT, via: NETWORK, kinds: KINDS } },
  editRelationMerge: { params: { ...WORKS_IN, props: { since: '2020' }, version: 1 } },
  editRelationLock: { params: WORKS_IN },
  editRelationRead: { params: WORKS_IN },
  editRelationUpdate: { params: { ...WORKS_IN, set: { wording: 'test' }, version: 2 } },
  editRelationDelete: { params: { source: uid(), target: uid(), type: 'KNOWS' } },
  privacyPerson: { params: { id: PERSON } },
  privacyRelations: { params: { id: PERSON, types: REL_TYPES, kinds: KINDS } },
  privacyChangesOfPerson: { params: (t) => after(t.changeRecord(change(uid(), PERSON)), { id: PERSON }) },
  privacyChangesMentioning: {
    params: (t) => after(t.changeRecord(change(uid(), PERSON)), { names: ['test'], needles: ['"title"'] }),
  },
  privacyRedactChanges: {
    params: (t) => {
      const id = uid();
      return after(t.changeRecord(change(id, PERSON)), {
        rows: [{ id, before: null, after: null, actorName: 'x', actorSub: 'x', targetId: 'x' }],
      });
    },
  },
  privacyErasePerson: { params: { id: PERSON } },
  privacyLockMentioningNodes: { params: { id: uid(), kinds: KINDS, needles: ['anders'] } },
  privacyNodesByIds: { params: { ids: [PERSON, DEPARTMENT], kinds: KINDS } },
  privacyRedactNodes: { params: { ids: [PERSON], rows: [{ id: PERSON, set: { title: 'x' } }] } },
  privacyLockMentioningRelations: {
    params: (t) =>
      after(t.editRelationMerge({ ...KNOWS, props: { wording: 'kender Anders' }, version: 1 }), {
        id: uid(),
        types: REL_TYPES,
        needles: ['anders'],
      }),
  },
  privacyRedactRelations: { params: { rows: [{ ...WORKS_IN, set: { wording: 'x' } }] } },
  privacyRecordErasures: { params: { rows: [{ idHash: uid(), at: null }] } },
  privacyErasuresOf: {
    params: (t) => {
      const idHash = uid();
      return after(t.privacyRecordErasures({ rows: [{ idHash, at: '2020-01-01T00:00:00Z' }] }), { hashes: [idHash] });
    },
  },
  privacyErasuresAll: { params: (t) => after(t.privacyRecordErasures({ rows: [{ idHash: uid(), at: null }] }), {}) },
  transferExportNodes: { params: { kinds: KINDS } },
  transferExportRelations: { params: { types: REL_TYPES } },
  transferExportKind: { params: { kinds: KINDS, kind: 'Person' } },
  transferNodesByIds: { params: { ids: [PERSON, DEPARTMENT], kinds: KINDS } },
  transferRelationsByKeys: { params: { keys: [WORKS_IN] } },
  transferWriteNodePerson: { params: nodeRows() },
  transferWriteNodeNetwork: { params: nodeRows() },
  transferWriteNodeDepartment: { params: nodeRows() },
  transferWriteNodePartner: { params: nodeRows() },
  transferWriteNodeTraining: { params: nodeRows() },
  transferWriteNodeOutcome: { params: nodeRows() },
  transferWriteNodeForum: { params: nodeRows() },
  transferWriteNodeProject: { params: nodeRows() },
  transferWriteNodeUnit: { params: nodeRows() },
  transferWriteRelWORKS_IN: { params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] } },
  transferWriteRelMEMBER_OF: { params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] } },
  transferWriteRelPART_OF: { params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] } },
  transferWriteRelROLLS_UP_TO: {
    params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] },
  },
  transferWriteRelREPORTS_TO: {
    params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] },
  },
  transferWriteRelLEADS: { params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] } },
  transferWriteRelPARTICIPATES_IN: {
    params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] },
  },
  transferWriteRelCOLLABORATES_WITH: {
    params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] },
  },
  transferWriteRelOFFERED_BY: {
    params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] },
  },
  transferWriteRelCOMPLETED: { params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] } },
  transferWriteRelCREATED: { params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] } },
  transferWriteRelREPORTED_TO: {
    params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] },
  },
  transferWriteRelINITIATED: { params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] } },
  transferWriteRelCONTINUED_AS: {
    params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] },
  },
  transferWriteRelSPAWNED: { params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] } },
  transferWriteRelKNOWS: { params: { rows: [{ source: PERSON, target: DEPARTMENT, properties: { version: 1 } }] } },
  transferLockNodes: { params: { ids: [PERSON] } },
  transferUnlockNodes: { params: { ids: [PERSON] } },
  transferLockRelations: { params: { keys: [WORKS_IN] } },
  transferUnlockRelations: { params: { keys: [WORKS_IN] } },
  transferDepartmentsByKey: { params: { keys: [DEPARTMENT], lowered: ['kultur'] } },
  backupHistory: { params: (t) => after(t.changeRecord(change(uid(), PERSON)), {}) },
  backupRoleGrants: { params: (t) => after(t.roleGrantsSet({ sub: uid(), roles: ['admin'], grantedBy: 'test' }), {}) },
  backupUserLinks: { params: (t) => after(linkedSub(t), {}) },
  restoreUserLinks: {
    params: { rows: [{ sub: uid(), personId: PERSON, setBy: 'test', at: '2020-01-01T00:00:00Z' }] },
  },
  backupSurveyRounds: { params: (t) => after(surveyWorld(t), {}) },
  backupSurveyAnswers: { params: (t) => after(surveyWorld(t), {}) },
  restoreSurveyRounds: {
    params: async () => ({
      rows: [
        {
          ...surveyRoundProps(uid('survey')),
          closedOn: AT,
          answersDeletedOn: AT,
          results: '{"version":1}',
          source: null,
        },
      ],
    }),
  },
  restoreSurveyAnswers: {
    params: async () => {
      const roundId = uid('survey');
      return {
        rows: [
          {
            id: `${roundId}|${PERSON}`,
            roundId,
            networkId: NETWORK,
            personId: PERSON,
            at: '2020-01-01T00:00:00.000Z',
            departmentIds: [DEPARTMENT],
            named: [COLLEAGUE],
            ratings: '[]',
            texts: '[]',
            source: null,
          },
        ],
      };
    },
  },
  restoreHistory: {
    params: {
      rows: [{ ...change(uid(), PERSON), at: '2020-01-01T00:00:00Z', actorSub: 'x', actorName: 'X', action: 'update' }],
    },
  },
  restoreRoleGrants: {
    params: { rows: [{ sub: uid(), role: 'admin', grantedAt: '2020-01-01T00:00:00Z', grantedBy: 'test' }] },
  },
  backupVersions: {
    params: (t) => after(t.editNodeUpdate({ id: PERSON, set: {}, version: 3, kinds: KINDS }), { types: REL_TYPES }),
  },
  restoreNodeVersions: { params: { rows: [{ id: PERSON, version: 3 }] } },
  restoreRelationVersions: { params: { rows: [{ ...WORKS_IN, version: 3 }] } },
  countNodes: { params: {} },
  seedDepartments: { params: { rows: [{ id: uid(), props: { name: 'Test' } }] } },
  seedPartners: { params: { rows: [{ id: uid(), props: { name: 'Test' } }] } },
  seedForums: { params: { rows: [{ id: uid(), props: { name: 'Test' } }] } },
  seedProjects: { params: { rows: [{ id: uid(), props: { name: 'Test' } }] } },
  seedTrainings: { params: { rows: [{ id: uid(), offeredBy: 'ucc', props: { name: 'Test' } }] } },
  seedPeople: {
    params: {
      rows: [
        {
          id: uid(),
          department: DEPARTMENT,
          props: { name: 'Test' },
          trainings: [{ training: 'netvaerkslederuddannelsen', props: { wording: 'har gennemgået' } }],
        },
      ],
    },
  },
  seedNetworks: {
    params: {
      rows: [
        {
          id: uid(),
          bookletOrder: 99,
          props: { name: 'Test', kind: 'velfaerd' },
          leaders: [PERSON],
          partners: ['ucc'],
          reportedTo: ['chefforum'],
          initiatedBy: [],
          continuedAs: [],
          spawned: [],
          outcomes: [{ id: uid(), props: { name: 'Test', perspective: 'borgerne' } }],
        },
      ],
    },
  },
  migrationsDone: { params: {} },
  migrationDone: { params: { version: 999_999, does: 'test' } },
  datedRelations: {
    params: (t) => after(t.editRelationMerge({ ...KNOWS, props: { since: '2020' }, version: 1 }), { types: REL_TYPES }),
  },
  datedNetworks: {
    params: (t) =>
      after(
        t.editNodeMerge({
          id: uid(),
          kind: 'Network',
          props: { name: 'T', startedAt: '2020' },
          version: 1,
          kinds: KINDS,
        }),
        {},
      ),
  },
  storeRelationDays: { params: { rows: [{ ref: 'none', since: '2014', until: null, firstDay: null, lastDay: null }] } },
  storeNodeDays: { params: { rows: [{ ref: 'none', startedAt: '2014', firstDay: null, lastDay: null }] } },
  phasesOffList: { params: (t) => after(offListNetwork(t, uid()), { phases: NETWORK_PHASES }) },
  phaseMigrate: {
    params: (t) => {
      const id = uid();
      return after(offListNetwork(t, id), { id, was: 'en gammel fase', phase: null, remarks: null });
    },
  },
  schemaEntityId: { params: {} },
  schemaPersonId: { params: {} },
  schemaDepartmentId: { params: {} },
  schemaNetworkId: { params: {} },
  schemaPartnerId: { params: {} },
  schemaTrainingId: { params: {} },
  schemaOutcomeId: { params: {} },
  schemaForumId: { params: {} },
  schemaProjectId: { params: {} },
  schemaUnitId: { params: {} },
  schemaSyncRecordKey: { params: {} },
  schemaSyncRecordSource: { params: {} },
  schemaSyncSourceName: { params: {} },
  schemaSyncLockName: { params: {} },
  schemaSyncRunId: { params: {} },
  schemaSyncRunNs: { params: {} },
  schemaSessionToken: { params: {} },
  schemaSessionSub: { params: {} },
  schemaPendingLogin: { params: {} },
  schemaRoleGrant: { params: {} },
  schemaUserLink: { params: {} },
  schemaPersonEmail: { params: {} },
  schemaErasureHash: { params: {} },
  schemaChangeId: { params: {} },
  schemaMigrationVersion: { params: {} },
  schemaSurveyRoundId: { params: {} },
  schemaSurveyAnswerId: { params: {} },
  schemaSurveyAnswerRound: { params: {} },
  schemaSurveyAnswerPerson: { params: {} },
  schemaSurveyRoundNetwork: { params: {} },
  schemaSearchMiss: { params: {} },
  schemaChangeTarget: { params: {} },
  schemaChangeAt: { params: {} },
  schemaKnowsVia: { params: {} },
  schemaSearchIndex: { params: {} },
  schemaAwaitIndexes: { params: {} },
  searchIndexDrop: { params: {} },
  syntheticCount: { params: { prefix: 'syn-', source: 'synthetic' } },
  syntheticElementIds: { params: { ids: [PERSON, DEPARTMENT] } },
  syntheticDeleteBatch: { params: { prefix: uid(), source: 'synthetic', limit: 10 } },
  syntheticDeleteSurveysBatch: { params: { prefix: uid(), source: 'synthetic', limit: 10 } },
  syntheticRounds: { params: { rows: [{ id: uid(), networkId: uid(), asked: [], source: 'synthetic' }] } },
  syntheticAnswers: { params: { rows: [{ id: uid(), roundId: uid(), named: [], source: 'synthetic' }] } },
  syntheticEmptyLists: {
    params: (t) => {
      const id = `${uid()}|x`;
      return after(t.syntheticAnswers({ rows: [{ id, roundId: uid(), named: ['x'], source: 'synthetic' }] }), {
        rows: [{ id, empty: { named: [] } }],
      });
    },
  },
  syntheticNodesPerson: { params: { rows: [{ id: uid(), name: 'Test', source: 'synthetic' }] } },
  syntheticNodesNetwork: { params: { rows: [{ id: uid(), name: 'Test', source: 'synthetic' }] } },
  syntheticNodesDepartment: { params: { rows: [{ id: uid(), name: 'Test', source: 'synthetic' }] } },
  syntheticNodesPartner: { params: { rows: [{ id: uid(), name: 'Test', source: 'synthetic' }] } },
  syntheticNodesTraining: { params: { rows: [{ id: uid(), name: 'Test', source: 'synthetic' }] } },
  syntheticNodesOutcome: { params: { rows: [{ id: uid(), name: 'Test', source: 'synthetic' }] } },
  syntheticNodesForum: { params: { rows: [{ id: uid(), name: 'Test', source: 'synthetic' }] } },
  syntheticNodesProject: { params: { rows: [{ id: uid(), name: 'Test', source: 'synthetic' }] } },
  syntheticRelWORKS_IN: { params: { rows: [{ source: PERSON, target: DEPARTMENT }] } },
  syntheticRelLEADS: { params: { rows: [{ source: PERSON, target: DEPARTMENT }] } },
  syntheticRelPARTICIPATES_IN: { params: { rows: [{ source: PERSON, target: DEPARTMENT }] } },
  syntheticRelCOLLABORATES_WITH: { params: { rows: [{ source: PERSON, target: DEPARTMENT }] } },
  syntheticRelOFFERED_BY: { params: { rows: [{ source: PERSON, target: DEPARTMENT }] } },
  syntheticRelCOMPLETED: { params: { rows: [{ source: PERSON, target: DEPARTMENT }] } },
  syntheticRelCREATED: { params: { rows: [{ source: PERSON, target: DEPARTMENT }] } },
  syntheticRelREPORTED_TO: { params: { rows: [{ source: PERSON, target: DEPARTMENT }] } },
  syntheticRelINITIATED: { params: { rows: [{ source: PERSON, target: DEPARTMENT }] } },
  syntheticRelCONTINUED_AS: { params: { rows: [{ source: PERSON, target: DEPARTMENT }] } },
  syntheticRelSPAWNED: { params: { rows: [{ source: PERSON, target: DEPARTMENT }] } },
  syntheticRelKNOWS: { params: { rows: [{ source: PERSON, target: DEPARTMENT }] } },
  syncLockTake: { params: { name: uid('lock'), holder: 'test', leaseMs: 1_000 } },
  syncLockRenew: {
    params: async (t) => {
      const lease = { name: uid('lock'), holder: 'test', leaseMs: 1_000 };
      await t.syncLockTake(lease);
      return lease;
    },
  },
  syncLockRelease: { params: { name: uid('lock'), holder: 'test' } },
  syncSourceState: {
    params: async (t) => {
      const source = uid('src');
      await t.syncSourceSaveState({ source, state: 'delta' });
      return { source };
    },
  },
  syncSourceSaveState: { params: { source: uid('src'), state: null } },
  syncRecords: { params: async (t) => ({ source: (await syncWorld(t)).ns }) },
  syncUnits: { params: async (t) => ({ source: (await syncWorld(t)).ns }) },
  syncUnitTree: { params: (t) => after(syncWorld(t), {}) },
  syncDepartments: { params: {} },
  syncKleTitles: { params: { numbers: ['27.24'] }, noRows: 'no KLE file need be loaded in the shared database' },
  syncTakenIds: { params: { slugs: [PERSON] } },
  syncPeopleByEmail: {
    params: async (t) => ({ emails: [(await syncWorld(t)).email] }),
  },
  syncPeopleByEmailFew: {
    params: async (t) => {
      const { email } = await syncWorld(t);
      return { rows: [{ email, lucene: `"${email}"` }] };
    },
  },
  syncPeopleNow: {
    params: async (t) => {
      const w = await syncWorld(t);
      return { source: w.ns, ids: [w.personId] };
    },
  },
  syncUnitsCreate: {
    params: {
      source: uid('ns'),
      rows: [{ id: uid('unit'), key: uid('key'), sourceId: 'u', hash: 'h', props: { name: 'E' } }],
    },
  },
  syncUnitsUpdate: {
    params: async (t) => ({ rows: [{ key: `${(await syncWorld(t)).ns}|unit|u`, hash: 'h2', props: { name: 'Ny' } }] }),
  },
  syncUnitsParent: {
    params: async (t) => {
      const w = await syncWorld(t);
      return { source: w.ns, rows: [{ id: w.unitId, parentId: null }] };
    },
  },
  syncUnitsGone: { params: async (t) => ({ ids: [(await syncWorld(t)).unitId], day: AT }) },
  syncUnitsMap: {
    params: async (t) => ({ rows: [{ unitId: (await syncWorld(t)).unitId, departmentId: DEPARTMENT }] }),
  },
  syncUnitDepartment: { params: async (t) => ({ unitId: (await syncWorld(t)).unitId, departmentId: DEPARTMENT }) },
  syncPeopleJoin: {
    params: async (t) => {
      const { ns, unitId, days } = await syncWorld(t);
      const row = { id: uid('person'), key: `${ns}|person|p2`, sourceId: 'p2', hash: 'h', fields: ['name'] };
      return {
        source: ns,
        day: days.day,
        firstDay: days.firstDay,
        rows: [{ ...row, personHash: 'x', props: { name: 'P' }, unitIds: [unitId], departmentIds: [DEPARTMENT] }],
      };
    },
  },
  syncPeopleCreate: {
    params: async (t) => {
      const { ns, unitId, days } = await syncWorld(t);
      const row = { id: uid('person'), key: `${ns}|person|p3`, sourceId: 'p3', hash: 'h', fields: ['name'] };
      return {
        source: ns,
        day: days.day,
        firstDay: days.firstDay,
        rows: [{ ...row, personHash: 'x', props: { name: 'P' }, unitIds: [unitId], departmentIds: [DEPARTMENT] }],
      };
    },
  },
  syncPeopleManagersNew: {
    params: async (t) => {
      const w = await syncWorld(t);
      return { source: w.ns, rows: [{ id: w.personId, managerId: COLLEAGUE }] };
    },
  },
  syncPeopleUpdate: {
    params: async (t) => {
      const { ns, unitId, days } = await syncWorld(t);
      const row = { key: `${ns}|person|p`, hash: 'h2', fields: ['name'], props: { name: 'Q' } };
      return { source: ns, ...days, rows: [{ ...row, endUnitIds: [unitId], startUnitIds: [] }] };
    },
  },
  syncPeopleLeave: {
    params: async (t) => {
      const { ns, days } = await syncWorld(t);
      const { firstDay: _, ...ending } = days;
      return { source: ns, ...ending, rows: [{ key: `${ns}|person|p`, hash: null }] };
    },
  },
  syncPeopleHash: { params: async (t) => ({ rows: [{ key: `${(await syncWorld(t)).ns}|person|p`, hash: 'h2' }] }) },
  syncPeopleManagers: {
    params: async (t) => {
      const w = await syncWorld(t);
      return { source: w.ns, rows: [{ id: w.personId, managerId: PERSON }] };
    },
  },
  syncMembersOfUnits: { params: async (t) => ({ unitIds: [(await syncWorld(t)).unitId] }) },
  syncMembershipsOf: { params: async (t) => ({ ids: [(await syncWorld(t)).personId] }) },
  syncMembershipsAll: { params: (t) => after(syncWorld(t), {}) },
  syncDerivedEnd: {
    params: async (t) => {
      const { personId, days } = await syncWorld(t);
      const [m] = await t.syncMembershipsOf({ ids: [personId] });
      const { firstDay: _, ...ending } = days;
      return { refs: [m!.worksIn[0]![2]], ...ending };
    },
  },
  syncDerivedStart: {
    params: {
      day: AT,
      firstDay: relationDays({ since: AT }).firstDay,
      rows: [{ personId: PERSON, departmentId: DEPARTMENT, source: uid('ns') }],
    },
  },
  syncRunRecord: { params: syncRun(uid('ns')) },
  syncRuns: {
    params: async (t) => {
      const ns = uid('ns');
      await t.syncRunRecord(syncRun(ns));
      return { ns, limit: 5 };
    },
  },
  benchIds: { params: (t) => after(syntheticPerson(t), { kind: 'Person' }) },
  benchWords: { params: (t) => after(syntheticPerson(t), { limit: 10 }) },
  benchRounds: {
    params: (t) =>
      after(t.syntheticAnswers({ rows: [{ id: `${uid()}|x`, roundId: uid(), named: [], source: 'synthetic' }] }), {}),
  },
  reportNetworks: { params: { networkKinds: NETWORK_KINDS, limit: 50, today: AT, maxRefs: 10 } },
  reportContacts: { params: { networkKinds: NETWORK_KINDS, today: AT, limit: 50 } },
  reportChangesSince: {
    params: (t) => after(t.changeRecord(change(uid(), `${PERSON}|WORKS_IN|${DEPARTMENT}`)), { since: AT, limit: 5 }),
  },
  reportRelationsSince: {
    params: (t) =>
      after(
        t.editRelationMerge({
          source: PERSON,
          target: COLLEAGUE,
          type: 'KNOWS',
          props: { since: '2020-05', ...relationDays({ since: '2020-05' }) },
          version: 1,
        }),
        { since: '2020-01-01', types: REL_TYPES, kinds: KINDS, limit: 5 },
      ),
  },
  surveyNetwork: { params: { id: NETWORK } },
  surveyRoundsOfNetwork: { params: async (t) => ({ networkId: (await surveyWorld(t)).networkId }) },
  surveyRound: { params: async (t) => ({ id: (await surveyWorld(t)).roundId }) },
  surveyRoundLock: { params: async (t) => ({ id: (await surveyWorld(t)).roundId }) },
  surveyMailRound: { params: async (t) => ({ id: (await surveyWorld(t)).roundId }) },
  surveyLeadsNetwork: { params: { id: NETWORK, personId: PERSON, at: AT } },
  surveyAskable: { params: { networkId: NETWORK, at: AT, today: AT } },
  surveyRoundCreate: { params: { props: surveyRoundProps(uid('survey')) } },
  surveyAskedAppend: { params: async (t) => ({ id: (await surveyWorld(t)).roundId, ids: [COLLEAGUE] }) },
  surveyPeople: { params: { ids: [PERSON, COLLEAGUE] } },
  surveyOutcomes: {
    params: async (t) => {
      const id = uid('petal');
      await t.editNodeMerge({
        id,
        kind: 'Outcome',
        props: { name: 'Blad', perspective: 'kommunen' },
        version: 1,
        kinds: KINDS,
      });
      return { ids: [id] };
    },
  },
  surveyDepartmentsOfPerson: { params: { personId: PERSON, at: AT } },
  surveyNetworkDepartments: { params: { networkId: NETWORK, at: AT } },
  surveyAnswer: { params: async (t) => ({ id: (await surveyWorld(t)).answerId }) },
  surveyAnswerLock: { params: async (t) => ({ id: (await surveyWorld(t)).answerId }) },
  surveyAnswers: { params: async (t) => ({ roundId: (await surveyWorld(t)).roundId }) },
  surveyAnswerOfText: {
    params: async (t) => ({ roundId: (await surveyWorld(t)).roundId, needle: '"id":"text-example"' }),
  },
  surveyAnswerWrite: { params: async (t) => ({ props: (await surveyWorld(t)).answer }) },
  surveyAnswerSetTexts: { params: async (t) => ({ id: (await surveyWorld(t)).answerId, texts: '[]' }) },
  surveyKnowsFrom: { params: async (t) => ({ personId: PERSON, ids: [await surveyKnows(t, 'r')] }) },
  surveyKnowsOfRound: { params: (t) => after(surveyKnows(t, 'r'), { personId: PERSON, roundId: 'r' }) },
  surveyAnswersOfPerson: { params: async (t) => ({ personId: (await surveyWorld(t)).personId }) },
  surveyAnswersMentioning: { params: (t) => after(surveyWorld(t), { id: 'someone-else', needles: ['text'] }) },
  surveyRetentionDue: {
    params: async (t) => {
      await surveyWorld(t);
      return { before: '9999-12-31', limit: 10 };
    },
  },
  surveyErasePerson: { params: async (t) => ({ id: (await surveyWorld(t)).personId, pseudonym: 'slettet-x' }) },
  surveyResultsRound: { params: async (t) => ({ id: (await surveyWorld(t)).roundId }) },
  surveyResultsLock: { params: async (t) => ({ id: (await surveyWorld(t)).roundId }) },
  surveyResultsAnswers: { params: async (t) => ({ roundIds: [(await surveyWorld(t)).roundId] }) },
  surveyResultsDepartmentsOn: { params: { people: [{ id: PERSON, at: AT }] } },
  surveyResultsDepartmentNames: { params: { ids: [DEPARTMENT] } },
  surveyResultsPetals: {
    params: async (t) => {
      const { roundId, networkId } = await surveyWorld(t);
      const id = uid('petal');
      await t.editNodeMerge({
        id,
        kind: 'Outcome',
        props: { name: 'Blad', perspective: 'kommunen', source: 'survey', round: roundId },
        version: 1,
        kinds: KINDS,
      });
      await t.editRelationMerge({ source: networkId, target: id, type: 'CREATED', props: {}, version: 1 });
      return { networkId, roundId };
    },
  },
  surveyResultsEarlier: {
    params: async (t) => {
      const earlier = uid('survey');
      await t.surveyRoundCreate({
        props: { ...surveyRoundProps(earlier), opensOn: '2020-01-01', closesOn: '2020-01-31' },
      });
      return { id: (await surveyWorld(t)).roundId, today: AT };
    },
  },
  surveyResultsClose: { params: async (t) => ({ id: (await surveyWorld(t)).roundId, today: AT, results: '{}' }) },
  surveyResultsKeep: { params: async (t) => ({ id: (await surveyWorld(t)).roundId, results: '{}' }) },
  surveyResultsDeleteAnswers: {
    params: async (t) => ({ id: (await surveyWorld(t)).roundId, today: AT, results: '{}' }),
  },
  surveyMeasuredRounds: {
    params: async (t) => {
      await t.surveyRoundCreate({
        props: { ...surveyRoundProps(uid('survey')), opensOn: '2020-01-01', closesOn: '2020-01-31' },
      });
      return { at: AT };
    },
  },
};

/** A survey round's stored properties, for the network of the booklet. */
function surveyRoundProps(id: string): ParamsOf<'surveyRoundCreate'>['props'] {
  return {
    id,
    networkId: NETWORK,
    opensOn: AT,
    closesOn: AT,
    askNamed: false,
    asked: [PERSON],
    createdAt: new Date().toISOString(),
    createdBy: 'test',
  };
}

/** A new person PERSON knows from the survey round `round`, as an answer writes it; answers its id. */
async function surveyKnows(t: WriteQueries, round: string): Promise<string> {
  const id = uid('named');
  await t.editNodeMerge({ id, kind: 'Person', props: { name: 'Nævnt' }, version: 1, kinds: KINDS });
  await t.editRelationMerge({
    source: PERSON,
    target: id,
    type: 'KNOWS',
    props: { since: AT, via: NETWORK, source: 'survey', round, ...relationDays({ since: AT }) },
    version: 1,
  });
  return id;
}

/** A survey round of the booklet's network with one answer (by PERSON, naming COLLEAGUE), as server/surveys/ writes them. */
async function surveyWorld(t: WriteQueries) {
  const roundId = uid('survey');
  await t.surveyRoundCreate({ props: surveyRoundProps(roundId) });
  const answerId = `${roundId}|${PERSON}`;
  const answer = {
    id: answerId,
    roundId,
    networkId: NETWORK,
    personId: PERSON,
    at: new Date().toISOString(),
    departmentIds: [DEPARTMENT],
    named: [COLLEAGUE],
    ratings: '[]',
    texts: '[{"id":"text-example","perspective":"kommunen","text":"T","showName":false,"acceptedAs":null}]',
  };
  await t.surveyAnswerWrite({ props: answer });
  return { roundId, networkId: NETWORK, personId: PERSON, answerId, answer };
}

/** A user an admin linked to the booklet's person. */
async function linkedSub(t: WriteQueries) {
  const sub = uid('sub');
  await t.userLinkSet({ sub, personId: PERSON, setBy: 'test' });
  return { sub };
}

/** A synced unit (mapped to a department) and person (member, with a derived WORKS_IN and a manager) in a namespace of their own, as server/sync/engine.ts writes them. */
async function syncWorld(t: WriteQueries) {
  const ns = `ldap@${uid('q')}`;
  const [unitId, personId] = [uid('unit'), uid('person')];
  const email = `${personId}@example.dk`;
  const days = {
    day: AT,
    firstDay: relationDays({ since: AT }).firstDay,
    dayBefore: '2020-01-01',
    lastDay: relationDays({ until: '2020-01-01' }).lastDay,
  };
  await t.syncUnitsCreate({
    source: ns,
    rows: [{ id: unitId, key: `${ns}|unit|u`, sourceId: 'u', hash: 'h', props: { name: 'Enhed' } }],
  });
  await t.syncUnitsMap({ rows: [{ unitId, departmentId: DEPARTMENT }] });
  const row = { id: personId, key: `${ns}|person|p`, sourceId: 'p', hash: 'h', fields: ['name', 'email'] };
  await t.syncPeopleJoin({
    source: ns,
    day: days.day,
    firstDay: days.firstDay,
    rows: [{ ...row, personHash: 'x', props: { name: 'Person', email }, unitIds: [unitId], departmentIds: [] }],
  });
  await t.syncDerivedStart({
    day: days.day,
    firstDay: days.firstDay,
    rows: [{ personId, departmentId: DEPARTMENT, source: ns }],
  });
  await t.syncPeopleManagers({ source: ns, rows: [{ id: personId, managerId: PERSON }] });
  return { ns, unitId, personId, email, days };
}

/** A recorded sync run's parameters. */
function syncRun(ns: string): ParamsOf<'syncRunRecord'> {
  const at = new Date().toISOString();
  return {
    id: uid('run'),
    source: 'ldap',
    ns,
    status: 'planned',
    dryRun: true,
    forced: false,
    startedAt: at,
    endedAt: at,
    startedBy: 'test',
    plan: null,
    error: null,
  };
}

/** Thrown to end a write transaction without committing: the examples leave the database as it was. */
class RolledBack extends Error {
  constructor(readonly rows: unknown[]) {
    super('rolled back');
  }
}

/** Fails naming the path when a value has fields its schema does not declare (zod's parse leaves them out silently). */
function expectNoUndeclared(schema: z.ZodType, value: unknown, path: string): void {
  if (value === null || value === undefined) return;
  if (schema instanceof z.ZodNullable || schema instanceof z.ZodOptional) {
    expectNoUndeclared(schema.unwrap() as z.ZodType, value, path);
  } else if (schema instanceof z.ZodObject && typeof value === 'object') {
    const shape = schema.shape as Record<string, z.ZodType>;
    expect(Object.keys(value).sort(), `fields of ${path}`).toEqual(Object.keys(shape).sort());
    for (const [k, v] of Object.entries(value)) expectNoUndeclared(shape[k]!, v, `${path}.${k}`);
  } else if (schema instanceof z.ZodArray && Array.isArray(value)) {
    for (const [i, v] of value.entries()) expectNoUndeclared(schema.element as z.ZodType, v, `${path}[${i}]`);
  }
}

describe("the project's query declarations", () => {
  const db = testDb();
  afterAll(() => db.close());
  const q = bindQueries(db);
  const texts = Queries.load();

  it('when cypher/ is read then every named query has a declaration in its own feature file and every declaration a query', () => {
    const named = texts.all().map((t) => `${t.file.replace(/^.*\//, '')}: ${t.name}`);
    const declared = Object.entries(features).flatMap(([feature, decls]) =>
      Object.keys(decls).map((name) => `${feature}.cypher: ${name}`),
    );
    expect(declared.sort()).toEqual(named.sort());
  });

  it('when a query is declared then its parameters are those its Cypher uses', () => {
    const used = (name: QueryName) => [...new Set([...texts.get(name).matchAll(/\$(\w+)/g)].map((m) => m[1]!))].sort();
    const declared = (name: QueryName) => {
      const params = declarations[name].params;
      return params instanceof z.ZodObject ? Object.keys(params.shape).sort() : ['(not an object)'];
    };
    const names = Object.keys(declarations) as QueryName[];
    expect(Object.fromEntries(names.map((name) => [name, declared(name)]))).toEqual(
      Object.fromEntries(names.map((name) => [name, used(name)])),
    );
  });

  it.each(Object.keys(declarations) as QueryName[])(
    'when query %s runs with parameters valid for its declaration then every row has the declared shape',
    async (name) => {
      const declaration = declarations[name];
      const example: Example<QueryName> = examples[name];
      const rows = await q
        .writeTx(async (t) => {
          const params = typeof example.params === 'function' ? await example.params(t) : example.params;
          // Parameters that pass their declaration (the type alone lets an empty id or a bad day through).
          declaration.params.parse(params);
          // A member looked up by a name the test iterates over: its own type is one of all the members'.
          const run = (t as unknown as Record<QueryName, (p: unknown) => Promise<unknown[]>>)[name];
          throw new RolledBack(await run.call(t, params));
        })
        .catch((err: unknown) => {
          if (err instanceof RolledBack) return err.rows;
          throw err;
        });
      if (declaration.row instanceof z.ZodNever) expect(rows).toEqual([]);
      else if (!example.noRows) expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const checked = declaration.row.safeParse(row);
        if (!checked.success)
          throw new Error(`A row of ${name} is not as declared: ${checked.error.message}\n${JSON.stringify(row)}`);
        expectNoUndeclared(declaration.row, row, name);
      }
    },
  );
});
