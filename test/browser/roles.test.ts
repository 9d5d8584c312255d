import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleGrantStore } from '../../server/auth/oidc.js';
import { DEV_AUTH } from '../../server/auth/settings.js';
import { TEST_CLIENT_DIST } from '../client-dist.js';
import { startAppWith, testDb, type RunningApp } from '../helpers.js';
import { startBrowser, type BrowserRun, axeViolations } from './browser.js';
import { type Made, makeViewData, settle, shown, tracked, VIEWS } from './views.js';
import { bindQueries } from '../../server/common/queries.js';

// Every view of the client, as every role, on every kind of page: a view that throws while it
// renders, logs an error, leaves the main area empty or breaks WCAG 2.1 AA (as axe-core checks it)
// fails here. A coordinator's person pages were blank for a while and no test opened one signed in.

type Role = 'signed out' | 'reader' | 'coordinator' | 'admin';
const ROLES: Role[] = ['signed out', 'reader', 'coordinator', 'admin'];

/** Who the header names after each role's development sign-in (server/auth/routes.ts); signed out, nobody. */
const SIGNED_IN_AS: Record<Role, RegExp | null> = {
  'signed out': null,
  reader: /Demo-læser/,
  coordinator: /Demo-koordinator/,
  admin: /Demo-administrator/,
};

/** Characters of text the main area must hold besides its headings: more than a heading, less than any real view. */
const MIN_TEXT = 40;

/** Signs in through the header's development sign-in, as a person would. */
async function signIn(page: Page, role: Exclude<Role, 'signed out'>) {
  await page.goto('/');
  const menu = page.getByTestId('user-menu');
  await menu.locator('select').selectOption(role);
  await menu.getByRole('button', { name: 'Log ind' }).click();
  await menu.getByRole('button', { name: 'Log ud' }).waitFor();
}

/** Everything wrong with a page: errors thrown or logged, an empty main area, axe-core's WCAG 2.1 AA violations. */
async function problemsOn(
  context: BrowserContext,
  role: Role,
  { url, h1 }: ReturnType<typeof shown>,
): Promise<string[]> {
  const page = await context.newPage();
  const inFlight = tracked(page);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  try {
    await page.goto(url);
    await settle(page, inFlight);
    // Folded parts (relations editor, history, diffs) are checked open too.
    const folded = await page.locator('main details:not([open]) > summary').count();
    if (folded) {
      await page.locator('main details').evaluateAll((all) => {
        for (const d of all) (d as HTMLDetailsElement).open = true;
      });
      await settle(page, inFlight);
    }

    // The page really is seen as the role, and shows the view asked for.
    const user = (await page.getByTestId('user-menu').locator('.name').allTextContents()).join();
    const expected = SIGNED_IN_AS[role];
    if (expected ? !expected.test(user) : user) problems.push(`signed in as "${user}", not as ${role}`);
    const headings = await page.locator('main h1').allTextContents();
    if (headings.join() !== h1) problems.push(`main's h1 is "${headings.join('", "')}", not "${h1}"`);

    const text = await page.locator('main').evaluate((main) => {
      const copy = main.cloneNode(true) as HTMLElement;
      for (const h of copy.querySelectorAll('h1, h2, h3, h4, h5, h6')) h.remove();
      return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
    });
    if (text.length < MIN_TEXT) problems.push(`empty main area: "${text}"`);

    const violations = await axeViolations(page);
    problems.push(...violations);
  } finally {
    await page.close();
  }
  return problems;
}

// One page at a time: pages opened at once would only queue for the server (and on a busy two-core
// machine trip its load shedding), and an error stays with the page that caused it.
describe('every view as every role in a real browser', () => {
  let run: BrowserRun;
  let app: RunningApp;
  let made: Made;
  const contexts = new Map<Role, BrowserContext>();

  beforeAll(async () => {
    run = await startBrowser();
    // The app as main.ts makes it: development sign-in with the admin-managed role list, which the data view shows an admin.
    const db = testDb();
    app = await startAppWith({
      db,
      clientDir: TEST_CLIENT_DIST,
      auth: { ...DEV_AUTH, roleGrants: roleGrantStore(bindQueries(db)) },
    });
    made = await makeViewData(app);
    for (const role of ROLES) {
      const context = await run.browser.newContext({
        viewport: { width: 1280, height: 900 },
        baseURL: app.url,
        locale: 'da-DK',
      });
      // Only the test server may be reached.
      await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
      if (role !== 'signed out') {
        const page = await context.newPage();
        await signIn(page, role);
        await page.close();
      }
      contexts.set(role, context);
    }
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await run?.close();
  });

  for (const role of ROLES) {
    for (const view of VIEWS) {
      it(`when ${view.name} is opened ${role === 'signed out' ? 'signed out' : `as ${role}`} then it shows content with no error and no WCAG 2.1 AA violation`, {
        timeout: 60_000,
      }, async () => {
        expect(await problemsOn(contexts.get(role)!, role, shown(view, made))).toEqual([]);
      });
    }
  }
});
