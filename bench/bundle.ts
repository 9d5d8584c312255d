import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

// `npx tsx bench/bundle.ts`: what a phone downloads to open Ringe's first page. Builds the client
// (or reads an existing build), follows index.html's script and link tags and the entry chunk's
// static imports, and gzips each file (node:zlib, default level). Lazy chunks (the graph with
// Cytoscape) are listed apart. Budget: the first page under 350 kB gzipped.

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The first page's assets, gzipped, in bytes (350 kB). */
export const FIRST_PAGE_BUDGET_GZIP = 350_000;

/** Strings only Cytoscape's or fcose's code holds: if one is in the first page, the graph is not lazy. */
const GRAPH_LIBRARY_MARKERS = ['Could not create canvas of type', 'No such renderer', 'cose-base', 'layout-base'];

export interface BundleFile {
  file: string;
  bytes: number;
  gzip: number;
}
export interface BundleGroup {
  files: BundleFile[];
  bytes: number;
  gzip: number;
}
export interface BundleReport {
  dir: string;
  /** index.html and the JS and CSS it loads eagerly (script and link tags, static imports). */
  firstPage: BundleGroup;
  /** Every other file of the build (chunks loaded by dynamic import). */
  lazy: BundleGroup;
  budgetGzip: number;
  withinBudget: boolean;
  /** The files holding Cytoscape's or fcose's code. */
  graphLibraryFiles: string[];
  /** Whether one of them is in the first page (they should only be lazy chunks). */
  graphLibraryInFirstPage: boolean;
}

function group(dir: string, files: string[]): BundleGroup {
  const measured = files.map((file) => {
    const data = readFileSync(join(dir, file));
    return { file, bytes: data.length, gzip: gzipSync(data).length };
  });
  return {
    files: measured,
    bytes: measured.reduce((s, f) => s + f.bytes, 0),
    gzip: measured.reduce((s, f) => s + f.gzip, 0),
  };
}

function allFiles(dir: string, under = ''): string[] {
  return readdirSync(join(dir, under), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(dir, posix.join(under, e.name)) : [posix.join(under, e.name)],
  );
}

/** The files a page loads eagerly: the HTML's scripts, stylesheets and modulepreloads, then static imports, transitively. */
export function firstPageFiles(dir: string): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const local = (url: string) => (/^[a-z]+:|^\/\//i.test(url) ? null : url.replace(/^\//, '').replace(/[?#].*$/, ''));
  const found = new Set<string>(['index.html']);
  const queue: string[] = [];
  const take = (file: string | null) => {
    if (!file || found.has(file) || !existsSync(join(dir, file))) return;
    found.add(file);
    if (file.endsWith('.js')) queue.push(file);
  };
  for (const m of html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["'][^>]*>/gi)) take(local(m[1]!));
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = /\brel=["']([^"']+)["']/i.exec(m[0])?.[1] ?? '';
    const href = /\bhref=["']([^"']+)["']/i.exec(m[0])?.[1];
    if (href && /\b(stylesheet|modulepreload)\b/i.test(rel)) take(local(href));
  }
  // Static imports (`import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`), never `import("./x.js")`.
  const staticImport = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+)["']/g;
  while (queue.length > 0) {
    const file = queue.shift()!;
    const code = readFileSync(join(dir, file), 'utf8');
    for (const m of code.matchAll(staticImport)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) take(posix.join(posix.dirname(file), spec));
      else if (spec.startsWith('/')) take(local(spec));
    }
  }
  return [...found];
}

/** Builds the client with the project's Vite config into `outDir`. */
export async function buildClient(outDir: string): Promise<void> {
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, rolldownOptions: { checks: { bundlerTimings: false } } },
  });
}

export async function bundleSize(options: { dir?: string; build?: boolean } = {}): Promise<BundleReport> {
  const dir = resolve(options.dir ?? join(ROOT, 'dist', 'client'));
  if (options.build || !existsSync(join(dir, 'index.html'))) await buildClient(dir);
  const eager = firstPageFiles(dir);
  const lazy = allFiles(dir).filter((f) => !eager.includes(f));
  const firstPage = group(dir, eager);
  const graphLibraryFiles = allFiles(dir)
    .filter((f) => f.endsWith('.js'))
    .filter((f) => {
      const code = readFileSync(join(dir, f), 'utf8');
      return GRAPH_LIBRARY_MARKERS.some((m) => code.includes(m));
    });
  return {
    dir,
    firstPage,
    lazy: group(dir, lazy),
    budgetGzip: FIRST_PAGE_BUDGET_GZIP,
    withinBudget: firstPage.gzip < FIRST_PAGE_BUDGET_GZIP,
    graphLibraryFiles,
    graphLibraryInFirstPage: graphLibraryFiles.some((f) => eager.includes(f)),
  };
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

export function printBundleTable(report: BundleReport): void {
  const rows = (g: BundleGroup, load: string) =>
    g.files.map((f) => ({ load, file: f.file, size: kB(f.bytes), gzipped: kB(f.gzip) }));
  console.table([
    ...rows(report.firstPage, 'first page'),
    { load: 'first page', file: '(total)', size: kB(report.firstPage.bytes), gzipped: kB(report.firstPage.gzip) },
    ...rows(report.lazy, 'lazy'),
    { load: 'lazy', file: '(total)', size: kB(report.lazy.bytes), gzipped: kB(report.lazy.gzip) },
  ]);
  console.log(
    `First page: ${kB(report.firstPage.gzip)} gzipped, budget ${kB(report.budgetGzip)}: ${report.withinBudget ? 'within' : 'OVER'}. ` +
      `Cytoscape/fcose in the first page: ${report.graphLibraryInFirstPage ? 'YES' : 'no'} (it is in ${report.graphLibraryFiles.join(', ') || 'no file'}).`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      /** Measure dist/client as it is instead of building into .cache/bench-bundle. */
      dist: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const report = values.dist
    ? await bundleSize()
    : await bundleSize({ dir: join(ROOT, '.cache', 'bench-bundle'), build: true });
  printBundleTable(report);
  if (values.out) writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
