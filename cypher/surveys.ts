import { z } from 'zod';
import { day, ids, int, maybeString, read, write } from '../server/common/declare.js';

// Survey rounds and answers (issue 20): server/surveys/. Days are 'YYYY-MM-DD' strings; an answer's
// ratings and texts are JSON text (server/surveys/answers.ts reads and writes them).

/** A round as stored, with its network's name (the id when it has none, or is gone). */
const round = z.object({
  id: z.string(),
  networkId: z.string(),
  networkName: z.string(),
  opensOn: day,
  closesOn: day,
  closedOn: day.nullable(),
  askNamed: z.boolean(),
  answersDeletedOn: day.nullable(),
  asked: z.array(z.string()),
});
export type RoundRow = z.output<typeof round>;

/** An answer as stored. */
const answer = z.object({
  id: z.string(),
  roundId: z.string(),
  personId: z.string(),
  at: z.string(),
  departmentIds: z.array(z.string()),
  named: z.array(z.string()),
  ratings: z.string(),
  texts: z.string(),
});
export type AnswerRow = z.output<typeof answer>;

const byId = z.object({ id: z.string() });

/** One network by id, with its name; no row when the id is no network. */
export const surveyNetwork = read(byId, z.object({ id: z.string(), name: z.string() }));

/** A network's survey rounds, newest first. */
export const surveyRoundsOfNetwork = read(z.object({ networkId: z.string() }), round);

/** One survey round by id with its network's name and the ids of those asked. */
export const surveyRound = read(byId, round);

/** Takes the round's write lock (answers to it are written one at a time) and reads it. */
export const surveyRoundLock = write(byId, round);

/** Whether the person leads, on day $at, the network $id or the network of the survey round $id. */
export const surveyLeadsNetwork = read(
  z.object({ id: z.string(), personId: z.string(), at: day }),
  z.object({ leads: z.boolean() }),
);

/** The people a round opening on $at asks: the network's leaders and participants then, not left. */
export const surveyAskable = read(z.object({ networkId: z.string(), at: day, today: day }), byId);

/** Stores a new survey round. */
export const surveyRoundCreate = write(
  z.object({
    props: z.object({
      id: z.string(),
      networkId: z.string(),
      opensOn: day,
      closesOn: day,
      askNamed: z.boolean(),
      asked: ids,
      createdAt: z.string(),
      createdBy: z.string(),
    }),
  }),
  byId,
);

/** Adds people to a round's asked (those not in it already). */
export const surveyAskedAppend = write(z.object({ id: z.string(), ids }), z.object({ asked: int }));

/** The people of the given ids that exist, with name and the day they left. */
export const surveyPeople = read(
  z.object({ ids }),
  z.object({ id: z.string(), name: z.string(), leftOn: maybeString }),
);

/** The outcomes (petals) of the given ids that exist, with name. */
export const surveyOutcomes = read(z.object({ ids }), z.object({ id: z.string(), name: z.string() }));

/** The departments a person works in on day $at. */
export const surveyDepartmentsOfPerson = read(z.object({ personId: z.string(), at: day }), byId);

/** The departments of the network's people on day $at, by name: those a respondent may rate. */
export const surveyNetworkDepartments = read(
  z.object({ networkId: z.string(), at: day }),
  z.object({ id: z.string(), name: z.string() }),
);

/** One answer by id (roundId|personId). */
export const surveyAnswer = read(byId, answer);

/** Takes an answer's write lock and reads it. */
export const surveyAnswerLock = write(byId, answer);

/** Every answer of a round, oldest first. */
export const surveyAnswers = read(z.object({ roundId: z.string() }), answer);

/** The id of the round's answer that holds a text, found by `"id":"<textId>"` in its texts' JSON. */
export const surveyAnswerOfText = read(z.object({ roundId: z.string(), needle: z.string() }), byId);

/** Stores an answer, replacing an earlier one with the same id; says whether there was one. */
export const surveyAnswerWrite = write(
  z.object({
    props: z.object({
      id: z.string(),
      roundId: z.string(),
      networkId: z.string(),
      personId: z.string(),
      at: z.string(),
      departmentIds: ids,
      named: ids,
      ratings: z.string(),
      texts: z.string(),
    }),
  }),
  z.object({ replaced: z.boolean() }),
);

/** Replaces an answer's texts (JSON text). */
export const surveyAnswerSetTexts = write(z.object({ id: z.string(), texts: z.string() }), byId);

/** The KNOWS from a person to any of the given people, with their `source` and `round`. */
export const surveyKnowsFrom = read(
  z.object({ personId: z.string(), ids }),
  z.object({ target: z.string(), source: maybeString, round: maybeString }),
);

/** The KNOWS a survey round wrote from a person, by the other end's id. */
export const surveyKnowsOfRound = read(
  z.object({ personId: z.string(), roundId: z.string() }),
  z.object({ target: z.string() }),
);

/** Every survey answer a person gave, with its round's network and days (their data export). */
export const surveyAnswersOfPerson = read(
  z.object({ personId: z.string() }),
  answer.omit({ personId: true }).extend({
    networkId: z.string(),
    networkName: z.string(),
    opensOn: day.nullable(),
    closesOn: day.nullable(),
  }),
);

/** Erasure: deletes the person's answers, takes them out of rounds' asked, pseudonymises them in others' named. */
export const surveyErasePerson = write(z.object({ id: z.string(), pseudonym: z.string() }), z.object({ deleted: int }));

/** Erasure: locks and reads other people's answers whose texts' JSON holds one of the needles. */
export const surveyAnswersMentioning = write(z.object({ id: z.string(), needles: z.array(z.string()) }), answer);

/** The rounds whose raw answers are past keeping (ended before $before, not yet deleted), at most $limit. */
export const surveyRetentionDue = read(z.object({ before: day, limit: int }), byId);
