import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../server/auth/routes.js';
import { send, signIn, uid } from '../helpers.js';
import { startBrowser, type BrowserRun } from './browser.js';

// The coordinator's tools as a coordinator meets them: the history in names and a field-by-field
// difference, the relation and edit forms by keyboard, deleting what the page showed, a new
// person's department, and the Data page's import formats.

async function signInAs(page: Page, role: 'reader' | 'coordinator' | 'admin') {
  await page.goto('/');
  const menu = page.getByTestId('user-menu');
  await menu.locator('select').selectOption(role);
  await menu.getByRole('button', { name: 'Log ind' }).click();
  await expect.poll(() => menu.textContent()).toMatch(/Log ud/);
}

describe('the coordinator tools in a real browser', () => {
  let run: BrowserRun;
  let cookie: string;
  beforeAll(async () => {
    run = await startBrowser();
    cookie = await signIn(run.app, 'coordinator');
  });
  afterAll(() => run?.close());

  const create = async (id: string, kind: string, properties: Record<string, unknown>) =>
    expect((await send(run.app, 'POST', '/api/nodes', { cookie, body: { id, kind, properties } })).status).toBe(201);

  it('when a relation was made and a name changed then the history says it in names and marks what changed field by field', async () => {
    const [lise, patricia] = [uid('lise-testesen'), uid('patricia-walmar-gale')];
    await create(lise, 'Person', { name: 'Lise Testesen' });
    await create(patricia, 'Person', { name: 'Patricia Gale', title: 'Leder' });
    expect(
      (
        await send(run.app, 'POST', '/api/relations', {
          cookie,
          body: { type: 'KNOWS', source: lise, target: patricia },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await send(run.app, 'PATCH', `/api/nodes/${patricia}`, {
          cookie,
          body: { version: 1, properties: { name: 'Patricia Walmar Gale' } },
        })
      ).status,
    ).toBe(200);

    const page = await run.page();
    await signInAs(page, 'coordinator');
    await page.goto(`/?view=node&id=${patricia}`);
    const history = page.getByTestId('history');
    await history.locator('summary').first().click();
    const entries = history.getByTestId('change');
    await expect.poll(() => entries.count()).toBe(3);
    const texts = (await entries.locator('.entry').allTextContents()).map((s) => s.replace(/^.*?: /, ''));
    const who = DEMO_USERS.coordinator.name;
    expect(texts).toEqual([
      `${who} ændrede Patricia Walmar Gale`,
      `${who} oprettede relationen Lise Testesen → kender → Patricia Walmar Gale`,
      `${who} oprettede Patricia Walmar Gale`,
    ]);
    expect(await history.textContent()).not.toContain(lise);

    // The update, field by field: only the name, the old one struck out and the new one inserted.
    const update = entries.nth(0);
    await update.getByText('Hvad blev ændret').click();
    const rows = update.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.locator('th').textContent()).toBe('Navn');
    expect(await rows.locator('del').textContent()).toBe('fjernet: Patricia Gale');
    expect(await rows.locator('ins').textContent()).toBe('tilføjet: Patricia Walmar Gale');
    expect(await update.locator('thead').textContent()).toMatch(/Felt\s*Før\s*Efter/);

    // The create: every field new, nothing struck out.
    const created = entries.nth(2);
    await created.getByText('Hvad blev ændret').click();
    expect(await created.locator('tbody th').allTextContents()).toEqual(['Navn', 'Titel']);
    expect(await created.locator('ins').allTextContents()).toEqual(['tilføjet: Patricia Gale', 'tilføjet: Leder']);
    expect(await created.locator('del').count()).toBe(0);
  });

  /** The element that has the focus: its tag, its text or label, and whether it is inside the test id. */
  const focused = (page: Page, inside?: string) =>
    page.evaluate((testId) => {
      const el = document.activeElement as HTMLElement | null;
      return {
        tag: el?.tagName ?? null,
        text: (el?.textContent ?? '').trim() || (el?.getAttribute('aria-label') ?? el?.id ?? ''),
        inside: testId ? !!el?.closest(`[data-testid="${testId}"]`) : null,
      };
    }, inside);

  it('when a coordinator opens the relation form then it shows the relation it will make, takes the focus, and Escape gives it back to the button', async () => {
    const [p, dep] = [uid('p'), uid('d')];
    const name = `Rikke ${p.slice(-8)}`;
    await create(p, 'Person', { name });
    // A department of its own: a person added to the booklet's would change other tests' answers.
    const depName = `Afdeling ${dep.slice(-8)}`;
    await create(dep, 'Department', { name: depName });
    const page = await run.page();
    await signInAs(page, 'coordinator');
    await page.goto(`/?view=node&id=${p}`);
    const open = page.getByRole('button', { name: 'Tilføj forbindelse', exact: true });
    await open.click();
    const rf = page.getByTestId('relation-form');
    const select = rf.getByLabel('Forbindelse');
    // What it shows is what it acts as: the first relation a person can have, "works in".
    expect(await select.evaluate((s: HTMLSelectElement) => [s.value, s.selectedOptions[0]?.textContent])).toEqual([
      'WORKS_IN:out',
      `${name} arbejder i …`,
    ]);
    expect(await focused(page, 'relation-form')).toEqual({ tag: 'SELECT', text: expect.any(String), inside: true });

    await page.keyboard.press('Escape');
    await rf.waitFor({ state: 'detached' });
    expect(await focused(page)).toEqual({ tag: 'BUTTON', text: 'Tilføj forbindelse', inside: null });

    // Opened again and saved as shown, without touching the select: the person now works there.
    await open.click();
    await rf.getByRole('combobox', { name: 'Til' }).fill(depName);
    await rf.getByRole('option', { name: depName }).first().click();
    await rf.getByRole('button', { name: 'Gem forbindelse' }).click();
    await rf.waitFor({ state: 'detached' });
    expect(await focused(page)).toEqual({ tag: 'BUTTON', text: 'Tilføj forbindelse', inside: null });
    const person = await send(run.app, 'GET', `/api/nodes/${p}`);
    expect(person.body.card.department).toEqual({ id: dep, kind: 'Department', name: depName });
  });

  it('when a coordinator opens the edit form then its first field has the focus and Escape closes it, back on the button', async () => {
    const p = uid('p');
    await create(p, 'Person', { name: `Esben ${p.slice(-8)}` });
    const page = await run.page();
    await signInAs(page, 'coordinator');
    await page.goto(`/?view=node&id=${p}`);
    await page.getByRole('button', { name: 'Redigér', exact: true }).click();
    const form = page.getByTestId('edit-node');
    await form.waitFor();
    expect(await focused(page, 'edit-node')).toEqual({ tag: 'INPUT', text: 'field-name', inside: true });
    await page.keyboard.type(' ændret');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    expect(await focused(page)).toEqual({ tag: 'BUTTON', text: 'Redigér', inside: null });
    // Escape cancels: nothing was saved.
    expect((await send(run.app, 'GET', `/api/nodes/${p}`)).body.node.version).toBe(1);
  });

  it('when someone changed a node after the page showed it then deleting it answers a clear conflict and deletes nothing; deleting again then works', async () => {
    const p = uid('p');
    await create(p, 'Person', { name: 'Dorte Før' });
    const page = await run.page();
    await signInAs(page, 'coordinator');
    await page.goto(`/?view=node&id=${p}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Dorte Før');
    // Someone else renames her while the page is open.
    expect(
      (
        await send(run.app, 'PATCH', `/api/nodes/${p}`, {
          cookie,
          body: { version: 1, properties: { name: 'Dorte Efter' } },
        })
      ).status,
    ).toBe(200);

    page.on('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Slet', exact: true }).click();
    const alert = page.getByTestId('edit-tools').locator('xpath=following-sibling::p[@role="alert"]');
    await expect
      .poll(() => alert.textContent())
      .toBe(
        'Nogen har ændret "Dorte Før", siden du åbnede siden, så intet er slettet. Siden viser nu det nyeste; slet igen, hvis du stadig vil.',
      );
    expect((await send(run.app, 'GET', `/api/nodes/${p}`)).status).toBe(200);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Dorte Efter');

    await page.getByRole('button', { name: 'Slet', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('id')).toBeNull();
    expect((await send(run.app, 'GET', `/api/nodes/${p}`)).status).toBe(404);
  });

  it('when a coordinator creates a person with a department then the person works there', async () => {
    const dep = uid('d');
    const depName = `Afdeling ${dep.slice(-8)}`;
    await create(dep, 'Department', { name: depName });
    const page = await run.page();
    await signInAs(page, 'coordinator');
    await page.getByRole('link', { name: 'Opret' }).click();
    await page.getByLabel('Hvad vil du oprette?').selectOption('Person');
    const form = page.getByTestId('edit-node');
    const name = `Nanna ${uid('n').slice(-8)}`;
    await form.getByLabel('Navn *').fill(name);
    await form.getByRole('combobox', { name: 'Afdeling' }).fill(depName);
    await form.getByRole('option', { name: depName }).first().click();
    expect(await form.getByTestId('new-department').locator('.picked strong').textContent()).toBe(depName);
    await form.getByRole('button', { name: 'Opret' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(name);
    const id = new URL(page.url()).searchParams.get('id')!;
    const person = await send(run.app, 'GET', `/api/nodes/${id}`);
    expect(person.body.card.department).toEqual({ id: dep, kind: 'Department', name: depName });
    expect(await page.getByTestId('node-card').getByText(depName).count()).toBe(1);
  });

  /** The text of a file the page lets the browser download when `click` runs. */
  async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
    const [file] = await Promise.all([page.waitForEvent('download') as Promise<Download>, click()]);
    return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
  }

  it('when a coordinator opens the Data page then each import format is described with an example and a template, and the import says it needs an administrator and is switched off', async () => {
    const page = await run.page();
    await signInAs(page, 'coordinator');
    await page.goto('/?view=data');
    const panel = page.getByTestId('import');
    await expect
      .poll(() => panel.getByTestId('import-role').textContent())
      .toBe(
        'At indlæse data kræver rollen administrator, og den har du ikke. Du kan læse om formaterne og hente skabeloner her og bede en administrator om at indlæse filen.',
      );
    expect(
      await panel
        .locator('fieldset')
        .evaluate((f: HTMLFieldSetElement) => [f.disabled, f.getAttribute('aria-describedby')]),
    ).toEqual([true, 'import-role']);
    expect(await panel.locator('input[type=file]').isDisabled()).toBe(true);
    expect(await panel.locator('article h4').allTextContents()).toEqual([
      'CSV: én slags knuder pr. fil',
      'CSV: forbindelser',
      'JSON: hele grafen',
    ]);

    const nodes = panel.getByTestId('format-nodes');
    expect(await nodes.locator('pre').textContent()).toBe(
      'id;name;title;email;phone;leftOn;source;inferred;department\nlise-testesen;Lise Testesen;Konsulent;lise.testesen@albertslund.dk;43 68 68 68;;;;social-familie',
    );
    const person = await downloaded(page, () =>
      nodes.getByRole('button', { name: 'Hent skabelon: Person (CSV)' }).click(),
    );
    expect(person).toEqual({
      name: 'ringe-skabelon-Person.csv',
      text: '\uFEFFid;name;title;email;phone;leftOn;source;inferred;department\r\nlise-testesen;Lise Testesen;Konsulent;lise.testesen@albertslund.dk;43 68 68 68;;;;social-familie\r\n',
    });
    await nodes.getByLabel('Slags').selectOption('Network');
    expect((await nodes.locator('pre').textContent())!.split('\n')[0]).toBe(
      'id;name;kind;theme;status;phase;remarks;startedAt;endedAt;source;inferred;statusInferred;phaseInferred;bookletOrder',
    );
    const relations = await downloaded(page, () =>
      panel.getByTestId('format-relations').getByRole('button', { name: 'Hent skabelon' }).click(),
    );
    expect(relations.text.split('\r\n')[0]).toBe('\uFEFFtype;source;target;since;until;via;wording;inferred');
    const graph = await downloaded(page, () =>
      panel.getByTestId('format-json').getByRole('button', { name: 'Hent skabelon' }).click(),
    );
    expect(JSON.parse(graph.text)).toMatchObject({
      format: 'ringe-graph',
      version: 1,
      nodes: expect.any(Array),
      relations: expect.any(Array),
    });
  });

  it("when an admin dry-runs and imports a Person CSV with departments then problems are said in the page's language and each person works in their department", async () => {
    const dep = uid('afd');
    await create(dep, 'Department', { name: `Afdeling ${dep.slice(-8)}` });
    const [good, unknown, badEmail] = [uid('csv-good'), uid('csv-unknown'), uid('csv-email')];
    const csv = [
      'id;name;email;department',
      `${good};Gunnar;;${dep}`,
      `${unknown};Ulla;;Ingen sådan`,
      `${badEmail};Bo;ikke-en-adresse;${dep}`,
    ].join('\n');
    const file = { name: 'folk.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };

    const page = await run.page();
    await signInAs(page, 'admin');
    await page.goto('/?view=data');
    const panel = page.getByTestId('import');
    await expect
      .poll(() => panel.getByTestId('import-role').textContent())
      .toBe('At indlæse data kræver rollen administrator, og den har du.');
    await panel.locator('fieldset').getByLabel('Slags').selectOption('Person');
    await panel.locator('input[type=file]').setInputFiles(file);
    await panel.getByRole('button', { name: 'Prøv (skriver intet)' }).click();
    const plan = panel.getByTestId('import-plan');
    await expect
      .poll(() => plan.locator('.rejected li').allTextContents())
      .toEqual([
        'Linje 3: Der findes ingen afdeling med id eller navn "Ingen sådan".',
        'Linje 4: "email" skal være en arbejdsmailadresse.',
      ]);
    expect(await plan.locator('p').allTextContents()).toEqual([
      'folk.csv: 3 rækker. Oprettes: 2, ændres: 0, uændret: 0, afvises: 2.',
      'Heraf 1 forbindelser til afdelinger (arbejder i).',
    ]);
    await panel.getByRole('button', { name: 'Indlæs', exact: true }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/^Færdig: 2 rækker skrevet, 0 fejlede/);
    const person = await send(run.app, 'GET', `/api/nodes/${good}`);
    expect(person.body.card.department).toEqual({ id: dep, kind: 'Department', name: `Afdeling ${dep.slice(-8)}` });
    expect((await send(run.app, 'GET', `/api/nodes/${unknown}`)).status).toBe(404);

    // A file the server cannot read at all: the sentence in the page's language, English too.
    await page.goto('/?view=data&lang=en');
    const en = page.getByTestId('import');
    await en.locator('fieldset').getByLabel('Kind').selectOption('Person');
    await en
      .locator('input[type=file]')
      .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('id;navn\nx;y\n') });
    await en.getByRole('button', { name: 'Dry run (writes nothing)' }).click();
    await expect
      .poll(() => en.getByRole('alert').textContent())
      .toBe(
        'Ringe does not know the column "navn" on line 1 for Person; use id, name, title, email, phone, leftOn, source, inferred, department.',
      );
    await en.locator('input[type=file]').setInputFiles(file);
    await en.getByRole('button', { name: 'Dry run (writes nothing)' }).click();
    await expect
      .poll(() => en.getByTestId('import-plan').locator('.rejected li').allTextContents())
      .toEqual([
        'Line 3: There is no department with the id or name "Ingen sådan".',
        'Line 4: "email" must be a work email address.',
      ]);
  });

  it('when an admin dry-runs the Person template as downloaded then nothing in it is refused', async () => {
    const page = await run.page();
    await signInAs(page, 'admin');
    await page.goto('/?view=data');
    const panel = page.getByTestId('import');
    const template = await downloaded(page, () =>
      panel.getByTestId('format-nodes').getByRole('button', { name: 'Hent skabelon: Person (CSV)' }).click(),
    );
    await panel.locator('fieldset').getByLabel('Slags').selectOption('Person');
    await panel
      .locator('input[type=file]')
      .setInputFiles({ name: template.name, mimeType: 'text/csv', buffer: Buffer.from(template.text) });
    await panel.getByRole('button', { name: 'Prøv (skriver intet)' }).click();
    await panel.getByTestId('import-plan').waitFor();
    expect(await panel.getByTestId('import-plan').locator('.rejected li').count()).toBe(0);
    expect(await panel.getByTestId('import-plan').locator('p').first().textContent()).toMatch(
      /^ringe-skabelon-Person\.csv: 1 rækker\. .*afvises: 0\.$/,
    );
  });
});
