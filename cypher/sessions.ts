import { z } from 'zod';
import { roleSchema } from '../api/auth.js';
import { int, noRows, none, read, write } from '../server/common/declare.js';

/** Stores a new session under the hash of its token (the token itself lives only in the browser's cookie). */
export const sessionCreate = write(
  z.object({
    tokenHash: z.string(),
    sub: z.string(),
    name: z.string(),
    roles: z.array(roleSchema).readonly(),
    /** The work e-mail the sign-in gave; null when it gave none. */
    email: z.string().nullable(),
    absoluteHours: z.number(),
  }),
  noRows,
);

/** The signed-in user of a live session (not past its absolute end, not idle too long), and whether it is time to mark it seen. */
export const sessionGet = read(
  z.object({ tokenHash: z.string(), idleMinutes: z.number() }),
  z.object({
    sub: z.string(),
    name: z.string(),
    roles: z.array(roleSchema),
    email: z.string().nullable(),
    stale: z.boolean(),
  }),
);

/** Marks a session as seen now, which keeps it from idling out. */
export const sessionTouch = write(z.object({ tokenHash: z.string() }), noRows);

/** Ends a session (sign-out). */
export const sessionDelete = write(z.object({ tokenHash: z.string() }), noRows);

/** Removes sessions that have ended, a batch at a time. */
export const sessionPurge = write(z.object({ idleMinutes: z.number() }), z.object({ purged: int }));

/** Ends every session of one person (their granted roles changed, so the new ones apply at their next sign-in). */
export const sessionsEndForSub = write(z.object({ sub: z.string() }), z.object({ ended: int }));

/** Remembers an OpenID Connect sign-in in progress under the hash of its cookie value, for a few minutes. */
export const pendingLoginCreate = write(
  z.object({
    idHash: z.string(),
    state: z.string(),
    nonce: z.string(),
    codeVerifier: z.string(),
    returnTo: z.string(),
    ttlMinutes: z.number(),
  }),
  noRows,
);

/** Takes a sign-in in progress: deletes it (it can be used once) and returns it, and whether it has not expired. */
export const pendingLoginTake = write(
  z.object({ idHash: z.string() }),
  z.object({
    login: z.object({ state: z.string(), nonce: z.string(), codeVerifier: z.string(), returnTo: z.string() }),
    live: z.boolean(),
  }),
);

/** Removes sign-ins that were started but never finished, a batch at a time. */
export const pendingLoginPurge = write(none, z.object({ purged: int }));

/** The admin-managed role list: each person's granted roles. */
export const roleGrantsList = read(none, z.object({ sub: z.string(), roles: z.array(z.string()) }));

/** The roles granted to one person by an admin (merged with their groups' roles at sign-in). */
export const roleGrantsFor = read(z.object({ sub: z.string() }), z.object({ roles: z.array(z.string()) }));

/** Replaces one person's granted roles: removes those not listed, adds the new ones with who granted them and when. */
export const roleGrantsSet = write(
  z.object({ sub: z.string(), roles: z.array(roleSchema).readonly(), grantedBy: z.string() }),
  z.object({ granted: int }),
);
