import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBooklet } from '../../seed/booklet.js';
import { screenshot, startBrowser, type BrowserRun } from './browser.js';

// The report ("Rapport") in a real browser: printed to PDF as leadership would, and read back.

const booklet = readBooklet();
const NETWORK_NAMES = booklet.networks.map((n) => n.name);
const LEADERS = new Set(booklet.networks.flatMap((n) => n.leaders));
const LEADER_EMAILS = booklet.people.filter((p) => LEADERS.has(p.id)).map((p) => p.email);

/** The text of each page of a PDF. pdf.js may split a word over several items, so items are joined as they come. */
async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: pdf, isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** Without any whitespace: a long name may wrap over lines, and a line break is no space in the PDF's text. */
const compact = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

describe('the report in a real browser', () => {
  let run: BrowserRun;
  beforeAll(async () => {
    run = await startBrowser();
  });
  afterAll(() => run?.close());

  it("when the report is printed to PDF then it holds every booklet network on a page of its own, in the booklet's order, and every leader's email", async () => {
    const page = await run.page();
    await page.goto('/?view=report');
    const report = page.getByTestId('report');
    await expect.poll(() => report.locator('#report-contacts li').count()).toBeGreaterThanOrEqual(LEADER_EMAILS.length);
    // Every flower drawn before printing.
    await expect.poll(() => report.locator('article.network').count()).toBeGreaterThanOrEqual(NETWORK_NAMES.length);
    await screenshot(page, 'report');

    const pages = await pdfPages(new Uint8Array(await page.pdf({ format: 'A4' })));
    const all = compact(pages.join('\n'));
    expect(NETWORK_NAMES.filter((name) => !all.includes(compact(name)))).toEqual([]);
    expect(LEADER_EMAILS.filter((email) => !all.includes(email))).toEqual([]);
    // The booklet's shared themes and its contact page heading are printed too.
    expect(all).toContain(compact('Hvilke kompetencer efterspørges'));
    expect(all).toContain(compact('Kontaktoplysninger på netværkslederne'));
    // No menu, language button or controls on paper.
    for (const hidden of ['Udskriv / gem som PDF', 'Ændringer siden', 'Hovedmenu', 'English', 'Overblik'])
      expect(all).not.toContain(compact(hidden));

    // Each network starts a page of its own: past the contents, the first page naming each is a different one, in order.
    const body = pages
      .map((text, i) => ({ text: compact(text), i }))
      .filter((p) => !p.text.includes(compact('Indhold')));
    const firstPage = NETWORK_NAMES.map((name) => body.find((p) => p.text.includes(compact(name)))?.i ?? -1);
    expect(firstPage.every((i) => i > 0)).toBe(true);
    expect(firstPage).toEqual([...firstPage].sort((a, b) => a - b));
    expect(new Set(firstPage).size).toBe(NETWORK_NAMES.length);
  });

  it('when a day is chosen for changes then the URL keeps it and the changes section appears; the print button prints', async () => {
    const page = await run.page();
    await page.goto('/?view=report');
    await page.getByTestId('report').locator('#report-contacts').waitFor();
    await page.getByLabel('Ændringer siden').fill('2014-01-01');
    await expect.poll(() => new URL(page.url()).searchParams.get('since')).toBe('2014-01-01');
    await expect
      .poll(() => page.locator('#report-changes h2').textContent())
      .toMatch(/^Ændringer siden 1\. januar 2014$/);

    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await page.getByRole('button', { name: 'Udskriv / gem som PDF' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  });

  it('when the report is read on a phone then nothing needs sideways scrolling', async () => {
    const page = await run.page({ width: 360, height: 740 });
    await page.goto('/?view=report');
    await page.getByTestId('report').locator('#report-contacts li').first().waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'report-phone');
  });
});
