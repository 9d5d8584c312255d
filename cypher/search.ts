import { z } from 'zod';
import { int, kind, kinds, maybeString, read } from '../server/common/declare.js';

/** Full-text hits of the Danish index, of the asked kinds, with the facts a result list shows under each name. */
export const search = read(
  z.object({ lucene: z.string(), kinds: kinds, fetch: int, limit: int }),
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
