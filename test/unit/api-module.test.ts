import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { sessionEndpoints } from '../../api/auth.js';
import type { EditedNode, EditedRelation } from '../../api/edit.js';
import { type Endpoint, endpoints } from '../../api/endpoints.js';
import type { SearchResponse } from '../../api/explore.js';
import { ApiError, createApi } from '../../client/src/lib/api.js';
import { freePort } from '../net.js';
import { signIn, startApp, uid, type RunningApp } from '../helpers.js';

// The client's API module against the real server: one calling style for every endpoint, answers
// parsed, errors typed by status as api/errors.ts declares them.
describe('client API module', () => {
  let app: RunningApp;
  let coordinator: string;
  let admin: string;
  beforeAll(async () => {
    app = await startApp();
    [coordinator, admin] = await Promise.all([signIn(app, 'coordinator'), signIn(app, 'admin')]);
  });
  afterAll(() => app.close());

  /** The module as a signed-in page of Ringe's own would use it (Node's fetch keeps no cookies and sends no Origin). */
  const signedIn = (cookie: string) =>
    createApi(app.url, (url, init) =>
      fetch(url, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), cookie, origin: app.url } }),
    );
  /** What was thrown, to look at as a whole. */
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected a failure');
      },
      (e: unknown) => e,
    );

  it('when a node is asked for then the parsed contact card comes back', async () => {
    const api = createApi(app.url);
    const node = await api.call('node', { id: 'carina-kofoed' });
    expect(node.card).toMatchObject({
      name: 'Carina Kofoed',
      title: 'Administrativ koordinator',
      email: 'carina.kofoed@albertslund.dk',
    });
  });

  it('when lists, numbers and empty values are given then the query string carries only what is set, in the declared order', async () => {
    const seen: string[] = [];
    const api = createApi(app.url, (url, init) => {
      seen.push(String(url));
      return fetch(url, init);
    });
    await api.call('search', { limit: 5, kinds: ['Person', 'Network'], q: 'kofoed' });
    await api.call('contacts', { topic: 'frivillig', from: undefined });
    await api.call('departments');
    expect(seen).toEqual([
      `${app.url}/api/search?q=kofoed&kinds=Person%2CNetwork&limit=5`,
      `${app.url}/api/contacts?topic=frivillig`,
      `${app.url}/api/departments`,
    ]);
  });

  it('when an address is asked for then path parameters are filled in and encoded and query parameters appended', () => {
    const api = createApi('https://ringe.example');
    expect([
      api.href('exportCsv', { kind: 'relations' }),
      api.href('exportJson'),
      api.href('signIn', { returnTo: '/?view=network&id=a b' }),
      api.href('node', { id: 'a:b', at: '2020-01-01' }),
    ]).toEqual([
      'https://ringe.example/api/export/csv/relations',
      'https://ringe.example/api/export/json',
      'https://ringe.example/api/auth/sign-in?returnTo=%2F%3Fview%3Dnetwork%26id%3Da+b',
      'https://ringe.example/api/nodes/a%3Ab?at=2020-01-01',
    ]);
  });

  it('when a node is created, changed from a stale version and deleted then the 409 carries the current node and the delete answers null', async () => {
    const api = signedIn(coordinator);
    const id = uid('api-module');
    const created = await api.call('createNode', { id, kind: 'Training', properties: { name: 'Kursus' } });
    const changed = await api.call('updateNode', { id, version: 1, properties: { name: 'Kursus 2' } });
    const stale = await failure(api.call('updateNode', { id, version: 1, properties: { name: 'Kursus 3' } }));
    expect(stale).toBeInstanceOf(Error);
    if (!(stale instanceof ApiError) || stale.status !== 409) throw new Error(`not a 409: ${String(stale)}`);
    expect({ code: stale.code, current: stale.current }).toEqual({ code: 'conflict', current: changed.node });
    expect(created.node).toEqual({ id, kind: 'Training', version: 1, properties: { name: 'Kursus' } });
    expect(await api.call('deleteNode', { id, version: 2 })).toBeNull();
  });

  it('when a relation is created and changed then its id travels as one encoded path parameter', async () => {
    const api = signedIn(coordinator);
    const [a, b] = [uid('api-a'), uid('api-b')];
    await api.call('createNode', { id: a, kind: 'Person', properties: { name: 'A' } });
    await api.call('createNode', { id: b, kind: 'Person', properties: { name: 'B' } });
    const { relation } = await api.call('createRelation', { type: 'KNOWS', source: a, target: b });
    const changed = await api.call('updateRelation', {
      id: relation.id,
      version: relation.version,
      properties: { since: '2020-05-01' },
    });
    expect(changed.relation).toEqual({ ...relation, version: 2, properties: { since: '2020-05-01' } });
  });

  it('when the server answers 404 then the ApiError has its status, code and message', async () => {
    const e = await failure(createApi(app.url).call('node', { id: 'no-such-id' }));
    if (!(e instanceof ApiError)) throw new Error(`not an ApiError: ${String(e)}`);
    expect(e).toBeInstanceOf(Error);
    expect({ ...e, message: e.message }).toEqual({
      name: 'ApiError',
      status: 404,
      code: 'not_found',
      message: 'There is no node with id "no-such-id".',
      requestId: expect.any(String),
    });
  });

  it('when a parameter is bad then the ApiError names the field', async () => {
    const e = await failure(createApi(app.url).call('rings', { id: 'carina-kofoed', depth: 9 }));
    if (!(e instanceof ApiError) || e.status !== 400) throw new Error(`not a 400: ${String(e)}`);
    expect([e.code, e.field]).toEqual(['validation', 'depth']);
  });

  it('when a CSV file is sent then it goes as text/csv, and a file the server refuses gives its problem as a code', async () => {
    const api = signedIn(admin);
    const id = uid('api-csv');
    const plan = await api.call('importCsv', { kind: 'Training', dryRun: true, body: `id;name\n${id};Kursus\n` });
    expect([plan.dryRun, plan.rows, plan.created.map((c) => c.id)]).toEqual([true, 1, [id]]);
    const e = await failure(api.call('importCsv', { kind: 'Training', dryRun: true, body: 'id;colour\nx;red\n' }));
    if (!(e instanceof ApiError) || e.status !== 400) throw new Error(`not a 400: ${String(e)}`);
    expect([e.code, e.problem?.code, e.line, e.column]).toEqual(['validation', 'unknownColumn', 1, 'colour']);
  });

  it('when signing in and out through the module then the server says who is signed in', async () => {
    let cookie = '';
    const api = createApi(app.url, async (url, init) => {
      const res = await fetch(url, {
        ...init,
        headers: { ...Object.fromEntries(new Headers(init?.headers)), cookie, origin: app.url },
      });
      cookie = res.headers.getSetCookie()[0]?.split(';')[0] ?? cookie;
      return res;
    });
    const { user } = await api.call('devSignIn', { role: 'coordinator' });
    expect((await api.call('me')).user).toEqual(user);
    expect(await api.call('signOut')).toBeNull();
    expect((await api.call('me')).user).toBeNull();
  });

  it('when the server cannot be reached then the ApiError says offline', async () => {
    const api = createApi(`http://127.0.0.1:${await freePort()}`);
    await expect(api.call('departments')).rejects.toMatchObject({ status: 0, code: 'offline' });
  });

  it('when an error answer is not one the API declares then the ApiError says http with the status it had', async () => {
    const api = createApi(app.url, async () => new Response('<h1>Bad gateway</h1>', { status: 502 }));
    await expect(api.call('departments')).rejects.toMatchObject({ status: 0, code: 'http', httpStatus: 502 });
  });

  it('when an answer does not have the agreed shape then the ApiError says so instead of passing it on', async () => {
    const api = createApi(
      app.url,
      async () => new Response(JSON.stringify({ q: 'x', hits: [{ id: 1 }] }), { status: 200 }),
    );
    await expect(api.call('search', { q: 'x' })).rejects.toMatchObject({ status: 0, code: 'schema', httpStatus: 200 });
  });

  it('when any endpoint is called with one object then no name is both a path, a query and a body field', () => {
    const overlaps = Object.entries({ ...endpoints, ...sessionEndpoints }).flatMap(([name, e]: [string, Endpoint]) => {
      const fields = (s: z.core.$ZodType | undefined): string[] =>
        s instanceof z.ZodObject
          ? Object.keys(s.shape)
          : s instanceof z.ZodDiscriminatedUnion
            ? [...new Set(s.options.flatMap((o) => fields(o)))]
            : [];
      const body = e.requestType ? ['body'] : fields(e.body);
      const names = [...Object.keys(e.params?.shape ?? {}), ...Object.keys(e.query?.shape ?? {}), ...body];
      return names.filter((n, i) => names.indexOf(n) !== i).map((n) => `${name}.${n}`);
    });
    expect(overlaps).toEqual([]);
  });
});

/**
 * What the types accept and refuse: checked by TypeScript (tsc in npm run check), never run. Each
 * @ts-expect-error fails the check when the call it marks is accepted.
 */
async function typeChecks(api: ReturnType<typeof createApi>, e: unknown): Promise<void> {
  expectTypeOf(await api.call('search', { q: 'x' })).toEqualTypeOf<SearchResponse>();
  expectTypeOf(await api.call('deleteNode', { id: 'a', version: 1 })).toEqualTypeOf<null>();
  // @ts-expect-error q is required
  await api.call('search', {});
  // @ts-expect-error kinds are the API's kinds
  await api.call('search', { q: 'x', kinds: ['Bogus'] });
  // @ts-expect-error depth is a number
  await api.call('rings', { id: 'a', depth: '2' });
  // @ts-expect-error a field the endpoint does not declare
  await api.call('updateNode', { id: 'a', version: 1, properties: {}, colour: 'red' });
  // @ts-expect-error a CSV file goes as its text, in body
  await api.call('importCsv', { kind: 'Person', dryRun: true });
  // @ts-expect-error only GET endpoints have addresses
  api.href('deleteNode', { id: 'a', version: 1 });
  if (e instanceof ApiError && e.status === 409)
    expectTypeOf(e.current).toEqualTypeOf<EditedNode | EditedRelation | undefined>();
  if (e instanceof ApiError && e.status === 400) expectTypeOf(e.field).toEqualTypeOf<string | undefined>();
  // @ts-expect-error a 404 names no field
  if (e instanceof ApiError && e.status === 404) expectTypeOf(e.field).toBeString();
}

describe('client API module types', () => {
  it('when a call does not fit its endpoint then TypeScript refuses it (checked by tsc, see typeChecks)', () => {
    expectTypeOf(typeChecks).parameter(0).toEqualTypeOf<ReturnType<typeof createApi>>();
  });
});
