import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'ringe_session';

/** One cookie from the Cookie header (a few lines instead of a cookie-parser dependency). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Secure everywhere but plain http on this machine (development, tests). */
export function isSecure(req: Request, publicUrl?: string): boolean {
  if (publicUrl) return publicUrl.startsWith('https:');
  return req.secure;
}

/**
 * The browser holds only this: an opaque token, HttpOnly (no script can read it), SameSite=Lax
 * (not sent on cross-site posts; still sent on the provider's redirect back to us).
 */
export function setCookie(
  req: Request,
  res: Response,
  name: string,
  value: string,
  maxAgeMs: number,
  publicUrl?: string,
): void {
  res.cookie(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecure(req, publicUrl),
    path: '/',
    maxAge: maxAgeMs,
  });
}

export function clearCookie(req: Request, res: Response, name: string, publicUrl?: string): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure: isSecure(req, publicUrl), path: '/' });
}
