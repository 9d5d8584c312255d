import { z } from 'zod';
import type { Principal } from '../../api/auth.js';
import { type NodeRef, PERSPECTIVES, today } from '../../api/common.js';
import { byCodeUnit } from '../../api/order.js';
import type { MeasuredPair } from '../../api/explore.js';
import {
  MIN_RESPONDENTS,
  RC_DIMENSIONS,
  type RcPair,
  type RcRating,
  type Round,
  type RoundResults,
  rcRatingSchema,
} from '../../api/surveys.js';
import { UnauthenticatedError } from '../auth/middleware.js';
import { HttpError, NotFoundError, ValidationError } from '../common/errors.js';
import type { Queries, ReadQueries, RowOf } from '../common/queries.js';
import type { PersonFor } from '../me/service.js';
import { rippleService } from '../ripple/service.js';
import { GraphAnswers } from '../ties/cache.js';
import { noDepartmentInCommon } from '../ties/departments.js';
import { fingerprintOf } from '../ties/load.js';
import { roundStatus, surveysService } from './service.js';

// A survey round's results (issue 20; the rules in /work/notes/survey-contract.md and api/surveys.ts):
// worked out from the round's raw answers while they exist, else read from the results kept on the
// round (JSON text, written when it is closed or its raw answers are deleted). The figures are
// whole here; `present()` applies the rule of MIN_RESPONDENTS for anyone who does not manage the round.

const int = z.number().int();
const keptRef = z.object({ id: z.string(), kind: z.literal('Department'), name: z.string() });

/** One pair of departments' index as kept: every rating's mean of the seven, averaged, and the distinct respondents. */
const keptPair = z.object({ a: keptRef, b: keptRef, index: z.number(), respondents: int });
export type PairFigure = z.infer<typeof keptPair>;

/** The whole figures of a round, as they are kept on it (`results`, JSON text). */
export const keptResultsSchema = z.object({
  version: z.literal(1),
  /** When they were worked out (ISO instant). */
  computedAt: z.string(),
  response: z.object({ asked: int, answered: int }),
  relations: z.object({
    pairs: int,
    confirmed: int,
    crossDepartmentShare: z.number(),
    departmentsReached: z.array(keptRef),
  }),
  /** Kept at close; none on results kept later from the raw answers of a round closed by its date. */
  rings: z.object({ before: z.array(int), after: z.array(int) }).optional(),
  coordination: z.array(keptPair),
});
export type KeptResults = z.infer<typeof keptResultsSchema>;
/** The survey figures (all but the rings, which are the graph's). */
export type Figures = Omit<KeptResults, 'version' | 'computedAt' | 'rings'>;
/** People per ring of the network's ripple on opensOn and on the end day. */
type Rings = NonNullable<KeptResults['rings']>;

type RoundRow = RowOf<'surveyResultsRound'>;
type AnswerRow = RowOf<'surveyResultsAnswers'>;

/** The round as anyone may see it. */
export function roundOf(r: RoundRow, day = today()): Round {
  return {
    id: r.id,
    network: { id: r.networkId, kind: 'Network', name: r.networkName ?? r.networkId },
    opensOn: r.opensOn,
    closesOn: r.closesOn,
    status: roundStatus(r, day),
    askNamed: r.askNamed,
    answersDeletedOn: r.answersDeletedOn,
  };
}

/** A round's kept results, or null when it has none (or they cannot be read, which is treated as none). */
export function keptOf(json: string | null): KeptResults | null {
  if (!json) return null;
  try {
    const parsed = keptResultsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A closed round's kept results when they still match its raw answers: always once the raw answers
 * are deleted; before that only while they count as many respondents as there are answers (a round
 * takes no answer once closed, so a difference means someone was erased since they were kept).
 */
export function freshKept(r: { results: string | null; answersDeleted: boolean; answers: number }): KeptResults | null {
  const kept = keptOf(r.results);
  if (!kept) return null;
  return r.answersDeleted || kept.response.answered === r.answers ? kept : null;
}

const ratingsOf = (json: string): RcRating[] => {
  try {
    const parsed = z.array(rcRatingSchema).safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
};

/** The mean of a rating's seven scores. */
const meanOf = (r: RcRating) => RC_DIMENSIONS.reduce((sum, d) => sum + r.scores[d], 0) / RC_DIMENSIONS.length;

/**
 * Relational coordination per unordered pair of departments (a the lower id): each rating counts
 * for every department of its respondent (on the day they answered) with the department rated;
 * the index is the mean over those ratings of each one's mean of the seven; respondents are distinct people.
 */
export function rcPairsOf(
  answers: readonly Pick<AnswerRow, 'personId' | 'departmentIds' | 'ratings'>[],
): { a: string; b: string; index: number; respondents: number }[] {
  const pairs = new Map<string, { a: string; b: string; sum: number; ratings: number; people: Set<string> }>();
  for (const answer of answers) {
    for (const rating of ratingsOf(answer.ratings)) {
      const mean = meanOf(rating);
      for (const own of new Set(answer.departmentIds)) {
        const [a, b] = own <= rating.departmentId ? [own, rating.departmentId] : [rating.departmentId, own];
        const key = `${a}\u0000${b}`;
        const pair = pairs.get(key) ?? { a, b, sum: 0, ratings: 0, people: new Set<string>() };
        pair.sum += mean;
        pair.ratings++;
        pair.people.add(answer.personId);
        pairs.set(key, pair);
      }
    }
  }
  return [...pairs.values()].map((p) => ({ a: p.a, b: p.b, index: p.sum / p.ratings, respondents: p.people.size }));
}

/** The day (in Albertslund) of an answer's instant. */
const dayOf = (at: string) => {
  const instant = new Date(at);
  return Number.isNaN(instant.getTime()) ? at.slice(0, 10) : today(instant);
};

/** Departments by id with their names now (a department since removed keeps its id as its name). */
async function departmentRefs(t: ReadQueries, ids: Iterable<string>): Promise<Map<string, z.infer<typeof keptRef>>> {
  const wanted = [...new Set(ids)];
  const rows = wanted.length ? await t.surveyResultsDepartmentNames({ ids: wanted }) : [];
  const names = new Map(rows.map((r) => [r.id, r.name ?? r.id]));
  return new Map(wanted.map((id) => [id, { id, kind: 'Department' as const, name: names.get(id) ?? id }]));
}

const byNames = (x: { a: NodeRef; b: NodeRef }, y: { a: NodeRef; b: NodeRef }) =>
  byCodeUnit(x.a.name, y.a.name) ||
  byCodeUnit(x.b.name, y.b.name) ||
  byCodeUnit(x.a.id, y.a.id) ||
  byCodeUnit(x.b.id, y.b.id);

/** The survey figures of a round from its raw answers (read in the caller's transaction). */
export async function figuresFrom(t: ReadQueries, asked: number, answers: readonly AnswerRow[]): Promise<Figures> {
  // Who named whom, on which day; a pair of people once, at the first day either named the other.
  const namings: { from: AnswerRow; to: string; day: string }[] = [];
  for (const answer of answers) {
    const day = dayOf(answer.at);
    for (const to of new Set(answer.named)) if (to !== answer.personId) namings.push({ from: answer, to, day });
  }
  const wanted = [...new Map(namings.map((n) => [`${n.to}|${n.day}`, { id: n.to, at: n.day }])).values()];
  const rows = wanted.length ? await t.surveyResultsDepartmentsOn({ people: wanted }) : [];
  const departmentsOn = new Map(rows.map((r) => [`${r.id}|${r.at}`, r.departments]));

  const directed = new Set(namings.map((n) => `${n.from.personId}\u0000${n.to}`));
  const pairs = new Map<string, { confirmed: boolean; cross: boolean; day: string }>();
  const reached = new Set<string>();
  for (const n of [...namings].sort((x, y) => byCodeUnit(x.day, y.day))) {
    const theirs = departmentsOn.get(`${n.to}|${n.day}`) ?? [];
    for (const d of theirs) if (!n.from.departmentIds.includes(d)) reached.add(d);
    const [p, q] = n.from.personId <= n.to ? [n.from.personId, n.to] : [n.to, n.from.personId];
    const key = `${p}\u0000${q}`;
    if (pairs.has(key)) continue;
    pairs.set(key, {
      confirmed: directed.has(`${p}\u0000${q}`) && directed.has(`${q}\u0000${p}`),
      // The one rule (server/ties/departments.ts), on the day the pair was first named.
      cross: noDepartmentInCommon(n.from.departmentIds, theirs),
      day: n.day,
    });
  }
  const all = [...pairs.values()];
  const coordination = rcPairsOf(answers);
  const refs = await departmentRefs(t, [...reached, ...coordination.flatMap((p) => [p.a, p.b])]);
  return {
    response: { asked, answered: new Set(answers.map((a) => a.personId)).size },
    relations: {
      pairs: all.length,
      confirmed: all.filter((p) => p.confirmed).length,
      crossDepartmentShare: all.length ? all.filter((p) => p.cross).length / all.length : 0,
      departmentsReached: [...reached]
        .map((id) => refs.get(id)!)
        .sort((x, y) => byCodeUnit(x.name, y.name) || byCodeUnit(x.id, y.id)),
    },
    coordination: coordination
      .map((p) => ({ a: refs.get(p.a)!, b: refs.get(p.b)!, index: p.index, respondents: p.respondents }))
      .sort(byNames),
  };
}

const NO_FIGURES: Figures = {
  response: { asked: 0, answered: 0 },
  relations: { pairs: 0, confirmed: 0, crossDepartmentShare: 0, departmentsReached: [] },
  coordination: [],
};

/** The survey figures of a round from its raw answers alone. */
const figuresFromRaw = async (t: ReadQueries, round: RoundRow): Promise<Figures> =>
  figuresFrom(t, round.asked, await t.surveyResultsAnswers({ roundIds: [round.id] }));

/** The survey figures of a round: its kept results while they match its raw answers (freshKept), else worked out from those. */
async function figuresOfRound(t: ReadQueries, round: RoundRow): Promise<Figures> {
  const kept = freshKept({ ...round, answersDeleted: round.answersDeletedOn !== null });
  if (kept) return { response: { ...kept.response }, relations: kept.relations, coordination: kept.coordination };
  if (round.answersDeletedOn) return { ...NO_FIGURES, response: { asked: round.asked, answered: 0 } };
  return figuresFromRaw(t, round);
}

/**
 * The department pairs of each given round, by round id: from its kept results while they match
 * its raw answers (freshKept), else from its raw answers (names as they are now).
 */
export async function pairsOfRounds(
  t: ReadQueries,
  rounds: readonly { id: string; results: string | null; answersDeleted: boolean; answers: number }[],
): Promise<Map<string, PairFigure[]>> {
  const out = new Map<string, PairFigure[]>();
  const raw = rounds.filter((r) => !r.answersDeleted && !freshKept(r)).map((r) => r.id);
  const answers = raw.length ? await t.surveyResultsAnswers({ roundIds: raw }) : [];
  const computed = new Map<string, ReturnType<typeof rcPairsOf>>();
  for (const id of raw) computed.set(id, rcPairsOf(answers.filter((a) => a.roundId === id)));
  const ids = new Set<string>();
  for (const list of computed.values()) for (const p of list) ids.add(p.a).add(p.b);
  const refs = await departmentRefs(t, ids);
  for (const r of rounds) {
    const list = computed.get(r.id);
    out.set(
      r.id,
      list
        ? list.map((p) => ({ a: refs.get(p.a)!, b: refs.get(p.b)!, index: p.index, respondents: p.respondents }))
        : (keptOf(r.results)?.coordination ?? []),
    );
  }
  return out;
}

const pairKey = (p: { a: { id: string }; b: { id: string } }) => `${p.a.id}\u0000${p.b.id}`;
/** An index as shown: two decimals. */
const shown = (x: number) => Math.round(x * 100) / 100;
const enough = (respondents: number) => respondents >= MIN_RESPONDENTS;

/**
 * What the caller sees of a round's figures. A manager sees them all; anyone else nothing of the
 * survey while the round is not closed or when fewer than MIN_RESPONDENTS answered (tooFew, no
 * figure and no hint), else only the
 * pairs resting on at least MIN_RESPONDENTS respondents, without their counts. `earlier` holds the
 * pairs of the network's earlier rounds, latest first: a pair's previous index is that of the first one having it.
 */
export function present(
  figures: Figures,
  earlier: readonly PairFigure[][],
  manager: boolean,
  closed = true,
): Pick<RoundResults, 'tooFew' | 'response' | 'relations' | 'coordination' | 'coordinationWithheld'> {
  const previousOf = (p: PairFigure): number | null => {
    for (const list of earlier) {
      const found = list.find((q) => pairKey(q) === pairKey(p));
      if (found) return manager || enough(found.respondents) ? shown(found.index) : null;
    }
    return null;
  };
  const pair = (p: PairFigure): RcPair => ({
    a: p.a,
    b: p.b,
    index: shown(p.index),
    respondents: manager ? p.respondents : null,
    previous: previousOf(p),
  });
  if (manager) {
    return {
      tooFew: false,
      response: figures.response,
      relations: figures.relations,
      coordination: figures.coordination.map(pair),
      coordinationWithheld: false,
    };
  }
  // While the round runs, figures seen before and after one more answer would tell that answer:
  // anyone but its managers sees them once it has closed (the client says so by the round's status).
  if (!closed || !enough(figures.response.answered)) {
    return { tooFew: true, response: null, relations: null, coordination: [], coordinationWithheld: false };
  }
  const shownPairs = figures.coordination.filter((p) => enough(p.respondents));
  return {
    tooFew: false,
    response: figures.response,
    relations: figures.relations,
    coordination: shownPairs.map(pair),
    coordinationWithheld: shownPairs.length < figures.coordination.length,
  };
}

/**
 * Relational coordination per pair of departments over every network's rounds closed by day `at`
 * (the leadership's matrix): per network, the latest such round that has the pair, counted when
 * the pair rests on at least MIN_RESPONDENTS respondents there; the networks' indexes averaged,
 * weighted by respondents. `previous` is the same over those networks' round before it (where that
 * one too rests on enough respondents).
 */
export async function measuredCoordination(t: ReadQueries, at: string): Promise<MeasuredPair[]> {
  const rounds = await t.surveyMeasuredRounds({ at });
  if (!rounds.length) return [];
  const pairs = await pairsOfRounds(t, rounds);
  const byNetwork = new Map<string, typeof rounds>();
  for (const r of rounds) byNetwork.set(r.networkId, [...(byNetwork.get(r.networkId) ?? []), r]);
  type Sum = { sum: number; respondents: number; networks: number };
  const totals = new Map<string, { a: NodeRef; b: NodeRef; now: Sum; before: Sum }>();
  const add = (s: Sum, p: PairFigure) => {
    s.sum += p.index * p.respondents;
    s.respondents += p.respondents;
    s.networks++;
  };
  for (const list of byNetwork.values()) {
    // Rounds come latest first: the first round with a pair is its current one, the next its previous.
    const current = new Map<string, PairFigure>();
    const previous = new Map<string, PairFigure>();
    for (const r of list) {
      for (const p of pairs.get(r.id) ?? []) {
        const key = pairKey(p);
        if (!current.has(key)) current.set(key, p);
        else if (!previous.has(key)) previous.set(key, p);
      }
    }
    for (const [key, p] of current) {
      if (!enough(p.respondents)) continue;
      const total = totals.get(key) ?? {
        a: p.a,
        b: p.b,
        now: { sum: 0, respondents: 0, networks: 0 },
        before: { sum: 0, respondents: 0, networks: 0 },
      };
      add(total.now, p);
      const before = previous.get(key);
      if (before && enough(before.respondents)) add(total.before, before);
      totals.set(key, total);
    }
  }
  return [...totals.values()]
    .map((x) => ({
      a: x.a,
      b: x.b,
      index: shown(x.now.sum / x.now.respondents),
      networks: x.now.networks,
      previous: x.before.respondents ? shown(x.before.sum / x.before.respondents) : null,
    }))
    .sort(byNames);
}

/** A round's survey figures, the pairs of the network's earlier rounds (latest first), and its petals. */
async function surveyOf(
  t: ReadQueries,
  round: RoundRow,
  day: string,
): Promise<{ figures: Figures; earlier: PairFigure[][]; petals: RoundResults['petals'] }> {
  const figures = await figuresOfRound(t, round);
  const earlierRounds = await t.surveyResultsEarlier({ id: round.id, today: day });
  const pairs = await pairsOfRounds(t, earlierRounds);
  const rows = await t.surveyResultsPetals({ networkId: round.networkId, roundId: round.id });
  return {
    figures,
    earlier: earlierRounds.map((r) => pairs.get(r.id) ?? []),
    petals: rows.flatMap((o) => {
      const perspective = PERSPECTIVES.find((p) => p === o.perspective);
      return perspective ? [{ id: o.id, kind: 'Outcome' as const, name: o.name ?? o.id, perspective }] : [];
    }),
  };
}

/** What anyone may see of a round's results but its rings (the report), read in the caller's transaction. */
export type PublicResults = Omit<RoundResults, 'manager' | 'rings'>;

/**
 * Each given network's latest round closed by `day`, its results as anyone may see them (the rule
 * of MIN_RESPONDENTS), by network id; a network without a closed round is not in the map.
 */
export async function latestClosedResults(
  t: ReadQueries,
  networkIds: readonly string[],
  day: string,
): Promise<Map<string, PublicResults>> {
  const wanted = new Set(networkIds);
  const latest = new Map<string, string>();
  // Latest first per network (the query's order).
  for (const r of await t.surveyMeasuredRounds({ at: day }))
    if (wanted.has(r.networkId) && !latest.has(r.networkId)) latest.set(r.networkId, r.id);
  const out = new Map<string, PublicResults>();
  for (const [networkId, id] of latest) {
    const [round] = await t.surveyResultsRound({ id });
    if (!round) continue;
    const survey = await surveyOf(t, round, day);
    out.set(networkId, {
      round: roundOf(round, day),
      ...present(survey.figures, survey.earlier, false),
      petals: survey.petals,
    });
  }
  return out;
}

/** Forbidden to anyone but the round's managers, in one sentence. */
export class NotManagerError extends HttpError<403> {
  constructor() {
    super(403, 'forbidden', "Only the network's coordinators and leaders may do this with its survey rounds.");
  }
}

export function surveyResultsService(queries: Queries, personFor: PersonFor) {
  const ripple = rippleService(queries);
  const { canManage } = surveysService(queries, personFor);

  // A ripple walks three hops of the whole graph: kept per network, day and graph fingerprint, as
  // the other answers worked out from the whole graph are (server/ties/cache.ts).
  const ripples = new GraphAnswers<number[]>(queries, { entries: 1024 });
  /** People per ring of the network's ripple on a day (nothing when the network is gone). */
  const ringsOn = async (networkId: string, day: string): Promise<number[]> => {
    const { value } = await ripples.answer(JSON.stringify(['surveyRings', networkId, day]), async () => {
      const [fp] = await queries.tiesFingerprint();
      return { fingerprint: fingerprintOf(fp), value: (await ripple.rings(networkId, day)) ?? [] };
    });
    return value;
  };
  /** The ripple on opensOn and on the end day (closedOn, else closesOn), neither after today. */
  const ringsOf = async (r: RoundRow, day = today()): Promise<Rings> => {
    const cap = (d: string) => (d < day ? d : day);
    const [before, after] = await Promise.all([
      ringsOn(r.networkId, cap(r.opensOn)),
      ringsOn(r.networkId, cap(r.closedOn ?? r.closesOn)),
    ]);
    return { before, after };
  };

  const roundRow = async (id: string): Promise<RoundRow> => {
    const [row] = await queries.surveyResultsRound({ id });
    if (!row) throw new NotFoundError(`There is no survey round with id "${id}".`);
    return row;
  };

  /** The round, checked to exist and to be managed by the (signed-in) caller. */
  const managedRound = async (id: string, user: Principal | null): Promise<RoundRow> => {
    if (!user) throw new UnauthenticatedError();
    const row = await roundRow(id);
    if (!(await canManage(user, row.id))) throw new NotManagerError();
    return row;
  };

  /** The whole results to keep on a round, from its raw answers (its rings worked out before, outside the write transaction). */
  const keep = async (t: ReadQueries, round: RoundRow, rings: Rings): Promise<string> => {
    const figures = await figuresFromRaw(t, round);
    const kept: KeptResults = { version: 1, computedAt: new Date().toISOString(), ...figures, rings };
    return JSON.stringify(kept);
  };

  return {
    /** A round's results as the caller may see them. */
    async results(id: string, user: Principal | null): Promise<RoundResults> {
      const day = today();
      const round = await roundRow(id);
      const manager = await canManage(user, round.id);
      const kept = keptOf(round.results);
      const [survey, rings] = await Promise.all([
        queries.readTx((t) => surveyOf(t, round, day)),
        // Kept at close for the round's fixed days; worked out while it runs.
        kept?.rings ? Promise.resolve(kept.rings) : ringsOf(round, day),
      ]);
      return {
        round: roundOf(round, day),
        manager,
        ...present(survey.figures, survey.earlier, manager, roundStatus(round, day) === 'closed'),
        rings,
        petals: survey.petals,
      };
    },

    /** Closes an open round today and keeps its whole results on it. */
    async close(id: string, user: Principal | null): Promise<Round> {
      const day = today();
      const round = await managedRound(id, user);
      const refuse = (r: RoundRow) => {
        const status = roundStatus(r, day);
        if (status === 'closed')
          throw new ValidationError('The survey round is closed already.', { reason: 'closedAlready' });
        if (status === 'planned')
          throw new ValidationError('The survey round has not opened yet, so it cannot be closed.', {
            reason: 'roundNotStarted',
          });
      };
      refuse(round);
      const rings = await ringsOf({ ...round, closedOn: day }, day);
      await queries.writeTx(async (t) => {
        // The round's lock first: an answer written meanwhile is either in these results or refused.
        await t.surveyResultsLock({ id });
        const [now] = await t.surveyResultsRound({ id });
        if (!now) throw new NotFoundError(`There is no survey round with id "${id}".`);
        refuse(now);
        await t.surveyResultsClose({ id, today: day, results: await keep(t, now, rings) });
      });
      return roundOf(await roundRow(id), day);
    },

    /** Deletes a closed round's raw answers, keeping its results (worked out now if it has none). */
    async deleteAnswers(id: string, user: Principal | null): Promise<{ deleted: number }> {
      const day = today();
      const round = await managedRound(id, user);
      const refuse = (r: RoundRow) => {
        if (roundStatus(r, day) !== 'closed')
          throw new ValidationError("The survey round's raw answers can only be deleted once it has closed.", {
            reason: 'roundNotClosed',
          });
      };
      refuse(round);
      const rings = keptOf(round.results)?.rings ?? (await ringsOf(round, day));
      return queries.writeTx(async (t) => {
        await t.surveyResultsLock({ id });
        const [now] = await t.surveyResultsRound({ id });
        if (!now) throw new NotFoundError(`There is no survey round with id "${id}".`);
        refuse(now);
        // While raw answers exist they are the truth: results kept at close may still count someone erased since.
        const results = now.answersDeletedOn && now.results ? now.results : await keep(t, now, rings);
        const [row] = await t.surveyResultsDeleteAnswers({ id, today: day, results });
        return { deleted: row?.deleted ?? 0 };
      });
    },
  };
}

export type SurveyResultsService = ReturnType<typeof surveyResultsService>;

/**
 * Keeps the results of every round closed today whose kept results are missing (closed by its
 * date) or no longer match its raw answers (someone erased since), each in its own write
 * transaction under the round's lock, so that the matrix and the report then read one property
 * per round instead of every raw answer. The rings are left to the round's own results page.
 */
export async function keepClosedResults(queries: Queries, day = today()): Promise<void> {
  const rounds = await queries.surveyMeasuredRounds({ at: day });
  for (const r of rounds) {
    if (r.answersDeleted || freshKept(r)) continue;
    await queries.writeTx(async (t) => {
      await t.surveyResultsLock({ id: r.id });
      const [now] = await t.surveyResultsRound({ id: r.id });
      if (!now || now.answersDeletedOn || roundStatus(now, day) !== 'closed') return;
      if (freshKept({ ...now, answersDeleted: false })) return;
      const previous = keptOf(now.results);
      const figures = await figuresFromRaw(t, now);
      const kept: KeptResults = {
        version: 1,
        computedAt: new Date().toISOString(),
        ...figures,
        ...(previous?.rings ? { rings: previous.rings } : {}),
      };
      await t.surveyResultsKeep({ id: r.id, results: JSON.stringify(kept) });
    });
  }
}
