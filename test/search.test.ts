import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import type { Contact } from '../api/explore.js';
import { toLucene } from '../server/search/lucene.js';
import { hitDetails } from '../client/src/lib/sentences.js';
import { getJson, startApp, uid, type RunningApp } from './helpers.js';
import { sayIn } from './locale.js';

const search = (app: RunningApp, params: Record<string, string>) =>
  getJson(app, `/api/search?${new URLSearchParams(params)}`, endpoints.search);

describe('GET /api/search', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('when a person is searched by surname then the hit shows title and department', async () => {
    const { status, body } = await search(app, { q: 'Duekilde' });
    expect(status).toBe(200);
    expect({ ...body, hits: body.hits.map(({ score, ...h }: { score: number }) => h) }).toEqual({
      q: 'Duekilde',
      hits: [
        {
          id: 'mette-nielsen-duekilde',
          kind: 'Person',
          name: 'Mette Nielsen Duekilde',
          marks: ['Duekilde'],
          title: 'Integrationskonsulent',
          department: 'Arbejdsmarked, Erhverv & Ydelser',
          networkKind: null,
          status: null,
          perspective: null,
          partnerType: null,
        },
      ],
      suggestions: [],
      nearestDepartment: null,
    });
    expect(hitDetails(sayIn('da'), body.hits[0])).toBe('Integrationskonsulent, Arbejdsmarked, Erhverv & Ydelser');
  });

  it('when the word is inflected differently ("indlæggelse") then the network about "indlæggelser" is found', async () => {
    const { body } = await search(app, { q: 'indlæggelse', kinds: 'Network' });
    expect(body.hits[0]).toMatchObject({
      id: 'forebyggelse-af-indlaeggelser',
      title: null,
      department: null,
      networkKind: 'velfaerd',
      status: 'afsluttet',
    });
    // The client names the values in the page's language.
    expect(hitDetails(sayIn('da'), body.hits[0])).toBe('Velfærdsnetværk, afsluttet');
    expect(hitDetails(sayIn('en'), body.hits[0])).toBe('Welfare network, finished');
  });

  it('when only the start of a word is typed ("frivil") then the volunteering network is first', async () => {
    const { body } = await search(app, { q: 'frivil' });
    expect(body.hits[0]).toMatchObject({
      id: 'frivilligt-arbejde',
      kind: 'Network',
      name: 'Frivilligt arbejde',
      marks: ['Frivilligt'],
    });
  });

  it('when the word has a typo ("erhvervservice") then the erhvervsservice network is still first', async () => {
    const { body } = await search(app, { q: 'erhvervservice' });
    expect(body.hits[0]).toMatchObject({
      id: 'udvikling-af-erhvervsservice',
      kind: 'Network',
      marks: ['erhvervsservice'],
    });
  });

  it('when Danish letters are typed as oe and aa then Økonomi & Stab and the rådhus network are found', async () => {
    const dep = await search(app, { q: 'oekonomi', kinds: 'Department' });
    expect(dep.body.hits.map((h: { id: string; marks: string[] }) => [h.id, h.marks])).toEqual([
      ['oekonomi-stab', ['Økonomi']],
    ]);
    const net = await search(app, { q: 'raadhusets', kinds: 'Network' });
    expect(net.body.hits[0]).toMatchObject({ id: 'indretning-af-raadhusets-forhal', marks: ['rådhusets'] });
  });

  it('when typed in capitals then it finds the same as in lower case', async () => {
    const upper = await search(app, { q: 'KOMMUNEMED' });
    const lower = await search(app, { q: 'kommunemed' });
    expect(upper.body.hits).toEqual(lower.body.hits);
    expect(upper.body.hits[0]).toMatchObject({ id: 'kommunemed', kind: 'Forum' });
  });

  it.each(['a:b (c OR "d', 'title:*', '\\', '[1 TO 5]', '"', 'AND', '+-&&||!(){}[]^"~*?:\\/', 'NOT *'])(
    'when the query holds Lucene syntax (%s) then it answers 200, never an error',
    async (q) => {
      const { status, body } = await search(app, { q });
      expect(status).toBe(200);
      expect(body.q).toBe(q);
    },
  );

  it('when kinds limits the search then only those kinds come back', async () => {
    const { body } = await search(app, { q: 'netværkslederuddannelsen', kinds: 'Training,Department' });
    // (other tests make trainings of that name too: test/contacts.test.ts)
    const hits = body.hits.map((h: { id: string; kind: string }) => [h.id, h.kind]);
    expect(hits).toContainEqual(['netvaerkslederuddannelsen', 'Training']);
    expect(new Set(hits.map(([, kind]: string[]) => kind))).toEqual(new Set(['Training']));
  });

  it('when a test adds a person then search finds them by title', async () => {
    const id = uid('person');
    await app.db.write(
      "CREATE (:Entity:Person {id: $id, name: 'Testa Søgesen', title: 'Hjemmeplejekoordinator' + $id})",
      { id },
    );
    // the full-text index is eventually consistent; wait for it like a user would
    await app.db.write('CALL db.awaitIndexes(30)');
    const { body } = await search(app, { q: `Søgesen`, kinds: 'Person' });
    expect(body.hits.map((h: { id: string }) => h.id)).toContain(id);
  });

  it('when a parameter is bad then 400 names it', async () => {
    expect(await search(app, { q: '' })).toEqual({
      status: 400,
      body: {
        error: { code: 'validation', message: 'The query parameter "q" must not be empty.', details: { field: 'q' } },
      },
    });
    expect(await search(app, { q: 'x', kinds: 'Person,Cat' })).toMatchObject({
      status: 400,
      body: { error: { details: { field: 'kinds' } } },
    });
    expect(await search(app, { q: 'x', limit: '500' })).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'The query parameter "limit" must be at most 50.',
          details: { field: 'limit' },
        },
      },
    });
    expect(await search(app, { q: 'x', limit: 'many' })).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'The query parameter "limit" must be a whole number.',
          details: { field: 'limit' },
        },
      },
    });
    expect(await search(app, { q: 'x', color: 'red' })).toEqual({
      status: 400,
      body: { error: { code: 'validation', message: 'Unknown query parameter "color".', details: { field: 'color' } } },
    });
    expect((await getJson(app, '/api/search')).body).toEqual({
      error: { code: 'validation', message: 'The query parameter "q" is required.', details: { field: 'q' } },
    });
  });
});

/** A hit's id and marks, or undefined when the hit is not there. */
const marksOf = (hits: { id: string; marks: string[] }[], id: string) => hits.find((h) => h.id === id)?.marks;

describe('Word forms, Danish and English (issue 21)', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  const contacts = (params: Record<string, string>) =>
    getJson(app, `/api/contacts?${new URLSearchParams(params)}`, endpoints.contacts);
  /** A word no other data holds. */
  const uniqueWord = () => uid('sted').replace('-', '');

  async function create(cypher: string, params: Record<string, unknown>) {
    await app.db.write(cypher, params);
    // the full-text index is eventually consistent; wait for it like a user would
    await app.db.write('CALL db.awaitIndexes(30)');
  }

  it.each(['cykelparkering', 'cykel parkering', 'cykel-parkering'])(
    'when a compound is typed as "%s" then nodes writing it joined and apart are found, with the words marked as written',
    async (q) => {
      const word = uniqueWord();
      const [apart, joined] = [uid('net'), uid('net')];
      await create(
        `CREATE (:Entity:Network {id: $apart, name: 'Cykel parkeringen ved ' + $word}),
                (:Entity:Network {id: $joined, name: 'Cykelparkeringen i ' + $word})`,
        { apart, joined, word },
      );
      const { status, body } = await search(app, { q, kinds: 'Network', limit: '50' });
      expect(status).toBe(200);
      expect([marksOf(body.hits, apart), marksOf(body.hits, joined)]).toEqual([
        ['Cykel', 'parkeringen'],
        ['Cykelparkeringen'],
      ]);
    },
  );

  it.each(['arbejdsmiljø', 'arbejdsmiljo', 'arbejdsmiljøarbejde', 'arbejds-miljø'])(
    'when "%s" is asked then the booklet\'s "Arbejds miljøarbejdet" network is found first, and its leader is the one to contact',
    async (q) => {
      const { body } = await search(app, { q });
      expect(body.hits[0]).toMatchObject({ id: 'arbejds-miljoearbejdet', marks: ['Arbejds', 'miljøarbejdet'] });
      // (written apart, "arbejde" alone finds more, and she has more reasons: the network she leads comes first)
      const asked = await contacts({ topic: q });
      const first = asked.body.contacts[0];
      expect([first.person.id, first.reasons[0].kind, first.reasons[0].node.id, first.marks.slice(0, 2)]).toEqual([
        'carina-kofoed',
        'leads',
        'arbejds-miljoearbejdet',
        ['Arbejds', 'miljøarbejdet'],
      ]);
    },
  );

  it('when a derived form is asked ("tolkning" for "tolker", "forebygger" for "forebyggelse") then the person with the other form in the title, or leading a network with it, is found', async () => {
    const word = uniqueWord();
    const [person, leader, network] = [uid('p'), uid('p'), uid('net')];
    await create(
      `CREATE (:Entity:Person {id: $person, name: 'Tove ' + $word, title: 'Tolker'}),
              (l:Entity:Person {id: $leader, name: 'Frede Hansen', title: 'Konsulent'}),
              (n:Entity:Network {id: $network, name: 'Forebyggelse af ' + $word}),
              (l)-[:LEADS]->(n)`,
      { person, leader, network, word },
    );
    const byTitle = await search(app, { q: 'tolkning', kinds: 'Person', limit: '50' });
    expect(marksOf(byTitle.body.hits, person)).toEqual(['Tolker']);
    const asked = await contacts({ topic: 'tolkning' });
    expect(asked.body.contacts.find((c: Contact) => c.person.id === person)).toMatchObject({
      reasons: [{ kind: 'title', node: { id: person } }],
      marks: ['Tolker'],
    });
    const byNetwork = await contacts({ topic: `forebygger ${word}` });
    expect(byNetwork.body.contacts[0]).toMatchObject({
      person: { id: leader },
      reasons: [{ kind: 'leads', node: { id: network } }],
      marks: ['Forebyggelse', word],
    });
  });

  it('when a kind\'s own name is asked ("læringsnetværk", while typing "læringsnetv") then nodes of that kind are found, those matching the other words first', async () => {
    const word = uniqueWord();
    const [learning, welfare, leader, department] = [uid('net'), uid('net'), uid('p'), uid('dep')];
    await create(
      `CREATE (n:Entity:Network {id: $learning, name: 'Praksis i ' + $word, kind: 'laering'}),
              (:Entity:Network {id: $welfare, name: 'Hverdag i ' + $word, kind: 'velfaerd'}),
              (l:Entity:Person {id: $leader, name: 'Lise Larsen', title: 'Konsulent'}),
              (:Entity:Department {id: $department, name: 'Afdelingen for ' + $word}),
              (l)-[:LEADS]->(n)`,
      { learning, welfare, leader, department, word },
    );
    // More learning networks than a page, all before this test's own by name: the kind still lifts the one the words match.
    await create(
      `UNWIND range(1, 12) AS i
       CREATE (:Entity:Network {id: $word + '-aa-' + i, name: 'Aa ' + i, kind: 'laering'})`,
      { word },
    );
    // Other tests' learning networks share the database, so the kind alone is checked by what it finds: learning
    // networks (or a network named one), never the welfare network; this test's own comes first beside its word below.
    for (const q of ['læringsnetværk', 'laeringsnetvaerk', 'læringsnetv']) {
      const { body } = await search(app, { q, kinds: 'Network', limit: '50' });
      const hits = body.hits as { id: string; name: string; networkKind: string | null }[];
      expect(hits.length, q).toBeGreaterThan(0);
      expect(
        hits.filter((h) => h.networkKind !== 'laering' && !/lærings?netv/i.test(h.name)),
        q,
      ).toEqual([]);
      expect(
        hits.map((h) => h.id),
        q,
      ).not.toContain(welfare);
    }
    // beside other words, a node of the kind that matches them comes first, then the others matching them
    const both = await search(app, { q: `${word} læringsnetværk` });
    const ids = both.body.hits.map((h: { id: string }) => h.id);
    expect([ids[0], new Set(ids.slice(1, 3))]).toEqual([learning, new Set([welfare, department])]);
    expect(both.body.hits[0].marks).toEqual([word]);
    const departments = await search(app, { q: 'afdeling', kinds: 'Department', limit: '50' });
    expect(departments.body.hits.map((h: { id: string }) => h.id)).toContain(department);
    const asked = await contacts({ topic: `læringsnetværk om ${word}` });
    expect(asked.body.contacts[0]).toMatchObject({
      person: { id: leader },
      reasons: [{ kind: 'leads', node: { id: learning } }],
    });
  });

  it('when a topic has a common word and a rarer one ("frivilligt arbejde") then what matches both ranks clearly above what matches only "arbejde"', async () => {
    const word = uniqueWord();
    const [both, one] = [uid('net'), uid('net')];
    await create(
      `CREATE (:Entity:Network {id: $both, name: 'Frivilligt arbejde i ' + $word}),
              (:Entity:Network {id: $one, name: 'Arbejde i ' + $word})`,
      { both, one, word },
    );
    const { body } = await search(app, { q: 'frivilligt arbejde', limit: '50' });
    const score = (id: string) => body.hits.find((h: { id: string }) => h.id === id)?.score ?? 0;
    expect(score(both)).toBeGreaterThan(2 * score(one));
    expect([marksOf(body.hits, both), marksOf(body.hits, one)]).toEqual([['Frivilligt', 'arbejde'], ['Arbejde']]);
    // the booklet: the three about volunteering well above the network that only works ("Arbejds miljøarbejdet")
    const volunteering = [
      'frivilligt-arbejde',
      'frivilligt-arbejde-viden-om-frivilligt-arbejde',
      'personer-med-anderledes-perspektiver-paa-frivilligt-arbejde',
    ];
    expect(volunteering.map((id) => score(id) > 2 * score('arbejds-miljoearbejdet'))).toEqual([true, true, true]);
    // who-to-contact: the leader of the volunteering network first, far above whoever has only "arbejde"
    const asked = await contacts({ topic: 'frivilligt arbejde' });
    expect(asked.body.contacts[0].person.id).toBe('patricia-walmar-gale');
    expect(asked.body.contacts[0].reasons[0]).toMatchObject({ kind: 'leads', node: { id: 'frivilligt-arbejde' } });
    const scores = asked.body.contacts.map((c: Contact) => c.score);
    expect(scores.slice(3).filter((s: number) => s * 2 >= scores[0])).toEqual([]);
  });

  it('when two units hold the KLE subject asked for then the responsible one comes before the one carrying it out', async () => {
    const word = uniqueWord();
    const number = `9${Math.floor(Math.random() * 10)}.${String(Math.floor(Math.random() * 100)).padStart(2, '0')}.${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;
    const [responsible, executing] = [uid('unit'), uid('unit')];
    // the executing unit's text is shorter, so the index scores it higher
    await create(
      `CREATE (:Entity:Unit {id: $responsible, name: 'Vejenheden', kleNumbers: [$number, '00.01.00'],
                             kleAspects: ['ansvarlig', 'indsigt'], kleTitles: [$title, 'Andet og mere'],
                             kleText: $number + ' ' + $title + '\n00.01.00 Andet og mere'}),
              (:Entity:Unit {id: $executing, name: 'Driftsenheden', kleNumbers: [$number], kleAspects: ['udfoerende'],
                             kleTitles: [$title], kleText: $number + ' ' + $title})`,
      { responsible, executing, number, title: `Snerydning ved ${word}` },
    );
    for (const q of [number, `snerydning ${word}`, `snerydningen ${word}`]) {
      const { body } = await search(app, { q, kinds: 'Unit', limit: '50' });
      const ids = body.hits
        .map((h: { id: string }) => h.id)
        .filter((id: string) => id === responsible || id === executing);
      expect(ids).toEqual([responsible, executing]);
    }
  });

  it('when the query is ten long words then it still answers (Lucene takes at most 1024 clauses)', async () => {
    const q =
      'arbejdsmiljøarbejde frivilligt sagsbehandlingen kommunikationsveje velfærdsteknologi ' +
      'undervisningsforløb hjemmeplejen borgerservice trafiksikkerhed innovationsnetværk';
    const { status, body } = await search(app, { q });
    expect(status).toBe(200);
    expect(body.hits.length).toBeGreaterThan(0);
    expect((await contacts({ topic: q })).status).toBe(200);
  });

  it('when a reader types an English word ("loneliness") then the network about "ensomhed" is found with the Danish word marked, and its leader is the one to contact', async () => {
    const word = uniqueWord();
    const [network, leader] = [uid('net'), uid('p')];
    await create(
      `CREATE (n:Entity:Network {id: $network, name: 'Ensomhed i ' + $word}),
              (l:Entity:Person {id: $leader, name: 'Lone Holm', title: 'Konsulent'}),
              (l)-[:LEADS]->(n)`,
      { network, leader, word },
    );
    const { status, body } = await search(app, { q: `loneliness ${word}` });
    expect(status).toBe(200);
    expect([body.hits[0].id, body.hits[0].marks]).toEqual([network, ['Ensomhed', word]]);
    const asked = await contacts({ topic: `loneliness ${word}` });
    expect(asked.body.contacts[0]).toMatchObject({
      person: { id: leader },
      reasons: [{ kind: 'leads', node: { id: network } }],
      marks: ['Ensomhed', word],
    });
  });

  it('when a reader types an English phrase ("work environment") then it is read as one Danish word: the booklet\'s "Arbejds miljøarbejdet" comes first, and Carina Kofoed is the one to contact', async () => {
    const { body } = await search(app, { q: 'work environment' });
    expect(body.hits[0]).toMatchObject({ id: 'arbejds-miljoearbejdet', marks: ['Arbejds', 'miljøarbejdet'] });
    const asked = await contacts({ topic: 'work environment' });
    expect([asked.body.contacts[0].person.id, asked.body.contacts[0].reasons[0].node.id]).toEqual([
      'carina-kofoed',
      'arbejds-miljoearbejdet',
    ]);
  });

  it('when a reader types an English word that Danish has too ("senior") then the node with the word as typed comes before the one with only its Danish word ("ældre")', async () => {
    const word = uniqueWord();
    const [asTyped, translated] = [uid('net'), uid('net')];
    await create(
      `CREATE (:Entity:Network {id: $asTyped, name: 'Senior i ' + $word}),
              (:Entity:Network {id: $translated, name: 'Ældre i ' + $word})`,
      { asTyped, translated, word },
    );
    const { body } = await search(app, { q: `senior ${word}`, kinds: 'Network', limit: '50' });
    expect(body.hits.map((h: { id: string; marks: string[] }) => [h.id, h.marks]).slice(0, 2)).toEqual([
      [asTyped, ['Senior', word]],
      [translated, ['Ældre', word]],
    ]);
  });

  it('when a reader types an English word of the vocabulary then "Mente du" corrects nothing, and the English plural ("volunteers") finds what its singular does', async () => {
    const { body } = await search(app, { q: 'volunteers' });
    expect([marksOf(body.hits, 'frivilligt-arbejde'), body.suggestions, body.nearestDepartment]).toEqual([
      ['Frivilligt'],
      [],
      null,
    ]);
    const asked = await contacts({ topic: 'volunteering' });
    expect([asked.body.contacts[0].person.id, asked.body.suggestions]).toEqual(['patricia-walmar-gale', []]);
  });
});

describe('toLucene', () => {
  it('when given punctuation only then there is no query', () => {
    expect(toLucene('!!! ??')).toBeNull();
  });
  it('when given a word then it asks for the word, its prefix, a typo and the æøå spelling', () => {
    expect(toLucene('Faelles')).toBe('faelles^4 OR faelles*^2 OR fælles^4 OR fælles*^2 OR faelles~1 OR fælles~1');
  });
});
