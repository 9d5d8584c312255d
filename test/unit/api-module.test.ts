import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createApi } from '../../client/src/lib/api.js';
import { freePort } from '../net.js';
import { startApp, type RunningApp } from '../helpers.js';

// The client's API module against the real server: answers parsed, errors made plain.
describe('client API module', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when a node is asked for then the parsed contact card comes back', async () => {
    const api = createApi(app.url);
    const node = await api.node('carina-kofoed');
    expect(node.card).toMatchObject({
      name: 'Carina Kofoed',
      title: 'Administrativ koordinator',
      email: 'carina.kofoed@albertslund.dk',
    });
  });

  it('when lists and empty values are given then the query string carries only what is set', async () => {
    const seen: string[] = [];
    const api = createApi(app.url, (url, init) => {
      seen.push(String(url));
      return fetch(url, init);
    });
    await api.search('kofoed', { kinds: ['Person', 'Network'], limit: 5 });
    await api.contacts('frivillig', { from: undefined });
    expect(seen).toEqual([
      `${app.url}/api/search?q=kofoed&kinds=Person%2CNetwork&limit=5`,
      `${app.url}/api/contacts?topic=frivillig`,
    ]);
  });

  it('when the server answers 404 then an ApiError says not_found with the message', async () => {
    const api = createApi(app.url);
    await expect(api.node('no-such-id')).rejects.toEqual(
      new ApiError(404, 'not_found', 'There is no node with id "no-such-id".'),
    );
  });

  it('when a parameter is bad then the ApiError names the field', async () => {
    const api = createApi(app.url);
    const err = (await api.rings('carina-kofoed', { depth: 9 }).then(
      () => null,
      (e: unknown) => e,
    )) as ApiError;
    expect([err.status, err.code, err.field]).toEqual([400, 'validation', 'depth']);
  });

  it('when the server cannot be reached then the ApiError says offline', async () => {
    const api = createApi(`http://127.0.0.1:${await freePort()}`);
    await expect(api.departments()).rejects.toMatchObject({ status: 0, code: 'offline' });
  });

  it('when an answer does not have the agreed shape then the ApiError says so instead of passing it on', async () => {
    const api = createApi(
      app.url,
      async () => new Response(JSON.stringify({ q: 'x', hits: [{ id: 1 }] }), { status: 200 }),
    );
    await expect(api.search('x')).rejects.toMatchObject({ code: 'schema' });
  });
});
