import { z } from 'zod';
import { KLE_ASPECTS, NETWORK_KINDS } from '../api/common.js';
import { day, ids, int, kind, kinds, maybeString, read, relTypes } from '../server/common/declare.js';

/**
 * The nodes a topic matches in the Danish full-text index, best first, as short references, the units holding a KLE
 * number of the topic ($numbers), and the nodes of a kind its words name ($hints, scored by $kindBonus and $kindAlone times the best text score).
 */
export const topicMatches = read(
  z.object({
    lucene: z.string(),
    numbers: z.array(z.string()).readonly(),
    hints: z.array(z.object({ kind, networkKind: z.enum(NETWORK_KINDS).nullable() })).readonly(),
    kindBonus: z.number(),
    kindAlone: z.number(),
    limit: int,
    kinds,
  }),
  z.object({ id: z.string(), kind, name: maybeString, score: z.number() }),
);

/** Every reason the matched nodes ($ids) give on day $at, one row per matched node, holder, kind, node it is about, leader and KLE subject ($numbers, $words: the topic's). */
export const topicReasons = read(
  z.object({
    ids,
    kinds,
    at: day,
    numbers: z.array(z.string()).readonly(),
    words: z.array(z.array(z.string()).readonly()).readonly(),
  }),
  z.object({
    matchedId: z.string(),
    holder: z.enum(['person', 'department']),
    holderId: z.string(),
    /** A person's name (null for a department, or a person without one). */
    holderName: maybeString,
    kind: z.enum(['leads', 'participates', 'department', 'title', 'kle']),
    aboutId: z.string(),
    aboutKind: kind.nullable(),
    aboutName: maybeString,
    /** For a department reason from a network: the leader who works there (a leader does not get her own). */
    leaderId: maybeString,
    leader: maybeString,
    /** For a KLE reason: the unit's subject the topic names (null for every other reason). */
    kle: z.object({ number: z.string(), title: z.string(), aspect: z.enum(KLE_ASPECTS) }).nullable(),
    /** For a KLE reason: the share of the topic's words (1 for a number) the subject names; 1 for every other reason. */
    fit: z.number(),
    /** For a KLE reason: another member of the unit reports to this person (REPORTS_TO). */
    manager: z.boolean(),
  }),
);

/** The chosen contacts ($ids) with their work contact data and their first department by name on day $at. */
export const contactPeople = read(
  z.object({ ids, at: day }),
  z.object({
    id: z.string(),
    name: maybeString,
    title: maybeString,
    email: maybeString,
    phone: maybeString,
    department: z.object({ id: z.string(), name: maybeString }).nullable(),
  }),
);

const ways = z.object({ from: z.string(), ids, types: relTypes, kinds, at: day });
/**
 * The length of a way to a contact, the first person on it to ask for an introduction, and what
 * the asker and that person share (the node between them: the way is asker – through – via – …).
 */
const way = z.object({
  id: z.string(),
  length: int.nullable(),
  via: z.object({ id: z.string(), kind: z.literal('Person'), name: z.string() }).nullable(),
  through: z.object({ id: z.string(), kind, name: z.string() }).nullable(),
  /** The asker and via are tied directly (the way is asker – via – …). */
  direct: z.boolean(),
});

/** For each contact one to three steps from the asking person $from on day $at, the length of a shortest path, the first person on it and what the asker shares with them. */
export const contactWays = read(ways, way);

/** For each contact exactly four steps from the asking person $from on day $at, the first person on the first shortest path by ids and what the asker shares with them. */
export const contactWaysFour = read(ways, way);

/** For each contact, one shortest path from the asking person on day $at (length null when there is none), the first person on it and what the asker shares with them. */
export const contactPaths = read(ways, way);
