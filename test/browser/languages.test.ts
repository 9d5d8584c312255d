import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETWORK_PHASES, NETWORK_STATUSES, PERSPECTIVES } from '../../api/common.js';
import { CREATABLE_KINDS, nodePropertySchemas } from '../../api/edit.js';
import { roleGrantStore } from '../../server/auth/oidc.js';
import { DEMO_USERS } from '../../server/auth/routes.js';
import { DEV_AUTH } from '../../server/auth/settings.js';
import { ROOT } from '../../server/common/folders.js';
import { TEST_CLIENT_DIST } from '../client-dist.js';
import { startAppWith, testDb, type RunningApp } from '../helpers.js';
import { startBrowser, type BrowserRun } from './browser.js';
import { type Lang, LOCALES } from '../locale.js';
import { type Made, makeViewData, settle, shown, tracked, VIEWS } from './views.js';
import { bindQueries } from '../../server/common/queries.js';

// Every view in Danish and in English: a page in one language that shows UI text of the other fails.
// UI text is the page's text (text nodes and the labels assistive technology reads) less the data
// (names, titles, remarks, sources, the booklet's own text: every free-text value in the database
// and the booklet's themes). What counts as the other language: the locale strings that differ
// between da.json and en.json, the values of the model's fixed lists (statuses, phases,
// perspectives, partner types, project kinds) on an English page, the Danish sentences and
// labels the server used to make (path steps, contact reasons, search subtitles, import refusals),
// and on a Danish page the English of the server's messages (errors and refusals).

const other = (lang: Lang): Lang => (lang === 'da' ? 'en' : 'da');

/** Properties whose values are fixed lists the client names in the page's language, so they are not data to leave out. */
const LISTED_PROPERTIES = new Set(['kind', 'status', 'phase', 'perspective', 'type']);

/** Phrases the server made in Danish (removed by issue 18): none may show on an English page. */
const SERVER_PHRASES_DA = [
  /netværket "/,
  /projektet "/,
  /\b(arbejder|deltager) i\b/i,
  /\bleder (netværket|projektet)\b/i,
  /\bsamarbejder med\b/,
  /\budbydes af\b/,
  /\bhar (gennemført|skabt|afrapporteret til|igangsat|affødt)\b/,
  /\ber videreført som\b/,
  /\bkender\b/,
  /passer til emnet/,
  /samme afdeling som/,
  /Velfærdsnetværk|Innovationsnetværk|Læringsnetværk/,
  /\bfor (kommunen|borgerne|medarbejderne)\b/,
  /ligner et CPR-nummer/,
];

/**
 * English the server writes (error messages, refusals' reasons) has no place on a Danish page:
 * words no Danish UI text or Danish data holds.
 */
const SERVER_WORDS_EN = /(?<![\p{L}\p{N}])(The|the|This|must|cannot|You|your|was|does not|is not)(?![\p{L}\p{N}])/u;

/** The fixed lists' values (Danish words) an English page must name in English. */
const LISTED_VALUES_DA: string[] = [
  ...NETWORK_STATUSES,
  ...NETWORK_PHASES,
  ...PERSPECTIVES,
  ...nodePropertySchemas.Partner.shape.type.options,
  ...nodePropertySchemas.Project.shape.kind.options,
];

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;

interface Pattern {
  /** Where the pattern comes from: a locale key or a server phrase. */
  name: string;
  test: (text: string) => boolean;
}

/**
 * The other language's locale strings as patterns, with each placeholder standing for any text: a
 * string of one word must be a whole text (a button's "Gem"), a longer one may be part of one.
 * Strings the page's own language also has (under any key) are no sign of the other language.
 */
function localePatterns(lang: Lang): Pattern[] {
  const mine = new Set(Object.values(LOCALES[lang]));
  const patterns: Pattern[] = [];
  for (const [key, text] of Object.entries(LOCALES[other(lang)])) {
    if (text === LOCALES[lang][key] || mine.has(text)) continue;
    const literal = text.replace(/\{\w+\}/g, ' ').trim();
    if (letters(literal) < 2) continue;
    const body = text
      .trim()
      .split(/\{\w+\}/)
      .map((part) => escaped(part).replace(/\s+/g, '\\s+'))
      .join('.+?');
    const oneWord = !/\s/.test(literal) && !/\{\w+\}/.test(text);
    const re = oneWord
      ? new RegExp(`^[^\\p{L}\\p{N}]*${body}[^\\p{L}\\p{N}]*$`, 'u')
      : new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'u');
    patterns.push({ name: `${other(lang)}.json "${key}"`, test: (t) => re.test(t) });
  }
  return patterns;
}

function danishPatterns(): Pattern[] {
  return [
    ...SERVER_PHRASES_DA.map((re) => ({ name: `server phrase ${re}`, test: (t: string) => re.test(t) })),
    ...LISTED_VALUES_DA.map((v) => new RegExp(`(?<![\\p{L}\\p{N}])${escaped(v)}(?![\\p{L}\\p{N}])`, 'u'))
      // A value English spells the same ("organisation") is no sign of Danish.
      .filter((re) => !Object.values(LOCALES.en).some((t) => re.test(t)))
      .map((re) => ({ name: `list value ${re.source}`, test: (t: string) => re.test(t) })),
  ];
}

/** A text of the page; `drawn` for a graph's or flower's label, which may be a cut piece of a name. */
interface PageText {
  text: string;
  drawn: boolean;
}

/** Texts of the page shown in its own language: text nodes and labels, leaving out parts marked as another language. */
async function textsOf(page: Page): Promise<PageText[]> {
  const texts = await page.evaluate(() => {
    const lang = document.documentElement.lang;
    const out: { text: string; drawn: boolean }[] = [{ text: document.title, drawn: false }];
    const foreign = (el: Element | null) => {
      const marked = el?.closest('[lang]');
      return !!marked && marked !== document.documentElement && marked.getAttribute('lang') !== lang;
    };
    // A text with words marked (<mark>, the words a search matched) is read whole, as a person reads it,
    // not as the pieces the marks cut it into (a piece of a name is no name).
    const readWhole = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || parent.closest('script, style') || foreign(parent)) continue;
      const marked =
        parent.localName === 'mark' ? parent.parentElement : parent.querySelector(':scope > mark') && parent;
      if (marked) {
        if (!readWhole.has(marked)) out.push({ text: marked.textContent ?? '', drawn: false });
        readWhole.add(marked);
        continue;
      }
      out.push({ text: n.textContent ?? '', drawn: !!parent.closest('svg') });
    }
    for (const el of document.body.querySelectorAll(
      '[aria-label], [title], [placeholder], [alt], [aria-description]',
    )) {
      if (foreign(el)) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']) {
        const v = el.getAttribute(a);
        if (v) out.push({ text: v, drawn: false });
      }
    }
    return out;
  });
  return texts.map((t) => ({ ...t, text: t.text.replace(/\s+/g, ' ').trim() })).filter((t) => t.text);
}

/** A text with the data in it replaced by a mark, longest data first. */
function withoutData(text: string, data: string[]): string {
  let rest = text;
  for (const d of data) if (rest.includes(d)) rest = rest.split(d).join(' ¤ ');
  return rest;
}

/** The free-text values of the database (names, titles, remarks, sources, wording) and the booklet's themes, longest first. */
async function dataTexts(app: RunningApp): Promise<string[]> {
  const rows = await app.db.read(
    // The sync's bookkeeping is never shown, and its tests' one-letter source ids ("e") would cut
    // words apart ("File" read as "Fil ¤").
    `CALL () { MATCH (n) WHERE NOT n:SyncRecord AND NOT n:SyncRun AND NOT n:SyncSource AND NOT n:SyncLock
               RETURN properties(n) AS p
               UNION ALL MATCH ()-[r]->() RETURN properties(r) AS p }
     RETURN p`,
  );
  const texts = new Set<string>();
  const add = (v: unknown) => {
    // A text of one or two characters is no name; left out of the page's text it would cut words apart.
    if (typeof v === 'string' && v.trim().length > 2) {
      // A survey answer keeps its texts (and a round its results) as JSON text: the values in it are data.
      const json = /^[[{]/.test(v) ? parsed(v) : undefined;
      if (json !== undefined) walk(json);
      else for (const line of v.split(/\n+/)) if (line.trim()) texts.add(line.trim());
    } else if (Array.isArray(v)) for (const x of v) add(x);
  };
  const walk = (v: unknown): void => {
    if (typeof v === 'string') add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const { p } of rows)
    for (const [k, v] of Object.entries(p as Record<string, unknown>)) if (!LISTED_PROPERTIES.has(k)) add(v);
  const themes = JSON.parse(readFileSync(join(ROOT, 'seed/booklet/themes.json'), 'utf8'));
  walk(themes);
  // The development sign-in's people are data too (a person's name in the header).
  for (const p of Object.values(DEMO_USERS)) add(p.name);
  return [...texts].sort((a, b) => b.length - a.length);
}

/** A JSON text's value, or undefined when it is no JSON. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Every text of the page that holds UI text of the other language, with what it matched. */
function foreignTexts(texts: PageText[], data: string[], patterns: Pattern[]): string[] {
  const found: string[] = [];
  for (const { text, drawn } of texts) {
    // A drawn label may be a line of a name broken in two, or its start cut with "…".
    const piece = text.replace(/…$/, '');
    if (drawn && data.some((d) => d.includes(piece))) continue;
    const ui = withoutData(text, data);
    for (const p of patterns) if (p.test(ui)) found.push(`"${text}" has ${p.name}`);
  }
  return found;
}

/** Someone else than the people the views show, to be "you" on a person's page (the ways there) and on a topic. */
const ME = { id: 'sigrid-glarbo', kind: 'Person', name: 'Sigrid Glarbo' };

/** A Person CSV with refusals of several kinds: a bad email, a CPR-like value, a repeated id, an unknown department. */
const REFUSED_CSV = [
  'id;name;email;title;department',
  'sprog-test-1;Sprog Test;ikke-en-mail;;',
  'sprog-test-2;Sprog Test 2;;010101-1234;',
  'sprog-test-3;Sprog Test 3;;;ingen-saadan-afdeling',
  'sprog-test-3;Sprog Test 3;;;',
].join('\n');

/** What the walk does on a view besides opening it, so that what the server answers is shown. */
const ACTIONS: Record<string, (page: Page, inFlight: () => number) => Promise<void>> = {
  search: async (page, inFlight) => {
    // Suggestions of every kind the booklet has, with what the list says under each name.
    for (const q of ['netværk', 'erhverv', 'borgerne', 'ucc', 'frivillig']) {
      await page.locator('main input[role="combobox"]').first().fill(q);
      await page.locator('[role="listbox"] [role="option"]').first().waitFor();
      await settle(page, inFlight);
      // What was typed is data too ("Who can help with "netværk"?").
      found.push(...foreignTexts(await textsOf(page), [...data, q], patterns(page)));
    }
  },
  data: async (page, inFlight) => {
    await page.locator('[data-testid="import"] input[type="file"]').setInputFiles({
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(REFUSED_CSV),
    });
    await page.locator('[data-testid="import"] button:not(.primary)').last().click();
    await page.locator('[data-testid="import-plan"] .rejected li').first().waitFor();
    await settle(page, inFlight);
    found.push(...foreignTexts(await textsOf(page), data, patterns(page)));
    // A file refused as a whole (a quote never closed): the page says why.
    await page.locator('[data-testid="import"] input[type="file"]').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('id;name\nsprog-test-4;"Sprog Test 4\n'),
    });
    await page.locator('[data-testid="import"] button:not(.primary)').last().click();
    await page.locator('[data-testid="import"] .error[role="alert"]').waitFor();
    found.push(...foreignTexts(await textsOf(page), data, patterns(page)));
    // Refused role grants: one's own roles (403), and a subject that is not one (400 naming the field).
    const roles = page.locator('section[aria-labelledby="roles-heading"]');
    for (const sub of ['dev:admin', 'ikke et emne æøå']) {
      await roles.locator('input:not([type])').fill(sub);
      await roles.locator('button').click();
      await roles.locator('.error[role="alert"]').waitFor();
      await settle(page, inFlight);
      found.push(...foreignTexts(await textsOf(page), [...data, sub], patterns(page)));
    }
  },
  // The form for each kind a coordinator creates (a unit comes from the sync), with its lists (a network's kind, status and phase, a petal's perspective, a partner's type, a project's kind).
  new: async (page, inFlight) => {
    const kind = page.locator('main label.kind select');
    for (const k of CREATABLE_KINDS) {
      await kind.selectOption(k);
      await settle(page, inFlight);
      found.push(...foreignTexts(await textsOf(page), data, patterns(page)));
    }
  },
  // The ways from you to the person, one sentence per step.
  'a person': async (page) => {
    await page.locator('[data-testid="reach"] ol li').first().waitFor();
  },
  // Why each contact is suggested (the main reason on each card; more, where there are, under "why").
  'contacts for a topic': async (page) => {
    await page.locator('[data-testid="contacts"] .contact .reason').first().waitFor();
  },
  'a link to nothing': async (page) => {
    await page.locator('main [role="alert"]').first().waitFor();
  },
};

/** A view besides App.svelte's own: what a link to nothing shows. */
const ERROR_VIEWS = [{ name: 'a link to nothing', url: '/?view=node&id=no-such-node-here' }];

let found: string[] = [];
let data: string[] = [];
const patternsOf: Record<Lang, Pattern[]> = {
  da: [...localePatterns('da'), { name: `English words ${SERVER_WORDS_EN}`, test: (t) => SERVER_WORDS_EN.test(t) }],
  en: [...localePatterns('en'), ...danishPatterns()],
};
const patterns = (page: Page): Pattern[] =>
  patternsOf[new URL(page.url()).searchParams.get('lang') === 'en' ? 'en' : 'da'];

describe('every view in Danish and in English', () => {
  let run: BrowserRun;
  let app: RunningApp;
  let context: BrowserContext;
  let made: Made;

  beforeAll(async () => {
    run = await startBrowser();
    const db = testDb();
    app = await startAppWith({
      db,
      clientDir: TEST_CLIENT_DIST,
      auth: { ...DEV_AUTH, roleGrants: roleGrantStore(bindQueries(db)) },
    });
    made = await makeViewData(app);
    data = await dataTexts(app);
    context = await run.browser.newContext({
      viewport: { width: 1280, height: 900 },
      baseURL: app.url,
      locale: 'da-DK',
    });
    await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    await context.addInitScript((m) => localStorage.setItem('ringe.me', JSON.stringify(m)), ME);
    // As an admin, who sees every tool (editing, history, import).
    const page = await context.newPage();
    await page.goto('/');
    const menu = page.getByTestId('user-menu');
    await menu.locator('select').selectOption('admin');
    await menu.getByRole('button', { name: 'Log ind' }).click();
    await menu.getByRole('button', { name: 'Log ud' }).waitFor();
    await page.close();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await run?.close();
  });

  for (const lang of ['da', 'en'] as const) {
    for (const listed of [
      ...VIEWS.filter((v) => typeof v.url !== 'string' || !v.url.includes('lang=')),
      ...ERROR_VIEWS,
    ]) {
      it(`when ${listed.name} is shown in ${lang === 'da' ? 'Danish' : 'English'} then no text of it is in ${lang === 'da' ? 'English' : 'Danish'}`, {
        timeout: 120_000,
      }, async () => {
        const view = 'h1' in listed ? shown(listed, made) : listed;
        const page = await context.newPage();
        const inFlight = tracked(page);
        found = [];
        try {
          await page.goto(lang === 'en' ? `${view.url}${view.url.includes('?') ? '&' : '?'}lang=en` : view.url);
          await settle(page, inFlight);
          // Folded parts (relations editor, history, diffs) are read open too.
          await page.locator('main details').evaluateAll((all) => {
            for (const d of all) (d as HTMLDetailsElement).open = true;
          });
          await settle(page, inFlight);
          // Read once the page has its data: tests beside this one write into the same database
          // meanwhile, and what they wrote (a department in the Data page's recent changes) is data too.
          data = await dataTexts(app);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
          const action = ACTIONS[view.name];
          if (action) await action(page, inFlight);
          found.push(...foreignTexts(await textsOf(page), data, patterns(page)));
        } finally {
          await page.close();
        }
        expect([...new Set(found)]).toEqual([]);
      });
    }
  }
});
