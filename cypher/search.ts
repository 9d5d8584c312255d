import { z } from 'zod';
import { NETWORK_KINDS } from '../api/common.js';
import { day, int, kind, kinds, maybeString, read } from '../server/common/declare.js';

/**
 * Full-text hits of the Danish index, of the asked kinds, with the facts a result list shows under each name;
 * never a person who has left by day $today, a unit responsible for a typed KLE number ($numbers) first, and the
 * nodes of a kind the words name ($hints, scored by $kindBonus and $kindAlone times the best text score).
 */
export const search = read(
  z.object({
    lucene: z.string(),
    numbers: z.array(z.string()).readonly(),
    words: z.array(z.array(z.string()).readonly()).readonly(),
    hints: z.array(z.object({ kind, networkKind: z.enum(NETWORK_KINDS).nullable() })).readonly(),
    kindBonus: z.number(),
    kindAlone: z.number(),
    kinds: kinds,
    fetch: int,
    limit: int,
    today: day,
  }),
  z.object({
    id: z.string(),
    kind,
    name: z.string(),
    score: z.number(),
    title: maybeString,
    department: maybeString,
    networkKind: maybeString,
    status: maybeString,
    perspective: maybeString,
    partnerType: maybeString,
  }),
);
