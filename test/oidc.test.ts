import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import { LOGIN_COOKIE, OidcDiscoveryError, principalFromClaims, safeReturnTo } from '../server/auth/oidc.js';
import { connectAuth } from '../server/auth/settings.js';
import { loadConfig } from '../server/common/config.js';
import type { Db } from '../server/common/db/index.js';
import { getJson, send, startApp, testDb, uid, type RunningApp } from './helpers.js';
import { startTestProvider, TestBrowser, type TestProvider } from './oidc-provider.js';
import { bindQueries } from '../server/common/queries.js';

type Account = keyof TestProvider['accounts'];
const log = pino({ level: 'silent' });
const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');

describe('mapping ID token claims to a principal', () => {
  const m = { rolesClaim: 'groups', coordinatorGroups: ['koord'], adminGroups: ['adm'] };

  it('when claims carry sub, name, a verified email and no groups then the user is a reader known by sub, never by email, with the email beside', () => {
    expect(principalFromClaims({ sub: 's1', name: 'Ida', email: 'Ida@Example.dk', email_verified: true }, m)).toEqual({
      sub: 's1',
      name: 'Ida',
      roles: ['reader'],
      email: 'ida@example.dk',
    });
  });

  it('when the email is not verified, or only preferred_username or upn outside Entra ID carries an address, then there is no email', () => {
    for (const claims of [
      { sub: 's', name: 'Ole', email: 'ole@x.dk' },
      { sub: 's', name: 'Ole', email: 'ole@x.dk', email_verified: 'true' },
      { sub: 's', name: 'Ole', email: 'ole@x.dk', email_verified: false, preferred_username: 'ole@x.dk' },
      { sub: 's', name: 'Ole', upn: 'ole@x.dk', preferred_username: 'ole@x.dk' },
      { sub: 's', name: 'Ole', oid: 'o', upn: 'ole@x.dk' },
      { sub: 's', name: 'Ole', email: 'nope', email_verified: true },
    ]) {
      expect(principalFromClaims(claims, m)).toEqual({ sub: 's', name: 'Ole', roles: ['reader'] });
    }
  });

  it('when Entra ID claims tid and oid are both there then the subject is tid:oid, the name falls back to preferred_username, and the email is upn, never preferred_username', () => {
    expect(
      principalFromClaims(
        { sub: 'pairwise', tid: 't', oid: 'o', preferred_username: 'ida@x.dk', upn: 'Ida.Holm@X.dk', email: 'i@y.dk' },
        m,
      ),
    ).toEqual({
      sub: 't:o',
      name: 'ida@x.dk',
      roles: ['reader'],
      email: 'ida.holm@x.dk',
    });
    expect(principalFromClaims({ sub: 'pairwise', tid: 't', oid: 'o', preferred_username: 'ida@x.dk' }, m)).toEqual({
      sub: 't:o',
      name: 'ida@x.dk',
      roles: ['reader'],
    });
    expect(
      principalFromClaims(
        { sub: 'p', tid: 't', oid: 'o', upn: 'not an address', email: 'i@y.dk', email_verified: true },
        m,
      ).email,
    ).toBe('i@y.dk');
    expect(principalFromClaims({ sub: 'pairwise', oid: 'o' }, m).sub).toBe('pairwise');
  });

  it('when the roles claim is a string, an array, or a dotted path then its groups give coordinator, and admin gives both', () => {
    expect(principalFromClaims({ sub: 's', groups: 'koord' }, m).roles).toEqual(['reader', 'coordinator']);
    expect(principalFromClaims({ sub: 's', groups: ['x', 'adm'] }, m).roles).toEqual([
      'reader',
      'coordinator',
      'admin',
    ]);
    expect(
      principalFromClaims({ sub: 's', realm_access: { roles: ['koord'] } }, { ...m, rolesClaim: 'realm_access.roles' })
        .roles,
    ).toEqual(['reader', 'coordinator']);
    expect(principalFromClaims({ sub: 's', groups: 'koord adm' }, m).roles).toEqual(['reader']);
  });

  it('when an admin has granted roles then they are merged with the claim roles', () => {
    expect(principalFromClaims({ sub: 's' }, m, ['coordinator']).roles).toEqual(['reader', 'coordinator']);
    expect(principalFromClaims({ sub: 's', groups: ['koord'] }, m, ['admin']).roles).toEqual([
      'reader',
      'coordinator',
      'admin',
    ]);
  });

  it('when returnTo is anything but a path on this site then it becomes /', () => {
    expect(safeReturnTo('/networks?kind=laering#top')).toBe('/networks?kind=laering#top');
    for (const bad of [
      '//evil.example',
      'https://evil.example/',
      '/\\evil.example',
      '\\\\evil',
      'javascript:alert(1)',
      '/\tx',
      undefined,
      ['/a'],
    ]) {
      expect(safeReturnTo(bad)).toBe('/');
    }
  });
});

describe('discovering the provider at start', () => {
  it('when the issuer cannot be reached then starting fails with one sentence naming it', async () => {
    const db = testDb();
    const settings = loadConfig({
      OIDC_ISSUER: 'http://127.0.0.1:1',
      OIDC_CLIENT_ID: 'ringe',
      OIDC_REDIRECT_URI: 'http://127.0.0.1:2/api/auth/callback',
    });
    try {
      for (const testOnly of [{ allowInsecureRequests: true }, {}]) {
        const failed = connectAuth(settings, { queries: bindQueries(db), log }, testOnly);
        await expect(failed).rejects.toBeInstanceOf(OidcDiscoveryError);
        await expect(failed).rejects.toThrow(
          /^The OpenID Connect provider at http:\/\/127\.0\.0\.1:1 could not be discovered \([^\n]+\); check OIDC_ISSUER and that the provider is reachable\.$/,
        );
      }
    } finally {
      await db.close();
    }
  });
});

describe('OpenID Connect sign-in through a real provider', () => {
  let provider: TestProvider;
  /** Signs in with OIDC; its redirect URI is its own callback. */
  let app: RunningApp;
  /** A second server process with the same configuration and database (behind the same load balancer). */
  let twin: RunningApp;
  /** PUBLIC_URL is https here, so its cookies must be Secure. */
  let secure: RunningApp;

  const config = (url: string, extra: Record<string, string> = {}) =>
    loadConfig({
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_REDIRECT_URI: `${url}/api/auth/callback`,
      OIDC_COORDINATOR_GROUPS: 'ringe-koordinatorer, ringe-redaktoerer',
      OIDC_ADMIN_GROUPS: 'ringe-admins',
      ...extra,
    });
  const connect = (db: Db, url: string, extra?: Record<string, string>) =>
    connectAuth(config(url, extra), { queries: bindQueries(db), log }, { allowInsecureRequests: true });

  beforeAll(async () => {
    // The provider must know both apps' callbacks, and each app the provider: ports first, apps after.
    const secureDb = testDb();
    secure = await startApp(secureDb, undefined, async (secureUrl) => {
      const db = testDb();
      app = await startApp(db, undefined, async (url) => {
        provider = await startTestProvider({
          redirectUris: [`${url}/api/auth/callback`, `${secureUrl}/api/auth/callback`],
        });
        return connect(db, url);
      });
      return connect(secureDb, secureUrl, { PUBLIC_URL: 'https://ringe.albertslund.test' });
    });
    const twinDb = testDb();
    twin = await startApp(twinDb, undefined, () => connect(twinDb, app.url));
  });
  afterAll(async () => {
    await Promise.all([app?.close(), twin?.close(), secure?.close()]);
    await provider?.close();
  });

  /** Starts a sign-in at `at` in a fresh browser; returns the browser and the provider URL it was sent to. */
  async function start(at: RunningApp, returnTo?: string) {
    const browser = new TestBrowser();
    const res = await browser.get(
      `${at.url}/api/auth/sign-in${returnTo === undefined ? '' : `?${new URLSearchParams({ returnTo })}`}`,
    );
    expect(res.status).toBe(302);
    return { browser, res, authorize: new URL(res.headers.get('location')!) };
  }

  /** At the provider, picks an account (login_hint) and follows redirects until they lead back to the app's callback. */
  async function atProvider(browser: TestBrowser, authorize: URL, account?: Account): Promise<URL> {
    const url = new URL(authorize);
    if (account) url.searchParams.set('login_hint', account);
    const { next } = await browser.follow(url.href, { stopAt: (u) => u.pathname === '/api/auth/callback' });
    if (!next) throw new Error('The provider did not send the browser back to the callback.');
    return next;
  }

  /** The whole chain, as a browser: the app's sign-in, the provider, the callback (at `finishAt`, default where it points). */
  async function signInAs(
    account: Account,
    { at = app, returnTo, finishAt }: { at?: RunningApp; returnTo?: string; finishAt?: RunningApp } = {},
  ) {
    const { browser, authorize } = await start(at, returnTo);
    const callback = await atProvider(browser, authorize, account);
    const target = finishAt ? `${finishAt.url}${callback.pathname}${callback.search}` : callback.href;
    const res = await browser.get(target);
    const sessionCookie = res.headers.getSetCookie().find((c) => c.startsWith('ringe_session='));
    if (!sessionCookie)
      throw new Error(`Signing in as ${account} made no session (${res.status} to ${res.headers.get('location')}).`);
    return { browser, res, location: res.headers.get('location'), sessionCookie, cookie: sessionCookie.split(';')[0]! };
  }

  const me = async (at: RunningApp, cookie: string | undefined) =>
    (await send(at, 'GET', '/api/auth/me', cookie ? { cookie } : {})).body;

  it('when OIDC is configured then /api/auth/me says so and the development sign-in is off', async () => {
    expect(await getJson(app, '/api/auth/me', endpoints.me)).toEqual({
      status: 200,
      body: { user: null, signIn: 'oidc', readRequiresSignIn: false, person: null },
    });
    expect((await send(app, 'POST', '/api/auth/dev/sign-in', { body: { role: 'admin' } })).status).toBe(404);
  });

  it('when sign-in starts then the browser goes to the provider with state, nonce and an S256 code challenge, and only an opaque HttpOnly cookie is kept', async () => {
    const { browser, res, authorize } = await start(app, '/networks');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${provider.issuer}/auth`);
    const p = authorize.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('client_id')).toBe(provider.clientId);
    expect(p.get('redirect_uri')).toBe(`${app.url}/api/auth/callback`);
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(p.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(p.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(p.has('code_verifier')).toBe(false);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const setCookie = res.headers.getSetCookie();
    expect(setCookie).toHaveLength(1);
    expect(setCookie[0]).toMatch(
      new RegExp(`^${LOGIN_COOKIE}=[\\w-]{43}; Max-Age=600; Path=/; Expires=.*; HttpOnly; SameSite=Lax$`),
    );
    // Neither the verifier nor the state is in the cookie: it only names the record in Neo4j.
    const loginId = browser.cookie(LOGIN_COOKIE)!;
    const [row] = await app.db.read(
      'MATCH (p:PendingLogin {idHash: $h}) RETURN p.state AS state, p.returnTo AS returnTo',
      { h: hashOf(loginId) },
    );
    expect(row).toEqual({ state: p.get('state'), returnTo: '/networks' });
  });

  it('when a member of the coordinator group signs in then a new HttpOnly, SameSite=Lax session cookie is set and me shows the coordinator', async () => {
    const { res, location, sessionCookie, cookie, browser } = await signInAs('koordinator', {
      returnTo: '/networks?kind=laering',
    });
    expect(res.status).toBe(302);
    expect(location).toBe('/networks?kind=laering');
    expect(sessionCookie).toMatch(
      /^ringe_session=[\w-]{43}; Max-Age=43200; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/,
    );
    expect(browser.cookie(LOGIN_COOKIE)).toBeUndefined();
    expect((await me(app, cookie)).user).toEqual({
      sub: provider.accounts.koordinator.sub,
      name: 'Karen Koordinator',
      roles: ['reader', 'coordinator'],
      email: 'karen@albertslund.test',
    });
  });

  it('when the sign-in is finished then the pending login is gone and no token is stored with the session', async () => {
    const { browser, authorize } = await start(app);
    const loginId = browser.cookie(LOGIN_COOKIE)!;
    const callback = await atProvider(browser, authorize, 'laeser');
    const res = await browser.get(callback.href);
    expect(res.status).toBe(302);
    expect(await app.db.read('MATCH (p:PendingLogin {idHash: $h}) RETURN p', { h: hashOf(loginId) })).toEqual([]);
    const [session] = await app.db.read('MATCH (s:Session {sub: $sub}) RETURN keys(s) AS keys', {
      sub: provider.accounts.laeser.sub,
    });
    expect((session!.keys as string[]).sort()).toEqual([
      'createdAt',
      'email',
      'expiresAt',
      'lastSeenAt',
      'name',
      'roles',
      'sub',
      'tokenHash',
    ]);
  });

  it('when an account without groups signs in then it is a reader', async () => {
    const { location, cookie } = await signInAs('laeser');
    expect(location).toBe('/');
    expect((await me(app, cookie)).user).toEqual({
      sub: provider.accounts.laeser.sub,
      name: 'Lars Læser',
      roles: ['reader'],
      email: 'lars@albertslund.test',
    });
  });

  it('when Entra ID style tid and oid claims come then the subject is tid:oid, not the pairwise sub or the email, and the email is the upn', async () => {
    const { cookie } = await signInAs('entra');
    const { tid, oid } = provider.accounts.entra.claims as { tid: string; oid: string };
    expect((await me(app, cookie)).user).toEqual({
      sub: `${tid}:${oid}`,
      name: 'eva.p@albertslund.test',
      roles: ['reader', 'coordinator'],
      email: 'eva@albertslund.test',
    });
  });

  it("when a token's email is unverified and its upn is not Entra ID's then they find nobody's Person, not even the one with that address", async () => {
    const address = provider.accounts.ubekraeftet.claims.email as string;
    const id = uid('leder');
    await app.db.write('CREATE (:Entity:Person {id: $id, name: $id, email: $address})', { id, address });
    const { cookie } = await signInAs('ubekraeftet');
    expect(await me(app, cookie)).toEqual({
      user: { sub: provider.accounts.ubekraeftet.sub, name: 'Ulla Ubekræftet', roles: ['reader'] },
      signIn: 'oidc',
      readRequiresSignIn: false,
      person: null,
    });
  });

  it('when the state in the callback is tampered with then no session is made, and the real answer cannot be replayed after', async () => {
    const { browser, authorize } = await start(app);
    const loginId = browser.cookie(LOGIN_COOKIE)!;
    const callback = await atProvider(browser, authorize, 'koordinator');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const refused = await browser.get(tampered.href);
    expect(refused.status).toBe(302);
    expect(refused.headers.get('location')).toBe('/?signInError=1');
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('ringe_session='))).toBe(false);
    expect(browser.cookie(LOGIN_COOKIE)).toBeUndefined();
    // The pending login was used up by the refused attempt: the genuine answer no longer works either.
    const again = await fetch(callback.href, { redirect: 'manual', headers: { cookie: `${LOGIN_COOKIE}=${loginId}` } });
    expect(again.headers.get('location')).toBe('/?signInError=1');
    expect(again.headers.getSetCookie().some((c) => c.startsWith('ringe_session='))).toBe(false);
  });

  it('when the callback comes without the login cookie (another browser) then it is refused', async () => {
    const { browser, authorize } = await start(app);
    const callback = await atProvider(browser, authorize, 'koordinator');
    const res = await new TestBrowser().get(callback.href);
    expect({ status: res.status, location: res.headers.get('location') }).toEqual({
      status: 302,
      location: '/?signInError=1',
    });
    expect(res.headers.getSetCookie().some((c) => c.startsWith('ringe_session='))).toBe(false);
  });

  it('when the provider answers with an error (the person cancelled) then the sign-in ends at /?signInError=1 without a session', async () => {
    const { browser, authorize } = await start(app);
    const callback = await atProvider(browser, authorize);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const res = await browser.get(callback.href);
    expect({ status: res.status, location: res.headers.get('location') }).toEqual({
      status: 302,
      location: '/?signInError=1',
    });
    expect(res.headers.getSetCookie().some((c) => c.startsWith('ringe_session='))).toBe(false);
  });

  it('when the code challenge is stripped from the request then the provider refuses it (PKCE is required) and so does Ringe', async () => {
    const { browser, authorize } = await start(app);
    authorize.searchParams.delete('code_challenge');
    authorize.searchParams.delete('code_challenge_method');
    const callback = await atProvider(browser, authorize, 'koordinator');
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    const res = await browser.get(callback.href);
    expect({ status: res.status, location: res.headers.get('location') }).toEqual({
      status: 302,
      location: '/?signInError=1',
    });
  });

  it('when the pending login has expired then the sign-in is refused', async () => {
    const { browser, authorize } = await start(app);
    await app.db.write('MATCH (p:PendingLogin {idHash: $h}) SET p.expiresAt = datetime() - duration({seconds: 1})', {
      h: hashOf(browser.cookie(LOGIN_COOKIE)!),
    });
    const callback = await atProvider(browser, authorize, 'koordinator');
    const res = await browser.get(callback.href);
    expect({ status: res.status, location: res.headers.get('location') }).toEqual({
      status: 302,
      location: '/?signInError=1',
    });
  });

  it('when the callback reaches a second server process then that one finishes the sign-in (nothing is kept in memory)', async () => {
    const { res, location, cookie } = await signInAs('koordinator', { returnTo: '/departments', finishAt: twin });
    expect(res.status).toBe(302);
    expect(location).toBe('/departments');
    expect((await me(app, cookie)).user).toMatchObject({
      sub: provider.accounts.koordinator.sub,
      roles: ['reader', 'coordinator'],
    });
  });

  it('when returnTo points off the site then the sign-in ends at / instead', async () => {
    const { location } = await signInAs('laeser', { returnTo: '//evil.example/steal' });
    expect(location).toBe('/');
  });

  it('when signing in again with a session cookie then a new session replaces the old one', async () => {
    const { cookie: first } = await signInAs('laeser');
    const { browser, authorize } = await start(app);
    const callback = await atProvider(browser, authorize, 'laeser');
    // The browser still holds the first session cookie when it comes back.
    const res = await fetch(callback.href, {
      redirect: 'manual',
      headers: { cookie: `${first}; ${LOGIN_COOKIE}=${browser.cookie(LOGIN_COOKIE)}` },
    });
    const second = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('ringe_session='))!
      .split(';')[0]!;
    expect(second).not.toBe(first);
    expect((await me(app, first)).user).toBeNull();
    expect((await me(app, second)).user).toMatchObject({ sub: provider.accounts.laeser.sub });
  });

  it('when signed out then the session ends', async () => {
    const { cookie } = await signInAs('koordinator');
    expect((await me(app, cookie)).user).not.toBeNull();
    expect((await send(app, 'POST', '/api/auth/sign-out', { cookie })).status).toBe(204);
    expect((await me(app, cookie)).user).toBeNull();
  });

  it('when PUBLIC_URL is https then the login and session cookies are Secure', async () => {
    const { res } = await start(secure);
    expect(res.headers.getSetCookie()[0]).toMatch(new RegExp(`^${LOGIN_COOKIE}=.*; HttpOnly; Secure; SameSite=Lax$`));
    const { sessionCookie, cookie } = await signInAs('laeser', { at: secure });
    expect(sessionCookie).toMatch(
      /^ringe_session=[\w-]{43}; Max-Age=43200; Path=\/; Expires=.*; HttpOnly; Secure; SameSite=Lax$/,
    );
    expect((await me(secure, cookie)).user).toMatchObject({ sub: provider.accounts.laeser.sub, roles: ['reader'] });
  });

  it("when an admin grants a role then that person's sessions end and their next sign-in merges it with their groups", async () => {
    const { cookie: admin } = await signInAs('admin');
    expect((await me(app, admin)).user).toMatchObject({
      name: 'Anna Admin',
      roles: ['reader', 'coordinator', 'admin'],
    });
    const laeser = provider.accounts.laeser.sub;
    const { cookie: before } = await signInAs('laeser');
    const path = `/api/admin/roles/${encodeURIComponent(laeser)}`;

    // Only an admin may: a coordinator is refused before the body is looked at.
    const { cookie: koordinator } = await signInAs('koordinator');
    expect((await send(app, 'PUT', path, { cookie: koordinator, body: { roles: ['admin'] } })).status).toBe(403);

    const granted = await send(app, 'PUT', path, { cookie: admin, body: { roles: ['coordinator'] } });
    expect(granted.status).toBe(200);
    expect(endpoints.setRoleGrant.response.parse(granted.body)).toEqual({
      grant: { sub: laeser, roles: ['coordinator'] },
      sessionsEnded: expect.any(Number),
    });
    expect(granted.body.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect((await me(app, before)).user).toBeNull();

    const list = await send(app, 'GET', '/api/admin/roles', { cookie: admin });
    expect(endpoints.roleGrants.response.parse(list.body).grants).toContainEqual({
      sub: laeser,
      roles: ['coordinator'],
    });

    const { cookie: after } = await signInAs('laeser');
    expect((await me(app, after)).user).toEqual({
      sub: laeser,
      name: 'Lars Læser',
      roles: ['reader', 'coordinator'],
      email: 'lars@albertslund.test',
    });

    // Saving the same roles again changes nothing and ends no session.
    expect((await send(app, 'PUT', path, { cookie: admin, body: { roles: ['coordinator'] } })).body.sessionsEnded).toBe(
      0,
    );
    expect((await me(app, after)).user).not.toBeNull();

    expect((await send(app, 'PUT', path, { cookie: admin, body: { roles: ['root'] } })).status).toBe(400);
    const removed = await send(app, 'PUT', path, { cookie: admin, body: { roles: [] } });
    expect(removed.body.grant).toEqual({ sub: laeser, roles: [] });
    const { cookie: last } = await signInAs('laeser');
    expect((await me(app, last)).user.roles).toEqual(['reader']);
  });
});
