import { z } from 'zod';
import { day, int, maybeString, none, read, temporal, write } from '../server/common/declare.js';

const person = z.object({ id: z.string(), name: z.string() });

/** The Person an admin linked this user (the provider's subject) to, while that person exists. */
export const meLinked = read(z.object({ sub: z.string() }), person);

/** The Person the organisation's Entra ID sync keeps for this object id (its record's key is entra|person|<oid>). */
export const meEntraPerson = read(z.object({ key: z.string(), oid: z.string() }), person);

/** The people with this work e-mail (lower case; stored in any case) who have not left by day $today, by id: found through the person_email index ($lucene, the address as a phrase), then compared whole. */
export const meByEmail = read(z.object({ lucene: z.string(), email: z.string(), today: day }), person);

/** The links admins made from users (by subject) to their Person, with the person's name (null when that person is gone), by subject. */
export const userLinksList = read(
  none,
  z.object({
    sub: z.string(),
    personId: z.string(),
    name: maybeString,
    exists: z.boolean(),
    setBy: z.string(),
    at: temporal,
  }),
);

/** Links a user (by subject) to a Person in place of any link they had, with who set it and when; no row when there is no such person. */
export const userLinkSet = write(
  z.object({ sub: z.string(), personId: z.string(), setBy: z.string() }),
  z.object({ sub: z.string(), personId: z.string(), name: z.string(), setBy: z.string(), at: temporal }),
);

/** Removes the admin's link of a user (by subject), so they are found again by the sync or their e-mail. */
export const userLinkRemove = write(z.object({ sub: z.string() }), z.object({ removed: int }));

/** Removes the links admins made to a person who is being erased (a link names them by id, and their user's subject). */
export const userLinksErasePerson = write(z.object({ id: z.string() }), z.object({ removed: int }));
