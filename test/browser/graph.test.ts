import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startBrowser, type BrowserRun } from './browser.js';

// The graph as people read it: the centre's name on top, names that do not cover each other, a
// legend that draws what it explains, the list first on a phone, and every node reachable by keyboard.

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
interface DrawnNode {
  id: string;
  label: string;
  ring: number | null;
  /** The name as Cytoscape draws it ('' when not shown). */
  shown: string;
  /** Where Cytoscape draws the name, with its own 2 px of slack (null when not shown). */
  labelBox: Box | null;
  body: Box;
  zIndex: number;
  focused: boolean;
}

/** The nodes as Cytoscape has drawn them, once the graph has its nodes. */
async function drawn(page: Page): Promise<DrawnNode[]> {
  const canvas = page.getByTestId('graph-canvas');
  // Names are placed in the same update that lays the nodes out.
  await page.waitForFunction(
    () => ((document.querySelector('[data-testid="graph-canvas"]') as any)?.cy?.nodes().length ?? 0) > 1,
  );
  return canvas.evaluate((el) => {
    const cy = (el as any).cy;
    return cy.nodes().map((n: any) => {
      const shown = n.pstyle('label').strValue as string;
      return {
        id: n.id(),
        label: n.data('label'),
        ring: n.data('ring') ?? null,
        shown,
        labelBox: shown
          ? n.boundingBox({
              includeNodes: false,
              includeEdges: false,
              includeLabels: true,
              includeOverlays: false,
              includeUnderlays: false,
            })
          : null,
        body: n.boundingBox({ includeLabels: false, includeOverlays: false, includeUnderlays: false }),
        zIndex: n.pstyle('z-index').value,
        focused: n.hasClass('focused'),
      };
    });
  });
}

const overlap = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/** axe-core's WCAG 2.1 AA violations inside the graph's section. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document.querySelector('section.graph'), {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map(
      (v: any) => `${v.id}: ${v.help} at ${v.nodes.map((x: any) => JSON.stringify(x.target)).join(', ')}`,
    );
  });
}

describe('the graph in a real browser', () => {
  let run: BrowserRun;
  beforeAll(async () => {
    run = await startBrowser();
  });
  afterAll(() => run?.close());

  it('when two rings are drawn then the centre is on top, the names shown cover no other name or node, the second ring has names, and the page says how many', async () => {
    const page = await run.page();
    await page.goto('/?id=mette-nielsen-duekilde&depth=2');
    const nodes = await drawn(page);
    const centre = nodes.find((n) => n.ring === 0)!;
    expect(centre.id).toBe('mette-nielsen-duekilde');
    // The centre is drawn after every other node, and its name is shown whole.
    expect(nodes.filter((n) => n !== centre && n.zIndex >= centre.zIndex)).toEqual([]);
    expect(centre.shown.replace(/\n/g, ' ')).toBe('Mette Nielsen Duekilde');

    const shown = nodes.filter((n) => n.labelBox);
    const covering = shown.flatMap((a) => [
      ...shown.filter((b) => a.id < b.id && overlap(a.labelBox!, b.labelBox!)).map((b) => `${a.label} / ${b.label}`),
      ...nodes
        .filter((b) => b.id !== a.id && overlap(a.labelBox!, b.body))
        .map((b) => `${a.label} over node ${b.label}`),
    ]);
    expect(covering).toEqual([]);
    expect(shown.filter((n) => n.ring === 2).length).toBeGreaterThan(0);
    expect(shown.filter((n) => n.ring === 1).length).toBeGreaterThan(0);
    // Long names go over two lines, broken between whole words; an ending "…" stands after a whole word.
    for (const n of shown) {
      const lines = n.shown.split('\n');
      expect(lines.length).toBeLessThanOrEqual(2);
      const words = lines.join(' ').replace(/…$/, '').split(' ');
      expect(n.label.split(' ').slice(0, words.length)).toEqual(words);
    }
    await expect
      .poll(() => page.getByTestId('graph-labels').textContent())
      .toBe(
        `Viser navne på ${shown.length} af ${nodes.length} – resten står i listen og vises, når du peger på en knude.`,
      );
    await page.getByTestId('graph-canvas').scrollIntoViewIfNeeded();
    await screenshot(page, 'graph-names');
  });

  it('when the legend is opened then it draws each kind in its shape and each department in its colour, with no shape keywords', async () => {
    const page = await run.page();
    await page.goto('/?id=mette-nielsen-duekilde&depth=2');
    await drawn(page);
    await page.getByText('Forklaring').click();
    const legend = page.locator('details.legend');
    const kinds = await legend.locator('li[data-kind]').evaluateAll((items) =>
      items.map((li) => ({
        kind: li.getAttribute('data-kind'),
        text: li.textContent?.trim(),
        path: li.querySelector('svg path')?.getAttribute('d') ?? null,
      })),
    );
    const drawnKinds = await page
      .getByTestId('graph-canvas')
      .evaluate((el) =>
        [
          ...new Set<string>((el as any).cy.nodes().map((n: any) => `${n.data('kind')}:${n.pstyle('shape').value}`)),
        ].sort(),
      );
    expect(kinds.map((k) => k.kind).sort()).toEqual(drawnKinds.map((k) => k.split(':')[0]).sort());
    // Every kind has a drawing, different kinds different drawings, and no keyword in the text.
    expect(kinds.every((k) => k.path?.startsWith('M'))).toBe(true);
    expect(new Set(kinds.map((k) => k.path)).size).toBe(kinds.length);
    expect(await legend.textContent()).not.toMatch(/ellipse|rectangle|hexagon|diamond|triangle|star|octagon/);
    expect(kinds.find((k) => k.kind === 'Person')?.text).toBe('Person');
    // The departments' circles have the graph's colours.
    const fills = await legend
      .locator('li:not([data-kind]) svg path')
      .evaluateAll((paths) => paths.map((p) => p.getAttribute('fill')));
    const nodeColours = await page
      .getByTestId('graph-canvas')
      .evaluate((el) => [...new Set((el as any).cy.nodes().map((n: any) => n.style('background-color')))] as string[]);
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',')})`;
    expect(nodeColours.every((c) => fills.map((f) => rgb(f!)).includes(c))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await legend.scrollIntoViewIfNeeded();
    await screenshot(page, 'graph-legend');
  });

  it('when only the keyboard is used then Tab reaches the graph, the arrows go ring by ring with a focus ring, + expands and Enter opens', async () => {
    const page = await run.page();
    await page.goto('/?id=carina-kofoed&depth=1');
    const before = await drawn(page);
    expect(before).toHaveLength(4);
    // Back from the legend, by keyboard.
    await page.getByText('Forklaring').focus();
    await page.keyboard.press('Shift+Tab');
    const canvas = page.getByTestId('graph-canvas');
    expect(await canvas.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await canvas.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    const status = page.getByTestId('graph-focus');
    await expect.poll(() => status.textContent()).toBe('Carina Kofoed – Person, ring 0. Enter åbner, + udvider.');
    expect((await drawn(page)).filter((n) => n.focused).map((n) => n.id)).toEqual(['carina-kofoed']);
    expect(await canvas.evaluate((el) => (el as any).cy.$id('carina-kofoed').pstyle('underlay-opacity').value)).toBe(1);

    // Around the first ring, clockwise, and round to the centre again.
    const visited: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('ArrowRight');
      const focused = (await drawn(page)).filter((n) => n.focused);
      expect(focused).toHaveLength(1);
      visited.push(focused[0]!.id);
      expect(await status.textContent()).toMatch(
        new RegExp(`^${focused[0]!.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} – `),
      );
    }
    expect(visited[3]).toBe('carina-kofoed');
    expect(visited.slice(0, 3).map((id) => before.find((n) => n.id === id)!.ring)).toEqual([1, 1, 1]);
    expect(new Set(visited.slice(0, 3)).size).toBe(3);

    // The last node (End): + expands it as a double-click does, and focus stays on it.
    await page.keyboard.press('End');
    const last = (await drawn(page)).find((n) => n.focused)!;
    const expanded = page.waitForResponse((r) => r.url().includes(`/api/nodes/${encodeURIComponent(last.id)}/rings`));
    await page.keyboard.press('+');
    await expanded;
    expect(await status.textContent()).toBe(`Udvider ${last.label} …`);
    await expect.poll(async () => (await drawn(page)).length).toBeGreaterThan(4);
    expect((await drawn(page)).filter((n) => n.focused).map((n) => n.id)).toEqual([last.id]);

    // Enter opens it, as a tap does.
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('id')).toBe(last.id);
  });

  it('when the page is phone-wide then the list comes first, open, and the graph after it, all without sideways scrolling', async () => {
    const page = await run.page({ width: 360, height: 740 });
    await page.goto('/?id=carina-kofoed&depth=1');
    const list = page.getByTestId('graph-list');
    await expect.poll(() => list.locator('li a').count()).toBe(4);
    expect(await page.getByRole('button', { name: 'Som liste' }).getAttribute('aria-pressed')).toBe('true');
    const listBox = (await list.boundingBox())!;
    const canvasBox = (await page.getByTestId('graph-canvas').boundingBox())!;
    expect(listBox.y + listBox.height).toBeLessThanOrEqual(canvasBox.y);
    await drawn(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await list.scrollIntoViewIfNeeded();
    await screenshot(page, 'phone-graph-list');
  });
});
