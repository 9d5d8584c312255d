import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../api/auth.js';
import { today } from '../api/common.js';
import { cprSentence } from '../api/cpr.js';
import { endpoints } from '../api/endpoints.js';
import { SESSION_COOKIE } from '../server/auth/cookies.js';
import { sessionStore } from '../server/auth/sessions.js';
import { DEV_AUTH } from '../server/auth/settings.js';
import { bindQueries } from '../server/common/queries.js';
import { send, signIn, startApp, uid, type RunningApp } from './helpers.js';

// Who am I (issue 20): the Person a signed-in user is, by an admin's link, then the Entra ID sync's
// record of a tid:oid subject's oid, then the work e-mail of someone who has not left. Through the
// real app: the development sign-in with an e-mail, or a session made as the OpenID Connect sign-in makes one.

/** The day `n` days after today (YYYY-MM-DD); negative is before. */
const daysFromToday = (n: number) => new Date(Date.parse(today()) + n * 86_400_000).toISOString().slice(0, 10);

describe('who am I', () => {
  let app: RunningApp;
  let admin: string;
  beforeAll(async () => {
    app = await startApp();
    admin = await signIn(app, 'admin');
  });
  afterAll(() => app.close());

  /** A Person of the test's own, with these properties. */
  async function person(props: { email?: string; leftOn?: string } = {}) {
    const id = uid('p');
    const name = `Person ${id}`;
    await app.db.write('CREATE (p:Entity:Person {id: $id, name: $name}) SET p += $props', { id, name, props });
    return { id, kind: 'Person' as const, name };
  }

  /** A Person the Entra ID sync keeps for this object id, written in the sync's shape (server/sync/engine.ts). */
  async function entraPerson(oid: string) {
    const p = await person();
    await app.db.write(
      `MATCH (p:Person {id: $id})
       CREATE (:SyncRecord {key: 'entra|person|' + $oid, source: 'entra', kind: 'person', sourceId: $oid, hash: 'h'})-[:RECORD_OF]->(p)`,
      { id: p.id, oid },
    );
    return p;
  }

  /** A session as the OpenID Connect sign-in makes one, for an Entra ID subject (tid:oid) with this e-mail. */
  async function entraSignIn(oid: string, email?: string) {
    const user: Principal = { sub: `${randomUUID()}:${oid}`, name: 'Entra-bruger', roles: ['reader'] };
    if (email) user.email = email;
    const token = await sessionStore(bindQueries(app.db), DEV_AUTH).create(user);
    return { sub: user.sub, cookie: `${SESSION_COOKIE}=${token}` };
  }

  const me = async (cookie?: string) => {
    const res = await send(app, 'GET', '/api/auth/me', cookie ? { cookie } : {});
    expect(res.status).toBe(200);
    return endpoints.me.response.parse(res.body);
  };
  const link = (sub: string, personId: string | null, cookie = admin) =>
    send(app, 'PUT', `/api/user-links/${encodeURIComponent(sub)}`, { cookie, body: { personId } });
  // An address with the characters a search index might split or read as syntax.
  const email = () => `${uid('ida')}.o'brien+ringe@albertslund.test`;

  it('when nobody is signed in then there is no person', async () => {
    expect((await me()).person).toBeNull();
  });

  it('when a user signs in without an e-mail then they are the demo user and no person', async () => {
    const cookie = await signIn(app, 'coordinator');
    expect(await me(cookie)).toEqual({
      user: { sub: 'dev:coordinator', name: 'Demo-koordinator (udvikling)', roles: ['reader', 'coordinator'] },
      signIn: 'development',
      readRequiresSignIn: false,
      person: null,
    });
  });

  it('when a user signs in with the work e-mail of a Person, in another case, then they are that Person', async () => {
    const address = email();
    const ida = await person({ email: address.toUpperCase() });
    const cookie = await signIn(app, 'reader', address);
    expect(await me(cookie)).toEqual({
      user: { sub: `dev:reader:${address}`, name: 'Demo-læser (udvikling)', roles: ['reader'], email: address },
      signIn: 'development',
      readRequiresSignIn: false,
      person: ida,
    });
  });

  it('when the Person with that e-mail left today or before then the user is no one, and one leaving tomorrow is still them', async () => {
    const [gone, goneToday, going] = [email(), email(), email()];
    await person({ email: gone, leftOn: daysFromToday(-30) });
    await person({ email: goneToday, leftOn: today() });
    const stays = await person({ email: going, leftOn: daysFromToday(1) });
    expect((await me(await signIn(app, 'reader', gone))).person).toBeNull();
    expect((await me(await signIn(app, 'reader', goneToday))).person).toBeNull();
    expect((await me(await signIn(app, 'reader', going))).person).toEqual(stays);
  });

  it('when one who left and one who did not share the e-mail then the user is the one who did not', async () => {
    const address = email();
    await person({ email: address, leftOn: daysFromToday(-1) });
    const current = await person({ email: address });
    expect((await me(await signIn(app, 'reader', address))).person).toEqual(current);
  });

  it('when an Entra ID subject signs in then the Person the sync keeps for its oid is them, before the Person with their e-mail', async () => {
    const oid = randomUUID();
    const synced = await entraPerson(oid);
    const address = email();
    await person({ email: address });
    const { cookie } = await entraSignIn(oid, address);
    expect((await me(cookie)).person).toEqual(synced);
  });

  it('when the oid has no sync record then the e-mail finds them', async () => {
    const address = email();
    const byMail = await person({ email: address });
    expect((await me((await entraSignIn(randomUUID(), address)).cookie)).person).toEqual(byMail);
  });

  it('when an admin links a user then the link comes before the sync and the e-mail, is listed, and unlinking gives the sync back', async () => {
    const oid = randomUUID();
    const synced = await entraPerson(oid);
    const address = email();
    await person({ email: address });
    const chosen = await person();
    const { sub, cookie } = await entraSignIn(oid, address);

    const set = await link(sub, chosen.id);
    expect(set).toEqual({
      status: 200,
      body: { link: { sub, personId: chosen.id, person: chosen, setBy: 'dev:admin', at: expect.any(String) } },
    });
    expect(endpoints.setUserLink.response.parse(set.body)).toEqual(set.body);
    expect((await me(cookie)).person).toEqual(chosen);

    const list = await send(app, 'GET', '/api/user-links', { cookie: admin });
    expect(list.status).toBe(200);
    expect(endpoints.userLinks.response.parse(list.body).links.filter((l) => l.sub === sub)).toEqual([set.body.link]);

    expect(await link(sub, null)).toEqual({ status: 200, body: { link: null } });
    expect((await me(cookie)).person).toEqual(synced);
    const after = await send(app, 'GET', '/api/user-links', { cookie: admin });
    expect(after.body.links.filter((l: { sub: string }) => l.sub === sub)).toEqual([]);
  });

  it('when an admin links a user to another Person then the new link replaces the old one', async () => {
    const address = email();
    const [first, second] = [await person(), await person()];
    const cookie = await signIn(app, 'reader', address);
    const sub = `dev:reader:${address}`;
    expect((await link(sub, first.id)).status).toBe(200);
    expect((await link(sub, second.id)).body.link).toMatchObject({ personId: second.id, person: second });
    expect((await me(cookie)).person).toEqual(second);
    const rows = await app.db.read('MATCH (l:UserLink {sub: $sub}) RETURN l.personId AS personId', { sub });
    expect(rows).toEqual([{ personId: second.id }]);
  });

  it('when the linked Person is deleted then the link counts for nothing and is listed without a person', async () => {
    const address = email();
    const byMail = await person({ email: address });
    const gone = await person();
    const sub = `dev:reader:${address}`;
    const cookie = await signIn(app, 'reader', address);
    await link(sub, gone.id);
    await app.db.write('MATCH (p:Person {id: $id}) DETACH DELETE p', { id: gone.id });
    expect((await me(cookie)).person).toEqual(byMail);
    const list = await send(app, 'GET', '/api/user-links', { cookie: admin });
    expect(list.body.links.filter((l: { sub: string }) => l.sub === sub)).toEqual([
      { sub, personId: gone.id, person: null, setBy: 'dev:admin', at: expect.any(String) },
    ]);
  });

  it('when the linked Person is erased then the link goes with them', async () => {
    const address = email();
    const linked = await person();
    const sub = `dev:reader:${address}`;
    expect((await link(sub, linked.id)).status).toBe(200);
    const erased = await send(app, 'DELETE', `/api/people/${linked.id}?confirm=${linked.id}`, { cookie: admin });
    expect(erased.status).toBe(200);
    expect(await app.db.read('MATCH (l:UserLink {sub: $sub}) RETURN l', { sub })).toEqual([]);
    expect((await me(await signIn(app, 'reader', address))).person).toBeNull();
  });

  it('when the person is unknown then 404 and no link is written', async () => {
    const sub = `dev:reader:${email()}`;
    const missing = uid('ingen');
    expect(await link(sub, missing)).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: `There is no person with id "${missing}".` } },
    });
    expect(await app.db.read('MATCH (l:UserLink {sub: $sub}) RETURN l', { sub })).toEqual([]);
  });

  it('when someone who is not an admin asks or links then 403, and signed out 401, and nothing is written', async () => {
    const target = await person();
    const sub = `dev:reader:${email()}`;
    const coordinator = await signIn(app, 'coordinator');
    for (const cookie of [coordinator, await signIn(app, 'reader')]) {
      expect((await send(app, 'GET', '/api/user-links', { cookie })).status).toBe(403);
      expect((await link(sub, target.id, cookie)).status).toBe(403);
    }
    expect((await send(app, 'GET', '/api/user-links')).status).toBe(401);
    expect(
      (await send(app, 'PUT', `/api/user-links/${encodeURIComponent(sub)}`, { body: { personId: target.id } })).status,
    ).toBe(401);
    expect(await app.db.read('MATCH (l:UserLink {sub: $sub}) RETURN l', { sub })).toEqual([]);
  });

  it("when an admin links a subject that looks like a CPR number then 400 with the CPR guard's sentence and nothing is stored", async () => {
    const target = await person();
    for (const sub of [`${uid('cpr')}:010203-1234`, `${uid('cpr')}:0102031234`]) {
      expect(await link(sub, target.id)).toEqual({
        status: 400,
        body: {
          error: { code: 'validation', message: cprSentence('sub'), details: { field: 'sub', reason: 'cpr' } },
        },
      });
      expect(await app.db.read('MATCH (l:UserLink {sub: $sub}) RETURN l', { sub })).toEqual([]);
      // Removing stores nothing, so it is not refused (a link stored before the guard can go).
      expect(await link(sub, null)).toEqual({ status: 200, body: { link: null } });
    }
  });

  it('when the body or the subject is wrong then 400 with one sentence naming the field', async () => {
    const sub = `dev:reader:${email()}`;
    const put = (path: string, body: unknown) => send(app, 'PUT', path, { cookie: admin, body });
    const at = `/api/user-links/${encodeURIComponent(sub)}`;
    expect(await put(at, {})).toEqual({
      status: 400,
      body: {
        error: { code: 'validation', message: 'The field "personId" is required.', details: { field: 'personId' } },
      },
    });
    expect(await put(at, { personId: 'has space' })).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'The field "personId" may hold only letters, digits and - _ . :.',
          details: { field: 'personId' },
        },
      },
    });
    expect(await put(at, { personId: null, extra: 1 })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation' } },
    });
    expect(await put(`/api/user-links/${encodeURIComponent(' x')}`, { personId: null })).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message:
            'The path parameter "sub" must be the sign-in provider\'s subject: printable ASCII characters, no space at either end.',
          details: { field: 'sub' },
        },
      },
    });
    expect(await app.db.read('MATCH (l:UserLink {sub: $sub}) RETURN l', { sub })).toEqual([]);
  });
});
