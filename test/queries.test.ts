import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseQueryFile, Queries } from '../server/common/queries.js';
import { testDb } from './helpers.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ringe-cypher-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('query loader', () => {
  it('when a file names its queries then each is loaded with its purpose and text', () => {
    const parsed = parseQueryFile(
      '// name: one\n// Finds one.\nMATCH (n) RETURN n;\n\n// name: two\n// Finds two.\nMATCH (m)\nRETURN m\n',
      'x.cypher',
    );
    expect(parsed).toEqual([
      { name: 'one', purpose: 'Finds one.', file: 'x.cypher', text: 'MATCH (n) RETURN n' },
      { name: 'two', purpose: 'Finds two.', file: 'x.cypher', text: 'MATCH (m)\nRETURN m' },
    ]);
  });

  it('when a name is asked for that no file defines then it throws naming it', () => {
    const q = Queries.load(folder({ 'a.cypher': '// name: known\n// Known.\nRETURN 1' }));
    expect(q.get('known')).toBe('RETURN 1');
    expect(() => q.get('unknown')).toThrow('No query named "unknown" in cypher/.');
  });

  it('when two files use the same name then loading fails naming both files', () => {
    const dir = folder({
      'a.cypher': '// name: same\n// First.\nRETURN 1',
      'b.cypher': '// name: same\n// Second.\nRETURN 2',
    });
    expect(() => Queries.load(dir)).toThrow(/Query name "same" is used twice: in .*a\.cypher and .*b\.cypher\./);
  });

  it('when a query has no purpose line then loading fails', () => {
    expect(() => parseQueryFile('// name: bare\nRETURN 1', 'c.cypher')).toThrow(
      'Query "bare" in c.cypher needs a one-line purpose comment under its name.',
    );
  });

  it('when Cypher stands before the first name then loading fails', () => {
    expect(() => parseQueryFile('RETURN 1\n// name: late\n// Late.\nRETURN 2', 'd.cypher')).toThrow(
      'd.cypher has Cypher before its first "// name:" line.',
    );
  });
});

describe("the project's cypher/ folder", () => {
  const db = testDb();
  afterAll(() => db.close());
  const all = Queries.load().all();

  it('when loaded then every query has a unique name and a purpose', () => {
    expect(all.length).toBeGreaterThan(10);
    expect(new Set(all.map((q) => q.name)).size).toBe(all.length);
    for (const q of all) expect(q.purpose.length).toBeGreaterThan(5);
  });

  it.each(all.filter((q) => !q.file.endsWith('schema.cypher')).map((q) => [q.name, q.text]))(
    'when query %s is planned by Neo4j then it compiles',
    async (_name, text) => {
      await expect(db.read(`EXPLAIN ${text}`)).resolves.toEqual([]);
    },
  );
});
