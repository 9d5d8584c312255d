import { z } from 'zod';
import { day, ids, int, kind, kinds, maybeString, read, relType, relTypes } from '../server/common/declare.js';

/** Nodes of the asked kinds as they stood on day $at, filtered, counted, then the first $limit with each one's departments. */
export const graphNodes = read(
  z.object({
    allKinds: kinds,
    kinds: kinds,
    departments: z.array(z.string()).nullable(),
    statuses: z.array(z.string()).nullable(),
    limit: int,
    at: day,
  }),
  z.object({
    total: int,
    id: z.string(),
    label: z.string(),
    kind,
    status: maybeString,
    department: maybeString,
    departments: z.array(z.string()),
  }),
);

/** Relations among the given nodes, of the allowed types, that held on day $at, capped at $limit + 1. */
export const graphEdges = read(
  z.object({ ids, types: relTypes, limit: int, at: day }),
  z.object({ source: z.string(), type: relType, target: z.string() }),
);
