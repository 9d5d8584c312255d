import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, signIn, uid } from '../helpers.js';
import { screenshot, startBrowser, type BrowserRun } from './browser.js';

// Erasing a person in the data view: the admin sees where else the name was removed.

describe('erasure in a real browser', () => {
  let run: BrowserRun;
  beforeAll(async () => {
    run = await startBrowser();
  });
  afterAll(() => run?.close());

  it('when an admin erases a person then the page lists the other nodes and relations whose texts named them', {
    timeout: 120_000,
  }, async () => {
    const admin = await signIn(run.app, 'admin');
    const person = uid('slet');
    const colleague = uid('kollega');
    const department = uid('afd');
    const training = uid('kursus');
    const suffix = person.slice(-8);
    const name = `Carina Kofoed ${suffix}`;
    const file = {
      format: 'ringe-graph',
      version: 1,
      nodes: [
        { id: person, kind: 'Person', properties: { name } },
        { id: colleague, kind: 'Person', properties: { name: `Kim ${suffix}` } },
        {
          id: department,
          kind: 'Department',
          properties: { name: `Afdeling ${suffix}`, source: `Kontaktoplysninger (Anna Bojsen, ${name})` },
        },
        { id: training, kind: 'Training', properties: { name: `Kursus ${suffix}` } },
      ],
      relations: [
        { type: 'COMPLETED', source: colleague, target: training, properties: { wording: `som ${name} anbefalede` } },
      ],
    };
    const imported = await send(run.app, 'POST', '/api/import/json', { body: file, cookie: admin });
    expect(imported.body.rejected).toEqual([]);

    const page = await run.page();
    await page.goto('/');
    const menu = page.getByTestId('user-menu');
    await menu.locator('select').selectOption('admin');
    await menu.getByRole('button', { name: 'Log ind' }).click();
    await expect.poll(() => menu.textContent()).toMatch(/Log ud/);
    await page.goto('/?view=data');
    await page.getByRole('combobox', { name: 'Find personen' }).fill(name);
    await page
      .getByRole('option', { name: new RegExp(name) })
      .first()
      .click();
    await page.getByLabel(`Skriv personens id (${person}) for at bekræfte sletningen`).fill(person);
    await page.getByRole('button', { name: 'Slet personen' }).click();

    const list = page.getByTestId('erase-redacted');
    await list.waitFor();
    expect(await list.getByRole('heading').textContent()).toBe(
      'Personens navn er også fjernet på disse 2 andre steder (der står nu "[slettet person]"):',
    );
    expect(await list.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(new RegExp(`^Afdeling Afdeling ${suffix}: .+$`)),
      expect.stringMatching(new RegExp(`^Forbindelsen ${colleague} .+ ${training}: .+$`)),
    ]);
    expect(await page.getByRole('status').filter({ hasText: 'er slettet' }).textContent()).toMatch(
      new RegExp(`^${name} er slettet: 0 forbindelser fjernet`),
    );
    // The latest changes on the same page are read again: none names the person any more.
    await expect
      .poll(() => page.locator('ol.history > li').allTextContents())
      .not.toEqual(expect.arrayContaining([expect.stringContaining(name)]));
    await list.scrollIntoViewIfNeeded();
    await screenshot(page, 'erasure-redacted');
  });
});
