import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../../api/auth.js';
import type { Queries } from '../common/queries.js';

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Sessions live in Neo4j, so any server process can read a session another one made. Only
 * the hash of the token is stored: a database dump holds no usable session.
 */
export function sessionStore(queries: Queries, settings: SessionSettings) {
  return {
    /** A new session for a freshly signed-in user; returns the token for the cookie. */
    async create(user: Principal): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      const { sub, name, roles, email } = user;
      await queries.sessionCreate({
        tokenHash: hash(token),
        sub,
        name,
        roles,
        email: email ?? null,
        absoluteHours: settings.absoluteHours,
      });
      return token;
    },
    /** The user of a live session, or null. Marks it seen at most once a minute (a write). */
    async get(token: string): Promise<Principal | null> {
      const tokenHash = hash(token);
      const [row] = await queries.sessionGet({ tokenHash, idleMinutes: settings.idleMinutes });
      if (!row) return null;
      if (row.stale) await queries.sessionTouch({ tokenHash });
      return { sub: row.sub, name: row.name, roles: row.roles, ...(row.email === null ? {} : { email: row.email }) };
    },
    async destroy(token: string): Promise<void> {
      await queries.sessionDelete({ tokenHash: hash(token) });
    },
    async purge(): Promise<number> {
      const [row] = await queries.sessionPurge({ idleMinutes: settings.idleMinutes });
      return row?.purged ?? 0;
    },
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
