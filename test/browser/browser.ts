import { createRequire } from 'node:module';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../../server/common/folders.js';
import { TEST_CLIENT_DIST as CLIENT_DIST } from '../client-dist.js';
import { startApp, type RunningApp } from '../helpers.js';

// Real browser tests: Debian's Chromium driven by playwright-core against the real server,
// the built client and the test Neo4j with the booklet loaded.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

export interface BrowserRun {
  app: RunningApp;
  browser: Browser;
  page(opts?: { width?: number; height?: number; me?: { id: string; name: string } }): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowser(): Promise<BrowserRun> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium was not found at ${CHROMIUM}; install it with "apt-get install chromium".`);
  if (!existsSync(join(CLIENT_DIST, 'index.html')))
    throw new Error('The client is not built; the test setup builds it into dist/client.');
  mkdirSync(SCREENSHOTS, { recursive: true });
  const app = await startApp(undefined, CLIENT_DIST);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  return {
    app,
    browser,
    async page({ width = 1280, height = 900, me } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, baseURL: app.url, locale: 'da-DK' });
      if (me) {
        await context.addInitScript(
          (m) => localStorage.setItem('ringe.me', JSON.stringify({ ...m, kind: 'Person' })),
          me,
        );
      }
      const page = await context.newPage();
      // Only the test server may be reached.
      await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
      return page;
    },
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

/** axe-core's WCAG 2.1 AA violations on the page as it stands, each as one line; evaluated through the debugging protocol, so the page's script-src 'self' does not stop it. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: object,
          ): Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map(
      (v) => `axe ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
    );
  });
}
