import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CYPHER_DIR } from './folders.js';

export interface NamedQuery {
  name: string;
  purpose: string;
  file: string;
  text: string;
}

export class QueryFileError extends Error {
  override name = 'QueryFileError';
}

const NAME = /^\/\/\s*name:\s*(\S+)\s*$/;

/**
 * Parses one .cypher file. Each query starts with a `// name: <name>` line, followed by a
 * `// <purpose>` line, then the Cypher text up to the next name line.
 */
export function parseQueryFile(source: string, file: string): NamedQuery[] {
  const queries: NamedQuery[] = [];
  let current: { name: string; purpose: string; lines: string[] } | undefined;
  const finish = () => {
    if (!current) return;
    const text = current.lines.join('\n').trim().replace(/;\s*$/, '');
    if (!text) throw new QueryFileError(`Query "${current.name}" in ${file} has no Cypher text.`);
    queries.push({ name: current.name, purpose: current.purpose, file, text });
  };
  const lines = source.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = NAME.exec(line.trim());
    if (m) {
      finish();
      const purpose = /^\/\/\s*(.+)$/.exec(lines[i + 1]?.trim() ?? '')?.[1];
      if (!purpose || NAME.test(lines[i + 1]!.trim())) {
        throw new QueryFileError(`Query "${m[1]}" in ${file} needs a one-line purpose comment under its name.`);
      }
      current = { name: m[1]!, purpose, lines: [] };
      i++;
    } else if (current) {
      current.lines.push(line);
    } else if (line.trim() && !line.trim().startsWith('//')) {
      throw new QueryFileError(`${file} has Cypher before its first "// name:" line.`);
    }
  }
  finish();
  return queries;
}

/** The named queries of a folder, loaded once at start; looking up an unknown name throws. */
export class Queries {
  private readonly byName = new Map<string, NamedQuery>();

  constructor(queries: NamedQuery[]) {
    for (const q of queries) {
      const seen = this.byName.get(q.name);
      if (seen) {
        throw new QueryFileError(`Query name "${q.name}" is used twice: in ${seen.file} and ${q.file}.`);
      }
      this.byName.set(q.name, q);
    }
  }

  static load(dir: string = CYPHER_DIR): Queries {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.cypher'))
      .sort();
    return new Queries(
      files.flatMap((f) => parseQueryFile(readFileSync(join(dir, f), 'utf8'), relative(process.cwd(), join(dir, f)))),
    );
  }

  get(name: string): string {
    const q = this.byName.get(name);
    if (!q) throw new QueryFileError(`No query named "${name}" in cypher/.`);
    return q.text;
  }

  /** All queries of one file, in file order (used for schema.cypher). */
  fromFile(fileName: string): NamedQuery[] {
    return [...this.byName.values()].filter((q) => q.file.endsWith(fileName));
  }

  all(): NamedQuery[] {
    return [...this.byName.values()];
  }
}
