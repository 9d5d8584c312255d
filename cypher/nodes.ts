import { z } from 'zod';
import { day, int, kind, kinds, maybeString, properties, read, relType, relTypes } from '../server/common/declare.js';

/** One node by its id, through the :Entity id index, with its kind (the first known label; null when none is known). */
export const nodeById = read(
  z.object({ id: z.string(), kinds: kinds }),
  z.object({ id: z.string(), kind: kind.nullable(), name: maybeString, properties }),
);

/** One node by its id with its direct relations (all of them when $at is null, else those that held on day $at), capped at $limit + 1. */
export const nodeWithRelations = read(
  z.object({ id: z.string(), kinds: kinds, types: relTypes, limit: int, at: day.nullable() }),
  z.object({
    id: z.string(),
    kind: kind.nullable(),
    name: maybeString,
    properties,
    relations: z.array(
      z.object({
        type: relType,
        direction: z.enum(['out', 'in']),
        id: z.string(),
        kind: kind.nullable(),
        name: maybeString,
        properties,
      }),
    ),
  }),
);
