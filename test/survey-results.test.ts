import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeRef, today } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import type { CoordinationResponse, MeasuredPair } from '../api/explore.js';
import type { TrendsResponse } from '../api/leadership.js';
import type { ReportResponse } from '../api/report.js';
import {
  type AnswerBody,
  deleteAnswersResponse,
  type RcRating,
  type Round,
  type RoundResults,
  roundAnswersResponse,
  roundResultsResponse,
  roundSchema,
} from '../api/surveys.js';
import { getJson, type RunningApp, send, startAppWith, uid } from './helpers.js';
import {
  answerAs,
  openRound,
  type SurveyNetwork,
  type SurveyPerson,
  signInAs,
  surveyNetwork,
} from './helpers/surveys.js';

// A survey round's results (issue 20, points 3 to 5): what a reader and what a manager sees, the
// rule of five respondents, the rings before and after, the previous round's index, closing and
// deleting raw answers; and where the results reach leadership: the coordination matrix's measured
// figure, the trends' survey series and the report's section per network. Each test makes its own
// network (through the import), and its answers through the API, each signed in as its participant.

const daysFrom = (days: number) =>
  new Date(Date.parse(`${today()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A rating of a department with the same score on all seven dimensions but the first. */
const rating = (department: NodeRef, score: number, frequent = score): RcRating => ({
  departmentId: department.id,
  scores: {
    frequent,
    timely: score,
    accurate: score,
    problemSolving: score,
    sharedGoals: score,
    sharedKnowledge: score,
    mutualRespect: score,
  },
});
const answer = (named: NodeRef[], ratings: RcRating[], texts: AnswerBody['texts'] = []): AnswerBody => ({
  named: named.map((p) => p.id),
  ratings,
  texts,
});

/** The unordered pair of two departments as results give it: a the lower id. */
const pairOf = (x: NodeRef, y: NodeRef) => (x.id < y.id ? { a: x, b: y } : { a: y, b: x });
const byNames = (p: { a: NodeRef; b: NodeRef }, q: { a: NodeRef; b: NodeRef }) =>
  p.a.name.localeCompare(q.a.name, 'en') || p.b.name.localeCompare(q.b.name, 'en');

describe("a survey round's results", () => {
  let app: RunningApp;
  let admin: string;
  let coordinator: string;
  let reader: string;
  beforeAll(async () => {
    // Many participants sign in here one after another: no limit on sign-ins or writes.
    app = await startAppWith({ http: { signInLimit: 0, writeLimit: 0 } });
    [admin, coordinator, reader] = await Promise.all([
      signInAs(app, 'admin'),
      signInAs(app, 'coordinator'),
      signInAs(app, 'reader'),
    ]);
  }, 60_000);
  afterAll(() => app?.close());

  /** A department of its own with one person in it, outside every network (named by a respondent). */
  async function outsider(n: SurveyNetwork): Promise<{ department: NodeRef; person: NodeRef }> {
    const department: NodeRef = { id: uid('dep'), kind: 'Department', name: `Afdeling Vest ${n.word}` };
    const person: NodeRef = { id: uid('p'), kind: 'Person', name: `Ude ${n.word}` };
    const res = await send(app, 'POST', '/api/import/json', {
      cookie: admin,
      body: {
        format: 'ringe-graph',
        version: 1,
        nodes: [
          { id: department.id, kind: 'Department', properties: { name: department.name } },
          { id: person.id, kind: 'Person', properties: { name: person.name } },
        ],
        relations: [
          { type: 'WORKS_IN', source: person.id, target: department.id, properties: { since: '2020-01-01' } },
        ],
      },
    });
    expect(res.status).toBe(200);
    return { department, person };
  }

  async function results(roundId: string, cookie?: string): Promise<RoundResults> {
    const res = await send<RoundResults>(app, 'GET', `/api/surveys/${roundId}/results`, cookie ? { cookie } : {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return roundResultsResponse.parse(res.body);
  }

  async function close(roundId: string, cookie = coordinator): Promise<Round> {
    const res = await send<Round>(app, 'POST', `/api/surveys/${roundId}/close`, { cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return roundSchema.parse(res.body);
  }

  async function measured(departments: NodeRef[]): Promise<MeasuredPair[]> {
    const { status, body } = await getJson<CoordinationResponse>(app, '/api/coordination', endpoints.coordination);
    expect(status).toBe(200);
    const ours = new Set(departments.map((d) => d.id));
    return (body.measured ?? []).filter((p) => ours.has(p.a.id) || ours.has(p.b.id));
  }

  async function reportOf(networkId: string): Promise<ReportResponse['networks'][number]['survey']> {
    const { status, body } = await getJson<ReportResponse>(app, '/api/report', endpoints.report);
    expect(status).toBe(200);
    const network = body.networks.find((n) => n.id === networkId);
    expect(network, 'the network is in the report').toBeDefined();
    return network!.survey;
  }

  /**
   * Six people (P0 leads; P0, P2, P4 in Nord; P1, P3, P5 in Syd) and Ude in Vest, outside the
   * network. Five answer a round that opened ten days ago:
   *   P0 names P1 and Ude, rates Syd 5,4,4,4,4,4,4 (mean 29/7); P1 names P0, rates Nord 3; P2 names
   *   P3, rates Syd 5 and Nord (their own) 2 (a round offers only the network's departments); P3 names P2 and P4, rates Nord 4; P4 names P2, rates Syd 2.
   * Pairs of people: P0-P1 and P2-P3 (both confirmed), P0-Ude, P3-P4, P2-P4 (both in Nord): 5, of
   * which 4 cross departments. Nord-Syd rests on 5 respondents: (29/7 + 3 + 5 + 4 + 2) / 5 = 127/35;
   * Nord-Nord on one (P2): 2.
   */
  async function fiveOfSix() {
    const n = await surveyNetwork(app, admin, 6);
    const [nord, syd] = n.departments;
    const ude = await outsider(n);
    const p = n.people as [SurveyPerson, SurveyPerson, SurveyPerson, SurveyPerson, SurveyPerson, SurveyPerson];
    const round = await openRound(app, coordinator, n.network.id, { opensOn: daysFrom(-10), closesOn: daysFrom(14) });
    const bodies: [SurveyPerson, AnswerBody][] = [
      [p[0], answer([p[1], ude.person], [rating(syd, 4, 5)])],
      [
        p[1],
        answer(
          [p[0]],
          [rating(nord, 3)],
          [{ perspective: 'borgerne', text: 'Borgerne får hjælp hurtigere', showName: false }],
        ),
      ],
      [p[2], answer([p[3]], [rating(syd, 5), rating(nord, 2)])],
      [p[3], answer([p[2], p[4]], [rating(nord, 4)])],
      [p[4], answer([p[2]], [rating(syd, 2)])],
    ];
    for (const [person, body] of bodies) await answerAs(app, round.id, person, body);
    return { n, nord, syd, ude, round };
  }

  it('when five of six asked answer then a reader sees no figure until the round closes, then every figure but pairs on fewer than five, and a manager all', async () => {
    const { n, nord, syd, ude, round } = await fiveOfSix();
    // A coordinator accepts P1's text as a petal of the network's flower.
    const answers = await send(app, 'GET', `/api/surveys/${round.id}/answers`, { cookie: coordinator });
    expect(answers.status).toBe(200);
    const text = roundAnswersResponse.parse(answers.body).texts[0]!;
    const accepted = await send<{ outcome: NodeRef }>(
      app,
      'POST',
      `/api/surveys/${round.id}/texts/${encodeURIComponent(text.id)}/accept`,
      { cookie: coordinator, body: { name: 'Hurtigere hjælp', perspective: 'borgerne' } },
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);

    const nordSyd = pairOf(nord, syd);
    const common = {
      round: { ...round, status: 'open' },
      tooFew: false,
      response: { asked: 6, answered: 5 },
      relations: {
        pairs: 5,
        confirmed: 2,
        crossDepartmentShare: 0.8,
        departmentsReached: [nord, syd, ude.department].sort((x, y) => x.name.localeCompare(y.name, 'en')),
      },
      // Ten days ago the network's six people tied no one else; today P0 knows Ude (from the survey).
      rings: { before: [6, 0, 0], after: [6, 1, 0] },
      petals: [{ ...accepted.body.outcome, perspective: 'borgerne' }],
    };
    const forReader = {
      ...common,
      manager: false,
      coordination: [{ ...nordSyd, index: 3.63, respondents: null, previous: null }],
      coordinationWithheld: true,
    };
    // While the round runs, figures before and after one more answer would tell that answer: withheld.
    const whileOpen = {
      ...forReader,
      tooFew: true,
      response: null,
      relations: null,
      coordination: [],
      coordinationWithheld: false,
    };
    expect(await results(round.id, reader)).toEqual(whileOpen);
    expect(await results(round.id)).toEqual(whileOpen);

    const forManager = {
      ...common,
      manager: true,
      coordination: [
        { ...nordSyd, index: 3.63, respondents: 5, previous: null },
        { ...pairOf(nord, nord), index: 2, respondents: 1, previous: null },
      ].sort(byNames),
      coordinationWithheld: false,
    };
    expect(await results(round.id, coordinator)).toEqual(forManager);
    // The network's own leader manages its rounds too.
    expect(await results(round.id, await signInAs(app, 'reader', n.people[0]!.email))).toEqual(forManager);

    // Closed, the round keeps its results; the rings' "after" is today's, as it was.
    const closed = await close(round.id);
    expect(closed).toEqual({ ...round, status: 'closed' });
    expect(await results(round.id, coordinator)).toEqual({ ...forManager, round: closed });
    expect(await results(round.id, reader)).toEqual({ ...forReader, round: closed });
    expect(await results(round.id)).toEqual({ ...forReader, round: closed });

    // The matrix shows Nord-Syd (5 respondents), not Nord-Nord (1).
    expect(await measured([nord, syd, ude.department])).toEqual([
      { ...nordSyd, index: 3.63, networks: 1, previous: null },
    ]);
    // The report shows what anyone may see, without the rings.
    const { manager: _m, rings: _r, ...reported } = { ...forReader, round: closed };
    expect(await reportOf(n.network.id)).toEqual(reported);
  }, 120_000);

  it('when four answer then a reader gets "too few" with no figure and no hint, a manager every figure, and the matrix nothing', async () => {
    const n = await surveyNetwork(app, admin, 6);
    const [nord, syd] = n.departments;
    const round = await openRound(app, coordinator, n.network.id, { opensOn: daysFrom(-10), closesOn: daysFrom(14) });
    // P0 and P2 (Nord) rate Syd 4, P1 and P3 (Syd) rate Nord 2; P0 and P1 name each other.
    await answerAs(app, round.id, n.people[0]!, answer([n.people[1]!], [rating(syd, 4)]));
    await answerAs(app, round.id, n.people[1]!, answer([n.people[0]!], [rating(nord, 2)]));
    await answerAs(app, round.id, n.people[2]!, answer([], [rating(syd, 4)]));
    await answerAs(app, round.id, n.people[3]!, answer([], [rating(nord, 2)]));

    const common = { round: { ...round, status: 'open' }, rings: { before: [6, 0, 0], after: [6, 0, 0] }, petals: [] };
    const tooFew = {
      ...common,
      manager: false,
      tooFew: true,
      response: null,
      relations: null,
      coordination: [],
      coordinationWithheld: false,
    };
    expect(await results(round.id, reader)).toEqual(tooFew);
    expect(await results(round.id)).toEqual(tooFew);
    expect(await results(round.id, coordinator)).toEqual({
      ...common,
      manager: true,
      tooFew: false,
      response: { asked: 6, answered: 4 },
      relations: {
        pairs: 1,
        confirmed: 1,
        crossDepartmentShare: 1,
        departmentsReached: [nord, syd].sort((x, y) => x.name.localeCompare(y.name, 'en')),
      },
      coordination: [{ ...pairOf(nord, syd), index: 3, respondents: 4, previous: null }],
      coordinationWithheld: false,
    });

    const closed = await close(round.id);
    expect(await measured([nord, syd])).toEqual([]);
    expect(await reportOf(n.network.id)).toEqual({
      round: closed,
      tooFew: true,
      response: null,
      relations: null,
      coordination: [],
      coordinationWithheld: false,
      petals: [],
    });
  }, 120_000);

  it("when a second round is answered then its pairs carry the first round's index, and the matrix its change once both are closed", async () => {
    const n = await surveyNetwork(app, admin, 6);
    const [nord, syd] = n.departments;
    const nordSyd = pairOf(nord, syd);
    const other = (i: number) => (i % 2 === 0 ? syd : nord);
    const first = await openRound(app, coordinator, n.network.id, { opensOn: daysFrom(-20), closesOn: daysFrom(14) });
    for (let i = 0; i < 5; i++) await answerAs(app, first.id, n.people[i]!, answer([], [rating(other(i), 3)]));
    const second = await openRound(app, coordinator, n.network.id, { opensOn: daysFrom(-10), closesOn: daysFrom(14) });
    for (let i = 0; i < 5; i++) await answerAs(app, second.id, n.people[i]!, answer([], [rating(other(i), 4, 5)]));
    // 4 + 1/7 for each of the five: 4.14.

    // The first round is still open: no previous yet, and nothing measured for the matrix.
    expect((await results(second.id, coordinator)).coordination).toEqual([
      { ...nordSyd, index: 4.14, respondents: 5, previous: null },
    ]);
    expect(await measured([nord, syd])).toEqual([]);

    await close(first.id);
    expect((await results(second.id, coordinator)).coordination).toEqual([
      { ...nordSyd, index: 4.14, respondents: 5, previous: 3 },
    ]);
    expect(await measured([nord, syd])).toEqual([{ ...nordSyd, index: 3, networks: 1, previous: null }]);
    await close(second.id);
    expect(await measured([nord, syd])).toEqual([{ ...nordSyd, index: 4.14, networks: 1, previous: 3 }]);
  }, 120_000);

  it('when raw answers are deleted then only a closed round of a manager loses them, and its results stay as they were', async () => {
    const { n, round } = await fiveOfSix();
    const path = `/api/surveys/${round.id}/answers`;

    // While the round is open: refused, in one sentence with its reason; nothing deleted.
    const open = await send(app, 'DELETE', path, { cookie: coordinator });
    expect(open).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: "The survey round's raw answers can only be deleted once it has closed.",
          details: { reason: 'roundNotClosed' },
        },
      },
    });
    // Nobody signed in, a reader, a participant who does not lead: refused.
    expect((await send(app, 'DELETE', path)).status).toBe(401);
    expect((await send(app, 'DELETE', path, { cookie: reader })).status).toBe(403);
    expect((await send(app, 'POST', `/api/surveys/${round.id}/close`, { cookie: reader })).status).toBe(403);
    const participant = await signInAs(app, 'reader', n.people[1]!.email);
    expect((await send(app, 'POST', `/api/surveys/${round.id}/close`, { cookie: participant })).status).toBe(403);

    const closed = await close(round.id);
    const again = await send(app, 'POST', `/api/surveys/${round.id}/close`, { cookie: coordinator });
    expect(again.status).toBe(400);
    expect(again.body.error.details).toEqual({ reason: 'closedAlready' });

    const [forManager, forReader] = [await results(round.id, coordinator), await results(round.id, reader)];
    expect((await send(app, 'DELETE', path, { cookie: reader })).status).toBe(403);
    const deleted = await send(app, 'DELETE', path, { cookie: coordinator });
    expect(deleted.status).toBe(200);
    expect(deleteAnswersResponse.parse(deleted.body)).toEqual({ deleted: 5 });

    const gone = { ...closed, answersDeletedOn: today() };
    expect(await results(round.id, coordinator)).toEqual({ ...forManager, round: gone });
    expect(await results(round.id, reader)).toEqual({ ...forReader, round: gone });
    const individual = await send(app, 'GET', path, { cookie: coordinator });
    expect(individual.status).toBe(200);
    expect(roundAnswersResponse.parse(individual.body).respondents).toEqual([]);
    // A second deletion finds nothing more to delete.
    expect((await send(app, 'DELETE', path, { cookie: coordinator })).body).toEqual({ deleted: 0 });
  }, 120_000);

  it('when a respondent is erased after the close then the matrix and the results left after deleting raw answers no longer count them', async () => {
    const { n, nord, syd, ude, round } = await fiveOfSix();
    const nordSyd = pairOf(nord, syd);
    await close(round.id);
    expect(await measured([nord, syd, ude.department])).toEqual([
      { ...nordSyd, index: 3.63, networks: 1, previous: null },
    ]);

    // P4 (in Nord, rated Syd 2, named P2) is erased: their answer goes, and with it one of Nord-Syd's five.
    const p4 = n.people[4]!.id;
    const erased = await send(app, 'DELETE', `/api/people/${p4}?confirm=${p4}`, { cookie: admin });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    // Four respondents are too few for the matrix.
    expect(await measured([nord, syd, ude.department])).toEqual([]);

    const deleted = await send(app, 'DELETE', `/api/surveys/${round.id}/answers`, { cookie: coordinator });
    expect(deleted.body).toEqual({ deleted: 4 });
    const left = await results(round.id, coordinator);
    // (29/7 + 3 + 5 + 4) / 4 = 4.04. P2-P4 is no pair any more; P3 named P4, now the erased
    // pseudonym: a pair in no department, so not across departments (3 of 4).
    expect({ response: left.response, relations: left.relations, coordination: left.coordination }).toEqual({
      response: { asked: 5, answered: 4 },
      relations: {
        pairs: 4,
        confirmed: 2,
        crossDepartmentShare: 0.75,
        departmentsReached: [nord, syd, ude.department].sort((x, y) => x.name.localeCompare(y.name, 'en')),
      },
      coordination: [
        { ...nordSyd, index: 4.04, respondents: 4, previous: null },
        { ...pairOf(nord, nord), index: 2, respondents: 1, previous: null },
      ].sort(byNames),
    });
    expect(await measured([nord, syd, ude.department])).toEqual([]);
  }, 120_000);

  it('when a round closes by its date then the matrix keeps its results on it the first time and reads them after', async () => {
    const { nord, syd, ude, round } = await fiveOfSix();
    // The round ended yesterday, without anyone closing it.
    await app.db.write('MATCH (r:SurveyRound {id: $id}) SET r.closesOn = $day', { id: round.id, day: daysFrom(-1) });
    const kept = async () =>
      (await app.db.read('MATCH (r:SurveyRound {id: $id}) RETURN r.results AS results', { id: round.id }))[0]!
        .results as string | null;
    expect(await kept()).toBeNull();
    const expected = [{ ...pairOf(nord, syd), index: 3.63, networks: 1, previous: null }];
    expect(await measured([nord, syd, ude.department])).toEqual(expected);
    const first = await kept();
    expect(JSON.parse(first ?? 'null')).toMatchObject({ version: 1, response: { asked: 6, answered: 5 } });
    // Read again: the same figures from the same kept results, not worked out anew.
    expect(await measured([nord, syd, ude.department])).toEqual(expected);
    expect(await kept()).toBe(first);
  }, 120_000);

  it('when a round does not exist then its results, close and deletion answer 404', async () => {
    const id = uid('survey');
    expect((await send(app, 'GET', `/api/surveys/${id}/results`)).status).toBe(404);
    expect((await send(app, 'POST', `/api/surveys/${id}/close`, { cookie: coordinator })).status).toBe(404);
    expect((await send(app, 'DELETE', `/api/surveys/${id}/answers`, { cookie: coordinator })).status).toBe(404);
  });

  it('when KNOWS come from survey answers then the trends count them per quarter as a series of their own', async () => {
    const trends = async () => (await getJson<TrendsResponse>(app, '/api/insights/trends', endpoints.trends)).body;
    // 1987, where no other test dates anything: two relations from a survey, one typed in.
    const p = uid('trend');
    const before = await trends();
    await app.db.write(
      `CREATE (a:Entity:Person {id: $p + '-a', name: $p + ' A'}), (b:Entity:Person {id: $p + '-b', name: $p + ' B'}),
              (c:Entity:Person {id: $p + '-c', name: $p + ' C'}),
              (a)-[:KNOWS {since: '1987-05-04', source: 'survey', round: $p}]->(b),
              (b)-[:KNOWS {since: '1987-05-05', source: 'survey', round: $p}]->(a),
              (a)-[:KNOWS {since: '1987-06-01'}]->(c)`,
      { p },
    );
    const after = await trends();
    const quarter = (t: TrendsResponse) =>
      t.quarters.find((q) => q.quarter === '1987-K2') ?? {
        quarter: '1987-K2',
        relations: 0,
        crossDepartment: 0,
        survey: 0,
      };
    const [was, is] = [quarter(before), quarter(after)];
    expect({ relations: is.relations - was.relations, survey: is.survey - was.survey }).toEqual({
      relations: 3,
      survey: 2,
    });
  });
});
