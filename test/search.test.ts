import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
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
    expect(body.hits.map(({ score, ...h }: { score: number }) => h)).toEqual([
      {
        id: 'mette-nielsen-duekilde',
        kind: 'Person',
        name: 'Mette Nielsen Duekilde',
        title: 'Integrationskonsulent',
        department: 'Arbejdsmarked, Erhverv & Ydelser',
        networkKind: null,
        status: null,
        perspective: null,
        partnerType: null,
      },
    ]);
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
    expect(body.hits[0]).toMatchObject({ id: 'frivilligt-arbejde', kind: 'Network', name: 'Frivilligt arbejde' });
  });

  it('when the word has a typo ("erhvervservice") then the erhvervsservice network is still first', async () => {
    const { body } = await search(app, { q: 'erhvervservice' });
    expect(body.hits[0]).toMatchObject({ id: 'udvikling-af-erhvervsservice', kind: 'Network' });
  });

  it('when Danish letters are typed as oe and aa then Økonomi & Stab and the rådhus network are found', async () => {
    const dep = await search(app, { q: 'oekonomi', kinds: 'Department' });
    expect(dep.body.hits.map((h: { id: string }) => h.id)).toEqual(['oekonomi-stab']);
    const net = await search(app, { q: 'raadhusets', kinds: 'Network' });
    expect(net.body.hits[0]).toMatchObject({ id: 'indretning-af-raadhusets-forhal' });
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
    expect(body.hits.map((h: { id: string; kind: string }) => [h.id, h.kind])).toEqual([
      ['netvaerkslederuddannelsen', 'Training'],
    ]);
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

describe('toLucene', () => {
  it('when given punctuation only then there is no query', () => {
    expect(toLucene('!!! ??')).toBeNull();
  });
  it('when given a word then it asks for the word, its prefix, a typo and the æøå spelling', () => {
    expect(toLucene('Faelles')).toBe('(faelles^4 OR faelles*^2 OR faelles~1 OR fælles^4 OR fælles*^2 OR fælles~1)');
  });
});
