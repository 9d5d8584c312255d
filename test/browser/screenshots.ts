import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { pino } from 'pino';
import { build } from 'vite';
import { seedBooklet } from '../../seed/booklet.js';
import { createApp } from '../../server/app.js';
import { Db } from '../../server/common/db/index.js';
import { startLocalNeo4j } from '../../server/common/local-neo4j/index.js';
import { CLIENT_DIST, ROOT } from '../../server/common/folders.js';
import { bindQueries } from '../../server/common/queries.js';
import { applySchema } from '../../server/common/db/schema.js';
import { freePort } from '../net.js';
import { CHROMIUM } from './browser.js';

// `npm run screenshots`: the README's pictures of the main views, taken from a fresh database
// holding only the booklet, so they show what a new user sees.
const OUT = join(ROOT, 'docs', 'screenshots');

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ringe-shots-'));
  const neo = await startLocalNeo4j({ dataDir, port: await freePort(), heapMb: 512, pageCacheMb: 64 });
  const db = new Db({ uri: neo.uri, user: 'neo4j', password: '', queryTimeoutMs: 30_000 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    await applySchema(bindQueries(db));
    await seedBooklet(bindQueries(db));
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
    // The page "Datakilder" shows an HR file's preview: a small made-up staff list.
    const hrFile = join(dataDir, 'hr.csv');
    writeFileSync(
      hrFile,
      [
        'Medarbejdernummer;Navn;Stilling;E-mail;Enhed',
        '2001;Maja Lund;Pædagog;maja.lund@example.kommune.dk;Børn og Unge / Dagtilbud',
        '2002;Jonas Friis;Sagsbehandler;jonas.friis@example.kommune.dk;Social / Familierådgivning',
        '2003;Sara Holm;Konsulent;sara.holm@example.kommune.dk;Social / Familierådgivning',
        '2004;Omar Aziz;Leder;omar.aziz@example;Børn og Unge',
        '',
      ].join('\r\n'),
    );
    const server = createApp({
      db,
      log: pino({ level: 'silent' }),
      clientDir: CLIENT_DIST,
      sync: { config: { SYNC_HR_FILE: hrFile } },
    }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    mkdirSync(OUT, { recursive: true });

    const shoot = async (
      name: string,
      path: string,
      ready: (p: Page) => Promise<unknown>,
      size = { width: 1100, height: 760 },
    ) => {
      const context = await browser.newContext({ viewport: size, deviceScaleFactor: 1, locale: 'da-DK' });
      await context.addInitScript(() =>
        localStorage.setItem(
          'ringe.me',
          JSON.stringify({ id: 'sigrid-glarbo', kind: 'Person', name: 'Sigrid Glarbo' }),
        ),
      );
      const page = await context.newPage();
      await page.goto(base + path);
      await ready(page);
      await page.waitForTimeout(500); // let the graph finish its layout
      await page.screenshot({ path: join(OUT, `${name}.png`) });
      await context.close();
      console.log(`docs/screenshots/${name}.png`);
    };
    const settled = (p: Page) => p.waitForFunction(() => !document.querySelector('.loading'));

    await shoot('contacts', '/?topic=erhvervsservice', (p) => p.locator('li.contact').first().waitFor());
    await shoot('contact-card', '/?id=mette-nielsen-duekilde', async (p) => {
      await p.getByTestId('reach').locator('.path').first().waitFor();
      await settled(p);
    });
    await shoot('graph', '/?id=mette-nielsen-duekilde', async (p) => {
      await p.getByTestId('reach').locator('.path').first().waitFor();
      await settled(p);
      await p.getByTestId('graph-canvas').scrollIntoViewIfNeeded();
    });
    await shoot('network-flower', '/?view=network&id=forebyggelse-af-indlaeggelser', async (p) => {
      await p.getByTestId('ripple').waitFor();
      await settled(p);
      await p.locator('svg[role="img"]').first().scrollIntoViewIfNeeded();
    });
    await shoot('overview', '/?view=overview', (p) => p.getByTestId('heatmap').waitFor());
    await shoot('leadership', '/?view=overview', async (p) => {
      await p.getByTestId('brokers').waitFor();
      await settled(p);
      await p.locator('#brokers-heading').scrollIntoViewIfNeeded();
    });
    await shoot('report', '/?view=report', async (p) => {
      await p.locator('svg[role="img"]').first().waitFor();
      await settled(p);
    });
    await shoot('sources', '/?view=sources', async (p) => {
      const menu = p.getByTestId('user-menu');
      await menu.locator('select').selectOption('admin');
      await menu.getByRole('button', { name: 'Log ind' }).click();
      await menu.getByRole('button', { name: 'Log ud' }).waitFor();
      await p.getByTestId('source-hr').getByRole('button', { name: 'Forhåndsvis' }).click();
      await p.getByTestId('plan').waitFor();
      await p.getByTestId('plan').scrollIntoViewIfNeeded();
    });
    await shoot('phone', '/?topic=frivillig', (p) => p.locator('li.contact').first().waitFor(), {
      width: 360,
      height: 740,
    });
    server.close();
  } finally {
    await browser.close();
    await db.close();
    await neo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
