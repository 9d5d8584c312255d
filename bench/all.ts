import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../server/common/folders.js';

// `npm run bench [-- <options>]`: the four benchmarks in turn, each in a process of its own. The
// options (--people 500000, --reuse, --only …) are bench/run.ts's, the API and the bare driver:
// npm would hand them to the last script of a chain, the synchronisation's, which has its own
// (`npx tsx bench/sync.ts --people …`) and keeps its 50,000 people.

const steps: [script: string, args: string[]][] = [
  ['run.ts', process.argv.slice(2)],
  ['client.ts', []],
  ['bundle.ts', []],
  ['sync.ts', []],
];
for (const [script, args] of steps) {
  const done = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', script), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (done.status !== 0) process.exit(done.status ?? 1);
}
