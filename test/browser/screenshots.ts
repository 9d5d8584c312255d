import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { pino } from 'pino';
import { build } from 'vite';
import { today } from '../../api/common.js';
import { seedBooklet } from '../../seed/booklet.js';
import { generate, type SyntheticGraph } from '../../seed/synthetic/generate.js';
import { loadSynthetic } from '../../seed/synthetic/load.js';
import { createApp } from '../../server/app.js';
import { Db } from '../../server/common/db/index.js';
import { startLocalNeo4j } from '../../server/common/local-neo4j/index.js';
import { CLIENT_DIST, ROOT } from '../../server/common/folders.js';
import { bindQueries } from '../../server/common/queries.js';
import { applySchema } from '../../server/common/db/schema.js';
import { freePort } from '../net.js';
import { CHROMIUM } from './browser.js';

// `npm run screenshots`: the README's pictures of the main views, taken from a fresh database
// holding only the booklet, so they show what a new user sees; then those of the survey rounds
// (issue 20), after a synthetic municipality of SURVEY_PEOPLE people with rounds and answers is
// loaded beside it (the booklet's networks have had no round).
const OUT = join(ROOT, 'docs', 'screenshots');
/**
 * The size of the synthetic municipality the survey pictures show: about Albertslund's. At the
 * benchmark's 50,000 the network's page did not show its results within two minutes on a busy
 * 2-core machine (a round's rings are its network's ripple on two days, worked out when first asked).
 */
const SURVEY_PEOPLE = 3_000;
const PHONE = { width: 360, height: 740 };

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ringe-shots-'));
  const neo = await startLocalNeo4j({ dataDir, port: await freePort(), heapMb: 1024, pageCacheMb: 512 });
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
      before?: (context: BrowserContext) => Promise<unknown>,
    ) => {
      const context = await browser.newContext({ viewport: size, deviceScaleFactor: 1, locale: 'da-DK' });
      await before?.(context);
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
    await shoot('phone', '/?topic=frivillig', (p) => p.locator('li.contact').first().waitFor(), PHONE);

    // Survey rounds, in a municipality of SURVEY_PEOPLE people.
    console.log(`Loading a synthetic municipality of ${SURVEY_PEOPLE.toLocaleString('da-DK')} people ...`);
    const graph = generate({ people: SURVEY_PEOPLE, seed: 7 });
    await loadSynthetic(bindQueries(db), graph);
    const { results, answer: network, participant } = surveyNetworks(graph);
    // A network's results as anyone sees them (figures on at least 5 respondents), its newest round unfolded.
    await shoot('survey-results', `/?view=network&id=${results}`, async (p) => {
      // At this size, on a busy machine, the network's page takes a while.
      await p.getByTestId('survey-results').first().waitFor({ timeout: 120_000 });
      await settled(p);
      await p
        .getByTestId('survey-round')
        .first()
        .evaluate((round) => round.scrollIntoView({ block: 'start' }));
    });
    // The answer page of a round opened today, as one of those asked sees it on a phone.
    const signIn = (context: BrowserContext, role: string, email?: string) =>
      context.request.post(`${base}/api/auth/dev/sign-in`, { data: { role, email }, headers: { origin: base } });
    const opened = await browser.newContext();
    await signIn(opened, 'coordinator');
    const closes = new Date(Date.parse(`${today()}T12:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
    const answer = await opened.request.post(`${base}/api/networks/${network}/surveys`, {
      data: { opensOn: today(), closesOn: closes },
      headers: { origin: base },
    });
    if (answer.status() !== 201) throw new Error(`Opening a round answered ${answer.status()}: ${await answer.text()}`);
    const round = ((await answer.json()) as { id: string }).id;
    await opened.close();
    const asParticipant = (c: BrowserContext) => signIn(c, 'reader', participant);
    await shoot(
      'survey-notice',
      `/#/surveys/${round}`,
      (p) => p.getByTestId('survey-notice').waitFor({ timeout: 120_000 }),
      PHONE,
      asParticipant,
    );
    await shoot(
      'survey-answer',
      `/#/surveys/${round}`,
      async (p) => {
        // The second of the three steps: a department worked with, and the first of its seven questions answered.
        await p.getByTestId('survey-notice').getByRole('button').first().click();
        await p.getByTestId('survey-step').locator('button[type="submit"]').click();
        await p.getByTestId('survey-step').locator('input[type="checkbox"]').first().check();
        const scale = p.getByTestId('survey-scale').first();
        await scale.locator('label').nth(3).click();
        await p.getByTestId('survey-department').first().scrollIntoViewIfNeeded();
      },
      PHONE,
      asParticipant,
    );
    server.close();
  } finally {
    await browser.close();
    await db.close();
    await neo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The networks the survey pictures show: for the results, the one whose newest round has the most
 * pairs of departments on at least 5 respondents (what everyone may see), one with two rounds first
 * (its change shows); for the answer page, an ongoing network and the e-mail of one of its
 * participants, who is asked in a round opened there today.
 */
function surveyNetworks(graph: SyntheticGraph): { results: string; answer: string; participant: string } {
  const rounds = new Map<string, string[]>();
  for (const r of graph.rounds) rounds.set(r.props.networkId, [...(rounds.get(r.props.networkId) ?? []), r.id]);
  const shown = (roundId: string) => {
    const pairs = new Map<string, Set<string>>();
    for (const a of graph.answers.filter((x) => x.props.roundId === roundId)) {
      for (const { departmentId } of JSON.parse(a.props.ratings) as { departmentId: string }[]) {
        for (const own of a.props.departmentIds) {
          const key = [own, departmentId].sort().join('|');
          pairs.set(key, (pairs.get(key) ?? new Set()).add(a.props.personId));
        }
      }
    }
    return [...pairs.values()].filter((people) => people.size >= 5).length;
  };
  const [results] = [...rounds]
    .map(([id, ids]) => [id, (ids.length - 1) * 1000 + shown(ids.at(-1)!)] as const)
    .reduce((a, b) => (b[1] > a[1] ? b : a));
  const ended = new Set(graph.nodes.filter((n) => n.props.endedAt !== undefined).map((n) => n.id));
  const open = graph.relations.find(
    (r) => r.type === 'PARTICIPATES_IN' && !ended.has(r.target) && r.props.until === undefined,
  );
  const email = graph.nodes.find((n) => n.id === open?.source)?.props.email;
  if (!open || typeof email !== 'string') throw new Error('No ongoing network has a participant to ask.');
  return { results, answer: open.target, participant: email };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
