import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import type { ContactsResponse, CoordinationResponse, NodeResponse, SearchResponse } from '../api/explore.js';
import { getJson, startApp, storeDaysOf, uid, type RunningApp } from './helpers.js';

// People a source has ended (issue 19): `leftOn` on the person, their open WORKS_IN and MEMBER_OF ended
// the day before, their network roles left as they were (not our fact to end), perhaps handed to someone
// by a coordinator (`handedTo` on the role). Written here with raw Cypher in the sync's shape.

/** The day `n` days before `day` (YYYY-MM-DD); a negative `n` is after it. */
const daysBefore = (day: string, n: number) => new Date(Date.parse(day) - n * 86_400_000).toISOString().slice(0, 10);
/** A word no other data holds, so the full-text index matches only what a test builds. */
const topicWord = () => uid('emne').replace('-', '');

describe('people who have left', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  const now = today();
  const yesterday = daysBefore(now, 1);

  /**
   * A network about a new word, led by Lene who left yesterday (her LEADS still open, handed to Hans)
   * and with Hans taking part; both worked in one department, Lene until the day before yesterday.
   */
  async function leaverNetwork() {
    const word = topicWord();
    const ids = { dep: uid('dep'), net: uid('net'), lene: uid('p'), hans: uid('p') };
    await app.db.write(
      `CREATE (d:Entity:Department {id: $dep, name: 'Afdelingen'}),
              (n:Entity:Network {id: $net, name: 'Netværk om ' + $word, kind: 'velfaerd', status: 'i gang'}),
              (lene:Entity:Person {id: $lene, name: 'Lene ' + $word, title: 'Konsulent', leftOn: $yesterday}),
              (hans:Entity:Person {id: $hans, name: 'Hans Overtager', title: 'Konsulent'}),
              (lene)-[:WORKS_IN {since: '2016-01-01', until: $dayBefore, source: 'hr'}]->(d),
              (hans)-[:WORKS_IN {since: '2016-01-01', source: 'hr'}]->(d),
              (lene)-[:LEADS {since: '2016-01-01', handedTo: $hans}]->(n),
              (hans)-[:PARTICIPATES_IN {since: '2017-01-01'}]->(n)`,
      { ...ids, word, yesterday, dayBefore: daysBefore(now, 2) },
    );
    await storeDaysOf(app.db, [ids.lene, ids.hans]);
    return { word, ids };
  }

  it('when a person has left then search does not offer them, while someone leaving tomorrow is still offered', async () => {
    const surname = topicWord();
    const [gone, going] = [uid('p'), uid('p')];
    await app.db.write(
      `CREATE (:Entity:Person {id: $gone, name: 'Gitte ' + $surname, leftOn: $yesterday}),
              (:Entity:Person {id: $going, name: 'Gorm ' + $surname, leftOn: $tomorrow})`,
      { gone, going, surname, yesterday, tomorrow: daysBefore(now, -1) },
    );
    const { status, body } = await getJson<SearchResponse>(app, `/api/search?q=${surname}`, endpoints.search);
    expect(status).toBe(200);
    expect(body.hits.map((h) => h.id)).toEqual([going]);
  });

  it('when a network leader has left then who-to-contact suggests the participant and not her, and a day before she left suggests her first', async () => {
    const { word, ids } = await leaverNetwork();
    const todays = await getJson<ContactsResponse>(app, `/api/contacts?topic=${word}`, endpoints.contacts);
    expect(todays.status).toBe(200);
    // the leader is not even matched by her name
    expect(todays.body.contacts.map((c) => [c.person.id, c.reasons.map((r) => r.kind)])).toEqual([
      [ids.hans, ['participates']],
    ]);
    const before = await getJson<ContactsResponse>(
      app,
      `/api/contacts?topic=${word}&at=${daysBefore(now, 5)}`,
      endpoints.contacts,
    );
    expect(before.body.contacts.map((c) => [c.person.id, c.reasons.map((r) => r.kind)])).toEqual([
      [ids.lene, ['leads', 'title']],
      // her colleague's reason about the network is his own part in it, the stronger one
      [ids.hans, ['participates']],
    ]);
  });

  it('when a person has left then their card says since when, and who now holds their network role', async () => {
    const { word, ids } = await leaverNetwork();
    const { body } = await getJson<NodeResponse>(app, `/api/nodes/${ids.lene}`, endpoints.node);
    expect(body.card).toMatchObject({
      name: `Lene ${word}`,
      department: null,
      leftOn: yesterday,
      handedOver: [
        {
          network: { id: ids.net, kind: 'Network', name: `Netværk om ${word}` },
          to: { id: ids.hans, kind: 'Person', name: 'Hans Overtager' },
        },
      ],
    });
    // On a day before she left, she had not: her card says nothing of it, and shows her department.
    const before = await getJson<NodeResponse>(app, `/api/nodes/${ids.lene}?at=${daysBefore(now, 5)}`, endpoints.node);
    expect(before.body.card).toMatchObject({
      leftOn: null,
      department: { id: ids.dep, kind: 'Department', name: 'Afdelingen' },
    });
  });

  it("when someone's WORKS_IN ended yesterday then today's coordination no longer counts their tie across departments, and yesterday's does", async () => {
    const ids = { a: uid('dep'), b: uid('dep'), mover: uid('p'), other: uid('p') };
    await app.db.write(
      `CREATE (a:Entity:Department {id: $a, name: 'Afdeling A'}), (b:Entity:Department {id: $b, name: 'Afdeling B'}),
              (m:Entity:Person {id: $mover, name: 'Mona Flytter'}), (o:Entity:Person {id: $other, name: 'Otto Anden'}),
              (m)-[:WORKS_IN {since: '2019-01-01', until: $yesterday, source: 'hr'}]->(a),
              (o)-[:WORKS_IN {since: '2019-01-01', source: 'hr'}]->(b),
              (m)-[:KNOWS {since: '2020-01-01'}]->(o)`,
      { ...ids, yesterday },
    );
    await storeDaysOf(app.db, [ids.mover, ids.other]);
    const pairOf = async (at: string) => {
      const { body } = await getJson<CoordinationResponse>(app, `/api/coordination?at=${at}`, endpoints.coordination);
      return body.pairs
        .filter((p) => [p.a.id, p.b.id].sort().join() === [ids.a, ids.b].sort().join())
        .map((p) => ({ knows: p.knows, ties: p.ties }));
    };
    expect(await pairOf(yesterday)).toEqual([{ knows: 1, ties: 1 }]);
    expect(await pairOf(now)).toEqual([]);
  });
  it('when the first person on the way to a contact has left then no one is named to ask, while the way itself is still counted', async () => {
    const word = topicWord();
    const ids = { anna: uid('p'), lene: uid('p'), bo: uid('p'), kim: uid('p'), dan: uid('p') };
    // Anna knows Lene (left yesterday), who knows Bo; Anna also knows Kim, who knows Dan: Bo and Dan both match the word.
    await app.db.write(
      `CREATE (anna:Entity:Person {id: $anna, name: 'Anna Spørger'}),
              (lene:Entity:Person {id: $lene, name: 'Lene Stoppet', leftOn: $yesterday}),
              (bo:Entity:Person {id: $bo, name: 'Bo ' + $word, title: $word}),
              (kim:Entity:Person {id: $kim, name: 'Kim Kollega'}),
              (dan:Entity:Person {id: $dan, name: 'Dan ' + $word, title: $word}),
              (anna)-[:KNOWS {since: '2020'}]->(lene), (lene)-[:KNOWS {since: '2020'}]->(bo),
              (anna)-[:KNOWS {since: '2020'}]->(kim), (kim)-[:KNOWS {since: '2020'}]->(dan)`,
      { ...ids, word, yesterday },
    );
    await storeDaysOf(app.db, Object.values(ids));
    const { status, body } = await getJson<ContactsResponse>(
      app,
      `/api/contacts?topic=${word}&from=${ids.anna}`,
      endpoints.contacts,
    );
    expect(status).toBe(200);
    expect(
      body.contacts.map((c) => [c.person.id, c.path]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual(
      [
        [ids.bo, { length: 2, via: null, through: null, direct: false }],
        [
          ids.dan,
          { length: 2, via: { id: ids.kim, kind: 'Person', name: 'Kim Kollega' }, through: null, direct: true },
        ],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });
});
