import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDaysOf, uid } from '../helpers.js';
import { type BrowserRun, startBrowser, axeViolations } from './browser.js';
import { settle, tracked } from './views.js';

// Search that helps a person act (issue 21), as they meet it in the browser: the best person to ask set
// apart, with why on the card and the topic's words marked, and whom to ask for an introduction; "Mente
// du …?" when a typo finds nothing; and the topics that found no one, which coordinators see on the
// search page and readers never do.

/** Polls until the value matches: a busy two-core machine (Neo4j, Chromium, other test files) can take a while over one step. */
const soon = <T>(value: () => T | Promise<T>) => expect.poll(value, { timeout: 30_000 });

/** Syllables of the words the topics find, and of those that find nothing (the two share none, so neither is a typo of the other). */
const FINDS = ['ba', 'ko', 'ri', 'mu', 'te', 'sa', 'lo', 'ni', 'vu', 'de', 'pi', 'go'];
const FINDS_NOTHING = ['zy', 'qu', 'xe', 'jy', 'wy', 'ce'];

/** A made-up word no other data holds, of syllables (so it reads as a word to a stemmer), ending in a consonant. */
function madeUpWord(syllables = FINDS): string {
  const pick = () => syllables[Math.floor(Math.random() * syllables.length)]!;
  return `${pick()}${pick()}${pick()}${pick()}k`;
}
const capital = (w: string) => `${w.charAt(0).toUpperCase()}${w.slice(1)}`;
/** The text of an element as a person reads it: runs of white space as one. */
const read = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/** "2026-W49" of today, as the server counts weeks (ISO 8601, UTC). */
function isoWeek(now = new Date()): { year: number; week: number } {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return { year: day.getUTCFullYear(), week: Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7) };
}

describe('search that helps, in a real browser', () => {
  let run: BrowserRun;
  beforeAll(async () => {
    run = await startBrowser();
  });
  afterAll(() => run?.close());

  /**
   * A network named after a made-up word, led by Lea (of a department of her own) and joined by Per;
   * Lea also takes part in a second network of the word;
   * Mie, who asks, took a training with Anna, who knows Lea, and knows Bo, who knows Per. The people's
   * and the department's names hold another word, so only the network matches the topic.
   */
  async function world() {
    const word = madeUpWord();
    const tag = uid('navn').replace('-', '');
    const ids = {
      net: uid('net'),
      net2: uid('net'),
      dep: uid('dep'),
      training: uid('tr'),
      lea: uid('p'),
      per: uid('p'),
      mie: uid('p'),
      anna: uid('p'),
      bo: uid('p'),
    };
    const network = `${capital(word)} i kommunen`;
    const network2 = `Erfaringer med ${word}`;
    const training = `Lederuddannelse ${tag}`;
    await run.app.db.write(
      `CREATE (n:Entity:Network {id: $net, name: $network, kind: 'velfaerd', status: 'i gang'}),
              (t:Entity:Training {id: $training, name: $trainingName}),
              (n2:Entity:Network {id: $net2, name: $network2, kind: 'laering', status: 'i gang'}),
              (d:Entity:Department {id: $dep, name: 'Afdeling ' + $tag}),
              (lea:Entity:Person {id: $lea, name: 'Lea ' + $tag, title: 'Konsulent'}),
              (per:Entity:Person {id: $per, name: 'Per ' + $tag}),
              (mie:Entity:Person {id: $mie, name: 'Mie ' + $tag}),
              (anna:Entity:Person {id: $anna, name: 'Anna ' + $tag}),
              (bo:Entity:Person {id: $bo, name: 'Bo ' + $tag}),
              (lea)-[:LEADS {since: '2020-01-01'}]->(n),
              (lea)-[:WORKS_IN {since: '2020-01-01'}]->(d),
              (lea)-[:PARTICIPATES_IN {since: '2020-01-01'}]->(n2),
              (per)-[:PARTICIPATES_IN {since: '2020-01-01'}]->(n),
              (mie)-[:COMPLETED]->(t), (anna)-[:COMPLETED]->(t),
              (anna)-[:KNOWS {since: '2021-01-01'}]->(lea),
              (mie)-[:KNOWS {since: '2021-01-01'}]->(bo),
              (bo)-[:KNOWS {since: '2021-01-01'}]->(per)`,
      { ...ids, word, tag, network, network2, trainingName: training },
    );
    await storeDaysOf(run.app.db, Object.values(ids));
    return { word, tag, ids, network, network2, training };
  }

  /** A page watched for errors, signed in through the development sign-in as `role` (or signed out). */
  async function pageAs(role: 'reader' | 'coordinator' | 'admin' | null, me?: { id: string; name: string }) {
    const page = await run.page(me ? { me } : {});
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console error: ${m.text()} (${m.location().url})`);
    });
    if (role) {
      const res = await page.request.post('/api/auth/dev/sign-in', {
        data: { role },
        headers: { origin: run.app.url },
      });
      expect(res.status()).toBe(200);
    }
    return { page, errors, inFlight: tracked(page) };
  }

  const box = (page: Page) => page.getByRole('combobox', { name: /Søg efter personer/ });

  it("when a topic names a network then the typeahead marks the word, and the answer sets its leader apart with the main reason marked on the card and the other under 'why', whom to ask for an introduction, and the participant under 'Også relevant'", async () => {
    const { word, tag, ids, network, network2, training } = await world();
    const { page, errors, inFlight } = await pageAs(null, { id: ids.mie, name: `Mie ${tag}` });
    await page.goto('/');

    // The typeahead: the network's name with the word typed marked.
    await box(page).fill(word);
    const option = page.getByRole('option', { name: network });
    await option.waitFor();
    expect(await option.locator('mark').allTextContents()).toEqual([capital(word)]);
    await settle(page, inFlight);
    expect(await axeViolations(page)).toEqual([]);

    await box(page).press('Enter');
    const contacts = page.getByTestId('contacts');
    const best = contacts.locator('ol.best > li.contact');
    await soon(() => best.locator('h4').textContent()).toBe(`Lea ${tag}`);
    await settle(page, inFlight);
    expect(await contacts.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      'Bedste bud',
      'Også relevant',
    ]);

    // The best match: who, why (the word marked in the network's name only), how to reach and whom to ask.
    expect(read(await best.locator('.role').textContent())).toBe(`Konsulent, Afdeling ${tag}`);
    expect(read(await best.locator('.reason').textContent())).toBe(`Leder netværket "${network}".`);
    expect(await best.locator('.reason mark').allTextContents()).toEqual([capital(word)]);
    expect(await best.locator('.role mark').count()).toBe(0);
    expect(read(await best.locator('.path').textContent())).toBe(
      `3 skridt fra dig Spørg Anna ${tag} – I har begge taget ${training}`,
    );
    expect(await best.locator('.intro').getByRole('link').textContent()).toBe(`Anna ${tag}`);
    // The other reason under "why", its word marked too.
    const why = best.locator('details');
    await why.locator('summary').click();
    expect(await why.locator('summary').textContent()).toBe('Hvorfor foreslået');
    expect((await why.locator('li').allTextContents()).map(read)).toEqual([`Deltager i netværket "${network2}".`]);
    expect(await why.locator('li mark').allTextContents()).toEqual([word]);

    // The rest, each with its own reason and introduction.
    const rest = contacts.locator('ol:not(.best) > li.contact');
    expect(await rest.locator('h4').allTextContents()).toEqual([`Per ${tag}`]);
    expect(read(await rest.locator('.reason').textContent())).toBe(`Deltager i netværket "${network}".`);
    expect(await rest.locator('.reason mark').allTextContents()).toEqual([capital(word)]);
    expect(read(await rest.locator('.path').textContent())).toBe(
      `2 skridt fra dig Spørg Bo ${tag} – I kender hinanden`,
    );
    // One reason: it is on the card, so there is no "why" to open.
    expect(await rest.locator('details').count()).toBe(0);

    // A good answer needs no help.
    expect(await page.getByTestId('contacts-none').count()).toBe(0);
    expect(await page.getByTestId('contacts-help').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // On a phone the best match comes first, the whole width, nothing wider than the screen.
    await page.setViewportSize({ width: 360, height: 740 });
    await settle(page, inFlight);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const [bestBox, restBox] = [await best.boundingBox(), await rest.boundingBox()];
    expect(bestBox!.y).toBeLessThan(restBox!.y);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 150_000);

  it("when a typo finds no one then the page says so, asks 'Mente du …?' and names the nearest department, and following the word shows its contact; the typeahead offers the same word", async () => {
    const { word, tag, ids } = await world();
    // Three letters changed: further than the search's own forgiveness of typos (two at most).
    const typo = `${word.slice(0, -4)}xqzk`;
    const { page, errors, inFlight } = await pageAs(null);
    await page.goto(`/?topic=${encodeURIComponent(typo)}`);
    const contacts = page.getByTestId('contacts');
    await soon(() => contacts.getByTestId('contacts-none').textContent()).toBe(
      `Vi fandt ingen, der passer til "${typo}". Prøv et andet ord.`,
    );
    const help = contacts.getByTestId('contacts-help');
    expect(read(await help.locator('p').first().textContent())).toBe('Mente du …?');
    const suggestion = help.getByRole('list', { name: 'Mente du …?' }).getByRole('link', { name: word });
    expect(await suggestion.getAttribute('href')).toContain(`topic=${word}`);
    // Lea's department holds the word (the network she leads): it is the nearest, a link to its page.
    expect(read(await help.locator('p').nth(1).textContent())).toBe(`Den nærmeste afdeling er Afdeling ${tag}.`);
    expect(await help.getByRole('link', { name: `Afdeling ${tag}` }).getAttribute('href')).toContain(
      `view=department&id=${ids.dep}`,
    );
    await settle(page, inFlight);
    expect(await axeViolations(page)).toEqual([]);

    await suggestion.click();
    await soon(() => contacts.locator('ol.best > li.contact h4').textContent()).toBe(`Lea ${tag}`);
    expect(new URL(page.url()).searchParams.get('topic')).toBe(word);
    // The answer's heading has the focus, as the link followed is gone; the box shows the word asked.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contacts-heading');
    expect(await box(page).inputValue()).toBe(word);
    expect(await contacts.getByTestId('contacts-help').count()).toBe(0);

    // The typeahead: nothing for the typo, the same word offered, and choosing it searches again.
    await box(page).fill(typo);
    const offered = page.getByRole('option', { name: `Mente du "${word}"?` });
    await offered.waitFor();
    await settle(page, inFlight);
    expect(await axeViolations(page)).toEqual([]);
    await offered.click();
    expect(await box(page).inputValue()).toBe(word);
    await page.getByRole('option', { name: new RegExp(`^${capital(word)} i kommunen`) }).waitFor();
    expect(errors).toEqual([]);
  }, 150_000);

  it("when a topic found no one then a coordinator sees it under 'Det søgte folk efter, men fandt ikke' with its week and count, and its link asks again", async () => {
    // A topic of two made-up words no vocabulary holds: it finds no one, and is counted twice.
    const topic = `${capital(madeUpWord(FINDS_NOTHING))} ${madeUpWord(FINDS_NOTHING)}`;
    const words = topic.toLowerCase();
    const asker = await pageAs('reader');
    for (let i = 0; i < 2; i++) {
      await asker.page.goto(`/?topic=${encodeURIComponent(topic)}`);
      await soon(() => asker.page.getByTestId('contacts-none').count()).toBe(1);
      await settle(asker.page, asker.inFlight);
    }

    const { page, errors, inFlight } = await pageAs('coordinator');
    await page.goto('/');
    const misses = page.getByTestId('search-misses');
    await misses.waitFor();
    expect(await misses.getByRole('heading', { level: 2 }).textContent()).toBe('Det søgte folk efter, men fandt ikke');
    expect(read(await misses.locator('p').first().textContent())).toMatch(
      /relationer, der endnu mangler at blive kortlagt/,
    );
    const row = misses.getByRole('row').filter({ has: page.getByRole('link', { name: words, exact: true }) });
    await soon(() => row.count()).toBe(1);
    const { year, week } = isoWeek();
    expect(await row.getByRole('cell').allTextContents()).toEqual([words, `uge ${week}, ${year}`, '2']);
    expect(await misses.getByRole('columnheader').allTextContents()).toEqual(['Søgt efter', 'Uge', 'Gange']);
    await settle(page, inFlight);
    expect(await axeViolations(page)).toEqual([]);

    await row.getByRole('link').click();
    await soon(() => page.getByTestId('contacts').getByRole('heading', { level: 2 }).textContent()).toBe(
      `Hvem kan hjælpe med "${words}"?`,
    );
    expect(new URL(page.url()).searchParams.get('topic')).toBe(words);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contacts-heading');
    expect(errors).toEqual([]);
  }, 150_000);

  it('when a reader or someone signed out opens the search page then there is no list of topics not found, and no call for it', async () => {
    for (const role of ['reader', null] as const) {
      const { page, errors, inFlight } = await pageAs(role);
      const asked: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/api/search/misses')) asked.push(r.url());
      });
      await page.goto(`/?topic=${encodeURIComponent(madeUpWord(FINDS_NOTHING))}`);
      await soon(() => page.getByTestId('contacts-none').count()).toBe(1);
      await settle(page, inFlight);
      expect(await page.getByTestId('search-misses').count()).toBe(0);
      expect(await page.getByText('Det søgte folk efter').count()).toBe(0);
      expect(asked).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 150_000);
});
