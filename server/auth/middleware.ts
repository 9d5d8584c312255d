import type { RequestHandler } from 'express';
import { roleAllows, type Principal, type Role } from '../../api/auth.js';
import { HttpError } from '../common/errors.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import type { SessionStore } from './sessions.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in user, set by `attachUser`; null when nobody is signed in. */
    user: Principal | null;
  }
}

export class UnauthenticatedError extends HttpError {
  constructor() {
    super(401, 'unauthenticated', 'Sign in to do this.');
  }
}
export class ForbiddenError extends HttpError {
  constructor(role: Role) {
    super(403, 'forbidden', `This needs the ${role} role, which you do not have.`);
  }
}

/** Reads the session cookie and sets req.user (or null). */
export function attachUser(sessions: SessionStore): RequestHandler {
  return async (req, _res, next) => {
    const token = readCookie(req, SESSION_COOKIE);
    req.user = token ? await sessions.get(token) : null;
    next();
  };
}

/** 401 without a session, 403 without the role. */
export function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) return next(new UnauthenticatedError());
    if (!roleAllows(req.user.roles, role)) return next(new ForbiddenError(role));
    next();
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection besides the SameSite cookie: a state-changing request must come from our own
 * origin (PUBLIC_URL, or the host it was sent to). Browsers always send Origin on such requests.
 */
export function sameOrigin(publicUrl?: string): RequestHandler {
  const allowed = publicUrl ? new URL(publicUrl).origin : undefined;
  return (req, _res, next) => {
    if (SAFE.has(req.method)) return next();
    const origin = req.headers.origin ?? originOf(req.headers.referer);
    const own = allowed ?? `${req.protocol}://${req.headers.host}`;
    if (origin !== own) {
      return next(new HttpError(403, 'bad_origin', 'This request did not come from Ringe itself, so it was refused.'));
    }
    next();
  };
}

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}
