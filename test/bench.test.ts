import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../server/common/folders.js';

// `npm run bench` at a tiny size, only to prove it works end to end: generator, bulk load, the
// API, the floor and the bare driver for every operation (a survey round's results too, signed in),
// the first answers after real edits through the API (which the bench checks it has undone), the
// results file. Times are not asserted.

const OPERATIONS = [
  'search',
  'node',
  'rings',
  'paths',
  'contacts',
  'networks',
  'coordination',
  'brokers',
  'graph',
  'ripple',
  'results',
  'results (coordinator)',
  'coordination, first answer',
  'brokers, first answer',
  'contacts, first answer',
  'coordination, after an edit',
  'brokers, after an edit',
  'brokers, current after an edit',
  'contacts, after an edit',
];
/** The first answers after an edit: nothing is replayed, so they have neither bare-driver nor floor figures. */
const AFTER_AN_EDIT = [
  'coordination, after an edit',
  'brokers, after an edit',
  'brokers, current after an edit',
  'contacts, after an edit',
];
/** Answered from a cache, or each a one-off first answer: no floor is measured for them. */
const NO_FLOOR = [
  'coordination',
  'brokers',
  'coordination, first answer',
  'brokers, first answer',
  'contacts, first answer',
  ...AFTER_AN_EDIT,
];

describe('the benchmark', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ringe-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when run on a tiny municipality then every operation has API and bare-driver figures, the uncached ones floor figures too, and no errors', async () => {
    const out = join(dir, 'results.json');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'bench/run.ts',
          '--people',
          '60',
          '--requests',
          '3',
          '--out',
          out,
          '--data',
          join(dir, 'neo4j'),
          // the judged questions have a test of their own (test/search-quality.test.ts)
          '--no-quality',
        ],
        { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
      child.on('exit', (c) => {
        if (c !== 0) console.error(err);
        resolve(c);
      });
    });
    expect(code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result).toMatchObject({ people: 60, requests: 3, complete: true });
    expect(result.load.relations).toBeGreaterThan(0);
    expect(Object.keys(result.results).sort()).toEqual([...OPERATIONS].sort());
    for (const name of OPERATIONS) {
      const r = result.results[name];
      expect(r.errors, name).toBe(0);
      expect(r.n, name).toBeGreaterThan(0);
      const floored = !NO_FLOOR.includes(name);
      const bared = !AFTER_AN_EDIT.includes(name);
      for (const side of floored ? ['api', 'bare', 'floor'] : bared ? ['api', 'bare'] : ['api']) {
        for (const figure of ['p50', 'p95', 'mean'])
          expect(r[side][figure], `${name} ${side} ${figure}`).toBeGreaterThan(0);
      }
      if (floored) expect(r.floorRatio, name).toBe(Math.round((r.floor.p95 / r.bare.p95) * 100) / 100);
      else expect([r.floor, r.floorRatio], name).toEqual([null, null]);
      if (!bared) expect([r.bare, r.ratio], name).toEqual([null, null]);
    }
  }, 420_000); // about 260 s on a busy 2-core machine
});
