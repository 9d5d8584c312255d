import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDaysOf, uid } from '../helpers.js';
import { screenshot, startBrowser, type BrowserRun } from './browser.js';

// The leadership views in a real browser: the time slider and the ripple numbers on a small
// network of the test's own, with dated relations.

describe('time and ripples in a real browser', () => {
  let run: BrowserRun;
  const id = uid('tid');
  const ids = {
    a: `${id}-a`,
    b: `${id}-b`,
    net: `${id}-net`,
    leader: `${id}-leader`,
    joiner: `${id}-joiner`,
    friend: `${id}-friend`,
  };

  beforeAll(async () => {
    run = await startBrowser();
    // The leader (department A) leads since 2015; the joiner (B) joined in June 2020; the friend
    // (A) got to know the joiner through the network in March 2021, across departments.
    await run.app.db.write(
      `CREATE (a:Entity:Department {id: $ids.a, name: 'Tidsafdeling A ' + $id}),
              (b:Entity:Department {id: $ids.b, name: 'Tidsafdeling B ' + $id}),
              (n:Entity:Network {id: $ids.net, name: 'Tidsnetværket ' + $id, kind: 'velfaerd', status: 'i gang'}),
              (l:Entity:Person {id: $ids.leader, name: 'Lea Leder ' + $id}),
              (j:Entity:Person {id: $ids.joiner, name: 'Jens Deltager ' + $id}),
              (f:Entity:Person {id: $ids.friend, name: 'Frida Bekendt ' + $id}),
              (l)-[:WORKS_IN]->(a), (j)-[:WORKS_IN]->(b), (f)-[:WORKS_IN]->(a),
              (l)-[:LEADS {since: '2015-01-01'}]->(n),
              (j)-[:PARTICIPATES_IN {since: '2020-06-01'}]->(n),
              (j)-[:KNOWS {since: '2021-03-01', via: $ids.net}]->(f)`,
      { id, ids },
    );
    // Written by hand, so its days are stored as every writer of Ringe stores them.
    await storeDaysOf(run.app.db, [id]);
  });
  afterAll(() => run?.close());

  const ring = (page: Awaited<ReturnType<BrowserRun['page']>>, hops: number) =>
    page.getByTestId(`ripple-ring-${hops}`).textContent();

  it('when a network is opened today then its ripple counts people per step and the new cross-department relation', async () => {
    const page = await run.page();
    await page.goto(`/?view=network&id=${ids.net}`);
    // Step 1: leader and joiner; step 2: the friend, tied to the joiner; step 3: nobody.
    await expect.poll(() => ring(page, 1)).toMatch(/1 skridt ude\s*2 personer/);
    expect(await ring(page, 2)).toMatch(/2 skridt ude\s*1 person$/);
    expect(await ring(page, 3)).toMatch(/3 skridt ude\s*0 personer/);
    expect(await page.getByTestId('ripple-new').textContent()).toMatch(/1 i alt, heraf 1 på tværs af afdelinger/);
    expect(await page.getByTestId('ripple-departments').textContent()).toMatch(
      new RegExp(`Tidsafdeling A ${id} \\(2\\), Tidsafdeling B ${id} \\(1\\)`),
    );
    await page.getByTestId('ripple').scrollIntoViewIfNeeded();
    await screenshot(page, 'ripple');
  });

  it('when the link holds a past date then ripple and graph show the network as it stood, and back to today restores it', async () => {
    const page = await run.page();
    await page.goto(`/?view=network&id=${ids.net}&at=2019-12-31`);
    // Before the joiner came only the leader was there, and no new relations yet.
    await expect.poll(() => ring(page, 1)).toMatch(/1 person$/);
    expect(await ring(page, 2)).toMatch(/0 personer/);
    expect(await page.getByTestId('ripple-new').textContent()).toMatch(/0 i alt/);
    expect(await page.getByTestId('time-label').first().textContent()).toBe('31. december 2019');
    await page.getByRole('button', { name: 'Som liste' }).click();
    const list = page.getByTestId('graph-list');
    await expect.poll(() => list.textContent()).toMatch(`Lea Leder ${id}`);
    expect(await list.textContent()).not.toMatch(`Jens Deltager ${id}`);
    await screenshot(page, 'time-past');

    await page.getByRole('button', { name: 'Tilbage til i dag' }).first().click();
    await expect.poll(() => ring(page, 1)).toMatch(/2 personer/);
    expect(new URL(page.url()).searchParams.get('at')).toBeNull();
    await expect.poll(() => list.textContent()).toMatch(`Jens Deltager ${id}`);
  });

  it('when the slider is moved by keyboard then the date goes into the link, and play steps forward until paused', async () => {
    const page = await run.page();
    await page.goto('/?view=overview');
    const slider = page.getByTestId('time-slider');
    await page.getByTestId('heatmap').waitFor();
    // Home goes to the first dated month: some day in the past, written into the link.
    await slider.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => new URL(page.url()).searchParams.get('at')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const first = new URL(page.url()).searchParams.get('at')!;
    expect(first < '2026-01-01').toBe(true);
    expect(await page.getByTestId('time-label').textContent()).not.toBe('I dag');
    await page.keyboard.press('End');
    await expect.poll(() => new URL(page.url()).searchParams.get('at')).toBeNull();
    expect(await page.getByTestId('time-label').textContent()).toBe('I dag');

    await page.keyboard.press('Home');
    await expect.poll(() => new URL(page.url()).searchParams.get('at')).toBe(first);
    await page.getByTestId('time-play').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('at')).not.toBe(first);
    await page.getByTestId('time-play').click();
    const paused = new URL(page.url()).searchParams.get('at');
    expect(paused! > first).toBe(true);
    await page.waitForTimeout(1500);
    expect(new URL(page.url()).searchParams.get('at')).toBe(paused);
    await screenshot(page, 'overview-time');
  });

  it('when the overview is opened then beside the slider it says how much of the data has dates, each step lands on a change, the brokers say what 0 means and each phase is counted once', async () => {
    const page = await run.page();
    await page.goto('/?view=overview');
    const dated = page.getByTestId('time-dated');
    await expect.poll(() => dated.textContent()).toMatch(/^Med datoer: \d+ af \d+ relationer og \d+ af \d+ netværk\./);
    // This test's own relations are dated, so something changes, and the line says how play steps.
    const text = (await dated.textContent())!;
    const [, relations, relationsTotal, networks, networksTotal] = /(\d+) af (\d+) relationer og (\d+) af (\d+) netværk/
      .exec(text)!
      .map(Number);
    expect(relations).toBeGreaterThanOrEqual(3);
    expect(relations! <= relationsTotal! && networks! <= networksTotal!).toBe(true);
    expect(text).toMatch(
      / Afspil og piletasterne går (fra ændring til ændring \(\d+ skridt\)|måned for måned gennem de måneder, hvor noget ændrer sig)\.$/,
    );
    expect(await page.getByTestId('time-slider').getAttribute('aria-describedby')).toBe('time-dated');

    // The joiner came on 2020-06-01: one step on from the day before lands on that day, not a month later.
    await page.goto('/?view=overview&at=2020-05-31');
    const slider = page.getByTestId('time-slider');
    await expect.poll(() => dated.textContent()).toMatch(/fra ændring til ændring|måned for måned/);
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).searchParams.get('at')).not.toBe('2020-05-31');
    const stepped = new URL(page.url()).searchParams.get('at')!;
    // (Past 240 changes in the shared test database the stops would be month ends: then only later.)
    if (text.includes('fra ændring til ændring')) expect(stepped).toBe('2020-06-01');
    else expect(stepped > '2020-05-31').toBe(true);

    await expect
      .poll(() => page.getByTestId('brokers-zero').textContent())
      .toMatch(/^Brobygning 0 betyder, at ingen af de korteste veje mellem to andre medarbejdere går gennem personen/);

    // Networks by phase: the fixed list in order, each once (the booklet's three spellings of the first are one).
    const phases = page.locator('h3:has-text("Efter fase") + ul .label');
    await expect
      .poll(async () => (await phases.allTextContents()).slice(0, 5))
      .toEqual([
        'Opdagelses- og idéfasen',
        'Fokuseringsfasen',
        'Den interne fase',
        'Den eksterne fase',
        'Forankringsfasen',
      ]);
    expect((await phases.allTextContents()).filter((l) => /opdagelses/i.test(l))).toEqual(['Opdagelses- og idéfasen']);
  });
});
