import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { today } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import { bindQueries } from '../server/common/queries.js';
import {
  FIRST_HELP_PATIENCE_MS,
  HELP_PATIENCE_MS,
  helpPatienceMs,
  isoWeek,
  purgeOldMisses,
  recordMiss,
} from '../server/search/help.js';
import { FULL_EVERY_MS, followsWords, KeptVocabulary, Words } from '../server/search/vocabulary.js';
import { editDistance } from '../server/search/words.js';
import { daysBefore } from '../server/surveys/retention.js';
import { getJson, send, signIn, startApp, testDb, uid, type RunningApp } from './helpers.js';
import { freePort } from './net.js';

// "When there is no good answer" (issue 21, server/search/help.ts): "Mente du …?", the nearest department,
// and the count of who-to-contact topics that found no one, which coordinators see.

/**
 * A made-up word of ten consonants from uid(): no Danish word nor part of one, so the index finds only what a
 * test builds, and a word the index cannot split.
 */
const madeUp = () => `zv${[...uid('w').slice(2)].map((c) => 'bcdfghjklmnpqrst'[Number.parseInt(c, 16)]).join('')}`;
/** The word with its 4th, 7th and 10th letters (of the first `n`) changed to a w, which no madeUp word holds elsewhere. */
const mistyped = (word: string, n: number) =>
  [...word].map((c, i) => ([3, 6, 9].slice(0, n).includes(i) ? 'w' : c)).join('');

const search = (app: RunningApp, q: string) =>
  getJson(app, `/api/search?${new URLSearchParams({ q })}`, endpoints.search);
const contacts = (app: RunningApp, topic: string) =>
  getJson(app, `/api/contacts?${new URLSearchParams({ topic })}`, endpoints.contacts);

describe('search help', () => {
  let app: RunningApp;
  let coordinator: string;
  beforeAll(async () => {
    app = await startApp();
    coordinator = await signIn(app, 'coordinator');
  });
  afterAll(() => app.close());

  /** The misses a coordinator sees for this week (checked against the endpoint's schema). */
  async function missesNow(weeks = 1) {
    const res = await send(app, 'GET', `/api/search/misses?weeks=${weeks}`, { cookie: coordinator });
    expect(res.status).toBe(200);
    return endpoints.searchMisses.response.parse(res.body).misses;
  }

  /** This ISO week in Albertslund as Neo4j counts it, not as the server's own function does. */
  async function thisWeek(): Promise<string> {
    const [row] = await app.db.read(
      "WITH date({timezone: 'Europe/Copenhagen'}) AS d RETURN d.weekYear AS year, d.week AS week",
    );
    return `${row!.year}-W${String(row!.week).padStart(2, '0')}`;
  }

  /** A network named for `word`, led by a person in no department (raw Cypher: the person and the LEADS change the graph's fingerprint). */
  async function networkAbout(word: string) {
    const ids = { net: uid('net'), leader: uid('p') };
    await app.db.write(
      `CREATE (n:Entity:Network {id: $net, name: 'Netværk om ' + $word}),
              (l:Entity:Person {id: $leader, name: 'Lis Leder', title: 'Konsulent'}),
              (l)-[:LEADS]->(n)`,
      { ...ids, word },
    );
    await app.db.write('CALL db.awaitIndexes(30)');
    return ids;
  }

  it('when a word is mistyped beyond the typos search forgives then nothing is found and "Mente du" offers the word, which finds the network', async () => {
    const word = madeUp();
    const { net } = await networkAbout(word);
    const typo = mistyped(word, 3);
    expect(editDistance(typo, word)).toBe(3);

    const missed = await search(app, typo);
    expect(missed).toEqual({
      status: 200,
      body: { q: typo, hits: [], suggestions: [word], nearestDepartment: null },
    });
    const { body } = await search(app, missed.body.suggestions[0]);
    expect([body.hits.map((h: { id: string }) => h.id), body.suggestions, body.nearestDepartment]).toEqual([
      [net],
      [],
      null,
    ]);
  });

  it('when a word has two typos then search finds the network only fuzzily and still offers the word', async () => {
    const word = madeUp();
    const { net } = await networkAbout(word);
    const typo = mistyped(word, 2);

    const { body } = await search(app, typo);
    expect([body.hits.map((h: { id: string }) => h.id), body.suggestions, body.nearestDepartment]).toEqual([
      [net],
      [word],
      null,
    ]);
  });

  it('when a mistyped topic finds no one then the words are put right and the nearest department is the one sharing most of them', async () => {
    const [first, second] = [madeUp(), madeUp()];
    const ids = { near: uid('dep'), far: uid('dep'), p: uid('p'), q: uid('p') };
    const [nearName, farName] = [`Nærafdeling ${uid()}`, `Fjernafdeling ${uid()}`];
    // The near department's people hold both words in their titles, the far one's only the first.
    await app.db.write(
      `CREATE (d:Entity:Department {id: $near, name: $nearName}),
              (e:Entity:Department {id: $far, name: $farName}),
              (p:Entity:Person {id: $p, name: 'Pia Plan', title: $first + ' ' + $second}),
              (q:Entity:Person {id: $q, name: 'Quinn Kvist', title: $first}),
              (p)-[:WORKS_IN]->(d), (q)-[:WORKS_IN]->(e)`,
      { ...ids, nearName, farName, first, second },
    );
    await app.db.write('CALL db.awaitIndexes(30)');

    const topic = `${mistyped(first, 3)} ${mistyped(second, 3)}`;
    expect(await contacts(app, topic)).toEqual({
      status: 200,
      body: {
        topic,
        matches: [],
        contacts: [],
        suggestions: [`${first} ${second}`],
        nearestDepartment: { id: ids.near, kind: 'Department', name: nearName },
      },
    });

    // The answer is good for the word as suggested: no help then.
    const { body } = await contacts(app, first);
    expect([
      body.contacts.map((c: { person: { id: string } }) => c.person.id).sort(),
      body.suggestions,
      body.nearestDepartment,
    ]).toEqual([[ids.p, ids.q].sort(), [], null]);
  });

  it('when someone starts working in another department through the API then the nearest department follows at once', async () => {
    const [first, second, third] = [madeUp(), madeUp(), madeUp()];
    const ids = { near: uid('dep'), far: uid('dep'), p: uid('p'), q: uid('p'), r: uid('p') };
    const [nearName, farName] = [`Nærafdeling ${uid()}`, `Fjernafdeling ${uid()}`];
    // Near holds two of the words, far one; R, in no department yet, holds all three.
    await app.db.write(
      `CREATE (d:Entity:Department {id: $near, name: $nearName}),
              (e:Entity:Department {id: $far, name: $farName}),
              (p:Entity:Person {id: $p, name: 'Pia Plan', title: $first + ' ' + $second}),
              (q:Entity:Person {id: $q, name: 'Quinn Kvist', title: $first}),
              (r:Entity:Person {id: $r, name: 'Rita Ring', title: $first + ' ' + $second + ' ' + $third}),
              (p)-[:WORKS_IN]->(d), (q)-[:WORKS_IN]->(e)`,
      { ...ids, nearName, farName, first, second, third },
    );
    await app.db.write('CALL db.awaitIndexes(30)');
    const topic = [first, second, third].map((w) => mistyped(w, 3)).join(' ');
    const nearest = async () => (await contacts(app, topic)).body.nearestDepartment;
    expect(await nearest()).toEqual({ id: ids.near, kind: 'Department', name: nearName });

    // A new relation, no new node: the departments' vocabulary must still be read again.
    const made = await send(app, 'POST', '/api/relations', {
      body: { type: 'WORKS_IN', source: ids.r, target: ids.far },
      cookie: coordinator,
    });
    expect(made.status).toBe(201);
    expect(await nearest()).toEqual({ id: ids.far, kind: 'Department', name: farName });
  });

  it('when a title is edited through the API then "Mente du" offers the new word at once and the old one no more', async () => {
    const [before, after] = [madeUp(), madeUp()];
    const person = uid('p');
    await app.db.write("CREATE (:Entity:Person {id: $person, name: 'Tove Titel', title: $before, version: 1})", {
      person,
      before,
    });
    await app.db.write('CALL db.awaitIndexes(30)');
    const offered = async (word: string) => (await search(app, mistyped(word, 3))).body.suggestions;
    expect(await offered(before)).toEqual([before]);

    const edited = await send(app, 'PATCH', `/api/nodes/${person}`, {
      body: { version: 1, properties: { title: after } },
      cookie: coordinator,
    });
    expect(edited.status).toBe(200);
    await app.db.write('CALL db.awaitIndexes(30)');
    expect([await offered(before), await offered(after)]).toEqual([[], [after]]);
  });

  it("when a who-to-contact topic finds no one then each asking is counted in this week's row, words only, and a coordinator sees it most asked first", async () => {
    const [a, b, c] = [madeUp(), madeUp(), madeUp()];
    const twice = `${a.toUpperCase()},  ${b}!`;
    for (const topic of [twice, c, twice]) {
      const { body } = await contacts(app, topic);
      expect(body.contacts).toEqual([]);
    }
    const week = await thisWeek();
    const mine = (await missesNow()).filter((m) => [a, c].some((w) => m.words.includes(w)));
    expect(mine).toEqual([
      { words: `${a} ${b}`, week, count: 2 },
      { words: c, week, count: 1 },
    ]);
  });

  it('when a reader or someone signed out asks for the misses then 403 and 401', async () => {
    const reader = await signIn(app, 'reader');
    const asReader = await send(app, 'GET', '/api/search/misses', { cookie: reader });
    const signedOut = await send(app, 'GET', '/api/search/misses');
    expect([asReader.status, asReader.body.error.code, signedOut.status, signedOut.body.error.code]).toEqual([
      403,
      'forbidden',
      401,
      'unauthenticated',
    ]);
  });

  it('when a topic that finds no one holds a CPR-like number then it is not counted', async () => {
    const word = madeUp();
    for (const topic of [`${word} 010203-1234`, `${word} 0102031234`, `${word} 01.02.03 1234`]) {
      const { body } = await contacts(app, topic);
      // No one found: were it not for the number, it would be counted.
      expect(body.contacts).toEqual([]);
    }
    expect((await missesNow()).filter((m) => m.words.includes(word))).toEqual([]);
    // The same word alone is counted, so the guard is what kept the others out.
    await contacts(app, word);
    expect((await missesNow()).filter((m) => m.words.includes(word))).toEqual([
      { words: word, week: await thisWeek(), count: 1 },
    ]);
  });

  it('when the typeahead finds nothing then nothing is counted; who-to-contact with the same words is', async () => {
    const word = madeUp();
    const typed = await search(app, word);
    expect(typed.body.hits).toEqual([]);
    expect((await missesNow()).filter((m) => m.words === word)).toEqual([]);
    await contacts(app, word);
    expect((await missesNow()).filter((m) => m.words === word)).toEqual([
      { words: word, week: await thisWeek(), count: 1 },
    ]);
  });

  it('when a miss cannot be counted then recording it still resolves and the failure is logged', async () => {
    // Nothing listens on the port: the database cannot be reached.
    const unreachable = testDb(`bolt://127.0.0.1:${await freePort()}`, { maxRetryTimeMs: 0, probeTimeoutMs: 0 });
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    await expect(recordMiss(bindQueries(unreachable), madeUp(), log)).resolves.toBeUndefined();
    await unreachable.close();
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['Et emne, der ikke fandt nogen, kunne ikke tælles.']);
  });

  it('when the hourly purge runs then misses of weeks more than 52 weeks ago are deleted and the 52nd week back is kept', async () => {
    const [kept, gone] = [madeUp(), madeUp()];
    const day = today();
    await app.db.write(
      'CREATE (:SearchMiss {words: $kept, week: $keptWeek, count: 3}), (:SearchMiss {words: $gone, week: $goneWeek, count: 5})',
      { kept, gone, keptWeek: isoWeek(daysBefore(day, 7 * 52)), goneWeek: isoWeek(daysBefore(day, 7 * 53)) },
    );
    await purgeOldMisses(bindQueries(app.db), { day, batch: 1 });
    const left = await app.db.read(
      'MATCH (m:SearchMiss) WHERE m.words IN [$kept, $gone] RETURN m.words AS words, m.week AS week, m.count AS count',
      { kept, gone },
    );
    expect(left).toEqual([{ words: kept, week: isoWeek(daysBefore(day, 7 * 52)), count: 3 }]);
  });

  it('when a vocabulary must be read whole then a request waits at most its patience and answers without it or with the one kept from before, while the reading goes on in a transaction of its own', async () => {
    const queries = bindQueries(app.db);
    const day = today();
    // Each whole reading waits on a gate, as one that takes longer than a request may (6.5 s at 500,000 people).
    let gate = Promise.resolve();
    let open = () => {};
    const close = () => {
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
    };
    let clock = Date.now();
    const kept = new KeptVocabulary<Words>(
      {
        ...followsWords,
        read: async (t, at) => {
          await gate;
          return followsWords.read(t, at);
        },
      },
      () => clock,
    );
    const ask = (patienceMs: number) =>
      queries.readTx(async (t) => {
        const [fp] = await t.searchHelpFingerprint();
        return kept.ready(queries, t, day, fp, patienceMs);
      });

    close();
    // The first request starts the whole reading and answers without a vocabulary; so does the next, waiting for it.
    expect(await ask(50)).toBeUndefined();
    expect(await ask(50)).toBeUndefined();
    // The reading went on after both had answered, and one that waits long enough gets what it made.
    const waiting = ask(60_000);
    open();
    const made = await waiting;
    expect(made).toBeInstanceOf(Words);
    expect(await ask(0)).toBe(made);

    // Ten minutes on the whole is read again, in the background: a request meanwhile gets the vocabulary kept from
    // before at once, even one that would wait, and the next ones the new one once it is read.
    close();
    clock += FULL_EVERY_MS + 1;
    expect(await ask(60_000)).toBe(made);
    expect(await ask(60_000)).toBe(made);
    open();
    await vi.waitFor(async () => expect(await ask(60_000)).not.toBe(made), { timeout: 10_000, interval: 50 });
    const again = await ask(0);
    expect(again).toBeInstanceOf(Words);
    expect(again).not.toBe(made);
  });

  it('when a request has little of its read left then it waits for help at most until a second before its transaction deadline', async () => {
    const now = 1_000_000;
    expect(
      [
        [true, now + 60_000],
        [false, now + 60_000],
        [false, now + 2_500],
        [true, now + 1_200],
        [false, now + 500],
      ].map(([held, deadline]) => helpPatienceMs(held as boolean, deadline as number, now)),
    ).toEqual([HELP_PATIENCE_MS, FIRST_HELP_PATIENCE_MS, 1_500, 200, 0]);
    // A read transaction knows its deadline: its start and the read timeout; a long read's is the query timeout.
    const db = testDb(undefined, { readTimeoutMs: 2_000, queryTimeoutMs: 9_000 });
    const left = (opts?: { long: true }) =>
      bindQueries(db).readTx(
        async (t): Promise<[number, number]> => [t.deadline - Date.now(), (await t.searchHelpFingerprint()).length],
        opts,
      );
    try {
      const [read, long] = [await left(), await left({ long: true })];
      expect([read[0] > 1_500 && read[0] <= 2_000, long[0] > 8_500 && long[0] <= 9_000, read[1]]).toEqual([
        true,
        true,
        1,
      ]);
    } finally {
      await db.close();
    }
  });

  it('when a day is near a new year then its ISO week is that of its Thursday', () => {
    expect(['2024-12-30', '2026-01-01', '2027-01-01', '2027-01-04', '2026-12-06'].map(isoWeek)).toEqual([
      '2025-W01',
      '2026-W01',
      '2026-W53',
      '2027-W01',
      '2026-W49',
    ]);
  });
});
