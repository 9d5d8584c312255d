import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import { roleGrantStore } from '../server/auth/oidc.js';
import { DEV_AUTH } from '../server/auth/settings.js';
import { send, signIn, startAppWith, testDb, uid, type RunningApp } from './helpers.js';
import { bindQueries } from '../server/common/queries.js';

// The admin-managed role list's own rules, through the development sign-in (dev:admin is an
// admin by its demo roles). The merge with the provider's groups at sign-in is in oidc.test.ts.

describe('PUT /api/admin/roles/{sub}', () => {
  let app: RunningApp;
  let admin: string;
  beforeAll(async () => {
    const db = testDb();
    app = await startAppWith({ db, auth: { ...DEV_AUTH, roleGrants: roleGrantStore(bindQueries(db)) } });
    admin = await signIn(app, 'admin');
  });
  afterAll(() => app?.close());

  const put = (sub: string, roles: string[], cookie = admin) =>
    send(app, 'PUT', `/api/admin/roles/${encodeURIComponent(sub)}`, { cookie, body: { roles } });
  const grantsOf = async (sub: string) =>
    (await app.db.read('MATCH (g:RoleGrant {sub: $sub}) RETURN g.role AS role ORDER BY role', { sub })).map(
      (r) => r.role,
    );
  const me = async (cookie: string) => (await send(app, 'GET', '/api/auth/me', { cookie })).body.user;

  it('when an admin changes their own roles then 403 and nothing changes, so the last admin cannot remove themself nor end their own session', async () => {
    for (const roles of [[], ['coordinator'], ['admin'], ['coordinator', 'admin']]) {
      expect(await put('dev:admin', roles), JSON.stringify(roles)).toEqual({
        status: 403,
        body: { error: { code: 'own_roles', message: 'You cannot change your own roles; another admin can.' } },
      });
    }
    expect(await grantsOf('dev:admin')).toEqual([]);
    expect(await me(admin)).toMatchObject({ sub: 'dev:admin', roles: ['reader', 'coordinator', 'admin'] });
  });

  it("when an admin grants and removes another person's admin role then both are done", async () => {
    const other = `${uid('tid')}:${uid('oid')}`;
    const granted = await put(other, ['admin']);
    expect(granted).toEqual({ status: 200, body: { grant: { sub: other, roles: ['admin'] }, sessionsEnded: 0 } });
    expect(endpoints.setRoleGrant.response.parse(granted.body)).toEqual(granted.body);
    expect(await grantsOf(other)).toEqual(['admin']);
    expect((await put(other, [])).body).toEqual({ grant: { sub: other, roles: [] }, sessionsEnded: 0 });
    expect(await grantsOf(other)).toEqual([]);
  });

  it('when the subject holds control characters, other than ASCII or a space at either end then 400 names "sub" and nothing is granted', async () => {
    const base = uid('sub');
    const message = `The path parameter "sub" must be the sign-in provider's subject: printable ASCII characters, no space at either end.`;
    for (const sub of [
      `${base}\u0007`,
      `${base}\tx`,
      `${base}\nx`,
      `${base}\u0000`,
      `${base}\u007f`,
      `${base}\u0085`,
      `${base}-æ`,
      `${base}\u202e`,
      ` ${base}`,
      `${base} `,
    ]) {
      expect(await put(sub, ['coordinator']), JSON.stringify(sub)).toEqual({
        status: 400,
        body: { error: { code: 'validation', message, details: { field: 'sub' } } },
      });
    }
    expect(
      await app.db.read(
        'MATCH (g:RoleGrant) WHERE g.sub STARTS WITH $base OR g.sub CONTAINS $base RETURN g.sub AS sub',
        { base },
      ),
    ).toEqual([]);
    // A space inside is ASCII, and some providers' subjects have one.
    expect((await put(`${base} inside`, ['coordinator'])).status).toBe(200);
  });
});
