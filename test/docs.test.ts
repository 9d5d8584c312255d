import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchor } from '../scripts/api-docs.js';
import { configSchema } from '../server/common/config.js';

// The manual and the notes name variables, scripts, files and headings of this repository; these
// fail when one of them is renamed or removed and the text is not, so the documents cannot drift.
const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const DOCUMENTS = [
  'README.md',
  'ARCHITECTURE.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** A section of a Markdown text: from its heading to the next heading of the same level or above. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`No heading "${heading}".`);
  const level = heading.indexOf(' ');
  const rest = text.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** Headings outside code blocks. */
const headings = (text: string) =>
  [...text.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#+ (.+)$/gm)].map((m) => anchor(m[1]!));

describe('README.md', () => {
  const readme = read('README.md');

  it('when its configuration tables are read then they name every variable the server reads, and no other', () => {
    const named = [...section(readme, '## Configuration').matchAll(/^\| ((?:`[A-Z0-9_]+`(?:, )?)+) +\|/gm)].flatMap(
      (m) => [...m[1]!.matchAll(/`([A-Z0-9_]+)`/g)].map((v) => v[1]!),
    );
    const server = Object.keys(configSchema.shape);
    expect(server.filter((v) => !named.includes(v))).toEqual([]);
    const forTests = named.filter((v) => !server.includes(v));
    const readByTestsOrBench = ['test', 'bench', 'scripts']
      .flatMap((dir) => sources(join(ROOT, dir)))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(forTests.filter((v) => !readByTestsOrBench.includes(`process.env.${v}`))).toEqual([]);
  });

  it("when its scripts table is read then it names exactly package.json's scripts", () => {
    const scripts = Object.keys(JSON.parse(read('package.json')).scripts as Record<string, string>);
    const named = [...section(readme, '## Scripts').matchAll(/^\| `npm (?:run )?([\w:]+)/gm)].map((m) => m[1]!);
    expect([...new Set(named)].sort()).toEqual(scripts.sort());
  });
});

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe.each(DOCUMENTS)('%s', (file) => {
  const text = read(file);
  const prose = text.replace(/^```[\s\S]*?^```/gm, '');

  it('when it links to a file or a heading then the file and the heading are there', () => {
    const broken: string[] = [];
    // Links outside code spans (a pattern in one may look like a link).
    for (const [, target] of prose.replace(/`[^`\n]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [path, hash] = target!.split('#');
      const to = path ? relative(ROOT, join(ROOT, dirname(file), path)) : file;
      if (!existsSync(join(ROOT, to))) broken.push(target!);
      else if (hash && to.endsWith('.md') && !headings(read(to)).includes(hash)) broken.push(target!);
    }
    expect(broken).toEqual([]);
  });

  it('when it names a file or folder of the repository then it exists', () => {
    const TOP = /^(api|bench|client|cypher|docs|scripts|seed|server|test)\//;
    const named = [...prose.matchAll(/`([\w./-]+)`/g)].map((m) => m[1]!.replace(/\/$/, '')).filter((p) => TOP.test(p));
    expect(named.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });
});
