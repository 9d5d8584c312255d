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

/** A node's id and name, as the cards show them. */
const ref = z.object({ id: z.string(), name: maybeString });

/** A person's card facts on day $at beside their relations: units with where they sit, first department, manager, leftOn and handed-over network roles. */
export const personCard = read(
  z.object({ id: z.string(), at: day }),
  z.object({
    leftOn: maybeString,
    units: z.array(z.object({ unit: ref, path: z.array(ref), department: ref.nullable() })),
    department: ref.nullable(),
    manager: ref.nullable(),
    handedOver: z.array(z.object({ network: ref, to: ref })),
  }),
);

/** A unit's card facts on day $at: the units above it, its department (and the ancestor it comes from), sub-units, KLE subjects and people (at most $limit, with their total). */
export const unitCard = read(
  z.object({ id: z.string(), at: day, limit: int }),
  z.object({
    path: z.array(ref),
    department: ref.nullable(),
    departmentFrom: ref.nullable(),
    children: z.array(ref),
    kleNumbers: z.array(z.string()),
    kleAspects: z.array(z.string()),
    kleTitles: z.array(z.string().nullable()),
    people: z.array(ref),
    peopleTotal: int,
  }),
);
