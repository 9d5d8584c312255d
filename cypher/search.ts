import { z } from 'zod';
import { day, int, kind, kinds, maybeString, read } from '../server/common/declare.js';

/**
 * Full-text hits of the Danish index, of the asked kinds, with the facts a result list shows under each name;
 * never a person who has left by day $today, and a unit responsible for a typed KLE number ($numbers) first.
 */
export const search = read(
  z.object({
    lucene: z.string(),
    numbers: z.array(z.string()).readonly(),
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
