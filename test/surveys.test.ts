import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../api/common.js';
import type { PersonExport } from '../api/transfer.js';
import { bindQueries, type Queries } from '../server/common/queries.js';
import { purgeExpiredAnswers } from '../server/surveys/retention.js';
import { send, signIn, startApp, uid, type RunningApp } from './helpers.js';

// Survey rounds and answers (issue 20), through the API against the real Neo4j. Each test makes its
// own network, people and departments (uid), imported as an admin; people sign in as themselves
// with the development sign-in's work e-mail, which "me" resolves to their Person.

const DAY = today();
/** The day `n` days from today ('YYYY-MM-DD'). */
function dayFrom(n: number): string {
  const d = new Date(`${DAY}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const SCORES = {
  frequent: 4,
  timely: 3,
  accurate: 4,
  problemSolving: 5,
  sharedGoals: 4,
  sharedKnowledge: 3,
  mutualRespect: 5,
};

interface World {
  network: string;
  networkName: string;
  /** Departments: a (the leader's and the first participant's), b (the second participant's). */
  a: string;
  b: string;
  leader: string;
  p1: string;
  p2: string;
  /** Took part, but has left Ringe's organisation (leftOn in the past). */
  leaver: string;
  /** Took part until 2021 only. */
  former: string;
  /** In no network; works in department b. */
  outsider: string;
  /** Already KNOWS the outsider (from the booklet's kind of data, not a survey). */
  names: Record<string, string>;
}

describe('survey rounds and answers', () => {
  let app: RunningApp;
  let q: Queries;
  let admin: string;
  let coordinator: string;
  let reader: string;
  beforeAll(async () => {
    app = await startApp();
    q = bindQueries(app.db);
    [admin, coordinator, reader] = await Promise.all([
      signIn(app, 'admin'),
      signIn(app, 'coordinator'),
      signIn(app, 'reader'),
    ]);
  });
  afterAll(() => app.close());

  const email = (id: string) => `${id}@example.dk`;

  /** Signs in as the Person with this id (a reader whose work e-mail is theirs). */
  async function as(id: string, role: 'reader' | 'coordinator' = 'reader'): Promise<string> {
    const res = await fetch(`${app.url}/api/auth/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({ role, email: email(id).toUpperCase() }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ringe_session='));
    return cookie!.split(';')[0]!;
  }

  async function world(opts: { participants?: boolean } = {}): Promise<World> {
    const id = uid('srv');
    const w = {
      network: `${id}-net`,
      networkName: `Målenetværk ${id}`,
      a: `${id}-afd-a`,
      b: `${id}-afd-b`,
      leader: `${id}-leder`,
      p1: `${id}-p1`,
      p2: `${id}-p2`,
      leaver: `${id}-gaaet`,
      former: `${id}-tidligere`,
      outsider: `${id}-udenfor`,
    };
    const names: Record<string, string> = {
      [w.leader]: `Lea Leder ${id}`,
      [w.p1]: `Per Første ${id}`,
      [w.p2]: `Pia Anden ${id}`,
      [w.leaver]: `Gitte Gået ${id}`,
      [w.former]: `Tor Tidligere ${id}`,
      [w.outsider]: `Ole Udenfor ${id}`,
    };
    const person = (pid: string, extra: Record<string, unknown> = {}) => ({
      id: pid,
      kind: 'Person',
      properties: { name: names[pid], email: email(pid), ...extra },
    });
    const rel = (type: string, source: string, target: string, properties: Record<string, unknown> = {}) => ({
      type,
      source,
      target,
      properties,
    });
    const since = { since: '2020-01-01' };
    const file: {
      format: string;
      version: number;
      nodes: { id: string; kind: string; properties: Record<string, unknown> }[];
      relations: unknown[];
    } = {
      format: 'ringe-graph',
      version: 1,
      nodes: [
        { id: w.a, kind: 'Department', properties: { name: `Afdeling A ${id}` } },
        { id: w.b, kind: 'Department', properties: { name: `Afdeling B ${id}` } },
        {
          id: w.network,
          kind: 'Network',
          properties: { name: w.networkName, kind: 'laering', status: 'i gang', startedAt: '2020-01-01' },
        },
        person(w.leader),
        person(w.p1),
        person(w.p2),
        person(w.leaver, { leftOn: '2024-01-01' }),
        person(w.former),
        person(w.outsider),
      ],
      relations: [
        rel('LEADS', w.leader, w.network, since),
        ...(opts.participants === false
          ? []
          : [
              rel('PARTICIPATES_IN', w.p1, w.network, since),
              rel('PARTICIPATES_IN', w.p2, w.network, since),
              rel('PARTICIPATES_IN', w.leaver, w.network, since),
              rel('PARTICIPATES_IN', w.former, w.network, { since: '2020-01-01', until: '2021-12-31' }),
            ]),
        rel('WORKS_IN', w.leader, w.a, since),
        rel('WORKS_IN', w.p1, w.a, since),
        rel('WORKS_IN', w.p2, w.b, since),
        rel('WORKS_IN', w.outsider, w.b, since),
        rel('KNOWS', w.p2, w.outsider, { since: '2019-06-01' }),
      ],
    };
    if (opts.participants === false) {
      // Only the leader, and they have left: nobody to ask.
      file.nodes = file.nodes.map((n) =>
        n.id === w.leader ? { ...n, properties: { ...n.properties, leftOn: '2024-01-01' } } : n,
      );
    }
    const res = await send(app, 'POST', '/api/import/json', { body: file, cookie: admin });
    expect(res.status).toBe(200);
    expect(res.body.rejected).toEqual([]);
    return { ...w, names };
  }

  const ref = (w: World, id: string) => ({ id, kind: 'Person', name: w.names[id]! });

  async function open(w: World, body: Record<string, unknown> = {}, cookie = coordinator) {
    return send(app, 'POST', `/api/networks/${w.network}/surveys`, {
      body: { opensOn: DAY, closesOn: dayFrom(14), ...body },
      cookie,
    });
  }

  async function openRound(w: World, body: Record<string, unknown> = {}): Promise<string> {
    const res = await open(w, body);
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const answer = (round: string, cookie: string, body: Record<string, unknown>) =>
    send(app, 'PUT', `/api/surveys/${round}/answer`, {
      body: { named: [], ratings: [], texts: [], ...body },
      cookie,
    });

  /** The KNOWS from a person, by the other end, with the properties a survey writes. */
  async function knowsFrom(id: string) {
    const rows = await app.db.read(
      `MATCH (:Person {id: $id})-[k:KNOWS]->(b)
       RETURN b.id AS target, k.since AS since, k.via AS via, k.source AS source, k.round AS round,
              k.version AS version, toString(k.firstDay) AS firstDay
       ORDER BY target`,
      { id },
    );
    return rows;
  }

  async function stored(round: string) {
    const [row] = await q.surveyRound({ id: round });
    const answers = await q.surveyAnswers({ roundId: round });
    return { asked: [...(row?.asked ?? [])].sort(), answers: answers.length };
  }

  describe('opening a round', () => {
    it("when a coordinator opens a round then it asks the network's leaders and participants holding on opensOn, not leavers nor former participants", async () => {
      const w = await world();
      const res = await open(w, { askNamed: false });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^survey-[a-z0-9]{10}$/),
        network: { id: w.network, kind: 'Network', name: w.networkName },
        opensOn: DAY,
        closesOn: dayFrom(14),
        status: 'open',
        askNamed: false,
        answersDeletedOn: null,
      });
      expect(await stored(res.body.id)).toEqual({ asked: [w.leader, w.p1, w.p2].sort(), answers: 0 });
      const list = await send(app, 'GET', `/api/networks/${w.network}/surveys`, { cookie: coordinator });
      expect(list.body).toEqual({ rounds: [res.body], canManage: true });
    });

    it('when a round opens later then it is planned, and the rounds are listed newest first', async () => {
      const w = await world();
      const now = await openRound(w);
      const later = await open(w, { opensOn: dayFrom(30), closesOn: dayFrom(40) });
      expect(later.body.status).toBe('planned');
      const list = await send(app, 'GET', `/api/networks/${w.network}/surveys`, { cookie: reader });
      expect(list.status).toBe(200);
      expect(list.body.rounds.map((r: { id: string }) => r.id)).toEqual([later.body.id, now]);
      expect(list.body.canManage).toBe(false);
    });

    it('when the network has no one to ask then the answer is 400 with one sentence and no round is stored', async () => {
      const w = await world({ participants: false });
      const res = await open(w);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        code: 'validation',
        message: `The network has no participants to ask on ${DAY}.`,
        details: { reason: 'noOneToAsk' },
      });
      const list = await send(app, 'GET', `/api/networks/${w.network}/surveys`, { cookie: coordinator });
      expect(list.body.rounds).toEqual([]);
    });

    it('when the dates are bad then each is refused naming the field, and no round is stored', async () => {
      const w = await world();
      const cases = [
        { body: { opensOn: dayFrom(5), closesOn: dayFrom(4) }, field: 'closesOn', reason: undefined },
        { body: { opensOn: dayFrom(-20), closesOn: dayFrom(-1) }, field: 'closesOn', reason: 'closesBeforeToday' },
        { body: { opensOn: '2026-02-30', closesOn: dayFrom(4) }, field: 'opensOn', reason: undefined },
        { body: { opensOn: 'i morgen' }, field: 'opensOn', reason: undefined },
      ];
      const answers = [];
      for (const c of cases) {
        const res = await open(w, c.body);
        answers.push({
          status: res.status,
          field: res.body.error.details?.field,
          reason: res.body.error.details?.reason,
        });
      }
      expect(answers).toEqual(cases.map((c) => ({ status: 400, field: c.field, reason: c.reason })));
      const list = await send(app, 'GET', `/api/networks/${w.network}/surveys`, { cookie: coordinator });
      expect(list.body.rounds).toEqual([]);
    });

    it('when someone who does not manage the network opens a round then 403, and an unknown network is 404', async () => {
      const w = await world();
      const participant = await as(w.p1);
      const results = [
        (await open(w, {}, reader)).status,
        (await open(w, {}, participant)).status,
        (
          await send(app, 'POST', `/api/networks/${uid('none')}/surveys`, {
            body: { opensOn: DAY, closesOn: DAY },
            cookie: coordinator,
          })
        ).status,
        (await send(app, 'POST', `/api/networks/${w.network}/surveys`, { body: { opensOn: DAY, closesOn: DAY } }))
          .status,
      ];
      expect(results).toEqual([403, 403, 404, 401]);
      const list = await send(app, 'GET', `/api/networks/${w.network}/surveys`, { cookie: participant });
      expect(list.body).toEqual({ rounds: [], canManage: false });
    });

    it("when the network's leader, signed in as themselves, opens a round then it opens and they manage it", async () => {
      const w = await world();
      const leader = await as(w.leader);
      const res = await open(w, {}, leader);
      expect(res.status).toBe(201);
      const list = await send(app, 'GET', `/api/networks/${w.network}/surveys`, { cookie: leader });
      expect(list.body).toEqual({ rounds: [res.body], canManage: true });
    });

    it('when someone led the network once but no longer does then they do not manage its rounds', async () => {
      const w = await world();
      const led = await send(app, 'POST', '/api/relations', {
        body: {
          type: 'LEADS',
          source: w.p2,
          target: w.network,
          properties: { since: '2020-01-01', until: dayFrom(-1) },
        },
        cookie: coordinator,
      });
      expect(led.status).toBe(201);
      const p2 = await as(w.p2);
      const list = await send(app, 'GET', `/api/networks/${w.network}/surveys`, { cookie: p2 });
      expect([list.body.canManage, (await open(w, {}, p2)).status]).toEqual([false, 403]);
    });
  });

  describe('answering', () => {
    it('when an asked participant answers then each named person is a KNOWS via the network from the survey, with its round and day', async () => {
      const w = await world();
      const round = await openRound(w);
      const p1 = await as(w.p1);
      const res = await answer(round, p1, {
        named: [w.p2, w.outsider],
        ratings: [{ departmentId: w.b, scores: SCORES }],
        texts: [{ perspective: 'borgerne', text: 'Færre indlæggelser.' }],
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ relationsAdded: 2, relationsRemoved: 0, replaced: false });
      const survey = { since: DAY, via: w.network, source: 'survey', round, version: 1, firstDay: DAY };
      expect(await knowsFrom(w.p1)).toEqual([w.outsider, w.p2].sort().map((target) => ({ target, ...survey })));
      const mine = await send(app, 'GET', `/api/surveys/${round}`, { cookie: p1 });
      expect(mine.body).toEqual({
        round: expect.objectContaining({ id: round, status: 'open' }),
        me: ref(w, w.p1),
        asked: true,
        myAnswer: {
          at: expect.any(String),
          named: [ref(w, w.p2), ref(w, w.outsider)],
          ratings: [{ departmentId: w.b, scores: SCORES }],
          texts: [{ perspective: 'borgerne', text: 'Færre indlæggelser.', showName: false }],
        },
        departments: [
          { id: w.a, name: `Afdeling A ${w.network.slice(0, -4)}` },
          { id: w.b, name: `Afdeling B ${w.network.slice(0, -4)}` },
        ],
        retentionDays: 365,
      });
      // The respondent is the one who wrote it, in the history.
      const changes = await app.db.read(
        'MATCH (c:Change {targetId: $id}) RETURN c.action AS action, c.actorSub AS actor, c.targetKind AS kind',
        { id: `${w.p1}|KNOWS|${w.p2}` },
      );
      expect(changes).toEqual([{ action: 'create', actor: `dev:reader:${email(w.p1)}`, kind: 'Relation' }]);
    });

    it('when both people of a pair name each other then both KNOWS are there, one each way, from the same round', async () => {
      const w = await world();
      const round = await openRound(w);
      expect((await answer(round, await as(w.p1), { named: [w.p2] })).body.relationsAdded).toBe(1);
      expect((await answer(round, await as(w.p2), { named: [w.p1] })).body.relationsAdded).toBe(1);
      const pair = [...(await knowsFrom(w.p1)), ...(await knowsFrom(w.p2))]
        .filter((k) => k.source === 'survey')
        .map((k) => [k.target, k.round]);
      expect(pair).toEqual([
        [w.p2, round],
        [w.p1, round],
      ]);
    });

    it('when a person already known is named then no KNOWS is written and it is not new, and a replacing answer leaves it', async () => {
      const w = await world();
      const round = await openRound(w);
      const p2 = await as(w.p2);
      const first = await answer(round, p2, { named: [w.outsider] });
      expect(first.body).toEqual({ relationsAdded: 0, relationsRemoved: 0, replaced: false });
      const second = await answer(round, p2, { named: [] });
      expect(second.body).toEqual({ relationsAdded: 0, relationsRemoved: 0, replaced: true });
      expect(await knowsFrom(w.p2)).toEqual([
        {
          target: w.outsider,
          since: '2019-06-01',
          via: null,
          source: null,
          round: null,
          version: 1,
          firstDay: '2019-06-01',
        },
      ]);
    });

    it('when a second answer names fewer people then it replaces the first whole and removes the KNOWS the first wrote', async () => {
      const w = await world();
      const round = await openRound(w);
      const p1 = await as(w.p1);
      await answer(round, p1, {
        named: [w.p2, w.outsider],
        ratings: [{ departmentId: w.b, scores: SCORES }],
        texts: [{ perspective: 'kommunen', text: 'Første tekst.' }],
      });
      const res = await answer(round, p1, {
        named: [w.p2],
        texts: [{ perspective: 'medarbejderne', text: 'Anden tekst.', showName: true }],
      });
      expect(res.body).toEqual({ relationsAdded: 0, relationsRemoved: 1, replaced: true });
      expect((await knowsFrom(w.p1)).map((k) => k.target)).toEqual([w.p2]);
      const mine = await send(app, 'GET', `/api/surveys/${round}`, { cookie: p1 });
      expect(mine.body.myAnswer).toEqual({
        at: expect.any(String),
        named: [ref(w, w.p2)],
        ratings: [],
        texts: [{ perspective: 'medarbejderne', text: 'Anden tekst.', showName: true }],
      });
      expect(await stored(round)).toEqual({ asked: [w.leader, w.p1, w.p2].sort(), answers: 1 });
      const removed = await app.db.read('MATCH (c:Change {targetId: $id}) RETURN c.action AS action ORDER BY c.at', {
        id: `${w.p1}|KNOWS|${w.outsider}`,
      });
      expect(removed).toEqual([{ action: 'create' }, { action: 'delete' }]);
    });

    it('when an answer is refused then each refusal is one sentence, and nothing of it is stored', async () => {
      const w = await world();
      const round = await openRound(w);
      const p1 = await as(w.p1);
      const refused = [
        await answer(round, p1, { named: [w.p2, w.p1] }),
        await answer(round, p1, { named: [w.p2, uid('nobody')] }),
        await answer(round, p1, { named: [w.leaver] }),
        await answer(round, p1, { named: [w.p2], ratings: [{ departmentId: uid('afd'), scores: SCORES }] }),
        await answer(round, p1, {
          ratings: [
            { departmentId: w.b, scores: SCORES },
            { departmentId: w.b, scores: SCORES },
          ],
        }),
        await answer(round, p1, { named: [w.p2], ratings: [{ departmentId: w.b, scores: { ...SCORES, timely: 6 } }] }),
      ];
      expect(refused.map((r) => [r.status, r.body.error.details])).toEqual([
        [400, { reason: 'namedSelf', field: 'named.1' }],
        [400, { reason: 'unknownPerson', field: 'named.1' }],
        [400, { reason: 'unknownPerson', field: 'named.0' }],
        [400, { reason: 'unknownDepartment', field: 'ratings.0.departmentId' }],
        [400, { reason: 'ratedTwice', field: 'ratings.1.departmentId' }],
        [400, { field: 'ratings.0.scores.timely' }],
      ]);
      expect(refused[0]!.body.error.message).toBe(
        'The field "named.1" names yourself; name the people you have begun to work with.',
      );
      expect(await knowsFrom(w.p1)).toEqual([]);
      expect(await stored(round)).toEqual({ asked: [w.leader, w.p1, w.p2].sort(), answers: 0 });
    });

    it('when a rating names a department in Ringe that the round does not offer then it is refused as unknown, and nothing is stored', async () => {
      const w = await world();
      // Another network's department: it exists, but no one of this network works there.
      const elsewhere = (await world()).a;
      const round = await openRound(w);
      const p1 = await as(w.p1);
      const offered = await send(app, 'GET', `/api/surveys/${round}`, { cookie: p1 });
      expect(offered.body.departments.map((d: { id: string }) => d.id).sort()).toEqual([w.a, w.b].sort());
      const res = await answer(round, p1, {
        named: [w.p2],
        ratings: [
          { departmentId: w.b, scores: SCORES },
          { departmentId: elsewhere, scores: SCORES },
        ],
      });
      expect([res.status, res.body.error.details, res.body.error.message]).toEqual([
        400,
        { reason: 'unknownDepartment', field: 'ratings.1.departmentId' },
        'The field "ratings.1.departmentId" names no department this survey round offers.',
      ]);
      expect(await knowsFrom(w.p1)).toEqual([]);
      expect(await stored(round)).toEqual({ asked: [w.leader, w.p1, w.p2].sort(), answers: 0 });
    });

    it('when someone not asked answers then 403, and someone not linked to a person too; signed out 401', async () => {
      const w = await world();
      const round = await openRound(w);
      const res = [
        await answer(round, await as(w.outsider), { named: [w.p1] }),
        await answer(round, await as(w.former), {}),
        await answer(round, reader, {}),
        await answer(round, '', {}),
      ];
      expect(res.map((r) => [r.status, r.body.error.code])).toEqual([
        [403, 'forbidden'],
        [403, 'forbidden'],
        [403, 'forbidden'],
        [401, 'unauthenticated'],
      ]);
      expect(res[0]!.body.error.message).toBe('You are not among the people asked in this survey round.');
      expect(res[2]!.body.error.message).toBe(
        'You are not linked to a person in Ringe, so you cannot answer a survey.',
      );
      expect(await knowsFrom(w.outsider)).toEqual([]);
      expect(await stored(round)).toEqual({ asked: [w.leader, w.p1, w.p2].sort(), answers: 0 });
      const mine = await send(app, 'GET', `/api/surveys/${round}`, { cookie: await as(w.outsider) });
      expect([mine.body.me, mine.body.asked, mine.body.myAnswer]).toEqual([ref(w, w.outsider), false, null]);
      const linkless = await send(app, 'GET', `/api/surveys/${round}`, { cookie: reader });
      expect([linkless.body.me, linkless.body.asked, linkless.body.myAnswer]).toEqual([null, false, null]);
      expect((await send(app, 'GET', `/api/surveys/${round}`)).status).toBe(401);
    });

    it('when a round has not opened or has ended then an answer is refused as not open, and nothing is stored', async () => {
      const w = await world();
      const planned = (await open(w, { opensOn: dayFrom(2), closesOn: dayFrom(9) })).body.id as string;
      const ended = `survey-${uid('x').slice(2)}`;
      await q.surveyRoundCreate({
        props: {
          id: ended,
          networkId: w.network,
          opensOn: dayFrom(-20),
          closesOn: dayFrom(-1),
          askNamed: false,
          asked: [w.p1],
          createdAt: new Date().toISOString(),
          createdBy: 'test',
        },
      });
      const p1 = await as(w.p1);
      const res = [await answer(planned, p1, { named: [w.p2] }), await answer(ended, p1, { named: [w.p2] })];
      expect(res.map((r) => [r.status, r.body.error.details, r.body.error.message])).toEqual([
        [400, { reason: 'roundNotOpen' }, `The survey round opens on ${dayFrom(2)}; it takes no answers before.`],
        [400, { reason: 'roundNotOpen' }, 'The survey round is closed; it takes no more answers.'],
      ]);
      expect(await knowsFrom(w.p1)).toEqual([]);
      expect([(await stored(planned)).answers, (await stored(ended)).answers]).toEqual([0, 0]);
    });

    it('when answers come at the same moment then each is written whole, one after the other, and a person named twice is asked once', async () => {
      const w = await world();
      const round = await openRound(w, { askNamed: true });
      const [p1, p2] = await Promise.all([as(w.p1), as(w.p2)]);
      const at = await Promise.all([
        answer(round, p1, { named: [w.outsider] }),
        answer(round, p2, { named: [w.outsider, w.p1] }),
        answer(round, p1, { named: [w.outsider, w.p2] }),
      ]);
      expect(at.map((r) => r.status)).toEqual([200, 200, 200]);
      // The two answers of p1 came one after the other: exactly one of them replaced the other.
      expect([at[0]!.body.replaced, at[2]!.body.replaced].sort()).toEqual([false, true]);
      expect(await stored(round)).toEqual({ asked: [w.leader, w.p1, w.p2, w.outsider].sort(), answers: 2 });
      const [mine] = await q.surveyAnswers({ roundId: round }).then((all) => all.filter((a) => a.personId === w.p1));
      const last = at[0]!.body.replaced ? [w.outsider] : [w.outsider, w.p2];
      expect(mine!.named).toEqual(last);
      expect((await knowsFrom(w.p1)).filter((k) => k.round === round).map((k) => k.target)).toEqual([...last].sort());
    });

    it('when a round asks the people named then someone named is asked and may answer', async () => {
      const w = await world();
      const round = await openRound(w, { askNamed: true });
      await answer(round, await as(w.p1), { named: [w.outsider] });
      expect((await stored(round)).asked).toEqual([w.leader, w.p1, w.p2, w.outsider].sort());
      const res = await answer(round, await as(w.outsider), { named: [w.p1] });
      expect(res.status).toBe(200);
      expect(res.body.relationsAdded).toBe(1);
    });
  });

  describe('individual answers and petals', () => {
    async function answered(w: World) {
      const round = await openRound(w);
      await answer(round, await as(w.p1), {
        named: [w.p2],
        ratings: [{ departmentId: w.b, scores: SCORES }],
        texts: [
          { perspective: 'kommunen', text: 'Vi deler viden på tværs.' },
          { perspective: 'borgerne', text: 'Hurtigere hjælp.', showName: true },
        ],
      });
      await answer(round, await as(w.p2), {
        named: [w.p1],
        texts: [{ perspective: 'borgerne', text: 'Én indgang for borgeren.' }],
      });
      return round;
    }

    it('when a manager reads the answers then each respondent is there by name, and texts carry a name only when chosen', async () => {
      const w = await world();
      const round = await answered(w);
      const res = await send(app, 'GET', `/api/surveys/${round}/answers`, { cookie: await as(w.leader) });
      expect(res.status).toBe(200);
      const byName = [ref(w, w.p1), ref(w, w.p2)].sort((a, b) => a.name.localeCompare(b.name, 'da'));
      expect(res.body.respondents.map((r: { person: unknown }) => r.person)).toEqual(byName);
      const p1 = res.body.respondents.find((r: { person: { id: string } }) => r.person.id === w.p1);
      expect(p1).toEqual({
        person: ref(w, w.p1),
        at: expect.any(String),
        named: [ref(w, w.p2)],
        ratings: [{ departmentId: w.b, scores: SCORES }],
      });
      expect(res.body.texts).toEqual([
        {
          id: expect.stringMatching(/^text-/),
          perspective: 'borgerne',
          text: 'Én indgang for borgeren.',
          by: null,
          acceptedAs: null,
        },
        {
          id: expect.stringMatching(/^text-/),
          perspective: 'borgerne',
          text: 'Hurtigere hjælp.',
          by: ref(w, w.p1),
          acceptedAs: null,
        },
        {
          id: expect.stringMatching(/^text-/),
          perspective: 'kommunen',
          text: 'Vi deler viden på tværs.',
          by: null,
          acceptedAs: null,
        },
      ]);
      // A text's id does not name its writer.
      for (const t of res.body.texts) expect(t.id).not.toContain(w.p1);
    });

    it('when anyone but a manager asks for the answers then 403 with one sentence', async () => {
      const w = await world();
      const round = await answered(w);
      const statuses = [];
      for (const cookie of [reader, await as(w.p1), await as(w.outsider), '']) {
        const res = await send(app, 'GET', `/api/surveys/${round}/answers`, { cookie });
        statuses.push([res.status, res.body.error.code]);
      }
      expect(statuses).toEqual([
        [403, 'forbidden'],
        [403, 'forbidden'],
        [403, 'forbidden'],
        [401, 'unauthenticated'],
      ]);
      expect((await send(app, 'GET', `/api/surveys/${round}/answers`, { cookie: coordinator })).status).toBe(200);
    });

    it('when a coordinator accepts a text as a petal then an Outcome from the survey is CREATED by the network, and accepting it again gives the same petal', async () => {
      const w = await world();
      const round = await answered(w);
      const before = await send(app, 'GET', `/api/surveys/${round}/answers`, { cookie: coordinator });
      const text = before.body.texts.find((t: { text: string }) => t.text === 'Hurtigere hjælp.');
      const body = { name: 'Hurtigere hjælp til borgeren', perspective: 'borgerne' };
      const res = await send(app, 'POST', `/api/surveys/${round}/texts/${text.id}/accept`, {
        body,
        cookie: coordinator,
      });
      expect(res.status).toBe(201);
      const outcome = res.body.outcome;
      expect(outcome).toEqual({ id: expect.stringMatching(/^petal-[a-z0-9]{10}$/), kind: 'Outcome', name: body.name });
      const node = await send(app, 'GET', `/api/nodes/${outcome.id}`);
      expect([node.body.node.version, node.body.node.properties]).toEqual([
        1,
        { name: body.name, perspective: 'borgerne', source: 'survey', round },
      ]);
      const created = await app.db.read(
        'MATCH (n:Network {id: $n})-[r:CREATED]->(:Outcome {id: $o}) RETURN r.version AS version',
        { n: w.network, o: outcome.id },
      );
      expect(created).toEqual([{ version: 1 }]);
      const history = await app.db.read(
        'MATCH (c:Change) WHERE c.targetId IN [$o, $r] RETURN c.action AS action, c.targetId AS target, c.actorSub AS actor ORDER BY target',
        { o: outcome.id, r: `${w.network}|CREATED|${outcome.id}` },
      );
      expect(history).toEqual(
        [
          { action: 'create', target: outcome.id, actor: 'dev:coordinator' },
          { action: 'create', target: `${w.network}|CREATED|${outcome.id}`, actor: 'dev:coordinator' },
        ].sort((a, b) => (a.target < b.target ? -1 : 1)),
      );
      const after = await send(app, 'GET', `/api/surveys/${round}/answers`, { cookie: coordinator });
      expect(after.body.texts.find((t: { id: string }) => t.id === text.id).acceptedAs).toEqual(outcome);

      const again = await send(app, 'POST', `/api/surveys/${round}/texts/${text.id}/accept`, {
        body,
        cookie: coordinator,
      });
      expect([again.status, again.body]).toEqual([201, { outcome }]);
      const other = await send(app, 'POST', `/api/surveys/${round}/texts/${text.id}/accept`, {
        body: { ...body, name: 'Andre ord' },
        cookie: coordinator,
      });
      expect([other.status, other.body.error.code, other.body.error.details.current.id]).toEqual([
        409,
        'conflict',
        outcome.id,
      ]);
      const petals = await app.db.read('MATCH (o:Outcome {round: $round}) RETURN count(o) AS n', { round });
      expect(petals).toEqual([{ n: 1 }]);
    });

    it('when the respondent keeps an accepted text word for word in a new answer then it stays accepted', async () => {
      const w = await world();
      const round = await answered(w);
      const list = await send(app, 'GET', `/api/surveys/${round}/answers`, { cookie: coordinator });
      const text = list.body.texts.find((t: { text: string }) => t.text === 'Vi deler viden på tværs.');
      const accepted = await send(app, 'POST', `/api/surveys/${round}/texts/${text.id}/accept`, {
        body: { name: 'Viden på tværs', perspective: 'kommunen' },
        cookie: coordinator,
      });
      await answer(round, await as(w.p1), { texts: [{ perspective: 'kommunen', text: 'Vi deler viden på tværs.' }] });
      const after = await send(app, 'GET', `/api/surveys/${round}/answers`, { cookie: coordinator });
      expect(after.body.texts.find((t: { text: string }) => t.text === 'Vi deler viden på tværs.')).toEqual({
        ...text,
        acceptedAs: accepted.body.outcome,
      });
    });

    it('when someone not managing the round, or an unknown text, is accepted then 403 or 404 and no petal is made', async () => {
      const w = await world();
      const round = await answered(w);
      const list = await send(app, 'GET', `/api/surveys/${round}/answers`, { cookie: coordinator });
      const body = { name: 'Blad', perspective: 'kommunen' };
      const res = [
        await send(app, 'POST', `/api/surveys/${round}/texts/${list.body.texts[0].id}/accept`, {
          body,
          cookie: await as(w.p1),
        }),
        await send(app, 'POST', `/api/surveys/${round}/texts/text-${uid('x')}/accept`, { body, cookie: coordinator }),
      ];
      expect(res.map((r) => r.status)).toEqual([403, 404]);
      expect(await app.db.read('MATCH (o:Outcome {round: $round}) RETURN count(o) AS n', { round })).toEqual([
        { n: 0 },
      ]);
    });
  });

  describe('the graph file', () => {
    it("when the graph's JSON export is imported back then the survey's KNOWS and its petals are taken as they are, with their round", async () => {
      const w = await world();
      const round = await openRound(w);
      await answer(round, await as(w.p1), {
        named: [w.p2],
        texts: [{ perspective: 'kommunen', text: 'Et fælles sprog.' }],
      });
      const texts = await send(app, 'GET', `/api/surveys/${round}/answers`, { cookie: coordinator });
      const petal = await send(app, 'POST', `/api/surveys/${round}/texts/${texts.body.texts[0].id}/accept`, {
        body: { name: 'Et fælles sprog', perspective: 'kommunen' },
        cookie: coordinator,
      });
      const outcome = petal.body.outcome.id as string;
      const graph = await send(app, 'GET', '/api/export/json', { cookie: admin });
      const mine = (id: string) => id === outcome || id.startsWith(w.network.slice(0, -4));
      const file = {
        ...graph.body,
        nodes: graph.body.nodes.filter((n: { id: string }) => mine(n.id)),
        relations: graph.body.relations.filter(
          (r: { source: string; target: string }) => mine(r.source) && mine(r.target),
        ),
      };
      expect(file.nodes.find((n: { id: string }) => n.id === outcome).properties).toEqual({
        name: 'Et fælles sprog',
        perspective: 'kommunen',
        source: 'survey',
        round,
      });
      const knows = file.relations.find(
        (r: { type: string; source: string }) => r.type === 'KNOWS' && r.source === w.p1,
      );
      expect(knows.properties).toEqual({ since: DAY, via: w.network, source: 'survey', round });
      const res = await send(app, 'POST', '/api/import/json', { body: file, cookie: admin });
      expect(res.status).toBe(200);
      expect(res.body.rejected).toEqual([]);
      expect(res.body.changed).toEqual([]);
    });
  });

  describe("a person's data", () => {
    it("when a respondent's data is exported then it holds their answers; when they are erased their answers go and rounds no longer ask them", async () => {
      const w = await world();
      const round = await openRound(w);
      await answer(round, await as(w.p1), {
        named: [w.p2],
        ratings: [{ departmentId: w.b, scores: SCORES }],
        texts: [{ perspective: 'medarbejderne', text: 'Vi har lært at ringe sammen.' }],
      });
      await answer(round, await as(w.p2), { named: [w.p1] });
      const exported = await send<PersonExport>(app, 'GET', `/api/people/${w.p1}/export`, { cookie: admin });
      expect(exported.status).toBe(200);
      expect(exported.body.surveyAnswers).toEqual([
        {
          round: {
            id: round,
            network: { id: w.network, kind: 'Network', name: w.networkName },
            opensOn: DAY,
            closesOn: dayFrom(14),
          },
          at: expect.any(String),
          departmentIds: [w.a],
          named: [w.p2],
          ratings: [{ departmentId: w.b, scores: SCORES }],
          texts: [
            { perspective: 'medarbejderne', text: 'Vi har lært at ringe sammen.', showName: false, acceptedAs: null },
          ],
        },
      ]);
      const other = await send<PersonExport>(app, 'GET', `/api/people/${w.p2}/export`, { cookie: admin });
      expect(other.body.surveyAnswers.map((a) => a.named)).toEqual([[w.p1]]);

      const erased = await send(app, 'DELETE', `/api/people/${w.p1}?confirm=${w.p1}`, { cookie: admin });
      expect(erased.status).toBe(200);
      const pseudonym = erased.body.pseudonym;
      expect(await stored(round)).toEqual({ asked: [w.leader, w.p2].sort(), answers: 1 });
      const [left] = await q.surveyAnswers({ roundId: round });
      expect([left!.personId, left!.named]).toEqual([w.p2, [pseudonym]]);
      const answers = await send(app, 'GET', `/api/surveys/${round}/answers`, { cookie: coordinator });
      expect(answers.body.respondents).toEqual([
        { person: ref(w, w.p2), at: expect.any(String), named: [], ratings: [] },
      ]);
    });

    it("when a person is erased then their name and email in others' answer texts become the privacy feature's markers, and other texts stay", async () => {
      const w = await world();
      const round = await openRound(w);
      const name = w.names[w.p1]!;
      await answer(round, await as(w.p2), {
        texts: [
          { perspective: 'medarbejderne', text: `${name.toUpperCase()} viste os vejen; skriv til ${email(w.p1)}.` },
          { perspective: 'borgerne', text: `${w.names[w.leader]}s møder hjalp.`, showName: true },
        ],
      });
      const erased = await send(app, 'DELETE', `/api/people/${w.p1}?confirm=${w.p1}`, { cookie: admin });
      expect(erased.status).toBe(200);
      const answers = await send(app, 'GET', `/api/surveys/${round}/answers`, { cookie: coordinator });
      expect(
        answers.body.texts.map((x: { perspective: string; text: string; by: unknown }) => [
          x.perspective,
          x.text,
          x.by,
        ]),
      ).toEqual([
        ['borgerne', `${w.names[w.leader]}s møder hjalp.`, ref(w, w.p2)],
        ['medarbejderne', '[slettet person] viste os vejen; skriv til [slettet].', null],
      ]);
      const [stored2] = await q.surveyAnswers({ roundId: round });
      expect(stored2!.texts.toLowerCase()).not.toContain(w.p1.toLowerCase());
    });
  });

  describe('keeping raw answers', () => {
    /** A round that ended on `endedOn` (closed by hand when `closed`), with answers of p1 and p2 written as stored. */
    async function endedRound(w: World, endedOn: string, closed: boolean): Promise<string> {
      const id = `survey-${uid('k')
        .replace(/[^a-z0-9]/g, '')
        .slice(-10)}`;
      await q.surveyRoundCreate({
        props: {
          id,
          networkId: w.network,
          opensOn: endedOn < '2000-01-01' ? '1989-06-01' : '2020-03-01',
          closesOn: closed ? dayFrom(30) : endedOn,
          askNamed: false,
          asked: [w.leader, w.p1, w.p2],
          createdAt: new Date().toISOString(),
          createdBy: 'test',
        },
      });
      if (closed) await app.db.write('MATCH (r:SurveyRound {id: $id}) SET r.closedOn = $endedOn', { id, endedOn });
      const write = (personId: string, departmentIds: string[], named: string[], departmentId: string) =>
        q.surveyAnswerWrite({
          props: {
            id: `${id}|${personId}`,
            roundId: id,
            networkId: w.network,
            personId,
            at: `${endedOn}T09:00:00.000Z`,
            departmentIds,
            named,
            ratings: JSON.stringify([{ departmentId, scores: SCORES }]),
            texts: '[]',
          },
        });
      await write(w.p1, [w.a], [w.p2], w.b);
      await write(w.p2, [w.b], [w.p1], w.a);
      return id;
    }

    const results = (round: string) => send(app, 'GET', `/api/surveys/${round}/results`, { cookie: coordinator });

    it('when a round ended longer ago than the retention days then one purge deletes its raw answers and keeps its results; a recent round is untouched', async () => {
      const w = await world();
      // The purge runs as on 1991-01-20 with 365 days' keeping, so it finds no other test's rounds:
      // those that ended before 1990-01-20 are due.
      const day = '1991-01-20';
      const old = await endedRound(w, '1990-01-01', false);
      const closedOld = await endedRound(w, '1990-01-19', true);
      // Ended exactly the retention days before: kept one day more.
      const edge = await endedRound(w, '1990-01-20', true);
      const recent = await endedRound(w, dayFrom(-10), false);
      const before = await Promise.all([old, closedOld, recent, edge].map(results));
      expect(before.map((r) => [r.status, r.body.response, r.body.coordination.length])).toEqual([
        [200, { asked: 3, answered: 2 }, 1],
        [200, { asked: 3, answered: 2 }, 1],
        [200, { asked: 3, answered: 2 }, 1],
        [200, { asked: 3, answered: 2 }, 1],
      ]);

      expect(await purgeExpiredAnswers(q, 365, { day })).toEqual({ rounds: 2, answers: 4, failed: [] });

      const after = await Promise.all([old, closedOld, recent, edge].map(results));
      const deleted = (r: (typeof before)[number]) => ({
        ...r.body,
        round: { ...r.body.round, answersDeletedOn: DAY },
      });
      expect(after.map((r) => r.body)).toEqual([
        deleted(before[0]!),
        deleted(before[1]!),
        before[2]!.body,
        before[3]!.body,
      ]);
      expect(await Promise.all([old, closedOld, recent, edge].map(async (id) => (await stored(id)).answers))).toEqual([
        0, 0, 2, 2,
      ]);
      // A second purge (another server process, say) finds nothing of these left to do.
      expect(await purgeExpiredAnswers(q, 365, { day })).toEqual({ rounds: 0, answers: 0, failed: [] });
      expect((await results(old)).body).toEqual(deleted(before[0]!));
    });
  });
});
