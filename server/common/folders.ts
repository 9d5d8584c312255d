import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The project root is the nearest folder with package.json, so paths hold both when the
// server runs from its TypeScript sources and from the compiled dist/ folder.
function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${from}.`);
    dir = up;
  }
  return dir;
}

export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const CYPHER_DIR = join(ROOT, 'cypher');
export const BOOKLET_DIR = join(ROOT, 'seed', 'booklet');
export const CLIENT_DIST = join(ROOT, 'dist', 'client');
export const LOCAL_NEO4J_DIR = join(ROOT, 'server', 'common', 'local-neo4j');
