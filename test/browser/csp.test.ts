import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowser, type BrowserRun } from './browser.js';

// The strict Content Security Policy (server/common/security.ts) in a real browser: every main view is
// opened and used a little, and any CSP violation, reported as an event or on the console, fails.

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

/** A page that records every CSP violation from its first script on, and console errors about CSP. */
async function watchedPage(run: BrowserRun): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const page = await run.page();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (/Content[ -]Security[ -]Policy|CSP/i.test(m.text())) consoleErrors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    if (/Content[ -]Security[ -]Policy|CSP/i.test(e.message)) consoleErrors.push(`pageerror: ${e.message}`);
  });
  // Playwright's init script runs through the debugging protocol, so the policy does not stop it.
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: Violation[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
    });
  });
  return {
    page,
    violations: async () => {
      const events = await page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp);
      return [...events.map((v) => `${v.directive} blocked ${v.blocked || 'inline'} ${v.sample}`), ...consoleErrors];
    },
  };
}

describe('the Content Security Policy in a real browser', () => {
  let run: BrowserRun;
  beforeAll(async () => {
    run = await startBrowser();
  });
  afterAll(() => run?.close());

  it('when the page is served then it carries the strict policy', async () => {
    const { page } = await watchedPage(run);
    const res = await page.goto('/');
    const csp = (await res!.allHeaders())['content-security-policy']!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/base-uri 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('when search, a contact card with its graph, a network, the lists, the overview and the report are opened then no CSP violation happens', {
    timeout: 120_000,
  }, async () => {
    const { page, violations } = await watchedPage(run);

    await page.goto('/');
    await page.getByRole('combobox', { name: /Søg efter/ }).fill('erhvervsservice');
    await page.getByRole('combobox', { name: /Søg efter/ }).press('Enter');
    await page.getByTestId('contacts').locator('li.contact').first().waitFor();

    // A person's card and the rings graph: Cytoscape adds its own <style>, which the policy allows by hash.
    await page.goto('/?id=mette-nielsen-duekilde');
    await page.getByTestId('node-card').locator('h1').waitFor();
    await page.getByTestId('graph-canvas').waitFor();
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (document.getElementById('__________cytoscape_stylesheet') as HTMLStyleElement | null)?.sheet?.cssRules
              .length ?? -1,
        ),
      )
      .toBe(1);
    await page.getByRole('button', { name: 'Som liste' }).first().click();
    await page.getByTestId('graph-list').waitFor();

    // A network's flower (SVG) and ripple; the lists of networks and departments, a department.
    await page.goto('/?view=network&id=forebyggelse-af-indlaeggelser');
    await page.locator('svg[role="img"]').first().waitFor();
    await page.goto('/?view=networks');
    await page.locator('h1').waitFor();
    await page.goto('/?view=departments');
    await page.locator('h1').waitFor();
    await page.goto('/?view=department&id=sundhed-pleje-omsorg');
    await page.locator('h1').waitFor();

    // The overview: the heatmap's colours and the bars are dynamic styles set by Svelte.
    await page.goto('/?view=overview');
    await page.getByTestId('heatmap').waitFor();
    const coloured = await page
      .getByTestId('heatmap')
      .locator('td.tied')
      .first()
      .evaluate((td) => getComputedStyle(td).backgroundColor);
    expect(coloured).not.toBe('rgba(0, 0, 0, 0)');

    // The report, and English.
    await page.goto('/?view=report&lang=en');
    await page.getByTestId('report').waitFor();

    expect(await violations()).toEqual([]);
  });

  it('when an admin signs in and opens the new and data views then no CSP violation happens', {
    timeout: 60_000,
  }, async () => {
    const { page, violations } = await watchedPage(run);
    await page.goto('/');
    const menu = page.getByTestId('user-menu');
    await menu.locator('select').selectOption('admin');
    await menu.getByRole('button', { name: 'Log ind' }).click();
    await expect.poll(() => menu.textContent()).toMatch(/Log ud/);
    await page.goto('/?view=new');
    await page.locator('form, h1').first().waitFor();
    await page.goto('/?view=data');
    await page.getByTestId('import').waitFor();
    expect(await violations()).toEqual([]);
  });

  it('when an inline script is put into the page then the browser refuses it and the test would see it', async () => {
    // The watcher itself is proved: an injected inline script is blocked and reported.
    const { page, violations } = await watchedPage(run);
    await page.goto('/');
    await page.locator('h1').waitFor();
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 100));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    await expect.poll(async () => (await violations()).some((v) => v.startsWith('script-src'))).toBe(true);
  });
});
