import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../api/common.js';
import { storeDaysOf, uid } from '../helpers.js';
import { startBrowser, type BrowserRun, axeViolations } from './browser.js';
import { settle, tracked } from './views.js';

// A leaver's network role as the network's coordinator meets it (issue 19): the box on the network's
// page, the handover by keyboard, the count on the network list; a reader sees none of it.

async function signInAs(page: Page, role: 'reader' | 'coordinator') {
  await page.goto('/');
  const menu = page.getByTestId('user-menu');
  await menu.locator('select').selectOption(role);
  await menu.getByRole('button', { name: 'Log ind' }).click();
  await expect.poll(() => menu.textContent()).toMatch(/Log ud/);
}

const leftOn = new Date(Date.parse(today()) - 10 * 86_400_000).toISOString().slice(0, 10);
/** "25. november 2026", as the page writes a day in Danish. */
const danishDay = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('da-DK', { dateStyle: 'long', timeZone: 'UTC' });

describe('the roles of people who have left, in a real browser', () => {
  let run: BrowserRun;
  beforeAll(async () => {
    run = await startBrowser();
  });
  afterAll(() => run?.close());

  /** A network led by Lene, who left ten days ago, and Hans (a word no other data holds in his name) who still works here. */
  async function leaverNetwork() {
    const word = uid('navn').replace('-', '');
    const ids = { net: uid('net'), lene: uid('p'), hans: uid('p') };
    await run.app.db.write(
      `CREATE (n:Entity:Network {id: $net, name: 'Netværk ' + $word, kind: 'velfaerd', status: 'i gang'}),
              (lene:Entity:Person {id: $lene, name: 'Lene ' + $word, leftOn: $leftOn}),
              (hans:Entity:Person {id: $hans, name: 'Hans ' + $word}),
              (lene)-[:LEADS {since: '2016-01-01'}]->(n)`,
      { ...ids, word, leftOn },
    );
    await storeDaysOf(run.app.db, Object.values(ids));
    return { word, ids };
  }

  it('when a coordinator opens the network then the box lists the leaver, and who took over is said by keyboard, with no axe violations', async () => {
    const { word, ids } = await leaverNetwork();
    const page = await run.page();
    // A busy two-core machine (Neo4j, Chromium, other test files) can take a while over one step.
    page.setDefaultTimeout(30_000);
    const inFlight = tracked(page);
    await signInAs(page, 'coordinator');

    // The network list counts it.
    await page.goto('/?view=networks');
    const flagged = page.getByTestId('networks-leavers');
    await flagged.waitFor();
    expect(
      await flagged
        .getByRole('listitem')
        .filter({ hasText: `Netværk ${word}` })
        .textContent(),
    ).toMatch(new RegExp(`Netværk ${word}\\s*\\(1 rolle\\)`));
    await settle(page, inFlight);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`/?view=network&id=${ids.net}`);
    const box = page.getByTestId('network-leavers');
    await box.waitFor();
    expect(await box.getByRole('heading').textContent()).toBe('Stoppet i kommunen, men står stadig som leder/deltager');
    expect((await box.getByRole('listitem').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      `Lene ${word}: Leder, stoppet ${danishDay(leftOn)} Hvem har overtaget?`,
    );

    const open = box.getByRole('button', { name: `Hvem har overtaget? Lene ${word}, Leder` });
    await open.focus();
    await page.keyboard.press('Enter');
    // The form takes the focus in its search box.
    const search = box.getByRole('combobox', { name: 'Søg efter den, der har overtaget' });
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(word);
    await box.getByRole('option', { name: new RegExp(`Hans ${word}`) }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await box.getByText(`Overtaget af: Hans ${word}`).waitFor();
    expect(await box.getByRole('checkbox', { name: 'Giv personen samme rolle fra i dag' }).isChecked()).toBe(true);
    expect(await box.getByRole('checkbox', { name: /Afslut rollen/ }).isChecked()).toBe(false);

    await settle(page, inFlight);
    expect(await axeViolations(page)).toEqual([]);

    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Gem');
    await page.keyboard.press('Enter');

    await page.getByText(`Gemt: Hans ${word} har overtaget efter Lene ${word}.`).waitFor();
    await expect.poll(() => box.count()).toBe(0);
    const rows = await run.app.db.read(
      `MATCH (n:Network {id: $net})
       RETURN COLLECT { MATCH (:Person {id: $lene})-[r:LEADS]->(n) RETURN r.handedTo }[0] AS handedTo,
              COLLECT { MATCH (:Person {id: $hans})-[r:LEADS]->(n) RETURN r.since }[0] AS since`,
      ids,
    );
    expect(rows).toEqual([{ handedTo: ids.hans, since: today() }]);
    // Hans now leads it, on the page too.
    await page
      .getByRole('link', { name: `Hans ${word}` })
      .first()
      .waitFor();
    await page.close();
  }, 150_000);

  it('when a reader opens the network and the list then there is no box, no count and no call for them', async () => {
    const { word, ids } = await leaverNetwork();
    const page = await run.page();
    const inFlight = tracked(page);
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/leavers')) asked.push(r.url());
    });
    await signInAs(page, 'reader');
    await page.goto(`/?view=network&id=${ids.net}`);
    await page.getByRole('heading', { level: 1, name: `Netværk ${word}` }).waitFor();
    await settle(page, inFlight);
    expect(await page.getByTestId('network-leavers').count()).toBe(0);
    expect(await page.getByText('Stoppet i kommunen, men står stadig').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Hvem har overtaget/ }).count()).toBe(0);

    await page.goto('/?view=networks');
    await page.getByRole('heading', { level: 1, name: 'Netværk' }).waitFor();
    await settle(page, inFlight);
    expect(await page.getByTestId('networks-leavers').count()).toBe(0);
    expect(asked).toEqual([]);
    await page.close();
  });
});
