import type { Principal } from '../../api/auth.js';
import { type NodeRef, today } from '../../api/common.js';
import type { UserLink } from '../../api/admin.js';
import { NotFoundError } from '../common/errors.js';
import { lucenePhrase } from '../common/lucene.js';
import type { Queries } from '../common/queries.js';

/** The Person a signed-in user is in the graph; null when signed out or not linked to anyone. */
export type PersonFor = (user: Principal | null | undefined) => Promise<NodeRef | null>;

/** Entra ID's tenant and object ids are GUIDs; a subject of two of them is tid:oid (server/auth/oidc.ts subjectOf). */
const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ENTRA_SUBJECT = new RegExp(`^${GUID}:(${GUID})$`, 'i');

/** The object id of an Entra ID subject (tid:oid), as the Entra sync keeps it (lower case, as Graph gives it); else null. */
export function entraObjectId(sub: string): string | null {
  return ENTRA_SUBJECT.exec(sub)?.[1]?.toLowerCase() ?? null;
}

const personRef = (row: { id: string; name: string }): NodeRef => ({ id: row.id, kind: 'Person', name: row.name });

/**
 * Who am I: the user's Person, found in this order (each read anew, so every server process
 * answers the same and a fixed link counts at once):
 * 1. the link an admin made for the user's subject (it fixes what the rules below got wrong);
 * 2. the Person the organisation's Entra ID sync keeps for the oid of a tid:oid subject (stable when the e-mail changes);
 * 3. the Person with the user's work e-mail, any case, who has not left by today (of several, the first by id).
 */
export function meService(queries: Queries) {
  const personFor: PersonFor = async (user) => {
    if (!user) return null;
    const oid = entraObjectId(user.sub);
    const email = user.email?.toLowerCase();
    return queries.readTx(async (t) => {
      const [linked] = await t.meLinked({ sub: user.sub });
      if (linked) return personRef(linked);
      if (oid) {
        const [synced] = await t.meEntraPerson({ key: `entra|person|${oid}`, oid });
        if (synced) return personRef(synced);
      }
      if (email) {
        const [mailed] = await t.meByEmail({ lucene: lucenePhrase(email), email, today: today() });
        if (mailed) return personRef(mailed);
      }
      return null;
    });
  };

  return {
    personFor,

    /** The links admins made, by subject. */
    async links(): Promise<UserLink[]> {
      const rows = await queries.userLinksList();
      return rows.map((r) => ({
        sub: r.sub,
        person: r.exists ? { id: r.personId, kind: 'Person', name: r.name ?? r.personId } : null,
        personId: r.personId,
        setBy: r.setBy,
        at: r.at,
      }));
    },

    /** Links a user to a Person (NotFoundError for an unknown one), or removes their link (null); answers the link now held. */
    async setLink(sub: string, personId: string | null, setBy: string): Promise<UserLink | null> {
      if (personId === null) {
        await queries.userLinkRemove({ sub });
        return null;
      }
      const [row] = await queries.userLinkSet({ sub, personId, setBy });
      if (!row) throw new NotFoundError(`There is no person with id "${personId}".`);
      return {
        sub: row.sub,
        person: { id: row.personId, kind: 'Person', name: row.name },
        personId: row.personId,
        setBy: row.setBy,
        at: row.at,
      };
    },
  };
}
export type MeService = ReturnType<typeof meService>;
