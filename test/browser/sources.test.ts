import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CLIENT_DIST } from '../client-dist.js';
import { type RunningApp, startAppWith, testDb, uid } from '../helpers.js';
import { CHROMIUM, screenshot, axeViolations } from './browser.js';
import { settle, tracked } from './views.js';

// The page "Datakilder" as an admin meets it, against a real server whose HR source reads a CSV
// file written here: the sources, a preview with its counts and rows, a run and its line in the
// runs table, the HR file's columns and a unit given a department; on a desktop and on a phone,
// with no page error and no WCAG 2.1 AA violation (axe-core).

describe('the page Datakilder in a real browser', () => {
  const tag = uid('side');
  const dir = mkdtempSync(join(tmpdir(), 'ringe-sources-'));
  const file = join(dir, 'hr.csv');
  const unit = `Enhed ${tag}`;
  // A department of the test's own: the booklet's are counted by tests running beside this one.
  const department = `Afdeling ${tag}`;
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  const problems: string[] = [];

  beforeAll(async () => {
    writeFileSync(
      file,
      [
        'Medarbejdernummer;Navn;Stilling;E-mail;Enhed',
        `${tag}-1;Anna ${tag};Konsulent;anna.${tag}@example.kommune.dk;${unit}`,
        `${tag}-2;Bo ${tag};Teamleder;bo.${tag}@example.kommune.dk;${unit}`,
        `${tag}-3;Cecilie ${tag};010170-1234;;${unit}`,
        '',
      ].join('\r\n'),
    );
    app = await startAppWith({
      clientDir: TEST_CLIENT_DIST,
      sync: { config: { SYNC_HR_FILE: file }, scope: uid('sources') },
    });
    await app.db.write('CREATE (:Entity:Department {id: $id, name: $name})', { id: uid('dep'), name: department });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: app.url, locale: 'da-DK' });
    // Only the test server may be reached.
    await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(width = 1280): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    return page;
  }

  it('when an admin previews and runs the HR source then the page shows the plan, the result and the run in its table', {
    timeout: 120_000,
  }, async () => {
    const page = await open();
    const inFlight = tracked(page);
    await page.goto('/');
    const menu = page.getByTestId('user-menu');
    await menu.locator('select').selectOption('admin');
    await menu.getByRole('button', { name: 'Log ind' }).click();
    await menu.getByRole('button', { name: 'Log ud' }).waitFor();
    await page.getByRole('link', { name: 'Datakilder' }).click();
    await settle(page, inFlight);

    expect(await page.locator('main h1').allTextContents()).toEqual(['Datakilder']);
    const hr = page.getByTestId('source-hr');
    expect(await hr.locator('p').first().textContent()).toBe('Sat op.');
    expect(await page.getByTestId('source-ldap').locator('p').first().textContent()).toBe(
      'Ikke sat op. Disse indstillinger mangler: SYNC_LDAP_URL, SYNC_LDAP_BIND_DN, SYNC_LDAP_PASSWORD, SYNC_LDAP_BASE_DN',
    );
    expect(await hr.getByText('Ingen kørsler endnu.').count()).toBe(1);
    // The HR file's columns: the guess from its headers is chosen until saved.
    const mapping = page.getByTestId('hr-mapping');
    expect(await mapping.getByLabel('Medarbejdernummer', { exact: true }).inputValue()).toBe('Medarbejdernummer');
    expect(await mapping.getByLabel('Stilling', { exact: true }).inputValue()).toBe('Stilling');
    // A CSV file has no worksheets to choose; the unit path's separator is typed, with its explanation.
    expect(await mapping.getByLabel('Ark i regnearket').count()).toBe(0);
    const separator = mapping.getByLabel('Skilletegn i enhedens sti');
    expect(await separator.getAttribute('aria-describedby').then((id) => page.locator(`#${id}`).textContent())).toBe(
      'Tegn mellem niveauerne i enhedens sti, fx /. Lad feltet stå tomt, hvis enheden ikke er en sti.',
    );
    await separator.fill('/');
    await mapping.getByRole('button', { name: 'Gem kolonnerne' }).click();
    await mapping.getByText('Kolonnerne er gemt. Næste kørsel læser filen med dem.').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await hr.getByRole('button', { name: 'Forhåndsvis' }).click();
    const plan = hr.getByTestId('plan');
    await plan.getByText('Forhåndsvisning af HR-fil: intet er skrevet.').waitFor();
    const counts = (await plan.getByTestId('plan-counts').locator('li').allTextContents()).map((s) =>
      s.replace(/\s+/g, ' ').trim(),
    );
    expect(counts).toEqual([
      'Nye 2',
      'Kommet tilbage 0',
      'Flyttet 0',
      'Fratrådt 0',
      'Nye kontaktoplysninger 0',
      'Nye enheder 1',
      'Omdøbte enheder 0',
      'Flyttede enheder 0',
      'Nedlagte enheder 0',
      'Uændrede 0',
      'Afviste 1',
    ]);
    expect((await plan.getByTestId('plan-joiners').locator('li').allTextContents()).map((s) => s.trim())).toEqual([
      `Anna ${tag}`,
      `Bo ${tag}`,
    ]);
    expect(await plan.getByTestId('plan-refusals').locator('li').allTextContents()).toEqual([
      `${tag}-3, feltet Titel: rummer noget, der ligner et CPR-nummer`,
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'sources-preview');

    await hr.getByRole('button', { name: 'Kør nu' }).click();
    await plan.getByText('HR-fil er kørt, og ændringerne er skrevet.').waitFor();
    const runs = hr.getByTestId('runs-hr');
    await expect
      .poll(async () =>
        (await runs.locator('tbody tr').first().locator('td').allTextContents()).slice(1).map((s) => s.trim()),
      )
      .toEqual(['Demo-administrator (udvikling)', 'Gennemført', 'Nye: 2, Nye enheder: 1', '1']);
    expect((await runs.locator('tbody tr').nth(1).locator('td').nth(2).textContent())?.trim()).toBe('Forhåndsvist');

    // The run's new unit has no department yet: found by its name (the shared test database has many
    // units, shown 50 at a time), it is the only one, and gets one here.
    await page.getByLabel('Find enhed').fill(unit);
    await expect.poll(() => page.locator('[data-testid^="unit-"]').count()).toBe(1);
    const row = page.locator('[data-testid^="unit-"]', { hasText: unit });
    await row.getByText('Mangler afdeling').waitFor();
    await row.getByLabel(`Afdeling for ${unit}`).selectOption({ label: department });
    await page.getByText(`${unit} er gemt. 2 personer har skiftet afdeling.`).waitFor();
    await expect.poll(() => row.getByText('Mangler afdeling').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // Bo leaves the file: one of two is more than the 10 % a run may end, so it stops; forced, it goes through.
    writeFileSync(
      file,
      [
        'Medarbejdernummer;Navn;Stilling;E-mail;Enhed',
        `${tag}-1;Anna ${tag};Konsulent;anna.${tag}@example.kommune.dk;${unit}`,
        '',
      ].join('\r\n'),
    );
    await hr.getByRole('button', { name: 'Kør nu' }).click();
    await plan
      .getByText(
        'Kørslen af HR-fil er stoppet, og intet er skrevet: den ville afslutte 50 % af medarbejderne, og grænsen er 10 %.',
      )
      .waitFor();
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message().replace(/\s+/g, ' '));
      void dialog.accept();
    });
    await hr.getByRole('button', { name: 'Kør alligevel' }).click();
    await plan.getByText('HR-fil er kørt, og ændringerne er skrevet.').waitFor();
    expect(asked).toEqual(['Kørslen vil afslutte 50 % af medarbejderne fra denne kilde. Vil du køre den alligevel?']);
    await expect
      .poll(async () =>
        (await runs.locator('tbody tr').first().locator('td').allTextContents()).slice(2).map((s) => s.trim()),
      )
      .toEqual(['Gennemført', 'Fratrådt: 1', '0']);
    expect((await runs.locator('tbody tr').nth(1).locator('td').nth(2).textContent())?.trim()).toBe('Stoppet');

    // A file without a mapped column fails the run: the reason in Danish, the technical message under it.
    writeFileSync(file, ['Medarbejdernummer;Navn;E-mail;Enhed', `${tag}-1;Anna ${tag};;${unit}`, ''].join('\r\n'));
    await hr.getByRole('button', { name: 'Kør nu' }).click();
    const failed =
      'Kørslen af HR-fil fejlede: HR-filen kan ikke læses, eller en valgt kolonne mangler i den: tjek filen og kolonnerne nedenfor. Intet er ændret.';
    await plan.getByText(failed).waitFor();
    expect(await plan.getByTestId('plan-detail').textContent()).toBe(
      `Teknisk besked: The HR file ${file} has no column "Stilling" (mapped as title); its columns are "Medarbejdernummer", "Navn", "E-mail", "Enhed".`,
    );
    const status = runs.locator('tbody tr').first().locator('td').nth(2);
    await expect.poll(async () => (await status.textContent())?.trim().startsWith('Fejlede')).toBe(true);
    expect(await status.locator('span').allTextContents()).toEqual([
      failed.slice('Kørslen af HR-fil fejlede: '.length),
      `Teknisk besked: The HR file ${file} has no column "Stilling" (mapped as title); its columns are "Medarbejdernummer", "Navn", "E-mail", "Enhed".`,
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('when there are more units than a page then a phone shows 50 of those found by name, and "Vis flere" the rest', {
    timeout: 60_000,
  }, async () => {
    // 55 units of a source of their own, named alike (the shared test database has other units too).
    const many = uid('mange');
    const db = testDb();
    const names = Array.from({ length: 55 }, (_, i) => `Mange ${many} ${String(i + 1).padStart(2, '0')}`);
    await db.write('UNWIND $names AS name CREATE (:Unit:Entity {id: name, name: name})', { names });
    try {
      const page = await open(360);
      const inFlight = tracked(page);
      await page.goto('/?view=sources');
      await settle(page, inFlight);
      const units = page.getByTestId('units');
      await units.getByLabel('Find enhed').fill(`Mange ${many}`);
      const rows = units.locator('[data-testid^="unit-"] th');
      await expect.poll(() => rows.count()).toBe(50);
      expect(await units.getByTestId('units-shown').textContent()).toContain('Viser 50 af 55 enheder.');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      expect(await axeViolations(page)).toEqual([]);
      await units.getByRole('button', { name: 'Vis flere' }).click();
      await expect.poll(() => rows.count()).toBe(55);
      expect((await rows.allTextContents()).map((t) => t.replace('Mangler afdeling', '').trim())).toEqual(names);
      expect(await units.getByRole('button', { name: 'Vis flere' }).count()).toBe(0);
      await units.getByLabel('Find enhed').fill(`Mange ${many} 07`);
      await expect.poll(() => rows.count()).toBe(1);
      await units.getByLabel('Find enhed').fill(`Ingen ${many}`);
      await units.getByText('Ingen enheder har det i navnet.').waitFor();
      await page.close();
      expect(problems).toEqual([]);
    } finally {
      await db.write('MATCH (u:Unit) WHERE u.id IN $names DETACH DELETE u', { names });
      await db.close();
    }
  });

  it('when the page is opened on a phone then nothing is wider than the screen and axe finds nothing', {
    timeout: 60_000,
  }, async () => {
    const page = await open(360);
    const inFlight = tracked(page);
    await page.goto('/?view=sources');
    await settle(page, inFlight);
    await page.getByTestId('source-hr').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'sources-phone');
    await page.close();
    expect(problems).toEqual([]);
  });
});
