import { describe, expect, it } from 'vitest';
import { bundleSize, FIRST_PAGE_BUDGET_GZIP } from '../bench/bundle.js';
import { runClientBench } from '../bench/client.js';

// The client benchmarks work (at a tiny size, no times asserted), and the first page's bundle keeps
// to its budget in bytes. The global setup has built the client into dist/client.

describe('the client benchmarks', () => {
  it('when the browser bench draws 50 elements with both layouts and pans then every figure is there', async () => {
    const result = await runClientBench({ sizes: [50], panMs: 600, settleMs: 200, repeats: 1, modes: ['software'] });

    expect(result.runs.map((r) => r.layout).sort()).toEqual(['fcose', 'rings']);
    expect(result.machine.chromium).toMatch(/^\d+\./);
    for (const run of result.runs) {
      expect(run).toMatchObject({ mode: 'software', elements: 50, renderer: 'canvas' });
      expect(run.nodes + run.edges).toBe(50);
      for (const figure of [run.layoutMs, run.firstDrawMs, run.firstDrawCpuMs, run.panFps, run.idleFps]) {
        expect(figure).toBeGreaterThan(0);
      }
      // The first frame is drawn after the layout has stopped.
      expect(run.firstDrawMs).toBeGreaterThanOrEqual(run.layoutMs);
      expect(run.panFrames).toBeGreaterThanOrEqual(1);
      expect(run.panMoves).toBeGreaterThanOrEqual(1);
      expect(run.panP95FrameMs).toBeGreaterThanOrEqual(0);
    }
    // 50 elements are neither of the budgets' sizes.
    expect(result.verdicts).toEqual({
      firstDrawAt1000: { software: null, default: null },
      panAt5000: { software: null, default: null },
    });
  }, 240_000);

  it('when the built client is measured then its first page is under 350 kB gzipped and leaves Cytoscape to a lazy chunk', async () => {
    const report = await bundleSize();

    const first = report.firstPage.files.map((f) => f.file);
    expect(first).toContain('index.html');
    expect(first.some((f) => f.endsWith('.js'))).toBe(true);
    expect(first.some((f) => f.endsWith('.css'))).toBe(true);
    expect(report.lazy.files.some((f) => f.file.endsWith('.js'))).toBe(true);
    for (const f of [...report.firstPage.files, ...report.lazy.files]) {
      expect(f.bytes).toBeGreaterThan(0);
      expect(f.gzip).toBeGreaterThan(0);
    }
    expect(report.graphLibraryFiles.length).toBeGreaterThan(0);
    expect(report.graphLibraryFiles.every((f) => !first.includes(f))).toBe(true);
    expect(report.graphLibraryInFirstPage).toBe(false);
    expect(report.firstPage.gzip).toBeLessThan(FIRST_PAGE_BUDGET_GZIP);
    expect(report.withinBudget).toBe(true);
  });
});
