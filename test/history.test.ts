import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../api/edit.js';
import { endpoints } from '../api/endpoints.js';
import { DEMO_USERS } from '../server/auth/routes.js';
import { getJson, send, signIn, startApp, uid, type RunningApp } from './helpers.js';

let app: RunningApp;
let coordinator: string;

beforeAll(async () => {
  app = await startApp();
  coordinator = await signIn(app, 'coordinator');
});
afterAll(() => app.close());

const actor = { sub: DEMO_USERS.coordinator.sub, name: DEMO_USERS.coordinator.name };
/** A change as the API gives it; its id and time are the server's own. */
const change = (c: Omit<Change, 'id' | 'at' | 'actor' | 'undoOf'> & { undoOf?: string | null }) => ({
  id: expect.any(String),
  at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
  actor,
  undoOf: null,
  ...c,
});

/** A coordinator's request; a 2xx answer must match the endpoint's schema. */
async function edit(name: keyof typeof endpoints, method: string, path: string, body?: unknown) {
  const res = await send(app, method, path, { body, cookie: coordinator });
  const endpoint = endpoints[name];
  if (res.status >= 200 && res.status < 300) endpoint.response.parse(res.body);
  return res;
}
const history = async (id: string) => {
  const res = await getJson<{ changes: Change[] }>(app, `/api/nodes/${id}/history`, endpoints.nodeHistory);
  expect(res.status).toBe(200);
  return res.body.changes;
};
/** An ISO time as nanoseconds since 1970, to compare times finer than a millisecond ("…:05Z", "…:05.000123456Z"). */
const instant = (at: string): bigint => {
  const m = /^(.*?)(?:\.(\d{1,9}))?Z$/.exec(at)!;
  return BigInt(Date.parse(`${m[1]}Z`)) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
};
const newestFirst = (times: string[], strictly = true) =>
  times.every(
    (t, i) => i === 0 || (strictly ? instant(times[i - 1]!) > instant(t) : instant(times[i - 1]!) >= instant(t)),
  );
const node = async (id: string) => (await getJson(app, `/api/nodes/${id}`, endpoints.node)).body;

const network = (id: string, properties: Record<string, unknown> = {}) => ({
  id,
  kind: 'Network',
  properties: { name: `Netværk ${id}`, kind: 'laering', status: 'afventer', ...properties },
});

describe('GET /api/nodes/:id/history', () => {
  it('when a node was created and changed twice then its history lists the changes newest first with before and after', async () => {
    const id = uid('net');
    await edit('createNode', 'POST', '/api/nodes', network(id, { theme: 'Læring' }));
    await edit('updateNode', 'PATCH', `/api/nodes/${id}`, {
      version: 1,
      properties: { status: 'i gang', phase: 'opdagelsesfasen' },
    });
    await edit('updateNode', 'PATCH', `/api/nodes/${id}`, { version: 2, properties: { theme: null } });

    const changes = await history(id);
    expect(changes).toEqual([
      change({
        action: 'update',
        targetKind: 'Network',
        targetId: id,
        before: { kind: 'Network', version: 2, properties: { theme: 'Læring' } },
        after: { kind: 'Network', version: 3, properties: { theme: null } },
      }),
      change({
        action: 'update',
        targetKind: 'Network',
        targetId: id,
        before: { kind: 'Network', version: 1, properties: { status: 'afventer', phase: null } },
        after: { kind: 'Network', version: 2, properties: { status: 'i gang', phase: 'opdagelsesfasen' } },
      }),
      change({
        action: 'create',
        targetKind: 'Network',
        targetId: id,
        before: null,
        after: {
          kind: 'Network',
          version: 1,
          properties: { name: `Netværk ${id}`, kind: 'laering', status: 'afventer', theme: 'Læring' },
        },
      }),
    ]);
    expect(newestFirst(changes.map((c) => c.at))).toBe(true);
  });

  it('when relations touching the node were made, changed and deleted then they are in its history too', async () => {
    const [p, n] = [uid('p'), uid('net')];
    await edit('createNode', 'POST', '/api/nodes', { id: p, kind: 'Person', properties: { name: 'Pia' } });
    await edit('createNode', 'POST', '/api/nodes', network(n));
    const rid = `${p}|PARTICIPATES_IN|${n}`;
    await edit('createRelation', 'POST', '/api/relations', { type: 'PARTICIPATES_IN', source: p, target: n });
    await edit('updateRelation', 'PATCH', `/api/relations/${encodeURIComponent(rid)}`, {
      version: 1,
      properties: { since: '2014-09-01' },
    });
    await edit('deleteRelation', 'DELETE', `/api/relations/${encodeURIComponent(rid)}?version=2`);

    const relation = (version: number, properties: Record<string, unknown>) => ({
      type: 'PARTICIPATES_IN',
      source: p,
      target: n,
      version,
      properties,
    });
    const expected = [
      change({
        action: 'delete',
        targetKind: 'Relation',
        targetId: rid,
        before: relation(2, { since: '2014-09-01' }),
        after: null,
      }),
      change({
        action: 'update',
        targetKind: 'Relation',
        targetId: rid,
        before: relation(1, { since: null }),
        after: relation(2, { since: '2014-09-01' }),
      }),
      change({ action: 'create', targetKind: 'Relation', targetId: rid, before: null, after: relation(1, {}) }),
    ];
    // From either end.
    expect((await history(n)).slice(0, 3)).toEqual(expected);
    expect((await history(p)).slice(0, 3)).toEqual(expected);
    expect((await history(p)).map((c) => c.targetId)).toEqual([rid, rid, rid, p]);
  });

  it('when the node was deleted then its history is still there, the delete first with everything it had', async () => {
    const [p, n] = [uid('p'), uid('net')];
    await edit('createNode', 'POST', '/api/nodes', { id: p, kind: 'Person', properties: { name: 'Per' } });
    await edit('createNode', 'POST', '/api/nodes', network(n));
    await edit('createRelation', 'POST', '/api/relations', {
      type: 'LEADS',
      source: p,
      target: n,
      properties: { since: '2014-01-01' },
    });
    expect((await edit('deleteNode', 'DELETE', `/api/nodes/${n}?version=1`)).status).toBe(204);

    expect((await getJson(app, `/api/nodes/${n}`)).status).toBe(404);
    const changes = await history(n);
    expect(changes.map((c) => c.action)).toEqual(['delete', 'create', 'create']);
    expect(changes[0]).toEqual(
      change({
        action: 'delete',
        targetKind: 'Network',
        targetId: n,
        before: {
          kind: 'Network',
          version: 1,
          properties: { name: `Netværk ${n}`, kind: 'laering', status: 'afventer' },
          relations: [{ type: 'LEADS', direction: 'in', other: p, version: 1, properties: { since: '2014-01-01' } }],
        },
        after: null,
      }),
    );
  });

  it('when the id never existed then 404; a booklet node never edited has an empty history', async () => {
    const id = uid('never');
    expect(await getJson(app, `/api/nodes/${id}/history`)).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: `There is no node with id "${id}", and there never was.` } },
    });
    const booklet = await getJson(app, '/api/nodes/kommunemed/history', endpoints.nodeHistory);
    expect(booklet.status).toBe(200);
    expect((await node('kommunemed')).node.version).toBe(1);
  });
});

describe('names in the history', () => {
  it('when a relation was made between two people and one was renamed and the other deleted then the history names both: the current name and the last one recorded', async () => {
    const [lise, patricia, n] = [uid('lise'), uid('patricia'), uid('net')];
    await edit('createNode', 'POST', '/api/nodes', { id: lise, kind: 'Person', properties: { name: 'Lise Testesen' } });
    await edit('createNode', 'POST', '/api/nodes', {
      id: patricia,
      kind: 'Person',
      properties: { name: 'Patricia Gale' },
    });
    await edit('createNode', 'POST', '/api/nodes', network(n, { name: 'Kaffeklubben' }));
    await edit('createRelation', 'POST', '/api/relations', {
      type: 'KNOWS',
      source: lise,
      target: patricia,
      properties: { via: n },
    });
    await edit('updateNode', 'PATCH', `/api/nodes/${patricia}`, {
      version: 1,
      properties: { name: 'Patricia Walmar Gale' },
    });
    await edit('deleteNode', 'DELETE', `/api/nodes/${lise}?version=1`);

    const res = await getJson<{ changes: Change[]; names: Record<string, string> }>(
      app,
      `/api/nodes/${patricia}/history`,
      endpoints.nodeHistory,
    );
    expect(res.status).toBe(200);
    expect(res.body.changes.map((c) => [c.action, c.targetId])).toEqual([
      ['update', patricia],
      ['create', `${lise}|KNOWS|${patricia}`],
      ['create', patricia],
    ]);
    expect(res.body.names).toEqual({
      [patricia]: 'Patricia Walmar Gale',
      [lise]: 'Lise Testesen',
      [n]: 'Kaffeklubben',
    });

    const all = await getJson<{ changes: Change[]; names: Record<string, string> }>(
      app,
      '/api/history?limit=500',
      endpoints.history,
    );
    expect(all.body.names).toEqual(
      expect.objectContaining({ [patricia]: 'Patricia Walmar Gale', [lise]: 'Lise Testesen', [n]: 'Kaffeklubben' }),
    );
  });

  it('when a person joined a department that was renamed since then the history names the department by its current name, and a node never changed has no names', async () => {
    // A department of its own: people added to the booklet's departments would change other tests' answers.
    const [p, d] = [uid('p'), uid('d')];
    await edit('createNode', 'POST', '/api/nodes', {
      id: d,
      kind: 'Department',
      properties: { name: `Afdeling ${d}` },
    });
    await edit('createNode', 'POST', '/api/nodes', { id: p, kind: 'Person', properties: { name: 'Ib' } });
    await edit('createRelation', 'POST', '/api/relations', { type: 'WORKS_IN', source: p, target: d });
    await edit('updateNode', 'PATCH', `/api/nodes/${d}`, { version: 1, properties: { name: `Afdelingen ${d}` } });
    const res = await getJson<{ changes: Change[]; names: Record<string, string> }>(
      app,
      `/api/nodes/${p}/history`,
      endpoints.nodeHistory,
    );
    expect(res.body.names).toEqual({ [p]: 'Ib', [d]: `Afdelingen ${d}` });
    const never = await getJson(app, '/api/nodes/kommunemed/history', endpoints.nodeHistory);
    expect(never.body).toEqual({ changes: [], names: {} });
  });
});

describe('GET /api/history', () => {
  it('when changes were made then the whole history lists them newest first, and `before` pages back', async () => {
    const ids = [uid('d'), uid('d'), uid('d')];
    for (const id of ids)
      await edit('createNode', 'POST', '/api/nodes', {
        id,
        kind: 'Department',
        properties: { name: `Afdeling ${id}` },
      });

    const all = await getJson<{ changes: Change[] }>(app, '/api/history?limit=500', endpoints.history);
    expect(all.status).toBe(200);
    // Other tests' changes run at the same time as these, so only the order is certain here.
    expect(
      newestFirst(
        all.body.changes.map((c) => c.at),
        false,
      ),
    ).toBe(true);
    const ours = all.body.changes.filter((c) => ids.includes(c.targetId));
    expect(ours.map((c) => c.targetId)).toEqual([...ids].reverse());
    expect(ours[0]).toEqual(
      change({
        action: 'create',
        targetKind: 'Department',
        targetId: ids[2]!,
        before: null,
        after: { kind: 'Department', version: 1, properties: { name: `Afdeling ${ids[2]}` } },
      }),
    );

    const older = await getJson<{ changes: Change[] }>(
      app,
      `/api/history?limit=500&before=${encodeURIComponent(ours[1]!.at)}`,
      endpoints.history,
    );
    const olderOurs = older.body.changes.filter((c) => ids.includes(c.targetId)).map((c) => c.targetId);
    expect(olderOurs).toEqual([ids[0]]);

    const one = await getJson<{ changes: Change[] }>(app, '/api/history?limit=1', endpoints.history);
    expect(one.body.changes).toHaveLength(1);
  });

  it('when `before` is not a time then 400 naming it', async () => {
    const res = await getJson(app, '/api/history?before=yesterday');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual({ field: 'before' });
  });
});

describe('POST /api/nodes/:id/undo', () => {
  it('when the last change was an update then undo restores the values before it with a new version', async () => {
    const id = uid('net');
    await edit('createNode', 'POST', '/api/nodes', network(id, { theme: 'Først' }));
    await edit('updateNode', 'PATCH', `/api/nodes/${id}`, {
      version: 1,
      properties: { theme: 'Sidst', phase: 'forankringsfasen' },
    });
    const updated = (await history(id))[0]!;

    const res = await edit('undo', 'POST', `/api/nodes/${id}/undo`);
    expect(res).toEqual({
      status: 200,
      body: {
        change: change({
          action: 'undo',
          targetKind: 'Network',
          targetId: id,
          before: { kind: 'Network', version: 2, properties: { theme: 'Sidst', phase: 'forankringsfasen' } },
          after: { kind: 'Network', version: 3, properties: { theme: 'Først', phase: null } },
          undoOf: updated.id,
        }),
      },
    });
    expect((await node(id)).node).toEqual({
      id,
      kind: 'Network',
      name: `Netværk ${id}`,
      version: 3,
      properties: { name: `Netværk ${id}`, kind: 'laering', status: 'afventer', theme: 'Først' },
    });
    expect((await history(id)).map((c) => c.action)).toEqual(['undo', 'update', 'create']);
  });

  it('when undo is pressed again and again then it walks back through updates and the create, then 409', async () => {
    const id = uid('net');
    await edit('createNode', 'POST', '/api/nodes', network(id));
    await edit('updateNode', 'PATCH', `/api/nodes/${id}`, { version: 1, properties: { theme: 'A' } });
    await edit('updateNode', 'PATCH', `/api/nodes/${id}`, { version: 2, properties: { theme: 'B' } });

    expect((await edit('undo', 'POST', `/api/nodes/${id}/undo`)).status).toBe(200);
    expect((await node(id)).node).toMatchObject({ version: 4, properties: { theme: 'A' } });
    expect((await edit('undo', 'POST', `/api/nodes/${id}/undo`)).status).toBe(200);
    expect((await node(id)).node).toEqual({
      id,
      kind: 'Network',
      name: `Netværk ${id}`,
      version: 5,
      properties: { name: `Netværk ${id}`, kind: 'laering', status: 'afventer' },
    });
    const undoCreate = await edit('undo', 'POST', `/api/nodes/${id}/undo`);
    expect(undoCreate.body.change).toMatchObject({ action: 'undo', before: { version: 5 }, after: null });
    expect((await getJson(app, `/api/nodes/${id}`)).status).toBe(404);

    expect(await edit('undo', 'POST', `/api/nodes/${id}/undo`)).toEqual({
      status: 409,
      body: { error: { code: 'conflict', message: `There is nothing left to undo for "${id}".` } },
    });
    const changes = await history(id);
    expect(changes.map((c) => c.action)).toEqual(['undo', 'undo', 'undo', 'update', 'update', 'create']);
    // The newest undo undid the oldest change.
    expect(changes.slice(0, 3).map((c) => c.undoOf)).toEqual(
      changes
        .slice(3)
        .map((c) => c.id)
        .reverse(),
    );
  });

  it('when the last change was a delete then undo brings back the node and its relations whose other end still exists', async () => {
    const [n, leader, member, gone] = [uid('net'), uid('p'), uid('p'), uid('p')];
    await edit('createNode', 'POST', '/api/nodes', network(n, { remarks: 'Mødes hver måned.' }));
    for (const p of [leader, member, gone])
      await edit('createNode', 'POST', '/api/nodes', { id: p, kind: 'Person', properties: { name: `Navn ${p}` } });
    await edit('createRelation', 'POST', '/api/relations', {
      type: 'LEADS',
      source: leader,
      target: n,
      properties: { since: '2014-01-01' },
    });
    await edit('createRelation', 'POST', '/api/relations', { type: 'PARTICIPATES_IN', source: member, target: n });
    await edit('createRelation', 'POST', '/api/relations', { type: 'PARTICIPATES_IN', source: gone, target: n });
    await edit('deleteNode', 'DELETE', `/api/nodes/${n}?version=1`);
    await edit('deleteNode', 'DELETE', `/api/nodes/${gone}?version=1`);

    const res = await edit('undo', 'POST', `/api/nodes/${n}/undo`);
    expect(res.status).toBe(200);
    expect(res.body.change).toMatchObject({
      action: 'undo',
      targetId: n,
      before: null,
      after: { kind: 'Network', version: 2 },
    });

    const back = await node(n);
    expect(back.node).toEqual({
      id: n,
      kind: 'Network',
      name: `Netværk ${n}`,
      version: 2,
      properties: { name: `Netværk ${n}`, kind: 'laering', status: 'afventer', remarks: 'Mødes hver måned.' },
    });
    expect(back.relations).toEqual({
      LEADS: [
        {
          direction: 'in',
          node: { id: leader, kind: 'Person', name: `Navn ${leader}` },
          version: 2,
          properties: { since: '2014-01-01' },
        },
      ],
      PARTICIPATES_IN: [
        {
          direction: 'in',
          node: { id: member, kind: 'Person', name: `Navn ${member}` },
          version: 2,
          properties: {},
        },
      ],
    });
    // The restored node is editable at its new version.
    expect(
      (await edit('updateNode', 'PATCH', `/api/nodes/${n}`, { version: 2, properties: { theme: 'Igen' } })).status,
    ).toBe(200);
  });

  it('when the node has no change to undo then 409 with a clear sentence; an id that never existed 404', async () => {
    const id = uid('net');
    await app.db.write("CREATE (:Entity:Network {id: $id, name: 'Ældre', kind: 'velfaerd', status: 'i gang'})", { id });
    expect(await edit('undo', 'POST', `/api/nodes/${id}/undo`)).toEqual({
      status: 409,
      body: { error: { code: 'conflict', message: `There is nothing left to undo for "${id}".` } },
    });
    const never = uid('never');
    expect((await edit('undo', 'POST', `/api/nodes/${never}/undo`)).status).toBe(404);
  });
});
