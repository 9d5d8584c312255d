import { z } from 'zod';
import { atSchema, idSchema, NOT_BLANK, nodeRefSchema, PERSPECTIVES } from './common.js';
import { ep } from './endpoint.js';

// Survey rounds (issue 20): the people of a network say what it created. A round asks a
// network's participants and leaders (optionally the people they name) about new relations,
// relational coordination with other departments, and learning. Individual answers are seen
// only by those who manage the round: coordinators (the coordinator role) and the network's own
// leaders (signed in and linked to a Person who LEADS it). Every aggregate shown to anyone else
// rests on at least MIN_RESPONDENTS respondents, else it is left out ("for få svar").

/** The fewest respondents an aggregate shown to anyone but the round's managers may rest on. */
export const MIN_RESPONDENTS = 5;

/**
 * The seven dimensions of relational coordination (Gittell): four of communication, three of
 * relationship. Ringe's own Danish wording is in the client's locale files (surveys.rc.*); this
 * follows the published dimensions and is not the licensed Relational Coordination Survey.
 */
export const RC_DIMENSIONS = [
  'frequent',
  'timely',
  'accurate',
  'problemSolving',
  'sharedGoals',
  'sharedKnowledge',
  'mutualRespect',
] as const;
export type RcDimension = (typeof RC_DIMENSIONS)[number];

const int = z.number().int();
const score = z
  .number({ error: 'must be a whole number from 1 to 5' })
  .int('must be a whole number from 1 to 5')
  .min(1, 'must be a whole number from 1 to 5')
  .max(5, 'must be a whole number from 1 to 5');

export const ROUND_STATUSES = ['planned', 'open', 'closed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/**
 * Why a survey request was refused, as a 400's `reason` (api/errors.ts) beside its English sentence,
 * so the client says it in the page's language (surveys.refusal.<reason> in the locale files).
 */
export const SURVEY_REFUSALS = [
  /** Opening a round for a network with nobody to ask. */
  'noOneToAsk',
  /** Opening a round that would end before today. */
  'closesBeforeToday',
  /** Answering a round that is not open (before opensOn, after closesOn, or closed). */
  'roundNotOpen',
  /** Naming oneself as a new relation. */
  'namedSelf',
  /** Naming someone who is not (or no longer) a person in Ringe. */
  'unknownPerson',
  /** Rating a department that does not exist. */
  'unknownDepartment',
  /** Rating the same department twice in one answer. */
  'ratedTwice',
  /** Sending invitations or reminders for a round that is closed. */
  'roundClosed',
  /** Closing a round that has not opened yet. */
  'roundNotStarted',
  /** Closing a round that is closed already. */
  'closedAlready',
  /** Deleting the raw answers of a round that has not closed. */
  'roundNotClosed',
] as const;
export type SurveyRefusal = (typeof SURVEY_REFUSALS)[number];

/** A round as anyone may see it: that it exists, when, and how many were asked (not who). */
export const roundSchema = z.strictObject({
  id: z.string(),
  network: nodeRefSchema,
  /** First and last day answers are taken (YYYY-MM-DD, both included, in Albertslund's time). */
  opensOn: z.string(),
  closesOn: z.string(),
  /** planned: before opensOn; open: from opensOn through closesOn and not closed; closed: closed by hand or past closesOn. */
  status: z.enum(ROUND_STATUSES),
  /** Whether people the respondents name are asked too. */
  askNamed: z.boolean(),
  /** When its raw answers were deleted (its results kept); null while they are kept. */
  answersDeletedOn: z.string().nullable(),
});
export type Round = z.infer<typeof roundSchema>;

export const networkRoundsParams = z.strictObject({ id: idSchema });
export const networkRoundsResponse = z.strictObject({
  /** Newest first. */
  rounds: z.array(roundSchema),
  /** Whether the caller manages the network's rounds (coordinator, or a leader of the network). */
  canManage: z.boolean(),
});

export const openRoundBody = z
  .strictObject({
    opensOn: atSchema,
    closesOn: atSchema,
    askNamed: z.boolean({ error: 'must be true or false' }).default(false),
  })
  .refine((b) => b.closesOn >= b.opensOn, { message: 'must not be before opensOn', path: ['closesOn'] });

export const roundParams = z.strictObject({ roundId: idSchema });

/** One rating: the department worked with through the network, and a score per dimension. */
export const rcRatingSchema = z.strictObject({
  departmentId: idSchema,
  scores: z.strictObject({
    frequent: score,
    timely: score,
    accurate: score,
    problemSolving: score,
    sharedGoals: score,
    sharedKnowledge: score,
    mutualRespect: score,
  }),
});
export type RcRating = z.infer<typeof rcRatingSchema>;

export const learningTextSchema = z.strictObject({
  perspective: z.enum(PERSPECTIVES),
  text: z
    .string({ error: 'must be text' })
    .regex(NOT_BLANK, 'must not be empty')
    .max(1000, 'must be at most 1000 characters'),
  /** Whether the coordinators may see who wrote it; no name unless the respondent chooses. */
  showName: z.boolean({ error: 'must be true or false' }).default(false),
});

export const answerBody = z.strictObject({
  /** People the respondent has begun to work with through the network (each becomes a KNOWS). */
  named: z.array(idSchema).max(50, 'may name at most 50 people'),
  ratings: z.array(rcRatingSchema).max(30, 'may rate at most 30 departments'),
  texts: z.array(learningTextSchema).max(9, 'may hold at most 9 texts'),
});
export type AnswerBody = z.infer<typeof answerBody>;

/** One of a person's own survey answers, as their data export holds it (api/transfer.ts). */
export const personSurveyAnswerSchema = z.strictObject({
  round: z.strictObject({
    id: z.string(),
    network: nodeRefSchema,
    /** Null when the round itself is gone (its answer kept). */
    opensOn: z.string().nullable(),
    closesOn: z.string().nullable(),
  }),
  at: z.string(),
  /** Their departments on the day they answered (for the pairs of relational coordination). */
  departmentIds: z.array(z.string()),
  /** The people they named, by id. */
  named: z.array(z.string()),
  ratings: z.array(rcRatingSchema),
  texts: z.array(
    z.strictObject({
      perspective: z.enum(PERSPECTIVES),
      text: z.string(),
      showName: z.boolean(),
      /** The petal (Outcome id) a coordinator accepted it as; null while not accepted. */
      acceptedAs: z.string().nullable(),
    }),
  ),
});
export type PersonSurveyAnswer = z.infer<typeof personSurveyAnswerSchema>;

/** The round as the signed-in person sees it when they come to answer. */
export const roundForMeResponse = z.strictObject({
  round: roundSchema,
  /** The caller's Person (null: signed in but not linked to anyone in Ringe, who cannot answer). */
  me: nodeRefSchema.nullable(),
  /** Whether the caller is asked (and so may answer while the round is open). */
  asked: z.boolean(),
  /** The caller's own answer, to change it; null before they answer. */
  myAnswer: z
    .strictObject({
      at: z.string(),
      named: z.array(nodeRefSchema),
      ratings: z.array(rcRatingSchema),
      texts: z.array(learningTextSchema),
    })
    .nullable(),
  /** Departments the respondent may rate: those of the network's people on opensOn, by name. */
  departments: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  /** How long raw answers are kept after a round closes, in days (SURVEY_RETENTION_DAYS), for the notice. */
  retentionDays: int,
});
export type RoundForMe = z.infer<typeof roundForMeResponse>;

export const answerResponse = z.strictObject({
  /** New KNOWS written by this answer (a person already known is not new). */
  relationsAdded: int,
  /** KNOWS an earlier answer of the caller had written and this one no longer names, removed. */
  relationsRemoved: int,
  /** true when it replaced the caller's earlier answer. */
  replaced: z.boolean(),
});

/** Individual answers: for the round's managers only. */
export const roundAnswersResponse = z.strictObject({
  respondents: z.array(
    z.strictObject({
      person: nodeRefSchema,
      at: z.string(),
      named: z.array(nodeRefSchema),
      ratings: z.array(rcRatingSchema),
    }),
  ),
  /** Free texts apart from who wrote them: `by` only when the respondent chose to show their name. */
  texts: z.array(
    z.strictObject({
      id: z.string(),
      perspective: z.enum(PERSPECTIVES),
      text: z.string(),
      by: nodeRefSchema.nullable(),
      /** The petal (Outcome) it was accepted as; null while not accepted. */
      acceptedAs: nodeRefSchema.nullable(),
    }),
  ),
});

export const acceptPetalParams = z.strictObject({ roundId: idSchema, textId: idSchema });
export const acceptPetalBody = z.strictObject({
  /** The petal's words, as the coordinator edited them from the text. */
  name: z
    .string({ error: 'must be text' })
    .regex(NOT_BLANK, 'must not be empty')
    .max(200, 'must be at most 200 characters'),
  perspective: z.enum(PERSPECTIVES),
});
export const acceptPetalResponse = z.strictObject({ outcome: nodeRefSchema });

/** One pair of departments' relational-coordination index (mean of the seven, 1–5). */
export const rcPairSchema = z.strictObject({
  a: nodeRefSchema,
  b: nodeRefSchema,
  index: z.number(),
  /** Distinct respondents it rests on; given to managers only (others see only pairs with at least MIN_RESPONDENTS). */
  respondents: int.nullable(),
  /** The same pair's index in the network's previous round that has it (shown under the same rule); null: none. */
  previous: z.number().nullable(),
});
export type RcPair = z.infer<typeof rcPairSchema>;

export const roundResultsResponse = z.strictObject({
  round: roundSchema,
  /** Whether the caller manages the round (sees every figure, also those on fewer than MIN_RESPONDENTS). */
  manager: z.boolean(),
  /** Whether the round has fewer respondents than MIN_RESPONDENTS and the caller does not manage it: then every survey figure below is null or empty ("for få svar"). */
  tooFew: z.boolean(),
  response: z.strictObject({ asked: int, answered: int }).nullable(),
  relations: z
    .strictObject({
      /** Pairs of people a respondent named (once per pair). */
      pairs: int,
      /** Pairs where both named each other. */
      confirmed: int,
      /** Share (0–1) of pairs whose two people have no department in common. */
      crossDepartmentShare: z.number(),
      /** Departments of the named people that are not a department of the one who named them. */
      departmentsReached: z.array(nodeRefSchema),
    })
    .nullable(),
  /** The network's ripple (rings of people by distance from its leaders) on opensOn and on closesOn (or today while open): graph data, not survey figures. */
  rings: z.strictObject({
    before: z.array(int),
    after: z.array(int),
  }),
  /** Pairs with at least MIN_RESPONDENTS respondents, unless the caller manages the round. */
  coordination: z.array(rcPairSchema),
  /** Pairs left out for having too few respondents (only whether any, no count). */
  coordinationWithheld: z.boolean(),
  /** Petals accepted from this round's texts. */
  petals: z.array(nodeRefSchema.extend({ perspective: z.enum(PERSPECTIVES) })),
});
export type RoundResults = z.infer<typeof roundResultsResponse>;

export const deleteAnswersResponse = z.strictObject({ deleted: int });

export const invitationsBody = z.strictObject({
  /** invite: everyone asked; reminder: those asked who have not answered. */
  kind: z.enum(['invite', 'reminder']),
});
export const invitationsResponse = z.strictObject({
  /** sent: mailed through SMTP; notConfigured: no SMTP_URL, share the link instead. */
  mail: z.enum(['sent', 'notConfigured']),
  sent: int,
  /** Asked people without a work e-mail (or whose mail the server refused), by name. */
  notReached: z.array(nodeRefSchema),
});
export const shareResponse = z.strictObject({
  /** The answer page's address. */
  link: z.string(),
  /** The link as a QR code, an SVG document. */
  qrSvg: z.string(),
});

export const surveyEndpoints = {
  networkRounds: ep({
    method: 'get',
    path: '/api/networks/{id}/surveys',
    summary: "A network's survey rounds, newest first, and whether the caller may open and manage them.",
    params: networkRoundsParams,
    response: networkRoundsResponse,
  }),
  openRound: ep({
    method: 'post',
    path: '/api/networks/{id}/surveys',
    summary:
      "Opens a survey round for a network (coordinators, or the network's own leaders): it asks the participants and leaders holding on opensOn.",
    role: 'reader',
    callerDecides: true,
    status: 201,
    params: networkRoundsParams,
    body: openRoundBody,
    response: roundSchema,
  }),
  roundForMe: ep({
    method: 'get',
    path: '/api/surveys/{roundId}',
    summary:
      'The round as the signed-in person sees it when answering: whether they are asked, their own answer, the departments to rate.',
    role: 'reader',
    params: roundParams,
    response: roundForMeResponse,
  }),
  answerRound: ep({
    method: 'put',
    path: '/api/surveys/{roundId}/answer',
    summary:
      "The signed-in person's answer (a second one replaces the first): each named person becomes a dated KNOWS via the network from the survey.",
    role: 'reader',
    callerDecides: true,
    params: roundParams,
    body: answerBody,
    response: answerResponse,
  }),
  roundAnswers: ep({
    method: 'get',
    path: '/api/surveys/{roundId}/answers',
    summary:
      "The round's individual answers, for its managers only; free texts apart from their writers unless they chose to be named.",
    role: 'reader',
    params: roundParams,
    response: roundAnswersResponse,
  }),
  deleteRoundAnswers: ep({
    method: 'delete',
    path: '/api/surveys/{roundId}/answers',
    summary: "Deletes a closed round's raw answers, keeping its results (managers only).",
    role: 'reader',
    callerDecides: true,
    params: roundParams,
    response: deleteAnswersResponse,
  }),
  closeRound: ep({
    method: 'post',
    path: '/api/surveys/{roundId}/close',
    summary: 'Closes a round now (managers only) and keeps its results.',
    role: 'reader',
    callerDecides: true,
    params: roundParams,
    response: roundSchema,
  }),
  roundResults: ep({
    method: 'get',
    path: '/api/surveys/{roundId}/results',
    summary:
      "A round's results: response, new relations, the rings before and after, relational coordination per pair of departments, accepted petals; figures on fewer than 5 respondents only for its managers.",
    params: roundParams,
    response: roundResultsResponse,
  }),
  acceptPetal: ep({
    method: 'post',
    path: '/api/surveys/{roundId}/texts/{textId}/accept',
    summary: "Accepts a respondent's text as a petal (Outcome) of the network's flower (managers only).",
    role: 'reader',
    callerDecides: true,
    status: 201,
    params: acceptPetalParams,
    body: acceptPetalBody,
    response: acceptPetalResponse,
  }),
  roundInvitations: ep({
    method: 'post',
    path: '/api/surveys/{roundId}/invitations',
    summary:
      'Mails the invitation (or a reminder to those who have not answered) through SMTP when configured (managers only).',
    role: 'reader',
    callerDecides: true,
    params: roundParams,
    body: invitationsBody,
    response: invitationsResponse,
  }),
  roundShare: ep({
    method: 'get',
    path: '/api/surveys/{roundId}/share',
    summary: "The answer page's link and its QR code, to share without mail (managers only).",
    role: 'reader',
    params: roundParams,
    response: shareResponse,
  }),
} as const;
