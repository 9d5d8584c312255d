import { z } from 'zod';
import { day, int, maybeString, read } from '../server/common/declare.js';
import { ref } from './shapes.js';

/** The network, whether it has started by day $at, and the element ids of the people who lead or take part in it on day $at; no row when the id is no network. */
export const rippleNetwork = read(
  z.object({ id: z.string(), at: day }),
  z.object({ id: z.string(), name: maybeString, holds: z.boolean(), people: z.array(z.string()) }),
);

/** The people (element ids) tied on day $at to any of the given ones (a shared network or training, or a KNOWS), but those seen. */
export const rippleTied = read(
  z.object({ ids: z.array(z.string()), seen: z.array(z.string()), at: day }),
  z.object({ people: z.array(z.string()) }),
);

/** The departments the reached people (element ids) work in on day $at (with how many) and the partners the network reaches. */
export const rippleReach = read(
  z.object({ id: z.string(), people: z.array(z.string()), at: day }),
  z.object({
    departments: z.array(z.object({ id: z.string(), name: maybeString, people: int })),
    partners: z.array(ref),
  }),
);

/** KNOWS relations with `via` the network that hold on day $at, and how many join people with no department in common then. */
export const rippleNewRelations = read(
  z.object({ id: z.string(), at: day }),
  z.object({ total: int, crossDepartment: int }),
);
