import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import type { Contact, ContactsResponse, SearchResponse } from '../api/explore.js';
import { reasonText } from '../client/src/lib/sentences.js';
import { getJson, startApp, storeDaysOf, uid, type RunningApp } from './helpers.js';
import { sayIn } from './locale.js';

// KLE, the municipal subject classification, on units as the sync writes it (issue 19): parallel lists
// kleNumbers, kleAspects, kleTitles and the text the search index reads, kleText.

/** A KLE-shaped number (three levels) no other test uses, so the index matches only what a test builds. */
const kleNumber = () => [randomInt(10, 86), randomInt(10, 100), randomInt(10, 100)].join('.');
/** A word no other data holds. */
const topicWord = () => uid('emne').replace('-', '');

interface Subject {
  number: string;
  title: string;
  aspect: 'ansvarlig' | 'udfoerende' | 'indsigt';
}

describe('KLE subjects of units', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  /** A unit with these KLE subjects and members (the first named a manager: the others report to them). */
  async function unit(name: string, subjects: Subject[], members: string[] = []) {
    const id = uid('unit');
    const people = members.map((m) => ({ id: uid('p'), name: m }));
    await app.db.write(
      `CREATE (u:Entity:Unit {id: $id, name: $name, kleNumbers: $numbers, kleAspects: $aspects, kleTitles: $titles,
                              kleText: $text})
       WITH u
       UNWIND range(0, size($people) - 1) AS i
       CREATE (p:Entity:Person {id: $people[i].id, name: $people[i].name})-[:MEMBER_OF {since: '2021-01-01', source: 'os2mo'}]->(u)
       WITH p, i WHERE i > 0
       MATCH (boss:Person {id: $people[0].id})
       CREATE (p)-[:REPORTS_TO {source: 'os2mo'}]->(boss)`,
      {
        id,
        name,
        numbers: subjects.map((s) => s.number),
        aspects: subjects.map((s) => s.aspect),
        titles: subjects.map((s) => s.title),
        text: subjects.map((s) => `${s.number} ${s.title}`.trim()).join('\n'),
        people,
      },
    );
    await storeDaysOf(
      app.db,
      people.map((p) => p.id),
    );
    return { ref: { id, kind: 'Unit', name }, people };
  }

  it('when a unit has a KLE subject then search finds it by the number, by the start of a longer number and by a word of its title', async () => {
    const number = kleNumber();
    const word = topicWord();
    const found = await unit('Enheden for børn', [{ number, title: `Børn og unge med ${word}`, aspect: 'ansvarlig' }]);
    const other = await unit('Anden enhed', [{ number: kleNumber(), title: 'Noget andet', aspect: 'ansvarlig' }]);
    const hits = async (q: string) =>
      (await getJson<SearchResponse>(app, `/api/search?${new URLSearchParams({ q })}`, endpoints.search)).body.hits;

    expect((await hits(number)).map((h) => h.id)).toEqual([found.ref.id]);
    expect((await hits(number.slice(0, 5))).map((h) => h.id)).toContain(found.ref.id);
    const byTitle = await hits(word);
    expect(byTitle).toEqual([
      {
        id: found.ref.id,
        kind: 'Unit',
        name: 'Enheden for børn',
        score: byTitle[0]!.score,
        // the word matched the unit's KLE subject, which the hit does not show
        marks: [],
        title: null,
        department: null,
        networkKind: null,
        status: null,
        perspective: null,
        partnerType: null,
      },
    ]);
    expect((await hits(number)).map((h) => h.id)).not.toContain(other.ref.id);
  });

  it('when a unit is searched by a KLE number its kleText does not hold then the number still finds it, in search and in who-to-contact', async () => {
    const number = kleNumber();
    const [id, member] = [uid('unit'), uid('p')];
    await app.db.write(
      `CREATE (u:Entity:Unit {id: $id, name: 'Uden tekst', kleNumbers: [$number], kleAspects: ['indsigt'], kleTitles: ['']}),
              (:Entity:Person {id: $member, name: 'Gerda Medlem'})-[:MEMBER_OF {source: 'os2mo'}]->(u)`,
      { id, number, member },
    );
    const { body } = await getJson<SearchResponse>(app, `/api/search?q=${number}`, endpoints.search);
    expect(body.hits.map((h) => [h.id, h.kind])).toEqual([[id, 'Unit']]);
    const asked = await getJson<ContactsResponse>(app, `/api/contacts?topic=${number}`, endpoints.contacts);
    expect(asked.body.contacts.map((c) => [c.person.id, c.reasons.map((r) => r.kle)])).toEqual([
      [member, [{ number, title: '', aspect: 'indsigt' }]],
    ]);
  });

  it('when the topic is a KLE subject then who-to-contact ranks the responsible unit (its manager first) above the executing one above the one with insight, each with the reason', async () => {
    const word = topicWord();
    const number = kleNumber();
    const subject = (aspect: Subject['aspect']) => ({ number, title: `Børn med ${word}`, aspect });
    // the responsible unit has more subjects, so its text scores lower in the index: the aspect still ranks it
    const responsible = await unit(
      'Ansvarlig enhed',
      [subject('ansvarlig'), { number: kleNumber(), title: 'Andet', aspect: 'udfoerende' }],
      ['Zenia Chef', 'Anders Ansvarlig'],
    );
    const executing = await unit('Udførende enhed', [subject('udfoerende')], ['Berit Udfører']);
    const insight = await unit('Indsigtsenhed', [subject('indsigt')], ['Carl Indsigt']);

    for (const topic of [number, word]) {
      const { status, body } = await getJson<ContactsResponse>(
        app,
        `/api/contacts?${new URLSearchParams({ topic })}`,
        endpoints.contacts,
      );
      expect(status).toBe(200);
      const told = (c: Contact) => [c.person.name, c.reasons.map((r) => reasonText(sayIn('da'), r, c.person))];
      expect(body.contacts.map(told)).toEqual([
        ['Zenia Chef', [`Enheden "Ansvarlig enhed" er ansvarlig for ${number} Børn med ${word}.`]],
        ['Anders Ansvarlig', [`Enheden "Ansvarlig enhed" er ansvarlig for ${number} Børn med ${word}.`]],
        ['Berit Udfører', [`Enheden "Udførende enhed" udfører opgaver inden for ${number} Børn med ${word}.`]],
        ['Carl Indsigt', [`Enheden "Indsigtsenhed" har indsigt i ${number} Børn med ${word}.`]],
      ]);
      expect(body.contacts[0]!.reasons).toEqual([
        {
          kind: 'kle',
          node: responsible.ref,
          leader: null,
          matched: responsible.ref.id,
          kle: { number, title: `Børn med ${word}`, aspect: 'ansvarlig' },
        },
      ]);
      expect(body.matches.map((m) => m.id).sort()).toEqual(
        [responsible.ref.id, executing.ref.id, insight.ref.id].sort(),
      );
    }
    // Words of the title with others the booklet knows ("børn"): the booklet's people come in among them,
    // and these four keep their order.
    const mixed = await getJson<ContactsResponse>(
      app,
      `/api/contacts?${new URLSearchParams({ topic: `børn med ${word}`, limit: '50' })}`,
      endpoints.contacts,
    );
    const ours = new Set([...responsible.people, ...executing.people, ...insight.people].map((p) => p.name));
    expect(mixed.body.contacts.map((c) => c.person.name).filter((n) => ours.has(n))).toEqual([
      'Zenia Chef',
      'Anders Ansvarlig',
      'Berit Udfører',
      'Carl Indsigt',
    ]);
    // In English too.
    const { body } = await getJson<ContactsResponse>(app, `/api/contacts?topic=${number}`, endpoints.contacts);
    expect(reasonText(sayIn('en'), body.contacts[2]!.reasons[0]!, body.contacts[2]!.person)).toBe(
      `The unit "Udførende enhed" carries out tasks within ${number} Børn med ${word}.`,
    );
  }, 90_000);

  it('when a unit matches a topic by its name but none of its KLE subjects then its members get no KLE reason', async () => {
    const word = topicWord();
    await unit(
      `Enheden ${word}`,
      [{ number: kleNumber(), title: 'Veje og trafik', aspect: 'ansvarlig' }],
      ['Dorte Vej'],
    );
    const { body } = await getJson<ContactsResponse>(app, `/api/contacts?topic=${word}`, endpoints.contacts);
    expect(body.contacts).toEqual([]);
  });

  it('when a member of the responsible unit has left then who-to-contact does not suggest them', async () => {
    const number = kleNumber();
    const { people } = await unit(
      'Enhed',
      [{ number, title: 'Tilsyn', aspect: 'ansvarlig' }],
      ['Ebbe Her', 'Frida Væk'],
    );
    await app.db.write("MATCH (p:Person {id: $id}) SET p.leftOn = '2020-01-01'", { id: people[1]!.id });
    const { body } = await getJson<ContactsResponse>(app, `/api/contacts?topic=${number}`, endpoints.contacts);
    expect(body.contacts.map((c) => c.person.name)).toEqual(['Ebbe Her']);
  });
});
