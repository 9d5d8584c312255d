import { z } from 'zod';
import { day, int, maybeString, none, noRows, read, write } from '../server/common/declare.js';

// The "Datakilder" admin page's and the schedule's own reads and writes (server/sync/service.ts, schedule.ts); the
// engine's are in sync.cypher. A source's SyncSource node is named by its namespace: the source's name, or name@scope in tests.

/** The sources' units with their parent, their own department, the nearest mapped ancestor's, and their people on day $at. */
export const sourcesUnits = read(
  z.object({ at: day }),
  z.object({
    id: z.string(),
    name: z.string(),
    parentId: maybeString,
    departmentId: maybeString,
    departmentName: maybeString,
    inheritedId: maybeString,
    inheritedName: maybeString,
    fromId: maybeString,
    fromName: maybeString,
    people: int,
  }),
);

/** Every department a unit can be mapped to, by name. */
export const sourcesDepartments = read(none, z.object({ id: z.string(), name: z.string() }));

/** A source's saved column mapping (JSON text), if any. */
export const sourcesMapping = read(z.object({ name: z.string() }), z.object({ mapping: maybeString }));

/** Saves a source's column mapping (JSON text), making its SyncSource node when it has none yet. */
export const sourcesSetMapping = write(z.object({ name: z.string(), mapping: z.string() }), noRows);

/** Claims a source's scheduled run unless a process has claimed it since $due; the node's lock is taken before the check, so two processes never both claim. */
export const sourcesClaimSchedule = write(
  z.object({ name: z.string(), due: z.string(), now: z.string() }),
  z.object({ before: maybeString }),
);

/** Gives a claimed scheduled run back when it could not start (another run held the lease), so a later tick may try again. */
export const sourcesReleaseSchedule = write(
  z.object({ name: z.string(), now: z.string(), before: z.string().nullable() }),
  noRows,
);
