import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PLAN_KINDS, type SyncRun } from '../api/sync.js';
import { runSync } from '../server/sync/engine.js';
import { createEntraSource, type EntraSourceConfig } from '../server/sync/sources/entra.js';
import { testDb, uid } from './helpers.js';
import { type GraphStandIn, type StandInUser, startGraphStandIn } from './standins/graph.js';

// The Entra ID source against test/standins/graph.ts, a STAND-IN for the Microsoft identity platform's
// token endpoint and Microsoft Graph's users endpoints, written from Microsoft's documentation (no
// real tenant can be reached from here). Each test starts its own stand-in with its own users.

const opened: GraphStandIn[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((g) => g.close()));
});

async function standIn(users: StandInUser[]): Promise<GraphStandIn> {
  const graph = await startGraphStandIn(users);
  opened.push(graph);
  return graph;
}

function sourceFor(graph: GraphStandIn, extra: Partial<EntraSourceConfig> = {}) {
  return createEntraSource({
    tenantId: graph.tenantId,
    clientId: graph.clientId,
    clientSecret: graph.clientSecret,
    loginUrl: graph.url,
    graphUrl: graph.url,
    ...extra,
  });
}

function read(graph: GraphStandIn, state: string | null = null, extra: Partial<EntraSourceConfig> = {}) {
  return sourceFor(graph, extra).read({ state, day: '2026-12-05', signal: AbortSignal.timeout(20_000) });
}

/** A small municipality: a leader, her employee, a disabled account, one without any data, a guest. */
function municipality() {
  const ids = { anne: uid('anne'), bo: uid('bo'), carl: uid('carl'), dina: uid('dina'), gæst: uid('guest') };
  const users: StandInUser[] = [
    {
      id: ids.anne,
      displayName: 'Anne Andersen',
      jobTitle: 'Centerchef',
      mail: 'anne@albertslund.test',
      businessPhones: ['+45 43 68 60 00'],
      mobilePhone: '+45 20 00 00 01',
      department: 'Børn og Unge',
    },
    {
      id: ids.bo,
      displayName: 'Bo Berg',
      jobTitle: 'Pædagog',
      mail: 'bo@albertslund.test',
      mobilePhone: '+45 20 00 00 02',
      department: 'Børn og Unge',
      managerId: ids.anne,
    },
    { id: ids.carl, displayName: 'Carl Clausen', department: 'Teknik og Miljø', accountEnabled: false },
    { id: ids.dina, displayName: 'Dina Dahl' },
    { id: ids.gæst, displayName: 'Gæst fra Region H', mail: 'g@regionh.test', userType: 'Guest' },
  ];
  return { ids, users };
}

/** `count` users with nothing but a name, as a tenant bigger than a page. */
const many = (count: number): StandInUser[] =>
  Array.from({ length: count }, (_, i) => ({ id: uid(`u${i}`), displayName: `Person ${i}` }));

const deltaLinkOf = (graph: GraphStandIn) => new RegExp(`^${graph.url}/v1\\.0/users/delta\\?\\$deltatoken=[\\w-]+$`);

describe('Entra ID source against the Graph stand-in', () => {
  it('when the first run reads the tenant then the snapshot holds every member with unit, contact data and manager, and the state is a deltaLink', async () => {
    const { ids, users } = municipality();
    users.push({ id: uid('nameless'), displayName: '  ' });
    const graph = await standIn(users);

    const { snapshot, state } = await read(graph);

    expect(snapshot).toStrictEqual({
      complete: true,
      units: [
        { sourceId: 'Børn og Unge', name: 'Børn og Unge', parentId: null },
        { sourceId: 'Teknik og Miljø', name: 'Teknik og Miljø', parentId: null },
      ],
      people: [
        {
          sourceId: ids.anne,
          name: 'Anne Andersen',
          title: 'Centerchef',
          email: 'anne@albertslund.test',
          phone: '+45 43 68 60 00',
          unitIds: ['Børn og Unge'],
          managerId: null,
          active: true,
        },
        {
          sourceId: ids.bo,
          name: 'Bo Berg',
          title: 'Pædagog',
          email: 'bo@albertslund.test',
          phone: '+45 20 00 00 02',
          unitIds: ['Børn og Unge'],
          managerId: ids.anne,
          active: true,
        },
        {
          sourceId: ids.carl,
          name: 'Carl Clausen',
          title: null,
          email: null,
          phone: null,
          unitIds: ['Teknik og Miljø'],
          managerId: null,
          active: false,
        },
        {
          sourceId: ids.dina,
          name: 'Dina Dahl',
          title: null,
          email: null,
          phone: null,
          unitIds: [],
          managerId: null,
          active: true,
        },
      ],
      refused: [{ record: users[5]!.id, reason: 'missingName', field: 'displayName' }],
    });
    expect(state).toMatch(deltaLinkOf(graph));
    const select = 'id,displayName,jobTitle,mail,businessPhones,mobilePhone,department,accountEnabled,userType';
    expect(graph.requests).toEqual([
      `GET /v1.0/users/delta?$select=${select},manager&$deltatoken=latest`,
      `GET /v1.0/users?$select=${select}&$expand=manager($select=id)&$top=999`,
    ]);
  });

  it('when the tenant has more users than a page then every page is read by its nextLink', async () => {
    const users = many(250);
    const graph = await standIn(users);

    const { snapshot } = await read(graph);

    expect(snapshot.people.map((p) => p.sourceId)).toEqual(users.map((u) => u.id));
    // Graph gives at most 100 users a page when managers are expanded, whatever $top asks.
    const listed = graph.requests.filter((r) => r.startsWith('GET /v1.0/users?'));
    expect(listed).toHaveLength(3);
    expect(listed.slice(1).every((r) => /&\$skiptoken=[\w-]+$/.test(r))).toBe(true);
  });

  it('when a second run starts from the deltaLink then only the changes come, with managers by manager@delta and deleted users as removed', async () => {
    const { ids, users } = municipality();
    const graph = await standIn(users);
    graph.deltaPageSize = 2;
    const first = await read(graph);

    const eva = uid('eva');
    users.find((u) => u.id === ids.bo)!.jobTitle = 'Afdelingsleder';
    users.find((u) => u.id === ids.bo)!.managerId = null;
    users.find((u) => u.id === ids.anne)!.accountEnabled = false;
    users.push({ id: eva, displayName: 'Eva Eriksen', department: 'Kultur', managerId: ids.bo, mail: 'eva@x.test' });
    users.splice(
      users.findIndex((u) => u.id === ids.dina),
      1,
    );
    graph.requests.length = 0;

    const second = await read(graph, first.state);

    expect(second.snapshot).toStrictEqual({
      complete: false,
      units: [
        { sourceId: 'Børn og Unge', name: 'Børn og Unge', parentId: null },
        { sourceId: 'Kultur', name: 'Kultur', parentId: null },
      ],
      people: [
        {
          sourceId: ids.anne,
          name: 'Anne Andersen',
          title: 'Centerchef',
          email: 'anne@albertslund.test',
          phone: '+45 43 68 60 00',
          unitIds: ['Børn og Unge'],
          active: false,
        },
        {
          sourceId: ids.bo,
          name: 'Bo Berg',
          title: 'Afdelingsleder',
          email: 'bo@albertslund.test',
          phone: '+45 20 00 00 02',
          unitIds: ['Børn og Unge'],
          managerId: null,
          active: true,
        },
        {
          sourceId: eva,
          name: 'Eva Eriksen',
          title: null,
          email: 'eva@x.test',
          phone: null,
          unitIds: ['Kultur'],
          managerId: ids.bo,
          active: true,
        },
      ],
      removed: [ids.dina],
      refused: [],
    });
    expect(second.state).toMatch(deltaLinkOf(graph));
    expect(second.state).not.toBe(first.state);
    // Four changes at two a page: the deltaLink, then one nextLink; the user list is not read again.
    expect(graph.requests).toHaveLength(2);
    expect(graph.requests[0]).toBe(
      `GET ${decodeURIComponent(new URL(first.state!).pathname + new URL(first.state!).search)}`,
    );
    expect(graph.requests[1]).toMatch(/^GET \/v1\.0\/users\/delta\?\$skiptoken=[\w-]+$/);

    const third = await read(graph, second.state);
    expect(third.snapshot).toStrictEqual({ complete: false, units: [], people: [], removed: [], refused: [] });
  });

  it('when Graph no longer knows the deltaLink then the run reads every user again', async () => {
    const { users } = municipality();
    const graph = await standIn(users);
    const first = await read(graph);
    graph.expireDeltaTokens();

    const again = await read(graph, first.state);

    expect(again.snapshot).toStrictEqual(first.snapshot);
    expect(again.state).toMatch(deltaLinkOf(graph));
    expect(again.state).not.toBe(first.state);
  });

  it('when Graph throttles with 429 and Retry-After then the same request is sent again after the wait', async () => {
    const { users } = municipality();
    const graph = await standIn(users);
    const unthrottled = await read(graph);
    graph.requests.length = 0;
    graph.throttle(1, 2);

    const started = Date.now();
    const { snapshot } = await read(graph);

    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(graph.counts.throttled).toBe(2);
    expect(graph.requests[0]).toBe(graph.requests[1]);
    expect(graph.requests[1]).toBe(graph.requests[2]);
    expect(snapshot).toStrictEqual(unthrottled.snapshot);
  });

  it('when Graph asks to wait longer than allowed, or the run is aborted while waiting, then the read fails at once', async () => {
    const graph = await standIn(municipality().users);
    graph.throttle(600, 1, 503);
    await expect(read(graph)).rejects.toMatchObject({
      code: 'throttled',
      message: 'Microsoft Graph asked to wait 600 s (more than 120 s): serviceNotAvailable.',
    });

    graph.throttle(30);
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('the run timed out')), 100);
    const started = Date.now();
    await expect(sourceFor(graph).read({ state: null, day: '2026-12-05', signal: abort.signal })).rejects.toThrow(
      'the run timed out',
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('when a token stops being accepted mid-read then a new one is fetched and the read goes on', async () => {
    const users = many(250);
    const graph = await standIn(users);
    graph.tokenRequests = 2;

    const { snapshot } = await read(graph);

    expect(snapshot.people).toHaveLength(250);
    expect(graph.counts).toEqual({ tokens: 2, unauthorized: 1, throttled: 0 });
  });

  it('when a token is about to expire then the next run fetches a new one before using it', async () => {
    const graph = await standIn(municipality().users);
    graph.tokenSeconds = 1;
    const source = sourceFor(graph);
    const run = (state: string | null) =>
      source.read({ state, day: '2026-12-05', signal: AbortSignal.timeout(20_000) });

    const first = await run(null);
    await new Promise((done) => setTimeout(done, 1100));
    await run(first.state);

    expect(graph.counts).toEqual({ tokens: 2, unauthorized: 0, throttled: 0 });
  });

  it('when Graph fails midway through the pages then the read throws with Graph’s code and gives nothing', async () => {
    const users = many(250);
    const graph = await standIn(users);
    graph.failAfter(2);
    await expect(read(graph)).rejects.toThrow(
      'Microsoft Graph answered 500 generalException to GET /v1.0/users: An unexpected error occurred.',
    );

    graph.failAfter(null);
    graph.deltaPageSize = 100;
    const first = await read(graph);
    users.forEach((u, i) => {
      u.jobTitle = `Titel ${i}`;
    });
    graph.failAfter(1);
    await expect(read(graph, first.state)).rejects.toThrow('Microsoft Graph answered 500 generalException');
  });

  it('when the client secret or tenant is wrong then the error says what Entra ID said, without the secret', async () => {
    const graph = await standIn(municipality().users);
    const wrongSecret = `${graph.clientSecret}-wrong`;

    const error = await read(graph, null, { clientSecret: wrongSecret }).then(
      (): never => {
        throw new Error('the read should have failed');
      },
      (err: Error) => err,
    );
    expect(error.message).toBe(
      `Entra ID refused the token for client ${graph.clientId} (invalid_client): AADSTS7000215: Invalid client secret provided.`,
    );
    expect(error.message).not.toContain(graph.clientSecret);
    expect(error).toMatchObject({ name: 'EntraError', code: 'auth' });
    await expect(read(graph, null, { tenantId: 'no-such-tenant' })).rejects.toThrow(
      "(invalid_request): AADSTS90002: Tenant 'no-such-tenant' not found.",
    );
    expect(graph.requests).toEqual([]);
  });

  it('when a stored state points at another host then no token is sent there and the run reads everything', async () => {
    const graph = await standIn(municipality().users);

    const { snapshot } = await read(graph, 'https://elsewhere.example/v1.0/users/delta?$deltatoken=x');

    expect(snapshot.complete).toBe(true);
    expect(graph.requests[0]).toMatch(/\$deltatoken=latest$/);
  });
});

describe('the sync engine with the Entra ID source', () => {
  const db = testDb();
  afterAll(() => db.close());

  /** Every person this scope's records stand for, by Entra object id. */
  async function people(scope: string) {
    const rows = await db.readTx((tx) =>
      tx.run(
        `MATCH (r:SyncRecord {source: $ns, kind: 'person'})-[:RECORD_OF]->(p:Person)
         RETURN r.sourceId AS sourceId, p.name AS name, p.email AS email, p.title AS title, p.leftOn AS leftOn,
                [(p)-[:REPORTS_TO]->(:Person)<-[:RECORD_OF]-(b:SyncRecord) | b.sourceId][0] AS manager,
                [(p)-[m:MEMBER_OF]->(u:Unit) WHERE m.until IS NULL | u.name] AS units
         ORDER BY name`,
        { ns: `entra@${scope}` },
      ),
    );
    return rows;
  }
  /** The state the engine keeps for the scope's source in Neo4j ('' when none). */
  async function stateOf(scope: string): Promise<string> {
    const query = 'MATCH (s:SyncSource {name: $ns}) RETURN s.state AS state';
    const rows = await db.readTx((tx) => tx.run(query, { ns: `entra@${scope}` }));
    return String(rows[0]?.state ?? '');
  }
  const changed = (run: SyncRun) =>
    Object.fromEntries(PLAN_KINDS.map((k) => [k, run.plan?.counts[k]]).filter(([, n]) => n));

  it('when Entra is synced, changed and synced again then joiners, leavers (disabled and deleted) and managers follow, the deltaLink is kept and used, and a repeat changes nothing', async () => {
    const scope = uid('entra');
    const unit = `Kultur ${scope}`;
    const ids = { anne: uid('anne'), bo: uid('bo'), carl: uid('carl'), dina: uid('dina'), eva: uid('eva') };
    const mail = (who: string) => `${who}.${scope}@albertslund.test`;
    const users: StandInUser[] = [
      { id: ids.anne, displayName: 'Anne Andersen', jobTitle: 'Chef', mail: mail('anne'), department: unit },
      { id: ids.bo, displayName: 'Bo Berg', mail: mail('bo'), department: unit, managerId: ids.anne },
      { id: ids.carl, displayName: 'Carl Clausen', mail: mail('carl'), department: unit, accountEnabled: false },
      { id: ids.dina, displayName: 'Dina Dahl', mail: mail('dina'), department: unit, managerId: ids.anne },
    ];
    const graph = await standIn(users);
    const source = sourceFor(graph);
    const sync = () =>
      runSync(db, source, { dryRun: false, startedBy: 'test', scope, day: '2026-12-07', maxLeaverShare: 1 });

    const first = await sync();
    expect([first.status, first.plan?.complete, changed(first)]).toEqual([
      'applied',
      true,
      { joiners: 3, unitsNew: 1 },
    ]);
    expect(await people(scope)).toEqual([
      {
        sourceId: ids.anne,
        name: 'Anne Andersen',
        email: mail('anne'),
        title: 'Chef',
        leftOn: null,
        manager: null,
        units: [unit],
      },
      {
        sourceId: ids.bo,
        name: 'Bo Berg',
        email: mail('bo'),
        title: null,
        leftOn: null,
        manager: ids.anne,
        units: [unit],
      },
      {
        sourceId: ids.dina,
        name: 'Dina Dahl',
        email: mail('dina'),
        title: null,
        leftOn: null,
        manager: ids.anne,
        units: [unit],
      },
    ]);
    const firstState = await stateOf(scope);
    expect(firstState).toMatch(deltaLinkOf(graph));

    // Nothing changed in Entra: the next run asks Graph from the kept deltaLink and changes nothing.
    graph.requests.length = 0;
    const repeat = await sync();
    expect([repeat.status, repeat.plan?.complete, changed(repeat)]).toEqual(['applied', false, {}]);
    expect(graph.requests[0]).toBe(`GET ${decodeURIComponent(firstState.slice(graph.url.length))}`);
    expect(graph.requests.some((r) => r.startsWith('GET /v1.0/users?'))).toBe(false);

    // Eva joins under Bo, Bo's account is disabled, Dina is deleted.
    users.push({ id: ids.eva, displayName: 'Eva Eriksen', mail: mail('eva'), department: unit, managerId: ids.bo });
    users[1]!.accountEnabled = false;
    users.splice(3, 1);
    const third = await sync();
    expect([third.status, third.plan?.complete, changed(third)]).toEqual([
      'applied',
      false,
      { joiners: 1, leavers: 2 },
    ]);
    expect(await people(scope)).toEqual([
      {
        sourceId: ids.anne,
        name: 'Anne Andersen',
        email: mail('anne'),
        title: 'Chef',
        leftOn: null,
        manager: null,
        units: [unit],
      },
      {
        sourceId: ids.bo,
        name: 'Bo Berg',
        email: mail('bo'),
        title: null,
        leftOn: '2026-12-07',
        manager: ids.anne,
        units: [],
      },
      {
        sourceId: ids.dina,
        name: 'Dina Dahl',
        email: mail('dina'),
        title: null,
        leftOn: '2026-12-07',
        manager: ids.anne,
        units: [],
      },
      {
        sourceId: ids.eva,
        name: 'Eva Eriksen',
        email: mail('eva'),
        title: null,
        leftOn: null,
        manager: ids.bo,
        units: [unit],
      },
    ]);
    const thirdState = await stateOf(scope);
    expect(thirdState).toMatch(deltaLinkOf(graph));
    expect(thirdState).not.toBe(firstState);

    // The same again from the new deltaLink, and a whole read after Graph forgot it: nothing changes.
    expect(changed(await sync())).toEqual({});
    graph.expireDeltaTokens();
    const whole = await sync();
    expect([whole.status, whole.plan?.complete, changed(whole)]).toEqual(['applied', true, {}]);
  });

  it('when Graph fails midway then the run fails, nothing changes and the deltaLink stays', async () => {
    const scope = uid('entra');
    const users = many(250).map((u) => ({ ...u, mail: `${u.id}@albertslund.test`, department: `Teknik ${scope}` }));
    const graph = await standIn(users);
    const source = sourceFor(graph);
    const sync = () =>
      runSync(db, source, { dryRun: false, startedBy: 'test', scope, day: '2026-12-07', maxLeaverShare: 1 });
    expect((await sync()).status).toBe('applied');
    const state = await stateOf(scope);

    graph.deltaPageSize = 100;
    for (const u of users) u.jobTitle = 'Ny titel';
    graph.failAfter(1);
    const failed = await sync();

    expect([failed.status, failed.plan, failed.error]).toEqual([
      'failed',
      null,
      {
        code: 'badAnswer',
        detail: 'Microsoft Graph answered 500 generalException to GET /v1.0/users/delta: An unexpected error occurred.',
      },
    ]);
    expect(await stateOf(scope)).toBe(state);
    expect((await people(scope)).filter((p) => p.title !== null)).toEqual([]);
  });
});
