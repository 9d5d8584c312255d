import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { cprSentence } from '../api/cpr.js';
import { endpoints, type Endpoint } from '../api/endpoints.js';
import { getJson, send, signIn, startAppWith, uid, type RunningApp } from './helpers.js';

let app: RunningApp;
let coordinator: string;
let reader: string;

beforeAll(async () => {
  // No write limit: the race below alone sends hundreds of writes as one user; the limit has tests of its own.
  app = await startAppWith({ http: { writeLimit: 0 } });
  coordinator = await signIn(app, 'coordinator');
  reader = await signIn(app, 'reader');
});
afterAll(() => app.close());

/** A request as a signed-in coordinator whose 2xx answer must match the endpoint's schema strictly. */
async function call<E extends Endpoint>(
  endpoint: E,
  path: string,
  { body, cookie = coordinator }: { body?: unknown; cookie?: string } = {},
): Promise<{ status: number; body: any }> {
  const res = await send(app, endpoint.method.toUpperCase(), path, { body, cookie });
  if (res.status === (endpoint.status ?? 200)) {
    const checked = endpoint.response.safeParse(res.body);
    if (!checked.success) throw new Error(`Answer of ${path} does not match its schema: ${checked.error.message}`);
    return { status: res.status, body: checked.data as z.infer<E['response']> };
  }
  return res;
}

const network = (id: string, properties: Record<string, unknown> = {}) => ({
  id,
  kind: 'Network',
  properties: { name: `Netværk ${id}`, kind: 'velfaerd', status: 'i gang', ...properties },
});
const person = (id: string, properties: Record<string, unknown> = {}) => ({
  id,
  kind: 'Person',
  properties: { name: `Person ${id}`, ...properties },
});

async function create(body: { id: string; kind: string; properties: Record<string, unknown> }) {
  const res = await call(endpoints.createNode, '/api/nodes', { body });
  expect(res.status).toBe(201);
  return res.body.node;
}
const count = async (cypher: string, params: Record<string, unknown>) =>
  Number((await app.db.read(cypher, params))[0]!.n);
const nodesWithId = (id: string) => count('MATCH (n:Entity {id: $id}) RETURN count(n) AS n', { id });
const changesOf = (id: string) => count('MATCH (c:Change {targetId: $id}) RETURN count(c) AS n', { id });

describe('POST /api/nodes', () => {
  it('when a coordinator creates a network then it is saved with version 1 and the answer is the node', async () => {
    const id = uid('net');
    const res = await call(endpoints.createNode, '/api/nodes', {
      body: network(id, { theme: 'Sammenhæng i 2014-10' }),
    });
    expect(res).toEqual({
      status: 201,
      body: {
        node: {
          id,
          kind: 'Network',
          version: 1,
          properties: { name: `Netværk ${id}`, kind: 'velfaerd', status: 'i gang', theme: 'Sammenhæng i 2014-10' },
        },
      },
    });
    const { body } = await getJson(app, `/api/nodes/${id}`, endpoints.node);
    expect(body.node).toEqual({
      id,
      kind: 'Network',
      name: `Netværk ${id}`,
      version: 1,
      properties: {
        name: `Netværk ${id}`,
        kind: 'velfaerd',
        status: 'i gang',
        theme: 'Sammenhæng i 2014-10',
      },
    });
  });

  it('when the same create is sent again, also five times at once, then the answer is the same node and there is one', async () => {
    const id = uid('p');
    const body = person(id, { title: 'Konsulent', phone: '43 68 68 68' });
    const first = await call(endpoints.createNode, '/api/nodes', { body });
    const again = await Promise.all(
      Array.from({ length: 5 }, () => call(endpoints.createNode, '/api/nodes', { body })),
    );
    for (const res of [first, ...again]) {
      expect(res).toEqual({
        status: 201,
        body: {
          node: {
            id,
            kind: 'Person',
            version: 1,
            properties: { name: `Person ${id}`, title: 'Konsulent', phone: '43 68 68 68' },
          },
        },
      });
    }
    expect(await nodesWithId(id)).toBe(1);
    expect(await changesOf(id)).toBe(1);
  });

  it('when five different first creates of one id race then one wins and the others get 409', async () => {
    const id = uid('race');
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        call(endpoints.createNode, '/api/nodes', { body: person(id, { title: `Titel ${i}` }) }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await nodesWithId(id)).toBe(1);
  });

  it('when a create uses an existing id with other content then 409 with the node as it is', async () => {
    const id = uid('p');
    const made = await create(person(id, { title: 'Konsulent' }));
    const res = await call(endpoints.createNode, '/api/nodes', { body: person(id, { title: 'Chef' }) });
    expect(res).toEqual({
      status: 409,
      body: {
        error: {
          code: 'conflict',
          message: `A node with id "${id}" already exists with other content.`,
          details: { current: made },
        },
      },
    });
    // Another kind with the same id is other content too.
    const other = await call(endpoints.createNode, '/api/nodes', {
      body: { id, kind: 'Department', properties: { name: `Person ${id}` } },
    });
    expect(other.status).toBe(409);
    expect(await changesOf(id)).toBe(1);
  });

  it('when a required property is missing or an unknown one is given then 400 naming the field', async () => {
    const id = uid('net');
    const missing = await call(endpoints.createNode, '/api/nodes', {
      body: { id, kind: 'Network', properties: { name: 'X', kind: 'velfaerd' } },
    });
    expect(missing).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'The field "properties.status" is required.',
          details: { field: 'properties.status' },
        },
      },
    });
    const unknown = await call(endpoints.createNode, '/api/nodes', { body: person(id, { cpr: 'x' }) });
    expect(unknown.body.error).toEqual({
      code: 'validation',
      message: 'Unknown field "properties.cpr".',
      details: { field: 'properties.cpr' },
    });
    expect(await nodesWithId(id)).toBe(0);
  });
});

describe('PATCH /api/nodes/:id', () => {
  it('when a coordinator changes a network at its current version then the answer is the node at version 2', async () => {
    const id = uid('net');
    await create(network(id, { phase: 'opdagelsesfasen' }));
    const res = await call(endpoints.updateNode, `/api/nodes/${id}`, {
      body: { version: 1, properties: { status: 'afsluttet', phase: null, endedAt: '2014-10-01' } },
    });
    expect(res).toEqual({
      status: 200,
      body: {
        node: {
          id,
          kind: 'Network',
          version: 2,
          properties: { name: `Netværk ${id}`, kind: 'velfaerd', status: 'afsluttet', endedAt: '2014-10-01' },
        },
      },
    });
    const { body } = await getJson(app, `/api/nodes/${id}`, endpoints.node);
    expect(body.node).toEqual({
      id,
      kind: 'Network',
      name: `Netværk ${id}`,
      version: 2,
      properties: { name: `Netværk ${id}`, kind: 'velfaerd', status: 'afsluttet', endedAt: '2014-10-01' },
    });
  });

  it('when the version is stale then 409 with the current node and its version, and nothing changes', async () => {
    const id = uid('net');
    await create(network(id));
    const v2 = await call(endpoints.updateNode, `/api/nodes/${id}`, {
      body: { version: 1, properties: { theme: 'Først' } },
    });
    const res = await call(endpoints.updateNode, `/api/nodes/${id}`, {
      body: { version: 1, properties: { theme: 'Bagefter' } },
    });
    expect(res).toEqual({
      status: 409,
      body: {
        error: {
          code: 'conflict',
          message: `"Netværk ${id}" was changed by someone else since you opened it: you edited version 1, the current version is 2.`,
          details: { current: v2.body.node },
        },
      },
    });
    expect(v2.body.node).toMatchObject({ version: 2, properties: { theme: 'Først' } });
    expect(await changesOf(id)).toBe(2);
  });

  it('when a node of older data has no version then it counts as version 1', async () => {
    const id = uid('old');
    await app.db.write("CREATE (:Entity:Department {id: $id, name: 'Gammel afdeling'})", { id });
    const res = await call(endpoints.updateNode, `/api/nodes/${id}`, {
      body: { version: 1, properties: { name: 'Ny afdeling' } },
    });
    expect(res.body).toEqual({ node: { id, kind: 'Department', version: 2, properties: { name: 'Ny afdeling' } } });
  });

  it('when a property is invalid, unknown or a required one is removed then 400 naming the field and nothing changes', async () => {
    const id = uid('net');
    await create(network(id));
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { status: 'måske' },
        'properties.status',
        'The field "properties.status" must be one of afsluttet, i gang, afventer, under omdefinering.',
      ],
      [{ colour: 'grøn' }, 'properties.colour', 'Unknown field "properties.colour".'],
      [{ name: null }, 'properties.name', 'The field "properties.name" is required, so it cannot be removed.'],
      [
        { startedAt: '2014-10' },
        'properties.startedAt',
        'The field "properties.startedAt" must be a date as YYYY-MM-DD.',
      ],
      // Phases come from a fixed list: not even a known other spelling is taken.
      [
        { phase: 'Opdagelses og idefase' },
        'properties.phase',
        'The field "properties.phase" must be one of the phases "opdagelsesfasen", "fokuseringsfasen", "den interne fase", "den eksterne fase", "forankringsfasen".',
      ],
    ];
    for (const [properties, field, message] of cases) {
      const res = await call(endpoints.updateNode, `/api/nodes/${id}`, { body: { version: 1, properties } });
      expect(res).toEqual({ status: 400, body: { error: { code: 'validation', message, details: { field } } } });
    }
    const { body } = await getJson(app, `/api/nodes/${id}`, endpoints.node);
    expect(body.node.version).toBe(1);
    expect(await changesOf(id)).toBe(1);
  });

  it('when the node does not exist then 404', async () => {
    const id = uid('none');
    const res = await call(endpoints.updateNode, `/api/nodes/${id}`, {
      body: { version: 1, properties: { name: 'X' } },
    });
    expect(res).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: `There is no node with id "${id}".` } },
    });
  });

  it('when 50 PATCHes from two coordinators race on one network, retrying on 409, then each version 2..51 is won once and no marker is lost', async () => {
    const second = await signIn(app, 'coordinator');
    const id = uid('race');
    await create(network(id, { remarks: 'start' }));
    const markers = Array.from({ length: 50 }, (_, i) => `markør ${String(i).padStart(2, '0')}`);
    const won: number[] = [];
    let conflicts = 0;

    // Each PATCH appends its own marker to the remarks it last saw: an update that overwrote
    // another (a lost update) would leave that one's marker out of the final text.
    async function append(cookie: string, marker: string) {
      let version = 1;
      let remarks = 'start';
      for (let attempt = 0; attempt < 100; attempt++) {
        const res = await call(endpoints.updateNode, `/api/nodes/${id}`, {
          cookie,
          body: { version, properties: { remarks: `${remarks}\n${marker}` } },
        });
        if (res.status === 200) {
          won.push(res.body.node.version);
          return;
        }
        // 503 busy is what a loaded server may answer 50 writes at once (after Retry-After, tried again), never a lost update.
        if (res.status === 503 && res.body.error.code === 'busy') continue;
        expect(res.status).toBe(409);
        conflicts++;
        ({ version } = res.body.error.details.current);
        remarks = res.body.error.details.current.properties.remarks;
      }
      throw new Error(`${marker} never got its turn`);
    }
    await Promise.all(markers.map((m, i) => append(i % 2 ? second : coordinator, m)));

    expect(won.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect(conflicts).toBeGreaterThanOrEqual(49);
    const { body } = await getJson(app, `/api/nodes/${id}`, endpoints.node);
    expect(body.node.version).toBe(51);
    const [first, ...rest] = String(body.node.properties.remarks).split('\n');
    expect(first).toBe('start');
    expect(rest.sort()).toEqual(markers);

    const history = await getJson(app, `/api/nodes/${id}/history?limit=500`, endpoints.nodeHistory);
    const updates = history.body.changes.filter((c: { action: string }) => c.action === 'update');
    expect(updates).toHaveLength(50);
    expect(updates.map((c: { after: { version: number } }) => c.after.version)).toEqual(
      Array.from({ length: 50 }, (_, i) => 51 - i),
    );
    expect(history.body.changes.map((c: { action: string }) => c.action)).toEqual([
      ...Array(50).fill('update'),
      'create',
    ]);
  }, 120_000);
});

describe('DELETE /api/nodes/:id', () => {
  it('when a coordinator deletes a node at its current version then 204 and it is gone with its relations', async () => {
    const [p, n] = [uid('p'), uid('net')];
    await create(person(p));
    await create(network(n));
    expect(
      (await call(endpoints.createRelation, '/api/relations', { body: { type: 'LEADS', source: p, target: n } }))
        .status,
    ).toBe(201);
    const res = await call(endpoints.deleteNode, `/api/nodes/${n}?version=1`);
    expect(res).toEqual({ status: 204, body: null });
    expect((await getJson(app, `/api/nodes/${n}`)).status).toBe(404);
    expect((await getJson(app, `/api/nodes/${p}`, endpoints.node)).body.relations).toEqual({});
  });

  it('when the version is stale then 409 with the current node and it stays', async () => {
    const id = uid('net');
    await create(network(id));
    const v2 = await call(endpoints.updateNode, `/api/nodes/${id}`, {
      body: { version: 1, properties: { theme: 'Ny' } },
    });
    const res = await call(endpoints.deleteNode, `/api/nodes/${id}?version=1`);
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ current: v2.body.node });
    expect(await nodesWithId(id)).toBe(1);
  });

  it('when the version is missing then 400 naming it', async () => {
    const id = uid('net');
    await create(network(id));
    const res = await call(endpoints.deleteNode, `/api/nodes/${id}`);
    expect(res).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'The query parameter "version" is required.',
          details: { field: 'version' },
        },
      },
    });
    expect(await nodesWithId(id)).toBe(1);
  });
});

describe('relations', () => {
  it('when a coordinator creates, changes and deletes a LEADS relation then each answer is the relation and its version moves on', async () => {
    const [p, n] = [uid('p'), uid('net')];
    await create(person(p));
    await create(network(n));
    const rid = `${p}|LEADS|${n}`;
    const made = await call(endpoints.createRelation, '/api/relations', {
      body: { type: 'LEADS', source: p, target: n, properties: { since: '2014-01-01' } },
    });
    expect(made).toEqual({
      status: 201,
      body: {
        relation: { id: rid, type: 'LEADS', source: p, target: n, version: 1, properties: { since: '2014-01-01' } },
      },
    });
    expect((await getJson(app, `/api/nodes/${p}`, endpoints.node)).body.relations).toEqual({
      LEADS: [
        {
          direction: 'out',
          node: { id: n, kind: 'Network', name: `Netværk ${n}` },
          version: 1,
          properties: { since: '2014-01-01' },
        },
      ],
    });

    const path = `/api/relations/${encodeURIComponent(rid)}`;
    const changed = await call(endpoints.updateRelation, path, {
      body: { version: 1, properties: { since: '2014-01-01', until: '2014-12-31' } },
    });
    expect(changed).toEqual({
      status: 200,
      body: {
        relation: {
          id: rid,
          type: 'LEADS',
          source: p,
          target: n,
          version: 2,
          properties: { since: '2014-01-01', until: '2014-12-31' },
        },
      },
    });
    // The properties are replaced: a key left out is removed.
    const trimmed = await call(endpoints.updateRelation, path, {
      body: { version: 2, properties: { until: '2014-12-31' } },
    });
    expect(trimmed.body.relation).toEqual({
      id: rid,
      type: 'LEADS',
      source: p,
      target: n,
      version: 3,
      properties: { until: '2014-12-31' },
    });

    const stale = await call(endpoints.deleteRelation, `${path}?version=2`);
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toEqual({ current: trimmed.body.relation });
    expect(await call(endpoints.deleteRelation, `${path}?version=3`)).toEqual({ status: 204, body: null });
    expect((await getJson(app, `/api/nodes/${p}`, endpoints.node)).body.relations).toEqual({});
    expect(await call(endpoints.deleteRelation, `${path}?version=3`)).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: `There is no relation "${rid}".` } },
    });
  });

  it('when the same relation is created again then the same answer and one relation; with other properties 409', async () => {
    const [a, b] = [uid('p'), uid('p')];
    await create(person(a));
    await create(person(b));
    const body = { type: 'KNOWS', source: a, target: b, properties: { since: '2014-03-01' } };
    const first = await call(endpoints.createRelation, '/api/relations', { body });
    const again = await call(endpoints.createRelation, '/api/relations', { body });
    expect(again).toEqual(first);
    expect(await count('MATCH (:Entity {id: $a})-[r:KNOWS]->(:Entity {id: $b}) RETURN count(r) AS n', { a, b })).toBe(
      1,
    );

    const other = await call(endpoints.createRelation, '/api/relations', {
      body: { ...body, properties: { since: '2015-03-01' } },
    });
    expect(other).toEqual({
      status: 409,
      body: {
        error: {
          code: 'conflict',
          message: `The relation "${a}|KNOWS|${b}" already exists with other properties.`,
          details: { current: first.body.relation },
        },
      },
    });
  });

  it('when the stale version of a relation is sent then 409 with the current relation', async () => {
    const [p, n] = [uid('p'), uid('net')];
    await create(person(p));
    await create(network(n));
    const made = await call(endpoints.createRelation, '/api/relations', {
      body: { type: 'PARTICIPATES_IN', source: p, target: n },
    });
    const path = `/api/relations/${encodeURIComponent(made.body.relation.id)}`;
    const v2 = await call(endpoints.updateRelation, path, {
      body: { version: 1, properties: { since: '2014-02-01' } },
    });
    const res = await call(endpoints.updateRelation, path, {
      body: { version: 1, properties: { since: '2014-03-01' } },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ current: v2.body.relation });
  });

  it('when a relation of older data has no version then it counts as version 1', async () => {
    const [a, b] = [uid('p'), uid('p')];
    await app.db.write("CREATE (:Entity:Person {id: $a, name: 'A'})-[:KNOWS]->(:Entity:Person {id: $b, name: 'B'})", {
      a,
      b,
    });
    const res = await call(endpoints.updateRelation, `/api/relations/${encodeURIComponent(`${a}|KNOWS|${b}`)}`, {
      body: { version: 1, properties: { since: '2014-05-01' } },
    });
    expect(res.body.relation).toEqual({
      id: `${a}|KNOWS|${b}`,
      type: 'KNOWS',
      source: a,
      target: b,
      version: 2,
      properties: { since: '2014-05-01' },
    });
  });

  it('when the rules forbid the relation then 400 says which kinds it joins and nothing is written', async () => {
    const [p, n] = [uid('p'), uid('net')];
    await create(person(p));
    await create(network(n));
    const res = await call(endpoints.createRelation, '/api/relations', {
      body: { type: 'LEADS', source: n, target: p },
    });
    expect(res).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'A LEADS relation goes from a Person to a Network.',
          details: { field: 'source' },
        },
      },
    });
    const spawned = await call(endpoints.createRelation, '/api/relations', {
      body: { type: 'SPAWNED', source: n, target: p },
    });
    expect(spawned.body.error.message).toBe('A SPAWNED relation goes from a Network to a Project or a Network.');
    expect(await count('MATCH (:Entity {id: $p})-[r]-() RETURN count(r) AS n', { p })).toBe(0);
  });

  it('when until is before since then 400 naming until', async () => {
    const [p, n] = [uid('p'), uid('net')];
    await create(person(p));
    await create(network(n));
    const res = await call(endpoints.createRelation, '/api/relations', {
      body: { type: 'LEADS', source: p, target: n, properties: { since: '2014-06-01', until: '2014-01-01' } },
    });
    expect(res).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'The field "properties.until" must not be before since.',
          details: { field: 'properties.until' },
        },
      },
    });
  });

  it('when an end does not exist then 404 naming it', async () => {
    const p = uid('p');
    const missing = uid('none');
    await create(person(p));
    const res = await call(endpoints.createRelation, '/api/relations', {
      body: { type: 'WORKS_IN', source: p, target: missing },
    });
    expect(res).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: `There is no node with id "${missing}".` } },
    });
  });

  it('when KNOWS names its network by via then that network must exist', async () => {
    const [a, b, n] = [uid('p'), uid('p'), uid('net')];
    await create(person(a));
    await create(person(b));
    await create(network(n));
    const bad = await call(endpoints.createRelation, '/api/relations', {
      body: { type: 'KNOWS', source: a, target: b, properties: { via: a } },
    });
    expect(bad).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'The field "properties.via" must be the id of an existing network.',
          details: { field: 'properties.via' },
        },
      },
    });
    const good = await call(endpoints.createRelation, '/api/relations', {
      body: { type: 'KNOWS', source: a, target: b, properties: { via: n } },
    });
    expect(good.body.relation).toEqual({
      id: `${a}|KNOWS|${b}`,
      type: 'KNOWS',
      source: a,
      target: b,
      version: 1,
      properties: { via: n },
    });
    const wrongType = await call(endpoints.createRelation, '/api/relations', {
      body: { type: 'LEADS', source: a, target: n, properties: { via: n } },
    });
    expect(wrongType.body.error).toEqual({
      code: 'validation',
      message: 'The field "properties.via" is only for KNOWS relations.',
      details: { field: 'properties.via' },
    });
  });

  it('when a relation id is not source|TYPE|target then 400 naming id', async () => {
    const res = await call(endpoints.updateRelation, `/api/relations/${encodeURIComponent('a|LIKES|b')}`, {
      body: { version: 1, properties: {} },
    });
    expect(res).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'The path parameter "id" must be a relation id: source|TYPE|target.',
          details: { field: 'id' },
        },
      },
    });
  });
});

describe('CPR-like text', () => {
  const refused = (field: string) => ({
    status: 400,
    body: { error: { code: 'validation', message: cprSentence(field), details: { field, reason: 'cpr' } } },
  });

  it.each([
    ['a title', { title: '0101901234' }, 'properties.title'],
    ['a title with a dash', { title: 'Borger 010190-1234' }, 'properties.title'],
    ['a phone', { phone: '0101901234' }, 'properties.phone'],
    ['an email', { email: '010190-1234@albertslund.dk' }, 'properties.email'],
  ])(
    'when a person is created with a CPR number in %s then 400 and nothing is written',
    async (_what, properties, field) => {
      const id = uid('p');
      expect(await call(endpoints.createNode, '/api/nodes', { body: person(id, properties) })).toEqual(refused(field));
      expect(await nodesWithId(id)).toBe(0);
      expect(await changesOf(id)).toBe(0);
    },
  );

  it('when a network is created with a CPR number in its remarks or its id then 400 and nothing is written', async () => {
    const id = uid('net');
    expect(
      await call(endpoints.createNode, '/api/nodes', {
        body: network(id, { remarks: 'Sagen om 010190-1234 i 2014-10.' }),
      }),
    ).toEqual(refused('properties.remarks'));
    expect(await nodesWithId(id)).toBe(0);
    expect(
      await call(endpoints.createNode, '/api/nodes', {
        body: { ...network('010190-1234'), properties: { name: 'Netværk', kind: 'velfaerd', status: 'i gang' } },
      }),
    ).toEqual(refused('id'));
    expect(await nodesWithId('010190-1234')).toBe(0);
  });

  it('when a node is changed to hold a CPR number then 400 and it keeps its version and history', async () => {
    const id = uid('p');
    await create(person(id, { title: 'Konsulent' }));
    expect(
      await call(endpoints.updateNode, `/api/nodes/${id}`, {
        body: { version: 1, properties: { title: 'CPR 0101901234' } },
      }),
    ).toEqual(refused('properties.title'));
    const { body } = await getJson(app, `/api/nodes/${id}`, endpoints.node);
    expect(body.node).toEqual({
      id,
      kind: 'Person',
      name: `Person ${id}`,
      version: 1,
      properties: { name: `Person ${id}`, title: 'Konsulent' },
    });
    expect(await changesOf(id)).toBe(1);
  });

  it('when a relation wording holds a CPR number then 400 and no relation is written', async () => {
    const [p, t] = [uid('p'), uid('tr')];
    await create(person(p));
    await create({ id: t, kind: 'Training', properties: { name: `Kursus ${t}` } });
    const res = await call(endpoints.createRelation, '/api/relations', {
      body: { type: 'COMPLETED', source: p, target: t, properties: { wording: 'har gennemgået 0101901234' } },
    });
    expect(res).toEqual(refused('properties.wording'));
    expect(await count('MATCH (:Entity {id: $p})-[r]-() RETURN count(r) AS n', { p })).toBe(0);
  });

  it('when text has a year and month or a phone number then it is saved', async () => {
    const id = uid('p');
    const node = await create(
      person(id, { title: 'Konsulent siden 2014-10', phone: '+45 43 68 68 68', email: 'a.b@albertslund.dk' }),
    );
    expect(node.properties).toEqual({
      name: `Person ${id}`,
      title: 'Konsulent siden 2014-10',
      phone: '+45 43 68 68 68',
      email: 'a.b@albertslund.dk',
    });
  });
});

describe('who may edit', () => {
  type Ids = { a: string; b: string };
  const knows = ({ a, b }: Ids) => `/api/relations/${encodeURIComponent(`${a}|KNOWS|${b}`)}`;
  const cases: [string, string, (ids: Ids) => string, (ids: Ids) => unknown][] = [
    ['POST', 'createNode', () => '/api/nodes', () => ({ id: 'x-auth', kind: 'Department', properties: { name: 'X' } })],
    ['PATCH', 'updateNode', ({ a }) => `/api/nodes/${a}`, () => ({ version: 1, properties: { name: 'Ændret' } })],
    ['DELETE', 'deleteNode', ({ a }) => `/api/nodes/${a}?version=1`, () => undefined],
    ['POST', 'createRelation', () => '/api/relations', ({ a, b }) => ({ type: 'KNOWS', source: b, target: a })],
    ['PATCH', 'updateRelation', knows, () => ({ version: 1, properties: { since: '2014-01-01' } })],
    ['DELETE', 'deleteRelation', (ids) => `${knows(ids)}?version=1`, () => undefined],
    ['POST', 'undo', ({ a }) => `/api/nodes/${a}/undo`, () => undefined],
  ];

  it.each(cases)(
    'when a reader sends %s (%s) then 403, without a session 401, and nothing changes',
    async (method, _name, path, body) => {
      const ids = { a: uid('p'), b: uid('p') };
      const { a, b } = ids;
      await create(person(a));
      await create(person(b));
      await call(endpoints.createRelation, '/api/relations', { body: { type: 'KNOWS', source: a, target: b } });
      const payload = body(ids);

      const asReader = await send(app, method, path(ids), { body: payload, cookie: reader });
      expect(asReader).toEqual({
        status: 403,
        body: { error: { code: 'forbidden', message: 'This needs the coordinator role, which you do not have.' } },
      });
      const anonymous = await send(app, method, path(ids), { body: payload });
      expect(anonymous).toEqual({
        status: 401,
        body: { error: { code: 'unauthenticated', message: 'Sign in to do this.' } },
      });

      expect(await changesOf(a)).toBe(1);
      expect(await changesOf(`${a}|KNOWS|${b}`)).toBe(1);
      expect(await count('MATCH (:Entity {id: $a})-[r]-() RETURN count(r) AS n', { a })).toBe(1);
      expect((await getJson(app, `/api/nodes/${a}`, endpoints.node)).body.node).toEqual({
        id: a,
        kind: 'Person',
        name: `Person ${a}`,
        version: 1,
        properties: { name: `Person ${a}` },
      });
      expect(await nodesWithId('x-auth')).toBe(0);
    },
  );
});
