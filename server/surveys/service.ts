import type { z } from 'zod';
import type { Principal } from '../../api/auth.js';
import { roleAllows } from '../../api/auth.js';
import { isSystemProperty, KINDS, type NodeRef, today } from '../../api/common.js';
import { relationId } from '../../api/edit.js';
import type {
  acceptPetalBody,
  AnswerBody,
  acceptPetalResponse,
  answerResponse,
  networkRoundsResponse,
  openRoundBody,
  Round,
  RoundForMe,
  roundAnswersResponse,
  SurveyRefusal,
} from '../../api/surveys.js';
import type { RoundRow } from '../../cypher/surveys.js';
import { UnauthenticatedError } from '../auth/middleware.js';
import { relationDays } from '../common/days.js';
import { ConflictError, HttpError, NotFoundError, ValidationError } from '../common/errors.js';
import type { Queries, WriteQueries } from '../common/queries.js';
import { recordChange } from '../history/record.js';
import type { PersonFor } from '../me/service.js';
import { answerId, newTextId, ratingsOf, type StoredText, textsOf } from './answers.js';
import { newPetalId, newRoundId, roundStatus, toRound } from './rounds.js';

// Survey rounds and answers (issue 20; the contract: /work/notes/survey-contract.md). A round asks a
// network's leaders and participants; each answer is one write transaction with the KNOWS it writes,
// so a refused answer stores nothing and a second answer replaces the first whole. Who may do what
// is decided here, by who the caller is (callerDecides endpoints): their own answer; the rounds of a
// network they manage (canManage).

export { roundStatus, toRound } from './rounds.js';

/** A 400 whose sentence the client says in the page's language by its reason (SURVEY_REFUSALS). */
const refuse = (reason: SurveyRefusal, message: string, field?: string) =>
  new ValidationError(message, { reason, ...(field === undefined ? {} : { field }) });

/** A 403 with a sentence of its own (the client says "you may not do that"). */
const forbidden = (message: string) => new HttpError(403, 'forbidden', message);

const noRound = (id: string) => new NotFoundError(`There is no survey round with id "${id}".`);
const noNetwork = (id: string) => new NotFoundError(`There is no network with id "${id}".`);

const notManager = () =>
  forbidden("Only coordinators and the network's own leaders manage its survey rounds, and you are neither.");

/** Stored properties without the system ones (id, version, days, marks), as history and answers show them. */
const visible = (props: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(props).filter(([k]) => !isSystemProperty(k)));

const person = (r: { id: string; name: string }): NodeRef => ({ id: r.id, kind: 'Person', name: r.name });

/** The caller, on an endpoint any signed-in reader may call (route() lets nobody through signed out, but a caller may not be HTTP). */
function caller(user: Principal | null): Principal {
  if (!user) throw new UnauthenticatedError();
  return user;
}

export function surveysService(queries: Queries, personFor: PersonFor, retentionDays = 365) {
  /**
   * Whether the user manages the rounds of the network `id` (or of the round `id`): the coordinator
   * role (or admin), or linked to a Person who leads the network today.
   */
  async function canManage(user: Principal | null | undefined, roundOrNetworkId: string): Promise<boolean> {
    if (!user) return false;
    if (roleAllows(user.roles, 'coordinator')) return true;
    const me = await personFor(user);
    if (!me) return false;
    const [row] = await queries.surveyLeadsNetwork({ id: roundOrNetworkId, personId: me.id, at: today() });
    return row?.leads === true;
  }

  async function roundRow(id: string): Promise<RoundRow> {
    const [row] = await queries.surveyRound({ id });
    if (!row) throw noRound(id);
    return row;
  }

  /** Person refs for ids, in the order given, leaving out those not (any longer) in the graph. */
  async function peopleRefs(ids: readonly string[]): Promise<Map<string, NodeRef>> {
    if (!ids.length) return new Map();
    const rows = await queries.surveyPeople({ ids: [...new Set(ids)] });
    return new Map(rows.map((r) => [r.id, person(r)]));
  }

  /** The relation as history keeps it, as the edit feature records one (server/edit/service.ts). */
  const relationSnapshot = (
    source: string,
    type: string,
    target: string,
    row: { version: number; properties: Record<string, unknown> },
  ) => ({
    type,
    source,
    target,
    version: row.version,
    properties: visible(row.properties),
  });

  /** Removes one KNOWS the survey wrote, with a history record, as the edit feature deletes a relation. */
  async function removeKnows(t: WriteQueries, actor: Principal, source: string, target: string): Promise<boolean> {
    const rel = { source, type: 'KNOWS', target } as const;
    const [locked] = await t.editRelationLock(rel);
    if (!locked?.locked) return false;
    const [row] = await t.editRelationRead(rel);
    await t.editRelationDelete(rel);
    await recordChange(t, actor, {
      action: 'delete',
      targetKind: 'Relation',
      targetId: relationId(source, 'KNOWS', target),
      before: relationSnapshot(source, 'KNOWS', target, row!),
      after: null,
    });
    return true;
  }

  /** Writes one KNOWS from the survey unless one exists already; whether it was written. */
  async function addKnows(
    t: WriteQueries,
    actor: Principal,
    source: string,
    target: string,
    props: { since: string; via: string; source: 'survey'; round: string },
  ): Promise<boolean> {
    const [row] = await t.editRelationMerge({
      source,
      target,
      type: 'KNOWS',
      props: { ...props, ...relationDays(props) },
      version: 1,
    });
    if (row?.created !== true) return false;
    await recordChange(t, actor, {
      action: 'create',
      targetKind: 'Relation',
      targetId: relationId(source, 'KNOWS', target),
      before: null,
      after: relationSnapshot(source, 'KNOWS', target, row),
    });
    return true;
  }

  return {
    canManage,

    async networkRounds(user: Principal | null, networkId: string): Promise<z.infer<typeof networkRoundsResponse>> {
      const { rounds, network } = await queries.readTx(async (t) => ({
        network: (await t.surveyNetwork({ id: networkId }))[0],
        rounds: await t.surveyRoundsOfNetwork({ networkId }),
      }));
      if (!network) throw noNetwork(networkId);
      const day = today();
      return { rounds: rounds.map((r) => toRound(r, day)), canManage: await canManage(user, networkId) };
    },

    async openRound(user: Principal | null, networkId: string, body: z.output<typeof openRoundBody>): Promise<Round> {
      const me = caller(user);
      const [network] = await queries.surveyNetwork({ id: networkId });
      if (!network) throw noNetwork(networkId);
      if (!(await canManage(me, networkId))) throw notManager();
      const day = today();
      if (body.closesOn < day)
        throw refuse('closesBeforeToday', 'The field "closesOn" must not be before today.', 'closesOn');
      return queries.writeTx(async (t) => {
        const asked = (await t.surveyAskable({ networkId, at: body.opensOn, today: day })).map((r) => r.id);
        if (!asked.length) throw refuse('noOneToAsk', `The network has no participants to ask on ${body.opensOn}.`);
        const id = newRoundId();
        await t.surveyRoundCreate({
          props: {
            id,
            networkId,
            opensOn: body.opensOn,
            closesOn: body.closesOn,
            askNamed: body.askNamed,
            asked,
            createdAt: new Date().toISOString(),
            createdBy: me.sub,
          },
        });
        const [row] = await t.surveyRound({ id });
        return toRound(row!, day);
      });
    },

    async roundForMe(user: Principal | null, roundId: string): Promise<RoundForMe> {
      const round = await roundRow(roundId);
      const me = await personFor(user);
      const [answer, departments] = await Promise.all([
        me ? queries.surveyAnswer({ id: answerId(roundId, me.id) }).then((rows) => rows[0]) : undefined,
        queries.surveyNetworkDepartments({ networkId: round.networkId, at: round.opensOn }),
      ]);
      let myAnswer: RoundForMe['myAnswer'] = null;
      if (answer) {
        const refs = await peopleRefs(answer.named);
        myAnswer = {
          at: answer.at,
          named: answer.named.flatMap((id) => refs.get(id) ?? []),
          ratings: ratingsOf(answer),
          texts: textsOf(answer).map(({ perspective, text, showName }) => ({ perspective, text, showName })),
        };
      }
      return {
        round: toRound(round),
        me,
        asked: !!me && round.asked.includes(me.id),
        myAnswer,
        departments,
        retentionDays,
      };
    },

    async answerRound(
      user: Principal | null,
      roundId: string,
      body: AnswerBody,
    ): Promise<z.infer<typeof answerResponse>> {
      const actor = caller(user);
      const me = await personFor(actor);
      if (!me) throw forbidden('You are not linked to a person in Ringe, so you cannot answer a survey.');
      const day = today();
      // Naming someone twice names them once.
      const named = [...new Set(body.named)];
      const self = body.named.indexOf(me.id);
      if (self >= 0)
        throw refuse(
          'namedSelf',
          `The field "named.${self}" names yourself; name the people you have begun to work with.`,
          `named.${self}`,
        );
      const rated = body.ratings.map((r) => r.departmentId);
      const twice = rated.findIndex((d, i) => rated.indexOf(d) !== i);
      if (twice >= 0)
        throw refuse(
          'ratedTwice',
          `The field "ratings.${twice}.departmentId" rates a department already rated.`,
          `ratings.${twice}.departmentId`,
        );

      return queries.writeTx(async (t) => {
        // The round's lock: answers to one round are written one after another, so two cannot both append to `asked`.
        const [round] = await t.surveyRoundLock({ id: roundId });
        if (!round) throw noRound(roundId);
        const status = roundStatus(round, day);
        if (status !== 'open')
          throw refuse(
            'roundNotOpen',
            status === 'planned'
              ? `The survey round opens on ${round.opensOn}; it takes no answers before.`
              : 'The survey round is closed; it takes no more answers.',
          );
        if (!round.asked.includes(me.id)) throw forbidden('You are not among the people asked in this survey round.');

        const people = new Map((await t.surveyPeople({ ids: named })).map((p) => [p.id, p]));
        const unknown = body.named.findIndex((id) => {
          const p = people.get(id);
          return !p || (p.leftOn !== null && p.leftOn <= day);
        });
        if (unknown >= 0)
          throw refuse(
            'unknownPerson',
            `The field "named.${unknown}" names no one in Ringe (or someone who has left).`,
            `named.${unknown}`,
          );
        // Only the departments the round offers (roundForMe's `departments`): any other would reach
        // managers' results as a pair of a department no one was asked about.
        const offered = new Set(
          (await t.surveyNetworkDepartments({ networkId: round.networkId, at: round.opensOn })).map((d) => d.id),
        );
        const missing = rated.findIndex((d) => !offered.has(d));
        if (missing >= 0)
          throw refuse(
            'unknownDepartment',
            `The field "ratings.${missing}.departmentId" names no department this survey round offers.`,
            `ratings.${missing}.departmentId`,
          );

        const id = answerId(roundId, me.id);
        const [earlier] = await t.surveyAnswerLock({ id });
        // A text the respondent keeps word for word keeps its id and the petal it was accepted as.
        const kept = earlier ? textsOf(earlier) : [];
        const texts: StoredText[] = body.texts.map((x) => {
          const at = kept.findIndex((k) => k.perspective === x.perspective && k.text === x.text);
          const same = at >= 0 ? kept.splice(at, 1)[0] : undefined;
          return {
            id: same?.id ?? newTextId(),
            perspective: x.perspective,
            text: x.text,
            showName: x.showName,
            acceptedAs: same?.acceptedAs ?? null,
          };
        });

        // KNOWS: an earlier answer's that this one no longer names go; each newly named person gets one, unless one exists.
        let relationsRemoved = 0;
        for (const { target } of await t.surveyKnowsOfRound({ personId: me.id, roundId })) {
          if (!named.includes(target) && (await removeKnows(t, actor, me.id, target))) relationsRemoved++;
        }
        const known = new Set((await t.surveyKnowsFrom({ personId: me.id, ids: named })).map((k) => k.target));
        let relationsAdded = 0;
        for (const target of named) {
          if (known.has(target)) continue;
          const props = { since: day, via: round.networkId, source: 'survey', round: roundId } as const;
          if (await addKnows(t, actor, me.id, target, props)) relationsAdded++;
        }
        if (round.askNamed && named.length) await t.surveyAskedAppend({ id: roundId, ids: named });

        const departmentIds = (await t.surveyDepartmentsOfPerson({ personId: me.id, at: day })).map((d) => d.id);
        const [written] = await t.surveyAnswerWrite({
          props: {
            id,
            roundId,
            networkId: round.networkId,
            personId: me.id,
            at: new Date().toISOString(),
            departmentIds,
            named,
            ratings: JSON.stringify(body.ratings),
            texts: JSON.stringify(texts),
          },
        });
        return { relationsAdded, relationsRemoved, replaced: written?.replaced === true };
      });
    },

    async roundAnswers(user: Principal | null, roundId: string): Promise<z.infer<typeof roundAnswersResponse>> {
      await roundRow(roundId);
      if (!(await canManage(user, roundId))) throw notManager();
      const answers = await queries.surveyAnswers({ roundId });
      const texts = answers.flatMap((a) => textsOf(a).map((x) => ({ ...x, personId: a.personId })));
      const outcomes = texts.flatMap((x) => (x.acceptedAs ? [x.acceptedAs] : []));
      const [refs, petals] = await Promise.all([
        peopleRefs(answers.flatMap((a) => [a.personId, ...a.named])),
        outcomes.length ? queries.surveyOutcomes({ ids: outcomes }) : [],
      ]);
      const petal = new Map(petals.map((p): [string, NodeRef] => [p.id, { id: p.id, kind: 'Outcome', name: p.name }]));
      const respondents = answers
        .flatMap((a) => {
          const who = refs.get(a.personId);
          if (!who) return [];
          const named = a.named.flatMap((id) => refs.get(id) ?? []);
          return [{ person: who, at: a.at, named, ratings: ratingsOf(a) }];
        })
        .sort((a, b) => a.person.name.localeCompare(b.person.name, 'da') || (a.person.id < b.person.id ? -1 : 1));
      return {
        respondents,
        // Apart from who wrote them: ordered by perspective and text, never in the respondents' order.
        texts: texts
          .map((x) => ({
            id: x.id,
            perspective: x.perspective,
            text: x.text,
            by: x.showName ? (refs.get(x.personId) ?? null) : null,
            acceptedAs: (x.acceptedAs && petal.get(x.acceptedAs)) || null,
          }))
          .sort(
            (a, b) =>
              a.perspective.localeCompare(b.perspective) ||
              a.text.localeCompare(b.text, 'da') ||
              (a.id < b.id ? -1 : 1),
          ),
      };
    },

    async acceptPetal(
      user: Principal | null,
      roundId: string,
      textId: string,
      body: z.output<typeof acceptPetalBody>,
    ): Promise<z.infer<typeof acceptPetalResponse>> {
      const actor = caller(user);
      const round = await roundRow(roundId);
      if (!(await canManage(actor, roundId))) throw notManager();
      const noText = () => new NotFoundError(`There is no text "${textId}" in the survey round "${roundId}".`);
      return queries.writeTx(async (t) => {
        const [holder] = await t.surveyAnswerOfText({ roundId, needle: JSON.stringify({ id: textId }).slice(1, -1) });
        if (!holder) throw noText();
        const [answer] = await t.surveyAnswerLock({ id: holder.id });
        if (!answer) throw noText();
        const texts = textsOf(answer);
        const text = texts.find((x) => x.id === textId);
        if (!text) throw noText();
        if (text.acceptedAs) {
          const [current] = await t.editNodeRead({ id: text.acceptedAs, kinds: KINDS });
          if (current?.kind === 'Outcome') {
            const outcome = { id: text.acceptedAs, kind: 'Outcome' as const, name: String(current.properties.name) };
            // Accepted again as it was (a second click, a retry): the same petal. With other words: a conflict.
            if (current.properties.name === body.name && current.properties.perspective === body.perspective)
              return { outcome };
            throw new ConflictError(`The text "${textId}" is accepted already, as the petal "${outcome.name}".`, {
              current: {
                id: outcome.id,
                kind: 'Outcome',
                version: current.version,
                properties: visible(current.properties),
              },
            });
          }
          // The petal was deleted since: the text may be accepted anew.
        }
        const id = newPetalId();
        const props = { name: body.name, perspective: body.perspective, source: 'survey', round: roundId };
        const [node] = await t.editNodeMerge({ id, kind: 'Outcome', props, version: 1, kinds: KINDS });
        await recordChange(t, actor, {
          action: 'create',
          targetKind: 'Outcome',
          targetId: id,
          before: null,
          after: { kind: 'Outcome', version: node!.version, properties: visible(node!.properties) },
        });
        const [created] = await t.editRelationMerge({
          source: round.networkId,
          target: id,
          type: 'CREATED',
          props: { ...relationDays({}) },
          version: 1,
        });
        if (!created) throw noNetwork(round.networkId);
        await recordChange(t, actor, {
          action: 'create',
          targetKind: 'Relation',
          targetId: relationId(round.networkId, 'CREATED', id),
          before: null,
          after: relationSnapshot(round.networkId, 'CREATED', id, created),
        });
        text.acceptedAs = id;
        await t.surveyAnswerSetTexts({ id: answer.id, texts: JSON.stringify(texts) });
        return { outcome: { id, kind: 'Outcome', name: body.name } };
      });
    },
  };
}

export type SurveysService = ReturnType<typeof surveysService>;
