import type { Page } from 'playwright-core';
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
    expect((await send(run.app, 'POST', '/api/relations', { cookie, body: { type: 'KNOWS', source: lise, target: patricia } })).status).toBe(201);
    expect((await send(run.app, 'PATCH', `/api/nodes/${patricia}`, { cookie, body: { version: 1, properties: { name: 'Patricia Walmar Gale' } } })).status).toBe(200);

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
    const p = uid('p');
    const name = `Rikke ${p.slice(-8)}`;
    await create(p, 'Person', { name });
    const page = await run.page();
    await signInAs(page, 'coordinator');
    await page.goto(`/?view=node&id=${p}`);
    const open = page.getByRole('button', { name: 'Tilføj forbindelse', exact: true });
    await open.click();
    const rf = page.getByTestId('relation-form');
    const select = rf.getByLabel('Forbindelse');
    // What it shows is what it acts as: the first relation a person can have, "works in".
    expect(await select.evaluate((s: HTMLSelectElement) => [s.value, s.selectedOptions[0]?.textContent])).toEqual(['WORKS_IN:out', `${name} arbejder i …`]);
    expect(await focused(page, 'relation-form')).toEqual({ tag: 'SELECT', text: expect.any(String), inside: true });

    await page.keyboard.press('Escape');
    await rf.waitFor({ state: 'detached' });
    expect(await focused(page)).toEqual({ tag: 'BUTTON', text: 'Tilføj forbindelse', inside: null });

    // Opened again and saved as shown, without touching the select: the person now works there.
    await open.click();
    await rf.getByRole('combobox', { name: 'Til' }).fill('Social');
    await rf.getByRole('option', { name: /Social & Familie/ }).first().click();
    await rf.getByRole('button', { name: 'Gem forbindelse' }).click();
    await rf.waitFor({ state: 'detached' });
    expect(await focused(page)).toEqual({ tag: 'BUTTON', text: 'Tilføj forbindelse', inside: null });
    const person = await send(run.app, 'GET', `/api/nodes/${p}`);
    expect(person.body.card.department).toEqual({ id: 'social-familie', kind: 'Department', name: 'Social & Familie' });
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
    expect((await send(run.app, 'GET', `/api/nodes/${p}`)).body.node.properties.version).toBe(1);
  });

  it('when someone changed a node after the page showed it then deleting it answers a clear conflict and deletes nothing; deleting again then works', async () => {
    const p = uid('p');
    await create(p, 'Person', { name: 'Dorte Før' });
    const page = await run.page();
    await signInAs(page, 'coordinator');
    await page.goto(`/?view=node&id=${p}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Dorte Før');
    // Someone else renames her while the page is open.
    expect((await send(run.app, 'PATCH', `/api/nodes/${p}`, { cookie, body: { version: 1, properties: { name: 'Dorte Efter' } } })).status).toBe(200);

    page.on('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Slet', exact: true }).click();
    const alert = page.getByTestId('edit-tools').locator('xpath=following-sibling::p[@role="alert"]');
    await expect.poll(() => alert.textContent()).toBe(
      'Nogen har ændret "Dorte Før", siden du åbnede siden, så intet er slettet. Siden viser nu det nyeste; slet igen, hvis du stadig vil.',
    );
    expect((await send(run.app, 'GET', `/api/nodes/${p}`)).status).toBe(200);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Dorte Efter');

    await page.getByRole('button', { name: 'Slet', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('id')).toBeNull();
    expect((await send(run.app, 'GET', `/api/nodes/${p}`)).status).toBe(404);
  });

  it('when a coordinator creates a person with a department then the person works there', async () => {
    const page = await run.page();
    await signInAs(page, 'coordinator');
    await page.getByRole('link', { name: 'Opret' }).click();
    await page.getByLabel('Hvad vil du oprette?').selectOption('Person');
    const form = page.getByTestId('edit-node');
    const name = `Nanna ${uid('n').slice(-8)}`;
    await form.getByLabel('Navn *').fill(name);
    await form.getByRole('combobox', { name: 'Afdeling' }).fill('Skoler');
    await form.getByRole('option', { name: /Skoler & Uddannelse/ }).first().click();
    expect(await form.getByTestId('new-department').locator('.picked strong').textContent()).toBe('Skoler & Uddannelse');
    await form.getByRole('button', { name: 'Opret' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(name);
    const id = new URL(page.url()).searchParams.get('id')!;
    const person = await send(run.app, 'GET', `/api/nodes/${id}`);
    expect(person.body.card.department).toEqual({ id: 'skoler-uddannelse', kind: 'Department', name: 'Skoler & Uddannelse' });
    expect(await page.getByTestId('node-card').getByText('Skoler & Uddannelse').count()).toBe(1);
  });
});
