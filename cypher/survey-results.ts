import { z } from 'zod';
import { day, ids, int, maybeString, read, write } from '../server/common/declare.js';

/** A round with its network's name, how many were asked and its kept results (JSON text); no row when there is none. */
export const surveyResultsRound = read(
  z.object({ id: z.string() }),
  z.object({
    id: z.string(),
    networkId: z.string(),
    networkName: maybeString,
    opensOn: z.string(),
    closesOn: z.string(),
    closedOn: maybeString,
    askNamed: z.boolean(),
    asked: int,
    answersDeletedOn: maybeString,
    results: maybeString,
    answers: int,
  }),
);

/** Takes the round's write lock, so a close or a deletion reads every answer there is. */
export const surveyResultsLock = write(z.object({ id: z.string() }), z.object({ id: z.string() }));

/** The raw answers of the given rounds (ratings as JSON text). */
export const surveyResultsAnswers = read(
  z.object({ roundIds: ids }),
  z.object({
    roundId: z.string(),
    personId: z.string(),
    at: z.string(),
    departmentIds: z.array(z.string()),
    named: z.array(z.string()),
    ratings: z.string(),
  }),
);

/** The departments each given person works in on the given day. */
export const surveyResultsDepartmentsOn = read(
  z.object({ people: z.array(z.object({ id: z.string(), at: day })).readonly() }),
  z.object({ id: z.string(), at: z.string(), departments: z.array(z.string()) }),
);

/** The names of the given departments (those there still are). */
export const surveyResultsDepartmentNames = read(z.object({ ids }), z.object({ id: z.string(), name: maybeString }));

/** The petals the network created from the round's texts, by name. */
export const surveyResultsPetals = read(
  z.object({ networkId: z.string(), roundId: z.string() }),
  z.object({ id: z.string(), name: maybeString, perspective: maybeString }),
);

/** The network's earlier rounds closed by day $today, latest first, with their kept results. */
export const surveyResultsEarlier = read(
  z.object({ id: z.string(), today: day }),
  z.object({ id: z.string(), results: maybeString, answersDeleted: z.boolean(), answers: int }),
);

/** Closes a round on day $today and keeps its results. */
export const surveyResultsClose = write(
  z.object({ id: z.string(), today: day, results: z.string() }),
  z.object({ id: z.string() }),
);

/** Keeps a closed round's results worked out from its raw answers. */
export const surveyResultsKeep = write(z.object({ id: z.string(), results: z.string() }), z.object({ id: z.string() }));

/** Deletes a round's raw answers, keeping the given results; how many answers went. */
export const surveyResultsDeleteAnswers = write(
  z.object({ id: z.string(), today: day, results: z.string() }),
  z.object({ deleted: int }),
);

/** Every round closed by day $at, by network, latest first, with its kept results. */
export const surveyMeasuredRounds = read(
  z.object({ at: day }),
  z.object({
    id: z.string(),
    networkId: z.string(),
    opensOn: z.string(),
    closedOn: maybeString,
    closesOn: z.string(),
    results: maybeString,
    answersDeleted: z.boolean(),
    answers: int,
  }),
);

/** What the measured coordination of day $at rests on: counts of answers and rounds, closed, emptied and kept rounds. */
export const surveyMeasuredFingerprint = read(
  z.object({ at: day }),
  z.object({ answers: int, rounds: int, closed: int, answersDeleted: int, kept: int }),
);
