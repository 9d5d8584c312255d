import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { chromium, type Browser } from 'playwright-core';
import { build, type Plugin } from 'vite';
import type { DrawResult, PanResult } from './client/main.js';

// `npx tsx bench/client.ts`: the client at scale, in headless Chromium. The real GraphView (real
// stylesheet and layouts) draws generated graphs of 1,000 and 5,000 elements; the page times
// from giving the elements to the first frame drawn after the layout (both layouts), then pans
// for ~2 s and counts the frames Cytoscape draws. A benchmark, never a test: budgets are
// reported, not asserted. Prints a table and writes bench/client-results.json.

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LAYOUTS = ['rings', 'fcose'] as const;

/** Budgets of the issue "Scale and speed", on the 2-core reference machine. */
export const CLIENT_BUDGETS = {
  /** 1,000 elements drawn with layout (either layout), in milliseconds. */
  firstDrawMsAt1000: 1500,
  /** Panning at 5,000 elements, frames per second at least. */
  panFpsAt5000: 30,
};

/** Chromium's flags: software canvas (no GPU, as in CI) or Chromium's defaults. */
const COMMON_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const MODES = {
  software: [...COMMON_FLAGS, '--disable-gpu'],
  default: COMMON_FLAGS,
} as const;
export type Mode = keyof typeof MODES;

export interface ClientRun {
  mode: Mode;
  elements: number;
  nodes: number;
  edges: number;
  layout: (typeof LAYOUTS)[number];
  renderer: string;
  /** Medians over the repeats. */
  layoutMs: number;
  firstDrawMs: number;
  /** Main-thread CPU time of the first draw: steadier than wall time on a busy machine. */
  firstDrawCpuMs: number;
  panFps: number;
  panP95FrameMs: number;
  /** Main-thread CPU time per frame drawn while panning. */
  panCpuMsPerFrame: number;
  panFrames: number;
  /** Animation frames per second the browser gave with nothing to draw, just before panning: the ceiling for panFps here. */
  idleFps: number;
  /** Viewport changes the drag made (a check that it panned at all). */
  panMoves: number;
  samples: { firstDrawMs: number[]; panFps: number[] };
}
export interface ClientBenchResult {
  at: string;
  machine: { cpus: number; chromium: string; flags: Record<Mode, readonly string[]> };
  /** The checkout whose client was measured, when not this one. */
  clientRoot?: string;
  panMs: number;
  repeats: number;
  budgets: typeof CLIENT_BUDGETS;
  runs: ClientRun[];
  /** The budgets checked against the runs of the sizes they name (absent sizes give null). */
  verdicts: { firstDrawAt1000: Record<Mode, boolean | null>; panAt5000: Record<Mode, boolean | null> };
}
export interface ClientBenchOptions {
  sizes: number[];
  /** Where to write the figures as JSON; nothing is written without it. */
  out?: string;
  /** How long to pan, in milliseconds (default 2000). */
  panMs?: number;
  /** How long to wait after the first draw before panning, in milliseconds (default 1000). */
  settleMs?: number;
  /** Runs per size, layout and mode; the median is reported (default 3). */
  repeats?: number;
  modes?: Mode[];
  layouts?: (typeof LAYOUTS)[number][];
  /** Measure the client of another checkout (its client/src) with this harness, e.g. a copy from before a change. */
  clientRoot?: string;
  log?: (line: string) => void;
}

/** Takes client/src (and what it imports) from another checkout, e.g. a copy from before a change. */
function clientFrom(root: string): Plugin {
  const here = join(ROOT, 'client', 'src') + sep;
  const there = join(resolve(root), 'client', 'src') + sep;
  return {
    name: 'ringe-bench-client-root',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      // client/src is only ever reached by relative imports.
      if (!source.startsWith('.') || !importer) return null;
      const found = await this.resolve(source, importer, { ...options, skipSelf: true });
      return found?.id.startsWith(here) ? { ...found, id: there + found.id.slice(here.length) } : found;
    },
  };
}

/** Builds the harness page (bench/client) with Vite into `outDir`; `clientRoot` swaps in another checkout's client. */
export async function buildHarness(outDir: string, clientRoot?: string): Promise<void> {
  await build({
    root: join(ROOT, 'bench', 'client'),
    configFile: false,
    logLevel: 'warn',
    plugins: [...(clientRoot ? [clientFrom(clientRoot)] : []), svelte({ configFile: join(ROOT, 'svelte.config.js') })],
    // Cytoscape and fcose make one big chunk; build timings on a busy machine are noise here.
    build: {
      outDir,
      emptyOutDir: true,
      chunkSizeWarningLimit: 2000,
      rolldownOptions: { checks: { bundlerTimings: false } },
    },
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/** A static file server for `dir` on 127.0.0.1. */
export async function serveStatic(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const dir = resolve(root);
  const server: Server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    const file = path.endsWith(sep) ? join(path, 'index.html') : path;
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export interface Once {
  draw: DrawResult;
  /** Main-thread CPU time of the page from giving the elements to the first draw (Chromium's ThreadTime). */
  drawCpuMs: number;
  pan: PanResult;
  /** Main-thread CPU time per frame drawn while panning. */
  panCpuMsPerFrame: number;
  idleFps: number;
}

/** One page: draw `n` elements with `layout`, settle, pan. `query` is added to the page's address. */
export async function measureOnce(
  browser: Browser,
  base: string,
  n: number,
  layout: string,
  panMs: number,
  settleMs: number,
  query = '',
): Promise<Once> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    // Only the harness's own server may be reached.
    await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    // CPU time, unlike wall time, hardly depends on what else the machine is doing.
    const threadMs = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
    };
    await page.goto(`${base}/?n=${n}&layout=${layout}${query}`);
    await page.waitForFunction(() => window.bench?.ready || window.bench?.error, undefined, {
      timeout: 60_000,
      polling: 50,
    });
    const error = await page.evaluate(() => window.bench!.error);
    if (error) throw new Error(`The harness failed: ${error} ${errors.join('; ')}`);
    const cpu0 = await threadMs();
    const draw = await page.evaluate(() => window.bench!.draw());
    const drawCpuMs = (await threadMs()) - cpu0;
    // Pan once the first draw's after-work (Cytoscape fills its texture caches over a few frames) is done;
    // meanwhile count the browser's frames with nothing to draw: the ceiling for panning on this machine.
    await page.waitForTimeout(settleMs / 2);
    const idleFps = await page.evaluate((ms) => window.bench!.idle(ms), settleMs / 2);
    const cpu1 = await threadMs();
    const pan: PanResult =
      panMs > 0
        ? await page.evaluate((ms) => window.bench!.pan(ms), panMs)
        : { durationMs: 0, frames: 0, fps: 0, p95FrameMs: 0, animationFrames: 0, pans: 0 };
    const panCpuMsPerFrame = ((await threadMs()) - cpu1) / Math.max(1, pan.frames);
    if (errors.length > 0) throw new Error(`The harness failed: ${errors.join('; ')}`);
    return { draw, drawCpuMs, pan, panCpuMsPerFrame, idleFps };
  } finally {
    await context.close();
  }
}

export async function runClientBench(options: ClientBenchOptions): Promise<ClientBenchResult> {
  const {
    sizes,
    out,
    panMs = 2000,
    settleMs = 1000,
    repeats = 3,
    modes = ['software', 'default'],
    layouts = [...LAYOUTS],
    clientRoot,
    log = () => {},
  } = options;
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium was not found at ${CHROMIUM}; install it with "apt-get install chromium" or set CHROMIUM_PATH.`,
    );
  const outDir = mkdtempSync(join(tmpdir(), 'ringe-bench-client-'));
  const runs: ClientRun[] = [];
  let version = '';
  try {
    log('Building the harness ...');
    const t0 = performance.now();
    await buildHarness(outDir, clientRoot);
    log(`Built in ${Math.round(performance.now() - t0)} ms.`);
    const server = await serveStatic(outDir);
    try {
      for (const mode of modes) {
        const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...MODES[mode]] });
        version = browser.version();
        try {
          for (const n of sizes)
            for (const layout of layouts) {
              const got: Once[] = [];
              for (let i = 0; i < repeats; i++)
                got.push(await measureOnce(browser, server.url, n, layout, panMs, settleMs));
              const first = got[0]!.draw;
              const run: ClientRun = {
                mode,
                elements: n,
                nodes: first.nodes,
                edges: first.edges,
                layout,
                renderer: first.renderer,
                layoutMs: round(median(got.map((g) => g.draw.layoutMs))),
                firstDrawMs: round(median(got.map((g) => g.draw.firstDrawMs))),
                firstDrawCpuMs: round(median(got.map((g) => g.drawCpuMs))),
                panFps: round(median(got.map((g) => g.pan.fps))),
                panP95FrameMs: round(median(got.map((g) => g.pan.p95FrameMs))),
                panCpuMsPerFrame: round(median(got.map((g) => g.panCpuMsPerFrame))),
                panFrames: Math.round(median(got.map((g) => g.pan.frames))),
                idleFps: round(median(got.map((g) => g.idleFps))),
                panMoves: Math.round(median(got.map((g) => g.pan.pans))),
                samples: {
                  firstDrawMs: got.map((g) => round(g.draw.firstDrawMs)),
                  panFps: got.map((g) => round(g.pan.fps)),
                },
              };
              runs.push(run);
              log(`${mode} ${n} ${layout}: first draw ${run.firstDrawMs} ms, pan ${run.panFps} fps`);
            }
        } finally {
          await browser.close();
        }
      }
    } finally {
      await server.close();
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }

  const verdict = (mode: Mode, n: number, ok: (r: ClientRun) => boolean) => {
    const rs = runs.filter((r) => r.mode === mode && r.elements === n);
    return rs.length === 0 ? null : rs.every(ok);
  };
  const byMode = (n: number, ok: (r: ClientRun) => boolean) =>
    Object.fromEntries((Object.keys(MODES) as Mode[]).map((m) => [m, verdict(m, n, ok)])) as Record<
      Mode,
      boolean | null
    >;
  const result: ClientBenchResult = {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, chromium: version, flags: MODES },
    ...(clientRoot ? { clientRoot } : {}),
    panMs,
    repeats,
    budgets: CLIENT_BUDGETS,
    runs,
    verdicts: {
      firstDrawAt1000: byMode(1000, (r) => r.firstDrawMs < CLIENT_BUDGETS.firstDrawMsAt1000),
      panAt5000: byMode(5000, (r) => r.panFps >= CLIENT_BUDGETS.panFpsAt5000),
    },
  };
  if (out) writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

export function printClientTable(result: ClientBenchResult): void {
  console.table(
    result.runs.map((r) => ({
      mode: r.mode,
      renderer: r.renderer,
      elements: `${r.elements} (${r.nodes}+${r.edges})`,
      layout: r.layout,
      'layout ms': r.layoutMs,
      'first draw ms': r.firstDrawMs,
      'draw cpu ms': r.firstDrawCpuMs,
      'pan fps': r.panFps,
      'pan p95 ms': r.panP95FrameMs,
      'pan cpu ms/frame': r.panCpuMsPerFrame,
      'idle fps': r.idleFps,
      budget:
        r.elements === 1000
          ? r.firstDrawMs < CLIENT_BUDGETS.firstDrawMsAt1000
            ? 'draw ok'
            : 'draw OVER'
          : r.elements === 5000
            ? r.panFps >= CLIENT_BUDGETS.panFpsAt5000
              ? 'pan ok'
              : 'pan UNDER'
            : '',
    })),
  );
  console.log(
    `Budgets (reported, not asserted): 1,000 elements drawn with layout in < ${CLIENT_BUDGETS.firstDrawMsAt1000} ms; panning at 5,000 elements at >= ${CLIENT_BUDGETS.panFpsAt5000} fps. ` +
      `Medians of ${result.repeats} runs, Chromium ${result.machine.chromium}, ${result.machine.cpus} cores.`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,5000' },
      repeats: { type: 'string', default: '3' },
      pan: { type: 'string', default: '2000' },
      modes: { type: 'string', default: 'software,default' },
      layouts: { type: 'string', default: LAYOUTS.join(',') },
      'client-root': { type: 'string' },
      out: { type: 'string', default: join(ROOT, 'bench', 'client-results.json') },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const modes = values.modes.split(',') as Mode[];
  const layouts = values.layouts.split(',') as (typeof LAYOUTS)[number][];
  if (
    sizes.some((n) => !Number.isInteger(n) || n < 2) ||
    modes.some((m) => !(m in MODES)) ||
    layouts.some((l) => !LAYOUTS.includes(l))
  ) {
    console.error(
      '--sizes takes whole numbers (e.g. 1000,5000); --modes takes software and/or default; --layouts rings and/or fcose.',
    );
    process.exit(2);
  }
  const result = await runClientBench({
    sizes,
    modes,
    layouts,
    ...(values['client-root'] ? { clientRoot: values['client-root'] } : {}),
    repeats: Number(values.repeats),
    panMs: Number(values.pan),
    out: values.out,
    log: (line) => console.error(line),
  });
  printClientTable(result);
  console.log(`Figures written to ${values.out}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
