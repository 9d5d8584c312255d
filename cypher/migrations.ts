import { z } from 'zod';
import { NETWORK_PHASES } from '../api/common.js';
import { int, maybeString, neo4jDay, noRows, none, read, relTypes, write } from '../server/common/declare.js';

/**
 * Days stored by element id (null removes), as server/common/days.ts made them, with the written
 * dates they were made from: a row whose dates were changed since they were read stores nothing.
 */
const relationDaysRows = z.object({
  rows: z
    .array(z.object({ ref: z.string(), since: maybeString, until: maybeString, firstDay: neo4jDay, lastDay: neo4jDay }))
    .readonly(),
});
const nodeDaysRows = z.object({
  rows: z
    .array(z.object({ ref: z.string(), startedAt: maybeString, firstDay: neo4jDay, lastDay: neo4jDay }))
    .readonly(),
});

/** The database's schema version: the highest version of the migrations it records as done (0 when none). */
export const migrationsDone = read(none, z.object({ version: int }));

/** Records migration $version as done, with what it does and when; a version recorded already stays as it was. */
export const migrationDone = write(z.object({ version: int, does: z.string() }), z.object({ version: int }));

/** Every relation of the model ($types) with a written since or until, by element id, for the days migration. */
export const datedRelations = read(
  z.object({ types: relTypes }),
  z.object({ ref: z.string(), since: maybeString, until: maybeString }),
);

/** Every network with a written startedAt, by element id, for the days migration. */
export const datedNetworks = read(none, z.object({ ref: z.string(), startedAt: z.string() }));

/** Stores the days of relations by element id. */
export const storeRelationDays = write(relationDaysRows, z.object({ written: int }));

/** Stores the days of nodes by element id. */
export const storeNodeDays = write(nodeDaysRows, z.object({ written: int }));

/** Networks whose phase is not one of the fixed list ($phases), with what the phase migration needs. */
export const phasesOffList = read(
  z.object({ phases: z.array(z.enum(NETWORK_PHASES)).readonly() }),
  z.object({ id: z.string(), phase: z.string(), remarks: maybeString, version: int }),
);

/** Puts one network's phase on the fixed list if it still has the phase that was read, with a new version; no row when it changed meanwhile. */
export const phaseMigrate = write(
  z.object({ id: z.string(), was: z.string(), phase: z.enum(NETWORK_PHASES).nullable(), remarks: maybeString }),
  z.object({ version: int }),
);

/** Drops the full-text index ringe_search, so that the schema's definition makes it again with what it now indexes. */
export const searchIndexDrop = write(none, noRows);
