import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../api/common.js';
import { send, signIn, storeDaysOf, uid } from '../helpers.js';
import { screenshot, startBrowser, type BrowserRun, axeViolations } from './browser.js';
import { settle, tracked } from './views.js';

// The page a participant answers a survey round on (issue 20): on a phone by touch, by keyboard
// alone, changing an answer, and every way of not being able to answer, each told in one sentence.
// Each state is checked for page errors and with axe-core (WCAG 2.1 AA). The answers are checked
// through the API (roundForMe) and in the graph (the KNOWS the survey wrote).

const DAY = 86_400_000;
const dayFrom = (days: number) => new Date(Date.parse(today()) + days * DAY).toISOString().slice(0, 10);
/** "5. december 2026", as the page writes a day in Danish. */
const danishDay = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('da-DK', { dateStyle: 'long', timeZone: 'UTC' });

/** Ringe's Danish wording of the seven dimensions, about one department, in the order asked. */
const QUESTIONS = (d: string) => [
  `Hvor ofte taler du med ${d} om jeres fælles borgere eller opgaver?`,
  `Hvor ofte får du det, du har brug for fra ${d}, i tide?`,
  `Hvor ofte er det, ${d} fortæller dig, rigtigt og til at stole på?`,
  `Når noget går galt: hvor ofte løser du og ${d} det sammen i stedet for at give hinanden skylden?`,
  `Hvor meget deler ${d} dine mål for borgerne og opgaven?`,
  `Hvor meget ved ${d} om det, du laver, og hvorfor?`,
  `Hvor meget respekterer ${d} det arbejde, du gør?`,
];
const DIMENSIONS = [
  'frequent',
  'timely',
  'accurate',
  'problemSolving',
  'sharedGoals',
  'sharedKnowledge',
  'mutualRespect',
] as const;
const OFTEN = ['Aldrig', 'Sjældent', 'Af og til', 'Ofte', 'Meget ofte'];
const MUCH = ['Slet ikke', 'Lidt', 'Noget', 'Meget', 'Helt'];
/** The radio's name for a score of a dimension: "4 Ofte". */
const choice = (dim: number, score: number) => `${score} ${(dim < 4 ? OFTEN : MUCH)[score - 1]}`;
const scoresOf = (values: number[]) => Object.fromEntries(DIMENSIONS.map((d, i) => [d, values[i]]));

describe('answering a survey round, in a real browser', () => {
  let run: BrowserRun;
  let coordinator: string;
  beforeAll(async () => {
    run = await startBrowser();
    coordinator = await signIn(run.app, 'coordinator');
  });
  afterAll(() => run?.close());

  /**
   * A network of its own: Anna (in the first department) and Bo (in the second) take part, Lis
   * leads it; Carl and Dina (second department) are not in it. Each person has a work e-mail of
   * their own and a name with a word no other data holds.
   */
  async function network() {
    const word = uid('navn').replace('-', '');
    const id = uid('svar');
    const ids = {
      net: `${id}-net`,
      dep1: `${id}-dep1`,
      dep2: `${id}-dep2`,
      anna: `${id}-anna`,
      bo: `${id}-bo`,
      lis: `${id}-lis`,
      carl: `${id}-carl`,
      dina: `${id}-dina`,
    };
    const names = {
      net: `Netværk ${word}`,
      dep1: `Sundhed ${word}`,
      dep2: `Skole ${word}`,
      anna: `Anna ${word}`,
      bo: `Bo ${word}`,
      lis: `Lis ${word}`,
      carl: `Carl ${word}`,
      dina: `Dina ${word}`,
    };
    const email = (who: 'anna' | 'bo' | 'lis' | 'carl' | 'dina') => `${ids[who]}@albertslund.example`;
    await run.app.db.write(
      `CREATE (n:Entity:Network {id: $ids.net, name: $names.net, kind: 'velfaerd', status: 'i gang'}),
              (d1:Entity:Department {id: $ids.dep1, name: $names.dep1}),
              (d2:Entity:Department {id: $ids.dep2, name: $names.dep2}),
              (anna:Entity:Person {id: $ids.anna, name: $names.anna, email: $emails.anna}),
              (bo:Entity:Person {id: $ids.bo, name: $names.bo, email: $emails.bo}),
              (lis:Entity:Person {id: $ids.lis, name: $names.lis, email: $emails.lis}),
              (carl:Entity:Person {id: $ids.carl, name: $names.carl, email: $emails.carl}),
              (dina:Entity:Person {id: $ids.dina, name: $names.dina, email: $emails.dina}),
              (anna)-[:PARTICIPATES_IN {since: '2020-01-01'}]->(n),
              (bo)-[:PARTICIPATES_IN {since: '2020-01-01'}]->(n),
              (lis)-[:LEADS {since: '2020-01-01'}]->(n),
              (anna)-[:WORKS_IN {since: '2020-01-01'}]->(d1),
              (bo)-[:WORKS_IN {since: '2020-01-01'}]->(d2),
              (lis)-[:WORKS_IN {since: '2020-01-01'}]->(d1),
              (carl)-[:WORKS_IN {since: '2020-01-01'}]->(d2),
              (dina)-[:WORKS_IN {since: '2020-01-01'}]->(d2)`,
      {
        ids,
        names,
        emails: { anna: email('anna'), bo: email('bo'), lis: email('lis'), carl: email('carl'), dina: email('dina') },
      },
    );
    await storeDaysOf(run.app.db, [id]);
    return { ids, names, email };
  }

  /** Opens a round of the network as a coordinator, through the API. */
  async function openRound(networkId: string, opensOn = today(), closesOn = dayFrom(14)): Promise<string> {
    const res = await send(run.app, 'POST', `/api/networks/${networkId}/surveys`, {
      cookie: coordinator,
      body: { opensOn, closesOn },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  /** A browser context signed in as the person with this work e-mail (development sign-in), phone-sized or not. */
  async function contextAs(email: string | null, phone = false): Promise<BrowserContext> {
    const context = await run.browser.newContext({
      viewport: phone ? { width: 375, height: 740 } : { width: 1280, height: 900 },
      ...(phone ? { hasTouch: true, isMobile: true } : {}),
      baseURL: run.app.url,
      locale: 'da-DK',
    });
    // Only the test server may be reached.
    await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    if (email) {
      const res = await context.request.post('/api/auth/dev/sign-in', {
        data: { role: 'reader', email },
        headers: { origin: run.app.url },
      });
      expect(res.status()).toBe(200);
    }
    return context;
  }

  /** A page that records every error it throws or logs. */
  async function openPage(context: BrowserContext, roundId: string) {
    const page = await context.newPage();
    // A busy two-core machine (Neo4j, Chromium, other test files) can take a while over one step.
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
    });
    const inFlight = tracked(page);
    // The short link invitations carry.
    await page.goto(`/#/surveys/${roundId}`);
    await settle(page, inFlight);
    /**
     * No page error so far, and no WCAG 2.1 AA violation in the state it is in. `refused`: the
     * status of an answer the server was to refuse, which Chromium logs as a failed load.
     */
    const clean = async (state: string, refused?: number) => {
      await settle(page, inFlight);
      const expected = `Failed to load resource: the server responded with a status of ${refused} `;
      const problems = [...errors.filter((e) => !(refused && e.includes(expected))), ...(await axeViolations(page))];
      expect({ state, problems }).toEqual({ state, problems: [] });
    };
    return { page, clean };
  }

  /** The round as the person of this context sees it, through the API. */
  async function roundForMe(context: BrowserContext, roundId: string) {
    const res = await context.request.get(`/api/surveys/${roundId}`);
    expect(res.status()).toBe(200);
    return res.json();
  }

  async function surveyKnows(personId: string) {
    return run.app.db.read(
      `MATCH (:Person {id: $personId})-[k:KNOWS]->(b:Person)
       RETURN b.id AS target, k.source AS source, k.via AS via, k.round AS round, k.since AS since ORDER BY target`,
      { personId },
    );
  }

  /** The text of the main area, in one line. */
  const mainText = async (page: Page) => ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');

  it('when a participant answers on a phone by touch then the notice comes first, the three steps fit the screen, and the answer and its KNOWS are stored', async () => {
    const { ids, names, email } = await network();
    const roundId = await openRound(ids.net);
    const context = await contextAs(email('anna'), true);
    const { page, clean } = await openPage(context, roundId);

    // The short link became the page's own address, which signing in comes back to.
    expect(new URL(page.url()).search).toBe(`?view=survey&id=${roundId}`);
    expect(await page.locator('main h1').textContent()).toBe('Hvad har netværket skabt?');
    const notice = page.getByTestId('survey-notice');
    expect((await notice.textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      [
        'Før du svarer',
        'Tre korte trin, cirka to minutter i alt.',
        'Det gemmer vi: hvem du nævner, dine vurderinger og dine tekster.',
        'Hvorfor: for at vise, hvad netværket har skabt af samarbejde, koordinering og læring.',
        'Hvem ser det: netværkets koordinatorer og ledere ser dine svar. Alle andre ser kun tal, der bygger på mindst 5 svar.',
        'Hvor længe: dine svar gemmes højst 365 dage efter, at målingen er lukket. Så slettes de, og kun de samlede tal gemmes.',
        'De personer, du nævner, bliver synlige relationer i Ringe mellem dig og dem.',
        'Dine tekster står uden dit navn, medmindre du selv vælger at vise det.',
        'Dine svar kommer med, når du beder om dine data, og slettes sammen med dig.',
        'Spørgsmålene om koordinering følger de syv offentliggjorte dimensioner i Jody Hoffer Gittells teori om relationel koordinering, i Ringes egne ord. Det er ikke det licenserede Relational Coordination Survey.',
        'Start',
      ].join(' '),
    );
    expect(await mainText(page)).toContain(
      `Måling i netværket ${names.net}, ${danishDay(today())} til ${danishDay(dayFrom(14))}.`,
    );
    await clean('notice');
    await screenshot(page, 'survey-answer-phone-notice');
    await notice.getByRole('button', { name: 'Start' }).tap();

    // Step 1: Carl, picked as in the app's search, becomes a chip.
    await page.getByRole('heading', { name: 'Trin 1 af 3 Nye samarbejder' }).waitFor();
    const search = page.getByRole('combobox', { name: 'Hvem har du fået et nyt samarbejde med gennem netværket?' });
    await search.tap();
    await search.fill(names.carl);
    await page.getByRole('option', { name: new RegExp(names.carl) }).tap();
    const chips = page.getByTestId('survey-named');
    await chips.getByRole('button', { name: `Fjern ${names.carl}` }).waitFor();
    expect((await chips.getByRole('listitem').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim())).toEqual([
      `${names.carl} ×`,
    ]);
    expect(await search.inputValue()).toBe('');
    await clean('step 1');
    await screenshot(page, 'survey-answer-phone-people');
    await page.getByRole('button', { name: 'Næste' }).tap();

    // Step 2: the school, seven questions on a 1–5 scale, tapped.
    await page.getByRole('heading', { name: 'Trin 2 af 3 Samarbejdet med andre afdelinger' }).waitFor();
    const departments = page.getByRole('group', {
      name: 'Hvilke afdelinger har du arbejdet sammen med gennem netværket?',
    });
    expect(await departments.getByRole('checkbox').count()).toBe(2);
    await departments.getByRole('checkbox', { name: names.dep2 }).tap();
    const about = page.getByRole('group', { name: `Om ${names.dep2}` });
    const scores = [4, 4, 5, 3, 4, 5, 4];
    const questions = QUESTIONS(names.dep2);
    for (const [i, question] of questions.entries())
      await about
        .getByRole('group', { name: question })
        .getByRole('radio', { name: choice(i, scores[i]!) })
        .tap();
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await clean('step 2');
    await screenshot(page, 'survey-answer-phone-coordination');
    await page.getByRole('button', { name: 'Næste' }).tap();

    // Step 3: a text for the citizens, no name by default.
    await page.getByRole('heading', { name: 'Trin 3 af 3 Læring og det, der er skabt' }).waitFor();
    const citizens = page.getByRole('group', { name: 'For borgerne' });
    await citizens.getByRole('textbox', { name: 'For borgerne' }).tap();
    await citizens.getByRole('textbox', { name: 'For borgerne' }).fill('Familierne får én indgang til kommunen.');
    expect(await citizens.getByRole('checkbox', { name: 'Vis mit navn ved teksten' }).isChecked()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await clean('step 3');
    await screenshot(page, 'survey-answer-phone-texts');
    await page.getByRole('button', { name: 'Send svar' }).tap();

    await page.getByRole('heading', { name: 'Tak for dit svar' }).waitFor();
    const saved = page.getByTestId('survey-saved');
    expect(await saved.getAttribute('role')).toBe('status');
    expect(await saved.textContent()).toBe('Dit svar er gemt. Nye relationer i Ringe: 1.');
    await clean('sent');
    await screenshot(page, 'survey-answer-phone-sent');

    const mine = await roundForMe(context, roundId);
    expect({ ...mine.myAnswer, at: undefined }).toEqual({
      at: undefined,
      named: [{ id: ids.carl, kind: 'Person', name: names.carl }],
      ratings: [{ departmentId: ids.dep2, scores: scoresOf(scores) }],
      texts: [{ perspective: 'borgerne', text: 'Familierne får én indgang til kommunen.', showName: false }],
    });
    expect(await surveyKnows(ids.anna)).toEqual([
      { target: ids.carl, source: 'survey', via: ids.net, round: roundId, since: today() },
    ]);
    await context.close();
  }, 180_000);

  it('when a participant answers by keyboard alone then each step is reached, filled and sent with Tab, Space, arrow keys and Enter', async () => {
    const { ids, names, email } = await network();
    const roundId = await openRound(ids.net);
    const context = await contextAs(email('bo'));
    const { page, clean } = await openPage(context, roundId);

    /** Presses Tab (Shift+Tab backwards) until the focused element is the one described; at most 60 times. */
    async function tabTo(selector: string, back = false) {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    }
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el?.getAttribute('aria-label') ?? el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      });

    await tabTo('[data-testid="survey-notice"] button');
    expect(await focused()).toBe('Start');
    await page.keyboard.press('Enter');
    // The focus moves to the step's heading, and the search comes next.
    await expect.poll(focused).toBe('Trin 1 af 3 Nye samarbejder');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');

    // Oneself is refused beside the field, in words read with it.
    await page.keyboard.type(names.bo);
    await page.getByRole('option', { name: new RegExp(names.bo) }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const refusal = page.getByText('Du kan ikke nævne dig selv.');
    await refusal.waitFor();
    const describedBy = await page.getByRole('combobox').getAttribute('aria-describedby');
    expect(describedBy?.split(' ')).toContain(await refusal.getAttribute('id'));
    await clean('named oneself');

    for (const who of [names.carl, names.dina]) {
      await page.keyboard.type(who);
      await page.getByRole('option', { name: new RegExp(who) }).waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: `Fjern ${who}` }).waitFor();
    }
    expect(await refusal.count()).toBe(0);
    // Dina is removed again by keyboard; the focus stays in the list.
    await tabTo(`[aria-label="Fjern ${names.dina}"]`);
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe(`Fjern ${names.carl}`);
    await tabTo('button[type="submit"]');
    expect(await focused()).toBe('Næste');
    await page.keyboard.press('Enter');

    // Step 2: both departments ticked, only the health department answered: Next is refused, and the focus goes to the first question left.
    await expect.poll(focused).toBe('Trin 2 af 3 Samarbejdet med andre afdelinger');
    // In the page's order: by name, the school (Skole) before health (Sundhed).
    for (const dep of [ids.dep2, ids.dep1]) {
      await tabTo(`input[type="checkbox"][value="${dep}"]`);
      await page.keyboard.press('Space');
    }
    const scores = [2, 3, 3, 4, 5, 4, 5];
    for (const [i, dim] of DIMENSIONS.entries()) {
      await tabTo(`input[name="${ids.dep1}-${dim}"]`);
      // The first radio of a group with none chosen takes the focus; Space chooses it, arrows move on.
      await page.keyboard.press('Space');
      for (let s = 1; s < scores[i]!; s++) await page.keyboard.press('ArrowRight');
    }
    await tabTo('button[type="submit"]');
    await page.keyboard.press('Enter');
    const missing = page.getByText(
      `Svar på alle syv spørgsmål om ${names.dep2}, eller fjern fluebenet ved afdelingen.`,
    );
    await missing.waitFor();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe(`${ids.dep2}-frequent`);
    expect(await page.getByText('Mangler svar.').count()).toBe(7);
    await clean('questions left');
    // The school is unticked again (Shift+Tab back to it) and the step is left.
    await tabTo(`input[type="checkbox"][value="${ids.dep2}"]`, true);
    await page.keyboard.press('Space');
    expect(await missing.count()).toBe(0);
    await tabTo('button[type="submit"]');
    await page.keyboard.press('Enter');

    // Step 3: a text for the staff, with the name shown.
    await expect.poll(focused).toBe('Trin 3 af 3 Læring og det, der er skabt');
    await tabTo('#survey-text-medarbejderne');
    await page.keyboard.type('Vi kender hinanden nu og ringer direkte.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await tabTo('button[type="submit"]');
    expect(await focused()).toBe('Send svar');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('Tak for dit svar');
    expect(await page.getByTestId('survey-saved').textContent()).toBe('Dit svar er gemt. Nye relationer i Ringe: 1.');
    await clean('sent');

    const mine = await roundForMe(context, roundId);
    expect({ ...mine.myAnswer, at: undefined }).toEqual({
      at: undefined,
      named: [{ id: ids.carl, kind: 'Person', name: names.carl }],
      ratings: [{ departmentId: ids.dep1, scores: scoresOf(scores) }],
      texts: [{ perspective: 'medarbejderne', text: 'Vi kender hinanden nu og ringer direkte.', showName: true }],
    });
    expect(await surveyKnows(ids.bo)).toEqual([
      { target: ids.carl, source: 'survey', via: ids.net, round: roundId, since: today() },
    ]);
    await context.close();
  }, 180_000);

  it('when a participant changes an earlier answer then the page starts from it, says so, and the new answer replaces it', async () => {
    const { ids, names, email } = await network();
    const roundId = await openRound(ids.net);
    const context = await contextAs(email('anna'));
    const first = await context.request.put(`/api/surveys/${roundId}/answer`, {
      headers: { origin: run.app.url },
      data: {
        named: [ids.carl],
        ratings: [{ departmentId: ids.dep2, scores: scoresOf([3, 3, 3, 3, 3, 3, 3]) }],
        texts: [{ perspective: 'kommunen', text: 'Færre møder.', showName: false }],
      },
    });
    expect(first.status()).toBe(200);
    const { page, clean } = await openPage(context, roundId);

    const notice = page.getByTestId('survey-notice');
    expect(await notice.textContent()).toContain(
      `Du svarede ${danishDay(today())}. Du kan ændre dit svar her; det nye svar erstatter det gamle.`,
    );
    await clean('answered before');
    await notice.getByRole('button', { name: 'Ret mit svar' }).click();

    // Carl is there; he goes and Dina comes.
    await page.getByRole('button', { name: `Fjern ${names.carl}` }).click();
    const search = page.getByRole('combobox');
    await search.fill(names.dina);
    await page.getByRole('option', { name: new RegExp(names.dina) }).click();
    await page.getByRole('button', { name: `Fjern ${names.dina}` }).waitFor();
    await page.getByRole('button', { name: 'Næste' }).click();

    // The earlier ratings are chosen; one is changed.
    const about = page.getByRole('group', { name: `Om ${names.dep2}` });
    const questions = QUESTIONS(names.dep2);
    for (const [i, question] of questions.entries())
      expect(
        await about
          .getByRole('group', { name: question })
          .getByRole('radio', { name: choice(i, 3) })
          .isChecked(),
      ).toBe(true);
    await about
      .getByRole('group', { name: questions[6]! })
      .getByRole('radio', { name: choice(6, 5) })
      .click();
    await page.getByRole('button', { name: 'Næste' }).click();

    const municipality = page.getByRole('textbox', { name: 'For kommunen' });
    expect(await municipality.inputValue()).toBe('Færre møder.');
    await municipality.fill('Færre møder og hurtigere svar.');
    await page.getByRole('button', { name: 'Send svar' }).click();
    await page.getByRole('heading', { name: 'Tak for dit svar' }).waitFor();
    expect(await page.getByTestId('survey-saved').textContent()).toBe(
      'Dit svar er gemt og erstatter dit tidligere svar. Nye relationer i Ringe: 1.',
    );
    await clean('replaced');

    const mine = await roundForMe(context, roundId);
    expect({ ...mine.myAnswer, at: undefined }).toEqual({
      at: undefined,
      named: [{ id: ids.dina, kind: 'Person', name: names.dina }],
      ratings: [{ departmentId: ids.dep2, scores: scoresOf([3, 3, 3, 3, 3, 3, 5]) }],
      texts: [{ perspective: 'kommunen', text: 'Færre møder og hurtigere svar.', showName: false }],
    });
    // The KNOWS to Carl the first answer wrote is gone; Dina's is new.
    expect(await surveyKnows(ids.anna)).toEqual([
      { target: ids.dina, source: 'survey', via: ids.net, round: roundId, since: today() },
    ]);
    await context.close();
  }, 180_000);

  it('when the page is opened in English then the notice and the steps are in English', async () => {
    const { ids, names, email } = await network();
    const roundId = await openRound(ids.net);
    const context = await contextAs(email('lis'));
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const inFlight = tracked(page);
    await page.goto(`/?view=survey&id=${roundId}&lang=en`);
    await settle(page, inFlight);
    expect(await page.locator('main h1').textContent()).toBe('What has the network created?');
    const notice = page.getByTestId('survey-notice');
    expect(await notice.getByRole('heading').textContent()).toBe('Before you answer');
    expect(await notice.textContent()).toContain(
      "The questions on coordination follow the seven published dimensions of Jody Hoffer Gittell's theory of relational coordination, in Ringe's own words. This is not the licensed Relational Coordination Survey.",
    );
    await notice.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { name: 'Step 1 of 3 New collaboration' }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('checkbox', { name: names.dep1 }).check();
    await page
      .getByRole('group', { name: `How often do you talk with ${names.dep1} about the citizens or tasks you share?` })
      .getByRole('radio', { name: '5 Very often' })
      .waitFor();
    expect(await page.getByRole('button', { name: 'Back' }).count()).toBe(1);
    await context.close();
  }, 120_000);

  it('when someone cannot answer then the page says why in one sentence: signed out (and signs in here), not in Ringe, not asked, planned, closed, no such round', async () => {
    const { ids, email } = await network();
    const open = await openRound(ids.net);
    const planned = await openRound(ids.net, dayFrom(3), dayFrom(10));
    const closed = await openRound(ids.net);
    await run.app.db.write('MATCH (r:SurveyRound {id: $id}) SET r.closedOn = $today', { id: closed, today: today() });

    const cases: [string, string | null, string, string][] = [
      ['signed out', null, open, 'Log ind for at svare på målingen. Du kommer tilbage hertil bagefter. Log ind'],
      ['not asked', email('dina'), open, 'Du er ikke blandt dem, der er spurgt i denne måling, så du kan ikke svare.'],
      ['planned', email('anna'), planned, `Målingen er ikke åbnet endnu. Den åbner ${danishDay(dayFrom(3))}.`],
      ['closed', email('anna'), closed, 'Målingen er lukket og tager ikke imod flere svar.'],
      [
        'no such round',
        email('anna'),
        'survey-nosuchround',
        'Målingen findes ikke (længere). Tjek linket, du har fået.',
      ],
    ];
    for (const [state, who, roundId, sentence] of cases) {
      const context = await contextAs(who);
      const { page, clean } = await openPage(context, roundId);
      const said = page.getByTestId('survey-state');
      await said.waitFor();
      const text = (await said.textContent())?.replace(/\s+/g, ' ').trim();
      expect({ state, said: text }).toEqual({ state, said: sentence });
      expect(await page.getByTestId('survey-notice').count()).toBe(0);
      await clean(state, roundId === 'survey-nosuchround' ? 404 : undefined);
      if (state === 'signed out') {
        // Signing in comes back to this page; the development user is no person in Ringe.
        await said.getByRole('button', { name: 'Log ind' }).click();
        await page.getByText('Du er logget ind som Demo-læser (udvikling)').waitFor();
        expect(await said.textContent()).toBe(
          'Du er logget ind som Demo-læser (udvikling), men du findes ikke som person i Ringe, så du kan ikke svare. Bed en administrator om at knytte din bruger til dig.',
        );
        expect(new URL(page.url()).search).toBe(`?view=survey&id=${roundId}`);
        await clean('not in Ringe');
      }
      await context.close();
    }
  }, 180_000);

  it('when the server refuses an answer then it says why beside the field or at the top, and nothing is stored', async () => {
    const { ids, names, email } = await network();
    const roundId = await openRound(ids.net);
    const context = await contextAs(email('anna'));
    const { page, clean } = await openPage(context, roundId);
    await page.getByRole('button', { name: 'Start' }).click();

    // Dina is picked, then leaves Ringe before the answer is sent: refused beside the people, on step 1.
    const search = page.getByRole('combobox');
    await search.fill(names.dina);
    await page.getByRole('option', { name: new RegExp(names.dina) }).click();
    await page.getByRole('button', { name: 'Næste' }).click();
    await page.getByRole('button', { name: 'Næste' }).click();
    await run.app.db.write('MATCH (p:Person {id: $id}) SET p.leftOn = $day', { id: ids.dina, day: dayFrom(-1) });
    await page.getByRole('button', { name: 'Send svar' }).click();
    const unknown = page.getByText('En af de nævnte personer findes ikke (længere) i Ringe.');
    await unknown.waitFor();
    await page.getByRole('heading', { name: 'Trin 1 af 3 Nye samarbejder' }).waitFor();
    expect((await search.getAttribute('aria-describedby'))?.split(' ')).toContain(await unknown.getAttribute('id'));
    await clean('unknown person', 400);
    expect((await roundForMe(context, roundId)).myAnswer).toBeNull();

    // She is removed; the round is closed meanwhile: refused at the top.
    await page.getByRole('button', { name: `Fjern ${names.dina}` }).click();
    await page.getByRole('button', { name: 'Næste' }).click();
    await page.getByRole('button', { name: 'Næste' }).click();
    await run.app.db.write('MATCH (r:SurveyRound {id: $id}) SET r.closedOn = $today', { id: roundId, today: today() });
    await page.getByRole('button', { name: 'Send svar' }).click();
    const top = page.getByTestId('survey-error');
    await top.waitFor();
    expect(await top.textContent()).toBe('Målingen er ikke åben, så svaret blev ikke gemt.');
    expect(await top.getAttribute('role')).toBe('alert');
    await clean('round closed', 400);
    expect((await roundForMe(context, roundId)).myAnswer).toBeNull();
    expect(await surveyKnows(ids.anna)).toEqual([]);
    await context.close();
  }, 180_000);
});
