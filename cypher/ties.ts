import { z } from 'zod';
import { day, int, maybeString, none, read, temporal } from '../server/common/declare.js';
import { ref } from './shapes.js';

/** What changes when the graph does: the newest recorded change and how many people and relationships there are. */
export const tiesFingerprint = read(
  none,
  z.object({ people: int, relationships: int, lastChange: temporal.nullable() }),
);

/** Every person by id, with the departments they work in on day $at. */
export const tiesPeople = read(
  z.object({ at: day }),
  z.object({ id: z.string(), name: maybeString, present: z.boolean(), departments: z.array(ref) }),
);

/** Each network (started by day $at) and training with its people on day $at. */
export const tiesGroups = read(
  z.object({ at: day }),
  z.object({ id: z.string(), name: maybeString, via: z.enum(['network', 'training']), people: z.array(z.string()) }),
);

/** Each person with the people their KNOWS relations that hold on day $at point to. */
export const tiesKnows = read(z.object({ at: day }), z.object({ id: z.string(), known: z.array(z.string()) }));

/** Every department by name, as the coordination matrix lists them. */
export const tiesDepartments = read(z.object({ limit: int }), z.object({ id: z.string(), name: maybeString }));

/** The changes recorded at or after $since, oldest first: what a kept tie graph has not yet been told. */
export const tiesChanges = read(
  z.object({ since: temporal, seen: temporal.nullable(), limit: int }),
  z.object({
    id: z.string(),
    action: z.string(),
    targetKind: maybeString,
    targetId: maybeString,
    fresh: z.boolean(),
  }),
);

/** The people among $ids on day $at: departments, whether still there, networks and trainings, KNOWS ends. */
export const tiesPeopleOf = read(
  z.object({ ids: z.array(z.string()), at: day }),
  z.object({
    id: z.string(),
    name: maybeString,
    present: z.boolean(),
    departments: z.array(ref),
    groups: z.array(z.string()),
    knows: z.array(z.string()),
  }),
);

/** The networks and trainings among $ids with their people on day $at. */
export const tiesGroupsOf = read(
  z.object({ ids: z.array(z.string()), at: day }),
  z.object({ id: z.string(), name: maybeString, via: z.enum(['network', 'training']), people: z.array(z.string()) }),
);
