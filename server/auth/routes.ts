import type { Router } from 'express';
import { devSignInBody, type Principal, type Role } from '../../api/auth.js';
import { endpoints } from '../../api/endpoints.js';
import { HttpError, NotFoundError, ValidationError } from '../common/errors.js';
import { route } from '../common/http.js';
import type { PersonFor } from '../me/service.js';
import { clearCookie, readCookie, SESSION_COOKIE, setCookie } from './cookies.js';
import { LOGIN_COOKIE, LOGIN_TTL_MINUTES, safeReturnTo } from './oidc.js';
import type { SessionStore } from './sessions.js';
import type { AuthSettings } from './settings.js';

/** The development sign-in's demo users, one per role; clearly marked as such in their names. */
export const DEMO_USERS: Record<Role, Principal> = {
  reader: { sub: 'dev:reader', name: 'Demo-læser (udvikling)', roles: ['reader'] },
  coordinator: { sub: 'dev:coordinator', name: 'Demo-koordinator (udvikling)', roles: ['reader', 'coordinator'] },
  admin: { sub: 'dev:admin', name: 'Demo-administrator (udvikling)', roles: ['reader', 'coordinator', 'admin'] },
};

/** The role's demo user; with a work e-mail, a demo user of its own (its sub names the e-mail) who is the Person with that e-mail. */
export function demoUser(role: Role, email?: string): Principal {
  const demo = DEMO_USERS[role];
  if (email === undefined) return demo;
  const address = email.toLowerCase();
  return { ...demo, sub: `${demo.sub}:${address}`, email: address };
}

export function authRoutes(router: Router, sessions: SessionStore, settings: AuthSettings, personFor: PersonFor): void {
  const maxAge = settings.absoluteHours * 3_600_000;

  /** Starts a new session (never reuses one: a fresh token on every sign-in). */
  const startSession = async (req: import('express').Request, res: import('express').Response, user: Principal) => {
    const old = readCookie(req, SESSION_COOKIE);
    if (old) await sessions.destroy(old);
    setCookie(req, res, SESSION_COOKIE, await sessions.create(user), maxAge, settings.publicUrl);
  };

  route(router, endpoints.me, async ({ user }) => ({
    user,
    signIn: settings.signIn,
    readRequiresSignIn: settings.readRequiresSignIn,
    person: await personFor(user),
  }));

  // Development sign-in: only when no OpenID Connect issuer is configured (and so never in
  // production, which config refuses to start without one).
  router.post('/auth/dev/sign-in', async (req, res) => {
    if (settings.signIn !== 'development')
      throw new NotFoundError('The development sign-in is off because an OpenID Connect issuer is configured.');
    const parsed = devSignInBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      if (parsed.error.issues.every((i) => i.path[0] === 'email'))
        throw new ValidationError('The field "email" must be a work e-mail address.', { field: 'email' });
      throw new ValidationError('The field "role" must be reader, coordinator or admin.', { field: 'role' });
    }
    const user = demoUser(parsed.data.role, parsed.data.email);
    await startSession(req, res, user);
    res.json({ user });
  });

  // OpenID Connect: the authorization code flow with PKCE. Both steps are browser navigations,
  // so they answer with redirects; a sign-in that cannot be finished goes to /?signInError=1.
  if (settings.signIn === 'oidc' && !settings.oidc)
    throw new Error('signIn is oidc, so the discovered OpenID Connect client must be given.');
  const oidcOnly = () => {
    if (settings.signIn !== 'oidc' || !settings.oidc) {
      throw new NotFoundError(
        'Signing in through OpenID Connect is off because no OIDC_ISSUER is configured; use the development sign-in.',
      );
    }
    return settings.oidc;
  };

  router.get('/auth/sign-in', async (req, res) => {
    const oidc = oidcOnly();
    const { loginId, url } = await oidc.begin(safeReturnTo(req.query.returnTo), req.id);
    setCookie(req, res, LOGIN_COOKIE, loginId, LOGIN_TTL_MINUTES * 60_000, settings.publicUrl);
    res.set('Cache-Control', 'no-store').redirect(302, url.href);
  });

  router.get('/auth/callback', async (req, res) => {
    const oidc = oidcOnly();
    const loginId = readCookie(req, LOGIN_COOKIE);
    clearCookie(req, res, LOGIN_COOKIE, settings.publicUrl);
    res.set('Cache-Control', 'no-store');
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const done = await oidc.finish(loginId, query, req.id);
    if (!done) return res.redirect(302, '/?signInError=1');
    try {
      await startSession(req, res, done.user);
    } catch {
      return res.redirect(302, '/?signInError=1');
    }
    res.redirect(302, done.returnTo);
  });

  // The admin-managed role list, merged with the groups claim's roles at sign-in.
  const grants = () => {
    if (!settings.roleGrants)
      throw new HttpError(503, 'unavailable', 'The admin-managed role list is not available in this setup.');
    return settings.roleGrants;
  };
  route(router, endpoints.roleGrants, async () => ({ grants: await grants().list() }));
  route(router, endpoints.setRoleGrant, async ({ params, body, user }) => {
    // Another admin can: so the last admin cannot remove themself, and no one ends their own session midway.
    if (params.sub === user!.sub)
      throw new HttpError(403, 'own_roles', 'You cannot change your own roles; another admin can.');
    const { roles, sessionsEnded } = await grants().set(params.sub, body.roles, user!.sub);
    return { grant: { sub: params.sub, roles }, sessionsEnded };
  });

  router.post('/auth/sign-out', async (req, res) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) await sessions.destroy(token);
    clearCookie(req, res, SESSION_COOKIE, settings.publicUrl);
    res.status(204).end();
  });
}
