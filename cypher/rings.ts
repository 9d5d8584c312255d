import { z } from 'zod';
import { day, int, kinds, read, relType, relTypes } from '../server/common/declare.js';
import { elementNode } from './shapes.js';

/** The next ring on day $at: neighbours of the $frontier not $seen, how many, and the first $take as drawn nodes. */
export const ringsNext = read(
  z.object({
    frontier: z.array(z.string()),
    seen: z.array(z.string()),
    types: relTypes,
    kinds: kinds,
    take: int,
    cap: int,
    at: day,
  }),
  z.object({ total: int, approximate: z.boolean(), nodes: z.array(elementNode) }),
);

/** The relations among the drawn nodes (by element id) of the allowed types that held on day $at. */
export const ringsEdges = read(
  z.object({ refs: z.array(z.string()), types: relTypes, at: day }),
  z.object({ source: z.string(), type: relType, target: z.string() }),
);
