import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import { getJson, send, signIn, startApp, type RunningApp } from './helpers.js';

describe('development sign-in and sessions', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when nobody is signed in then /api/auth/me says so and how signing in works', async () => {
    expect(await getJson(app, '/api/auth/me', endpoints.me)).toEqual({
      status: 200,
      body: { user: null, signIn: 'development', readRequiresSignIn: false, person: null },
    });
  });

  it('when a coordinator signs in then the session cookie is HttpOnly and SameSite, and me names the demo user', async () => {
    const res = await fetch(`${app.url}/api/auth/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({ role: 'coordinator' }),
    });
    const setCookie = res.headers.getSetCookie()[0]!;
    expect(setCookie).toMatch(/^ringe_session=[\w-]{43}; Max-Age=43200; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/);
    const cookie = setCookie.split(';')[0]!;
    expect((await send(app, 'GET', '/api/auth/me', { cookie })).body.user).toEqual({
      sub: 'dev:coordinator',
      name: 'Demo-koordinator (udvikling)',
      roles: ['reader', 'coordinator'],
    });
  });

  it('when a reader signs in with a work e-mail then the demo user has a sub of its own naming the e-mail, lower case', async () => {
    const user = {
      sub: 'dev:reader:ida.holm@example.dk',
      name: 'Demo-læser (udvikling)',
      roles: ['reader'],
      email: 'ida.holm@example.dk',
    };
    expect(
      await send(app, 'POST', '/api/auth/dev/sign-in', { body: { role: 'reader', email: 'Ida.Holm@Example.DK' } }),
    ).toEqual({
      status: 200,
      body: { user },
    });
    const cookie = await signIn(app, 'reader', 'Ida.Holm@Example.DK');
    expect((await send(app, 'GET', '/api/auth/me', { cookie })).body).toEqual({
      user,
      signIn: 'development',
      readRequiresSignIn: false,
      person: null,
    });
  });

  it('when the e-mail is not an address then 400 names the field', async () => {
    expect(await send(app, 'POST', '/api/auth/dev/sign-in', { body: { role: 'reader', email: 'ida' } })).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'The field "email" must be a work e-mail address.',
          details: { field: 'email' },
        },
      },
    });
  });

  it('when signed out then the same cookie no longer works', async () => {
    const cookie = await signIn(app, 'reader');
    expect((await send(app, 'POST', '/api/auth/sign-out', { cookie })).status).toBe(204);
    expect((await send(app, 'GET', '/api/auth/me', { cookie })).body.user).toBeNull();
  });

  it('when a state-changing request comes from another origin then it is refused', async () => {
    const cookie = await signIn(app, 'reader');
    expect(await send(app, 'POST', '/api/auth/sign-out', { cookie, origin: 'https://evil.example' })).toEqual({
      status: 403,
      body: {
        error: { code: 'bad_origin', message: 'This request did not come from Ringe itself, so it was refused.' },
      },
    });
    expect((await send(app, 'GET', '/api/auth/me', { cookie })).body.user).not.toBeNull();
  });

  it('when the role is not one of the three then 400 names the field', async () => {
    expect(await send(app, 'POST', '/api/auth/dev/sign-in', { body: { role: 'root' } })).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'The field "role" must be reader, coordinator or admin.',
          details: { field: 'role' },
        },
      },
    });
  });
});
