import { z } from 'zod';
import { int, maybeString, none, read, relTypes, temporal, write } from '../server/common/declare.js';
import { change } from './shapes.js';

const written = z.object({ written: int });
const batch = <T extends z.ZodType>(row: T) => z.object({ rows: z.array(row).readonly() });

/** Every recorded change with all it holds, oldest first, for a backup. */
export const backupHistory = read(none, change);

/** The admin-managed role list, one row per granted role with who granted it and when, for a backup. */
export const backupRoleGrants = read(
  none,
  z.object({ sub: z.string(), role: z.string(), grantedAt: temporal.nullable(), grantedBy: maybeString }),
);

/** The links admins made from users to their Person (who am I), with who set each and when, for a backup. */
export const backupUserLinks = read(
  none,
  z.object({ sub: z.string(), personId: z.string(), setBy: maybeString, at: temporal.nullable() }),
);

/** A survey round as stored, every property (null where it has none), as a backup holds it. */
const surveyRound = z.object({
  id: z.string(),
  networkId: maybeString,
  opensOn: maybeString,
  closesOn: maybeString,
  closedOn: maybeString,
  askNamed: z.boolean().nullable(),
  asked: z.array(z.string()).readonly().nullable(),
  createdAt: maybeString,
  createdBy: maybeString,
  answersDeletedOn: maybeString,
  results: maybeString,
  source: maybeString,
});

/** A survey answer as stored, every property (null where it has none), as a backup holds it. */
const surveyAnswer = z.object({
  id: z.string(),
  roundId: maybeString,
  networkId: maybeString,
  personId: maybeString,
  at: maybeString,
  departmentIds: z.array(z.string()).readonly().nullable(),
  named: z.array(z.string()).readonly().nullable(),
  ratings: maybeString,
  texts: maybeString,
  source: maybeString,
});

/** Every survey round with all it holds (its kept results and who was asked included), by id, for a backup. */
export const backupSurveyRounds = read(none, surveyRound);

/** Every survey answer with all it holds, by id, for a backup. */
export const backupSurveyAnswers = read(none, surveyAnswer);

/** Writes recorded changes from a backup as they were (each value as the file holds it); a change already held (by id) stays as it is. */
export const restoreHistory = write(
  batch(
    z.object({
      id: z.string(),
      at: maybeString,
      actorSub: maybeString,
      actorName: maybeString,
      action: maybeString,
      targetKind: maybeString,
      targetId: maybeString,
      before: maybeString,
      after: maybeString,
      undoOf: maybeString,
    }),
  ),
  written,
);

/** Writes granted roles from a backup; a grant already held stays as it is. */
export const restoreRoleGrants = write(
  batch(z.object({ sub: z.string(), role: z.string(), grantedAt: maybeString, grantedBy: maybeString })),
  written,
);

/** Writes the admins' links from users to their Person from a backup; a user's link already held stays as it is. */
export const restoreUserLinks = write(
  batch(z.object({ sub: z.string(), personId: z.string(), setBy: maybeString, at: maybeString })),
  written,
);

/** Writes survey rounds from a backup as they were; a round already held (by id) stays as it is. */
export const restoreSurveyRounds = write(batch(surveyRound), written);

/** Writes survey answers from a backup as they were; an answer already held (by id) stays as it is. */
export const restoreSurveyAnswers = write(batch(surveyAnswer), written);

/** The version counters above 1 of the graph's nodes and relations (a relation by source|TYPE|target), for a backup. */
export const backupVersions = read(z.object({ types: relTypes }), z.object({ id: z.string(), version: int }));

/** Sets the version counters a backup holds on restored nodes. */
export const restoreNodeVersions = write(batch(z.object({ id: z.string(), version: int })), written);

/** Sets the version counters a backup holds on restored relations, each named by its ends and type. */
export const restoreRelationVersions = write(
  batch(z.object({ source: z.string(), type: z.string(), target: z.string(), version: int })),
  written,
);
