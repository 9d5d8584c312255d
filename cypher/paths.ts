import { z } from 'zod';
import { day, ids, int, kind, kinds, maybeString, read, relType, relTypes } from '../server/common/declare.js';

/** A path as both queries give it: its nodes and relations in walked order, element ids beside ids (to leave them out of a detour). */
const path = z.object({
  nodes: z.array(z.object({ ref: z.string(), id: z.string(), kind, name: maybeString, projectKind: maybeString })),
  relations: z.array(
    z.object({
      ref: z.string(),
      type: relType,
      /** The id of the relation's start node (so its direction). */
      start: z.string(),
      /** The dates as written. */
      since: maybeString,
      until: maybeString,
      wording: maybeString,
      via: z.object({ id: z.string(), kind: kind.nullable(), name: maybeString }).nullable(),
    }),
  ),
});

const walk = { from: z.string(), to: z.string(), types: relTypes, kinds, at: day };

/** Every shortest path between two nodes on day $at, then those one step longer where the join finds them, the first ten. */
export const shortestPaths = read(z.object({ ...walk, hub: int, max: int }), path);

/** For one spur of Yen's algorithm, a shortest path from the spur node to $to on day $at avoiding the spur's relations and nodes. */
export const detourPaths = read(
  z.object({ ...walk, spur: z.object({ from: z.string(), avoidRelations: ids, avoidNodes: ids }) }),
  path,
);
