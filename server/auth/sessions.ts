import { createHash, randomBytes } from 'node:crypto';
import type { Principal, Role } from '../../api/auth.js';
import type { Db } from '../common/db/index.js';
import type { QueryTexts as Queries } from '../common/queries.js';

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Sessions live in Neo4j, so any server process can read a session another one made. Only
 * the hash of the token is stored: a database dump holds no usable session.
 */
export function sessionStore(db: Db, queries: Queries, settings: SessionSettings) {
  const q = {
    create: queries.get('sessionCreate'),
    get: queries.get('sessionGet'),
    touch: queries.get('sessionTouch'),
    remove: queries.get('sessionDelete'),
    purge: queries.get('sessionPurge'),
  };
  return {
    /** A new session for a freshly signed-in user; returns the token for the cookie. */
    async create(user: Principal): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await db.write(q.create, { tokenHash: hash(token), ...user, absoluteHours: settings.absoluteHours });
      return token;
    },
    /** The user of a live session, or null. Marks it seen at most once a minute (a write). */
    async get(token: string): Promise<Principal | null> {
      const tokenHash = hash(token);
      const [row] = await db.read(q.get, { tokenHash, idleMinutes: settings.idleMinutes });
      if (!row) return null;
      if (row.stale === true) await db.write(q.touch, { tokenHash });
      return { sub: row.sub as string, name: row.name as string, roles: row.roles as Role[] };
    },
    async destroy(token: string): Promise<void> {
      await db.write(q.remove, { tokenHash: hash(token) });
    },
    async purge(): Promise<number> {
      const [row] = await db.write(q.purge, { idleMinutes: settings.idleMinutes });
      return Number(row?.purged ?? 0);
    },
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
