import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionStore } from '../server/auth/sessions.js';
import { DEV_AUTH } from '../server/auth/settings.js';
import { send, signIn, startApp, testDb, type RunningApp } from './helpers.js';
import { bindQueries } from '../server/common/queries.js';

// Sessions live in Neo4j: time is moved by setting the stored timestamps back, never by sleeping.

const tokenHash = (cookie: string) =>
  createHash('sha256')
    .update(cookie.slice(cookie.indexOf('=') + 1))
    .digest('hex');

describe('sessions', () => {
  let app: RunningApp;
  let other: RunningApp;
  beforeAll(async () => {
    app = await startApp();
    other = await startApp(testDb());
  });
  afterAll(async () => {
    await app?.close();
    await other?.close();
  });

  const me = async (a: RunningApp, cookie: string) => (await send(a, 'GET', '/api/auth/me', { cookie })).body.user;
  const setBack = (cookie: string, field: 'lastSeenAt' | 'expiresAt', minutes: number) =>
    app.db.write(
      `MATCH (s:Session {tokenHash: $h}) SET s.${field} = datetime() - duration({minutes: $minutes}) RETURN count(s) AS n`,
      {
        h: tokenHash(cookie),
        minutes,
      },
    );
  const stored = async (cookie: string) =>
    (
      await app.db.read('MATCH (s:Session {tokenHash: $h}) RETURN s.lastSeenAt AS lastSeenAt', { h: tokenHash(cookie) })
    )[0];

  it('when a session was used within SESSION_IDLE_MINUTES then it works and is marked seen again', async () => {
    const cookie = await signIn(app, 'reader');
    expect(await setBack(cookie, 'lastSeenAt', DEV_AUTH.idleMinutes - 1)).toEqual([{ n: 1 }]);
    const before = Date.parse((await stored(cookie))!.lastSeenAt as string);
    expect(await me(app, cookie)).toMatchObject({ sub: 'dev:reader' });
    expect(Date.parse((await stored(cookie))!.lastSeenAt as string)).toBeGreaterThan(before + 30 * 60_000);
  });

  it('when a session has not been seen for longer than SESSION_IDLE_MINUTES then it is refused', async () => {
    const cookie = await signIn(app, 'coordinator');
    await setBack(cookie, 'lastSeenAt', DEV_AUTH.idleMinutes + 1);
    expect(await me(app, cookie)).toBeNull();
    expect((await send(app, 'PUT', '/api/admin/roles/someone', { cookie, body: { roles: [] } })).status).toBe(401);
  });

  it('when a session is past its absolute end then it is refused even though it was just used', async () => {
    const cookie = await signIn(app, 'coordinator');
    expect(await me(app, cookie)).not.toBeNull();
    await setBack(cookie, 'expiresAt', 1);
    expect(await me(app, cookie)).toBeNull();
  });

  it('when a session is made then it ends SESSION_ABSOLUTE_HOURS after sign-in', async () => {
    const cookie = await signIn(app, 'reader');
    const [row] = await app.db.read(
      'MATCH (s:Session {tokenHash: $h}) RETURN duration.inSeconds(s.createdAt, s.expiresAt).seconds AS seconds',
      { h: tokenHash(cookie) },
    );
    expect(row!.seconds).toBe(DEV_AUTH.absoluteHours * 3600);
  });

  it('when someone signs in with a session cookie already set then they get a new token and the old one ends (no session fixation)', async () => {
    const first = await signIn(app, 'reader');
    const res = await fetch(`${app.url}/api/auth/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url, cookie: first },
      body: JSON.stringify({ role: 'coordinator' }),
    });
    expect(res.status).toBe(200);
    const second = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('ringe_session='))!
      .split(';')[0]!;
    expect(second).not.toBe(first);
    expect(await me(app, first)).toBeNull();
    expect(await me(app, second)).toMatchObject({ sub: 'dev:coordinator' });
  });

  it("when an attacker plants a session cookie before the victim signs in then the victim gets a token of the server's own making", async () => {
    const planted = 'ringe_session=chosen-by-the-attacker-0123456789abcdefghijklmnop';
    const res = await fetch(`${app.url}/api/auth/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url, cookie: planted },
      body: JSON.stringify({ role: 'reader' }),
    });
    const issued = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('ringe_session='))!
      .split(';')[0]!;
    expect(issued).not.toBe(planted);
    expect(await me(app, planted)).toBeNull();
  });

  it('when purged then ended sessions (past their end or idle too long) are removed and live ones stay', async () => {
    const [expired, idle, live] = [
      await signIn(app, 'reader'),
      await signIn(app, 'reader'),
      await signIn(app, 'reader'),
    ];
    await setBack(expired, 'expiresAt', 1);
    await setBack(idle, 'lastSeenAt', DEV_AUTH.idleMinutes + 1);
    const purged = await sessionStore(bindQueries(app.db), DEV_AUTH).purge();
    expect(purged).toBeGreaterThanOrEqual(2);
    const left = await app.db.read('MATCH (s:Session) WHERE s.tokenHash IN $hashes RETURN s.tokenHash AS h', {
      hashes: [expired, idle, live].map(tokenHash),
    });
    expect(left).toEqual([{ h: tokenHash(live) }]);
  });

  it('when a session is made by one server then a second server on another port with the same database accepts it, and a sign-out there ends it for both', async () => {
    expect(other.url).not.toBe(app.url);
    const cookie = await signIn(app, 'admin');
    expect(await me(other, cookie)).toEqual(await me(app, cookie));
    expect(await me(other, cookie)).toMatchObject({ sub: 'dev:admin', roles: ['reader', 'coordinator', 'admin'] });
    expect((await send(other, 'POST', '/api/auth/sign-out', { cookie })).status).toBe(204);
    expect(await me(app, cookie)).toBeNull();
  });
});
