import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDaysOf, uid } from '../helpers.js';
import { screenshot, startBrowser, type BrowserRun } from './browser.js';

describe('the explorer in a real browser', () => {
  let run: BrowserRun;
  beforeAll(async () => {
    run = await startBrowser();
  });
  afterAll(() => run?.close());

  it('when a name is searched and picked then the contact card shows email and networks', async () => {
    const page = await run.page();
    await page.goto('/');
    await page.getByRole('combobox', { name: /Søg efter/ }).fill('Duekilde');
    await page.getByRole('option', { name: /Mette Nielsen Duekilde/ }).click();
    const card = page.getByTestId('node-card');
    await expect.poll(() => card.locator('h1').textContent()).toBe('Mette Nielsen Duekilde');
    expect(await card.getByRole('link', { name: 'mette.nielsen.duekilde@albertslund.dk' }).getAttribute('href')).toBe(
      'mailto:mette.nielsen.duekilde@albertslund.dk',
    );
    expect(await card.getByRole('link', { name: 'Udvikling af erhvervsservice' }).count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('id')).toBe('mette-nielsen-duekilde');
    await page.getByTestId('graph-canvas').waitFor();
    await screenshot(page, 'contact-card');
  });

  it("when a person who has left is opened then the card says so and who holds her network role, and her former unit's card shows its place and KLE subjects", async () => {
    const ids = {
      dep: uid('dep'),
      top: uid('unit'),
      unit: uid('unit'),
      person: uid('p'),
      net: uid('net'),
      heir: uid('p'),
    };
    await run.app.db.write(
      `CREATE (d:Entity:Department {id: $dep, name: 'Børn & Unge'}),
              (top:Entity:Unit {id: $top, name: 'Forvaltningen'})-[:ROLLS_UP_TO]->(d),
              (u:Entity:Unit {id: $unit, name: 'PPR', kleNumbers: ['27.24'], kleAspects: ['ansvarlig'],
                              kleTitles: ['Børn og unge med handicap'], kleText: '27.24 Børn og unge med handicap'})-[:PART_OF]->(top),
              (p:Entity:Person {id: $person, name: 'Lise Stoppet', leftOn: '2025-12-03'})-[:MEMBER_OF {since: '2020-01-01', until: '2025-12-02'}]->(u),
              (n:Entity:Network {id: $net, name: 'Netværket om tale', kind: 'velfaerd', status: 'i gang'}),
              (h:Entity:Person {id: $heir, name: 'Hans Arving'}),
              (p)-[:LEADS {handedTo: $heir}]->(n)`,
      ids,
    );
    // As the sync ends a leaver: her unit until the day before she left.
    await storeDaysOf(run.app.db, [ids.person]);
    const page = await run.page();
    await page.goto(`/?id=${ids.person}`);
    const card = page.getByTestId('node-card');
    await expect.poll(() => card.locator('h1').textContent()).toBe('Lise Stoppet');
    expect(await card.getByText('Stoppet i kommunen 3. december 2025').count()).toBe(1);
    expect(await card.getByText('Netværksrollen i Netværket om tale varetages nu af Hans Arving.').count()).toBe(1);
    await page.goto(`/?id=${ids.unit}`);
    await expect.poll(() => card.locator('h1').textContent()).toBe('PPR');
    const unitCard = page.getByTestId('unit-card');
    expect(await unitCard.getByText('Ansvarlig for 27.24 Børn og unge med handicap').count()).toBe(1);
    expect(await unitCard.getByText('Børn & Unge (gennem Forvaltningen)').count()).toBe(1);
    expect(await unitCard.getByRole('link', { name: 'Forvaltningen' }).count()).toBe(1);
  });

  it('when a topic is asked then the ranked contacts start with the network leader and say why', async () => {
    const page = await run.page();
    await page.goto('/');
    await page.getByRole('combobox', { name: /Søg efter/ }).fill('erhvervsservice');
    await page.getByRole('combobox', { name: /Søg efter/ }).press('Enter');
    const first = page.getByTestId('contacts').locator('li.contact').first();
    await expect.poll(() => first.locator('h4').textContent()).toBe('Mette Nielsen Duekilde');
    expect(await first.getByRole('link', { name: /@albertslund\.dk/ }).getAttribute('href')).toBe(
      'mailto:mette.nielsen.duekilde@albertslund.dk',
    );
    // Why, on the card itself: the best match's main reason.
    expect(await first.locator('.reason').textContent()).toMatch(/erhvervsservice/);
    expect(new URL(page.url()).searchParams.get('topic')).toBe('erhvervsservice');
    await screenshot(page, 'contacts');
  });

  it('when I am Sigrid Glarbo and open Mette Nielsen Duekilde then the way goes through a shared training', async () => {
    const page = await run.page({ me: { id: 'sigrid-glarbo', name: 'Sigrid Glarbo' } });
    await page.goto('/?id=mette-nielsen-duekilde');
    const reach = page.getByTestId('reach');
    await expect.poll(() => reach.locator('.path').count()).toBeGreaterThan(0);
    const steps = await reach.locator('.path').first().locator('li').allTextContents();
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatch(/^Sigrid Glarbo .*(innovatøruddannelse|netværkslederuddannelsen)/);
    expect(steps[1]).toMatch(/^Mette Nielsen Duekilde .*(innovatøruddannelse|netværkslederuddannelsen)/);
    await screenshot(page, 'path');
  });

  it("when a network is opened then its flower has petals in all three perspectives' colours", async () => {
    const page = await run.page();
    await page.goto('/?view=network&id=forebyggelse-af-indlaeggelser');
    const flower = page.locator('svg[role="img"]').first();
    await flower.waitFor();
    const fills = await flower
      .locator('path')
      .evaluateAll((paths) => [...new Set(paths.map((p) => p.getAttribute('fill')))].sort());
    expect(fills).toEqual(['#1f6fb2', '#2e8540', '#e07b00']);
    expect(await page.locator('h1').textContent()).toBe('Forebyggelse af indlæggelser og opsporing af tidlig sygdom');
    await screenshot(page, 'network-flower');
  });

  it('when the overview is opened then the heatmap shows the departments and a cell opens what links them', async () => {
    const page = await run.page();
    await page.goto('/?view=overview');
    const heatmap = page.getByTestId('heatmap');
    await heatmap.waitFor();
    expect(await heatmap.locator('tbody th').count()).toBeGreaterThanOrEqual(7);
    await page.getByTestId('cell-arbejdsmarked-erhverv-ydelser-miljoe-teknik').first().click();
    const detail = page.getByTestId('pair-detail');
    await expect.poll(() => detail.textContent()).toMatch(/innovatøruddannelse/);
    await screenshot(page, 'overview');
  });

  it('when English is chosen then the page and its link switch language, and back returns Danish', async () => {
    const page = await run.page();
    await page.goto('/');
    expect(await page.locator('h1').textContent()).toBe('Hvem skal du have fat i?');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Who do you need to reach?');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    await page.getByRole('button', { name: 'Skift til dansk' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Hvem skal du have fat i?');
  });

  it('when a deep link is opened then the same view comes back, and back/forward move between views', async () => {
    const page = await run.page();
    await page.goto('/?id=carina-kofoed&lang=en&layout=fcose&depth=1');
    await expect.poll(() => page.getByTestId('node-card').locator('h1').textContent()).toBe('Carina Kofoed');
    // the card's own label, in English (the graph's filters name the kind too, once they have loaded)
    expect(await page.getByTestId('node-card').getByText('Department', { exact: true }).count()).toBe(1);
    expect(await page.getByLabel('Layout').inputValue()).toBe('fcose');
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('heatmap').waitFor();
    await page.goBack();
    await expect.poll(() => page.getByTestId('node-card').locator('h1').textContent()).toBe('Carina Kofoed');
    await page.goForward();
    await page.getByTestId('heatmap').waitFor();
  });

  it('when only the keyboard is used then search, choose and open work', async () => {
    const page = await run.page();
    await page.goto('/');
    // The search field has focus on arrival; typing, arrows and Enter do the rest.
    // The answer for the whole word, not for a prefix typed on the way.
    const answered = page.waitForResponse((r) => r.url().includes('/api/search?q=kofoed&'));
    await page.keyboard.type('kofoed');
    await answered;
    await expect.poll(() => page.getByRole('option').count()).toBeGreaterThan(1);
    await page.keyboard.press('ArrowDown'); // the "who can help with" option
    await page.keyboard.press('ArrowDown'); // the first hit
    expect(await page.getByRole('combobox', { name: /Søg efter/ }).getAttribute('aria-activedescendant')).toMatch(
      /-opt-1$/,
    );
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('node-card').locator('h1').textContent()).toBe('Carina Kofoed');
    // Tab reaches links with a visible focus ring.
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
  });

  it('when the graph is shown as a list then it names every node by ring', async () => {
    const page = await run.page();
    await page.goto('/?id=carina-kofoed&depth=1');
    await page.getByRole('button', { name: 'Som liste' }).click();
    const list = page.getByTestId('graph-list');
    await expect.poll(() => list.locator('h3').allTextContents()).toEqual(['Ring 0', 'Ring 1']);
    expect((await list.locator('li a').allTextContents()).sort()).toEqual(
      [
        'Arbejds miljøarbejdet – bedre kommunikationsveje',
        'Carina Kofoed',
        "WOGN's netværksintroduktion",
        'Social & Familie',
      ].sort(),
    );
  });

  it('when the page is phone-wide then the search and the card fit without sideways scrolling', async () => {
    const page = await run.page({ width: 360, height: 740 });
    await page.goto('/?id=mette-nielsen-duekilde');
    await page.getByTestId('node-card').waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-card');
  });

  it('when a link points to a node that does not exist then the page says so plainly', async () => {
    const page = await run.page();
    await page.goto('/?id=findes-ikke');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/findes ikke/);
  });
});
