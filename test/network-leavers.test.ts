import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION } from '../api/transfer.js';
import { DEMO_USERS } from '../server/auth/routes.js';
import { dayBefore } from '../server/networks/handovers.js';
import { getJson, send, signIn, startApp, storeDaysOf, uid, type RunningApp } from './helpers.js';

// A leaver's network roles flagged to coordinators, and the handover they record (issue 19). The
// leaver is written with raw Cypher in the sync's shape: `leftOn` on the person, their roles untouched.

/** The day `n` days before `day` (YYYY-MM-DD). */
const daysBefore = (day: string, n: number) => new Date(Date.parse(day) - n * 86_400_000).toISOString().slice(0, 10);

let app: RunningApp;
let coordinator: string;
let reader: string;
let admin: string;
beforeAll(async () => {
  app = await startApp();
  [coordinator, reader, admin] = await Promise.all([
    signIn(app, 'coordinator'),
    signIn(app, 'reader'),
    signIn(app, 'admin'),
  ]);
});
afterAll(() => app.close());

const now = today();
const leftOn = daysBefore(now, 10);

/**
 * A network led by Lene, who left ten days ago (LEADS open), with Ole who left too but whose part ended
 * the day before (not flagged), Tove who leaves next week (not flagged yet), Hans who still works here,
 * and Kim who left with a role already handed to Hans (not flagged).
 */
async function leaverNetwork() {
  const ids = { net: uid('net'), lene: uid('p'), ole: uid('p'), tove: uid('p'), hans: uid('p'), kim: uid('p') };
  await app.db.write(
    `CREATE (n:Entity:Network {id: $net, name: 'Netværk ' + $net, kind: 'velfaerd', status: 'i gang'}),
            (lene:Entity:Person {id: $lene, name: 'Lene Leder', leftOn: $leftOn}),
            (ole:Entity:Person {id: $ole, name: 'Ole Deltager', leftOn: $leftOn}),
            (tove:Entity:Person {id: $tove, name: 'Tove Snart', leftOn: $nextWeek}),
            (hans:Entity:Person {id: $hans, name: 'Hans Overtager'}),
            (kim:Entity:Person {id: $kim, name: 'Kim Overdraget', leftOn: $leftOn}),
            (lene)-[:LEADS {since: '2016-01-01'}]->(n),
            (lene)-[:PARTICIPATES_IN {since: '2015', until: '2030-12-31'}]->(n),
            (ole)-[:PARTICIPATES_IN {since: '2017-01-01', until: $dayBeforeLeft}]->(n),
            (tove)-[:LEADS {since: '2018-01-01'}]->(n),
            (hans)-[:PARTICIPATES_IN {since: '2017-01-01'}]->(n),
            (kim)-[:PARTICIPATES_IN {since: '2019-01-01', handedTo: $hans}]->(n)`,
    { ...ids, leftOn, nextWeek: daysBefore(now, -7), dayBeforeLeft: dayBefore(leftOn) },
  );
  await storeDaysOf(app.db, Object.values(ids));
  return ids;
}

const get = (path: string, cookie?: string) =>
  send(app, 'GET', path, cookie ? { cookie } : {}).then((res) => {
    if (res.status === 200) {
      const endpoint = path.endsWith('/api/networks/leavers')
        ? endpoints.networksWithLeavers
        : endpoints.networkLeavers;
      endpoint.response.parse(res.body);
    }
    return res;
  });
const handover = (net: string, body: Record<string, unknown>, cookie = coordinator) =>
  send(app, 'POST', `/api/networks/${net}/handovers`, { body, cookie }).then((res) => {
    if (res.status === 200) endpoints.handover.response.parse(res.body);
    return res;
  });
const relationOf = async (source: string, type: string, target: string): Promise<Record<string, unknown> | undefined> =>
  (
    await app.db.read(
      `MATCH (:Entity {id: $source})-[r]->(:Entity {id: $target}) WHERE type(r) = $type
       RETURN r {.*, firstDay: toString(r.firstDay), lastDay: toString(r.lastDay)} AS r`,
      { source, type, target },
    )
  )[0]?.r as Record<string, unknown> | undefined;

describe('the roles of people who have left, flagged to coordinators', () => {
  it('when a coordinator asks for a network then its open roles held by people who have left are listed with role and day, and no others', async () => {
    const ids = await leaverNetwork();
    const res = await get(`/api/networks/${ids.net}/leavers`, coordinator);
    expect(res).toEqual({
      status: 200,
      body: {
        network: { id: ids.net, kind: 'Network', name: `Netværk ${ids.net}` },
        roles: [
          {
            person: { id: ids.lene, kind: 'Person', name: 'Lene Leder' },
            role: 'LEADS',
            since: '2016-01-01',
            until: null,
            leftOn,
            version: 1,
          },
          {
            person: { id: ids.lene, kind: 'Person', name: 'Lene Leder' },
            role: 'PARTICIPATES_IN',
            since: '2015',
            until: '2030-12-31',
            leftOn,
            version: 1,
          },
        ],
      },
    });
    // an admin may see it too
    expect((await get(`/api/networks/${ids.net}/leavers`, admin)).status).toBe(200);
  });

  it('when a reader or someone signed out asks then they are refused and see no name', async () => {
    const ids = await leaverNetwork();
    for (const path of [`/api/networks/${ids.net}/leavers`, '/api/networks/leavers']) {
      const asReader = await get(path, reader);
      expect(asReader.status).toBe(403);
      expect(JSON.stringify(asReader.body)).not.toContain('Lene');
      expect((await get(path)).status).toBe(401);
    }
  });

  it('when a coordinator asks for the list then the network is counted with its number of flagged roles', async () => {
    const ids = await leaverNetwork();
    const res = await get('/api/networks/leavers', coordinator);
    expect(res.status).toBe(200);
    const mine = res.body.networks.filter((n: { network: { id: string } }) => n.network.id === ids.net);
    expect(mine).toEqual([{ network: { id: ids.net, kind: 'Network', name: `Netværk ${ids.net}` }, roles: 2 }]);
  });

  it('when the network is not there then 404', async () => {
    const res = await get(`/api/networks/${uid('none')}/leavers`, coordinator);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('POST /api/networks/{id}/handovers', () => {
  it('when a coordinator names who took over then the role gets handedTo, the successor gets the role from today, the history has both and the flag is gone', async () => {
    const ids = await leaverNetwork();
    const res = await handover(ids.net, { leaverId: ids.lene, role: 'LEADS', version: 1, successorId: ids.hans });
    expect(res).toEqual({
      status: 200,
      body: {
        relation: {
          id: `${ids.lene}|LEADS|${ids.net}`,
          type: 'LEADS',
          source: ids.lene,
          target: ids.net,
          version: 2,
          properties: { since: '2016-01-01', handedTo: ids.hans },
        },
        successor: {
          id: `${ids.hans}|LEADS|${ids.net}`,
          type: 'LEADS',
          source: ids.hans,
          target: ids.net,
          version: 1,
          properties: { since: now },
        },
      },
    });
    // the leaver's dates stay as they were; the successor's role holds from today
    expect(await relationOf(ids.lene, 'LEADS', ids.net)).toEqual({
      since: '2016-01-01',
      handedTo: ids.hans,
      version: 2,
      firstDay: '2016-01-01',
      lastDay: null,
    });
    expect(await relationOf(ids.hans, 'LEADS', ids.net)).toEqual({
      since: now,
      version: 1,
      firstDay: now,
      lastDay: null,
    });

    const history = await getJson(app, `/api/nodes/${ids.lene}/history`, endpoints.nodeHistory);
    const who = DEMO_USERS.coordinator.name;
    expect(history.body.changes.map((c: any) => [c.actor.name, c.action, c.targetId, c.before, c.after])).toEqual([
      [
        who,
        'update',
        `${ids.lene}|LEADS|${ids.net}`,
        { type: 'LEADS', source: ids.lene, target: ids.net, version: 1, properties: { handedTo: null } },
        { type: 'LEADS', source: ids.lene, target: ids.net, version: 2, properties: { handedTo: ids.hans } },
      ],
    ]);
    const hansHistory = await getJson(app, `/api/nodes/${ids.hans}/history`, endpoints.nodeHistory);
    expect(hansHistory.body.changes.map((c: any) => [c.action, c.targetId, c.after])).toEqual([
      [
        'create',
        `${ids.hans}|LEADS|${ids.net}`,
        { type: 'LEADS', source: ids.hans, target: ids.net, version: 1, properties: { since: now } },
      ],
    ]);

    // only her other role is still flagged; her card says who holds the network role now
    const flagged = await get(`/api/networks/${ids.net}/leavers`, coordinator);
    expect(flagged.body.roles.map((r: any) => [r.person.id, r.role])).toEqual([[ids.lene, 'PARTICIPATES_IN']]);
    const card = await getJson(app, `/api/nodes/${ids.lene}`, endpoints.node);
    expect(card.body.card.handedOver).toContainEqual({
      network: { id: ids.net, kind: 'Network', name: `Netværk ${ids.net}` },
      to: { id: ids.hans, kind: 'Person', name: 'Hans Overtager' },
    });
  });

  it('when the coordinator ends the role and gives the successor none then until is the day before they stopped and no role is made', async () => {
    const ids = await leaverNetwork();
    const res = await handover(ids.net, {
      leaverId: ids.lene,
      role: 'PARTICIPATES_IN',
      version: 1,
      successorId: ids.hans,
      addSuccessorRole: false,
      endRole: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.successor).toBeNull();
    expect(res.body.relation.properties).toEqual({ since: '2015', until: dayBefore(leftOn), handedTo: ids.hans });
    expect(await relationOf(ids.lene, 'PARTICIPATES_IN', ids.net)).toEqual({
      since: '2015',
      until: dayBefore(leftOn),
      handedTo: ids.hans,
      version: 2,
      firstDay: '2015-01-01',
      lastDay: dayBefore(leftOn),
    });
    // Hans's own part is as it was
    expect(await relationOf(ids.hans, 'PARTICIPATES_IN', ids.net)).toEqual({
      since: '2017-01-01',
      firstDay: '2017-01-01',
      lastDay: null,
    });
  });

  it('when the successor already holds the role then theirs stays as it is and no second one is made', async () => {
    const ids = await leaverNetwork();
    const res = await handover(ids.net, {
      leaverId: ids.lene,
      role: 'PARTICIPATES_IN',
      version: 1,
      successorId: ids.hans,
    });
    expect(res.status).toBe(200);
    expect(res.body.successor).toEqual({
      id: `${ids.hans}|PARTICIPATES_IN|${ids.net}`,
      type: 'PARTICIPATES_IN',
      source: ids.hans,
      target: ids.net,
      version: 1,
      properties: { since: '2017-01-01' },
    });
    const made = await app.db.read(
      'MATCH (:Person {id: $hans})-[r:PARTICIPATES_IN]->(:Network {id: $net}) RETURN count(r) AS n',
      ids,
    );
    expect(Number(made[0]!.n)).toBe(1);
  });

  it('when the version is stale then 409 with the current role and nothing changes', async () => {
    const ids = await leaverNetwork();
    expect(
      (await handover(ids.net, { leaverId: ids.lene, role: 'LEADS', version: 1, successorId: ids.hans })).status,
    ).toBe(200);
    const stale = await handover(ids.net, {
      leaverId: ids.lene,
      role: 'LEADS',
      version: 1,
      successorId: ids.tove,
      endRole: true,
    });
    expect(stale).toEqual({
      status: 409,
      body: {
        error: {
          code: 'conflict',
          message: `The relation "${ids.lene}|LEADS|${ids.net}" was changed by someone else since you opened it: you edited version 1, the current version is 2.`,
          details: {
            current: {
              id: `${ids.lene}|LEADS|${ids.net}`,
              type: 'LEADS',
              source: ids.lene,
              target: ids.net,
              version: 2,
              properties: { since: '2016-01-01', handedTo: ids.hans },
            },
          },
        },
      },
    });
    expect((await relationOf(ids.lene, 'LEADS', ids.net))?.handedTo).toBe(ids.hans);
    expect(await relationOf(ids.tove, 'LEADS', ids.net)).toEqual({
      since: '2018-01-01',
      firstDay: '2018-01-01',
      lastDay: null,
    });
  });

  it('when the input is bad then 400 with one sentence naming the field, and nothing is written', async () => {
    const ids = await leaverNetwork();
    const base = { leaverId: ids.lene, role: 'LEADS', version: 1, successorId: ids.hans };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...base, role: 'KNOWS' }, 'role', 'The field "role" must be one of LEADS, PARTICIPATES_IN.'],
      [{ ...base, version: undefined }, 'version', 'The field "version" is required.'],
      [
        { ...base, successorId: ids.lene },
        'successorId',
        'The field "successorId" must be another person than the one who left.',
      ],
      [{ ...base, endRole: 'ja' }, 'endRole', 'The field "endRole" must be true or false.'],
      [{ ...base, successorId: ids.net }, 'successorId', 'The field "successorId" must be the id of a person.'],
      [{ ...base, successorId: uid('none') }, 'successorId', 'The field "successorId" must be the id of a person.'],
      [
        { ...base, successorId: ids.kim },
        'successorId',
        'The field "successorId" must be a person who still works here.',
      ],
      [
        { ...base, leaverId: ids.hans, role: 'PARTICIPATES_IN', successorId: ids.tove },
        'leaverId',
        'The field "leaverId" must be a person who has left; this one still works here, so their role is not handed over.',
      ],
      [
        { ...base, leaverId: ids.tove },
        'leaverId',
        'The field "leaverId" must be a person who has left; this one still works here, so their role is not handed over.',
      ],
    ];
    for (const [body, field, message] of cases) {
      expect(await handover(ids.net, body), field).toEqual({
        status: 400,
        body: { error: { code: 'validation', message, details: { field } } },
      });
    }
    expect(await relationOf(ids.lene, 'LEADS', ids.net)).toEqual({
      since: '2016-01-01',
      firstDay: '2016-01-01',
      lastDay: null,
    });
    const changes = await app.db.read('MATCH (c:Change) WHERE c.targetId CONTAINS $net RETURN count(c) AS n', ids);
    expect(Number(changes[0]!.n)).toBe(0);
  });

  it('when the leaver holds no such role or the network is not there then 404', async () => {
    const ids = await leaverNetwork();
    const noRole = await handover(ids.net, { leaverId: ids.ole, role: 'LEADS', version: 1, successorId: ids.hans });
    expect(noRole).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: `"${ids.ole}" does not lead the network "${ids.net}".` } },
    });
    const none = uid('none');
    const noNetwork = await handover(none, { leaverId: ids.lene, role: 'LEADS', version: 1, successorId: ids.hans });
    expect(noNetwork).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: `There is no network with id "${none}".` } },
    });
  });

  it('when a reader tries a handover then 403 and nothing is written', async () => {
    const ids = await leaverNetwork();
    const res = await handover(
      ids.net,
      { leaverId: ids.lene, role: 'LEADS', version: 1, successorId: ids.hans },
      reader,
    );
    expect(res.status).toBe(403);
    expect((await relationOf(ids.lene, 'LEADS', ids.net))?.handedTo).toBeUndefined();
  });
});

describe('erasing the person who took over', () => {
  it('when the successor is erased then the role names their pseudonym, as the history does, and holds neither their id nor name', async () => {
    const ids = await leaverNetwork();
    await app.db.write("MATCH (p:Person {id: $hans}) SET p.name = 'Hansine Efterfølgersen'", ids);
    expect(
      (await handover(ids.net, { leaverId: ids.lene, role: 'LEADS', version: 1, successorId: ids.hans })).status,
    ).toBe(200);
    const erased = await send(app, 'DELETE', `/api/people/${ids.hans}?confirm=${ids.hans}`, { cookie: admin });
    expect(erased.status).toBe(200);
    const left = await app.db.read(
      `MATCH (:Person {id: $lene})-[r:LEADS]->(:Network {id: $net}) RETURN r.handedTo AS handedTo`,
      ids,
    );
    const changes = await app.db.read(
      `MATCH (c:Change) WHERE c.targetId STARTS WITH $lene RETURN c.before AS before, c.after AS after`,
      ids,
    );
    expect(left).toEqual([{ handedTo: erased.body.pseudonym }]);
    expect(JSON.stringify({ left, changes })).not.toContain(ids.hans);
    expect(JSON.stringify({ left, changes })).not.toContain('Efterfølgersen');
  });
});

describe('a handed-over role in the JSON export', () => {
  it('when the graph is exported then the role carries handedTo, and importing it brings handedTo back', async () => {
    const ids = await leaverNetwork();
    expect(
      (await handover(ids.net, { leaverId: ids.lene, role: 'LEADS', version: 1, successorId: ids.hans })).status,
    ).toBe(200);
    const exported = await send(app, 'GET', '/api/export/json', { cookie: admin });
    expect(exported.status).toBe(200);
    const role = exported.body.relations.find(
      (r: { type: string; source: string; target: string }) =>
        r.type === 'LEADS' && r.source === ids.lene && r.target === ids.net,
    );
    expect(role).toEqual({
      type: 'LEADS',
      source: ids.lene,
      target: ids.net,
      properties: { since: '2016-01-01', handedTo: ids.hans },
    });

    // The role as it was before the handover, then the exported one imported over it.
    await app.db.write(
      'MATCH (:Person {id: $lene})-[r:LEADS]->(:Network {id: $net}) REMOVE r.handedTo SET r.version = 1',
      ids,
    );
    const imported = await send(app, 'POST', '/api/import/json', {
      cookie: admin,
      body: { format: GRAPH_FORMAT, version: GRAPH_FORMAT_VERSION, nodes: [], relations: [role] },
    });
    expect(imported.status).toBe(200);
    expect(imported.body.rejected).toEqual([]);
    expect((await relationOf(ids.lene, 'LEADS', ids.net))?.handedTo).toBe(ids.hans);
  });
});
