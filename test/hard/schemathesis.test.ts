import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../../api/endpoints.js';
import { roleGrantStore } from '../../server/auth/oidc.js';
import { DEV_AUTH } from '../../server/auth/settings.js';
import { ROOT } from '../../server/common/folders.js';
import { signIn, startAppWith, testDb, type RunningApp } from '../helpers.js';
import { bindQueries } from '../../server/common/queries.js';

// schemathesis (from PyPI, in a throwaway virtual environment under .cache/) against the OpenAPI
// document the server publishes: more than 10,000 generated requests, valid and invalid, as a
// signed-in admin from Ringe's own origin, with every check schemathesis has (schemathesis.toml
// beside this file: the few operations a check cannot apply to, and why). No answer may be a
// server error or fall outside its documented schema, status code, media type or headers; valid
// data is accepted and invalid data refused; a method the document does not name gets 405 with
// Allow; what is created can be read and what is deleted is gone.

const VERSION = '4.32.5';
const VENV = join(ROOT, '.cache', `schemathesis-${VERSION}`);
const ST = join(VENV, 'bin', 'st');
const CONFIG = join(ROOT, 'test', 'hard', 'schemathesis.toml');
/** Examples per operation: enough for more than 10,000 requests in all (the coverage phase adds its own). */
const MAX_EXAMPLES = Number(process.env.RINGE_ST_MAX_EXAMPLES ?? 210);
const MIN_REQUESTS = 10_000;
const SEED = Number(process.env.RINGE_ST_SEED ?? Math.floor(Math.random() * 1_000_000));

/**
 * Operations in groups, one schemathesis process each (single-threaded: Python 3.11's ast is not
 * thread-safe, which hypothesis trips over with --workers > 1, and processes use both cores).
 * Operations whose answers feed each other's parameters (the stateful phase) share a group.
 * The run's own admin session survives its changes to the role list: an admin cannot change
 * their own roles (server/auth/routes.ts), so no generated request ends it.
 */
const GROUPS: (keyof typeof endpoints)[][] = [
  [
    'createNode',
    'updateNode',
    'deleteNode',
    'createRelation',
    'updateRelation',
    'deleteRelation',
    'nodeHistory',
    'undo',
    'node',
  ],
  [
    'search',
    'searchMisses',
    'rings',
    'paths',
    'contacts',
    'me',
    'history',
    'networks',
    'flower',
    'departments',
    'networksWithLeavers',
    'networkLeavers',
    'handover',
  ],
  [
    'exportJson',
    'exportCsv',
    'exportGraphml',
    'importJson',
    'importCsv',
    'personExport',
    'erasePerson',
    'syncSources',
    'syncPreview',
    'syncRun',
    'syncRuns',
  ],
  [
    'coordination',
    'graph',
    'ripple',
    'brokers',
    'trends',
    'timeline',
    'report',
    'roleGrants',
    'setRoleGrant',
    'syncHrMapping',
    'setSyncHrMapping',
    'syncUnits',
    'setSyncUnitDepartment',
    'userLinks',
    'setUserLink',
  ],
  [
    'networkRounds',
    'openRound',
    'roundForMe',
    'answerRound',
    'roundAnswers',
    'deleteRoundAnswers',
    'closeRound',
    'roundResults',
    'acceptPetal',
    'roundInvitations',
    'roundShare',
  ],
];

function ensureSchemathesis(): void {
  if (existsSync(ST)) return;
  const venv = spawnSync('python3', ['-m', 'venv', VENV], { encoding: 'utf8' });
  if (venv.error || venv.status !== 0) {
    throw new Error(
      `python3 -m venv failed (${venv.error?.message ?? venv.stderr.trim()}); install python3 and python3-venv (Debian: apt-get install python3-venv).`,
    );
  }
  const pip = spawnSync(
    join(VENV, 'bin', 'pip'),
    ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${VERSION}`],
    { encoding: 'utf8', timeout: 300_000 },
  );
  if (pip.status !== 0) {
    rmSync(VENV, { recursive: true, force: true });
    throw new Error(`pip install schemathesis==${VERSION} failed: ${pip.stderr.trim().split('\n').pop()}`);
  }
}

interface Report {
  test_cases: { generated: number; with_failures: number; unique_failures: number; errored: number };
  failures: unknown[];
  errors: unknown[];
  warnings: Record<string, unknown[]>;
}
interface GroupRun {
  group: number;
  exitCode: number | null;
  seconds: number;
  output: string;
  report: Report | undefined;
}

function runGroup(group: number, ops: string[], app: RunningApp, cookie: string, work: string): Promise<GroupRun> {
  const reportDir = join(work, `report-${group}`);
  const args = [
    '--config-file',
    CONFIG,
    'run',
    `${app.url}/api/openapi.json`,
    '--header',
    `Cookie: ${cookie}`,
    '--header',
    `Origin: ${app.url}`,
    '--max-examples',
    String(MAX_EXAMPLES),
    '--workers',
    '1',
    '--seed',
    String(SEED + group),
    '--request-timeout',
    '30',
    '--generation-database',
    'none',
    '--no-color',
    '--report',
    'json',
    '--report-dir',
    reportDir,
    ...ops.flatMap((op) => ['--include-operation-id', op]),
  ];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(ST, args, { cwd: work, env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (exitCode) => {
      const file = existsSync(reportDir) ? readdirSync(reportDir).find((f) => f.endsWith('.json')) : undefined;
      const report = file ? (JSON.parse(readFileSync(join(reportDir, file), 'utf8')) as Report) : undefined;
      resolve({ group, exitCode, seconds: (Date.now() - started) / 1000, output, report });
    });
  });
}

describe('schemathesis against /api/openapi.json', () => {
  let app: RunningApp;
  let work: string;
  /** Requests the server answered, the document itself not counted. */
  let requests = 0;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    ensureSchemathesis();
    work = mkdtempSync(join(tmpdir(), 'ringe-schemathesis-'));
    const db = testDb();
    // No rate limits (a fuzzer writes fast); the admin-managed role list as in a real start.
    app = await startAppWith({
      db,
      auth: { ...DEV_AUTH, roleGrants: roleGrantStore(bindQueries(db)) },
      http: { signInLimit: 0, writeLimit: 0 },
      wrap: (handler) => (req, res) => {
        if (!req.url?.startsWith('/api/openapi.json')) {
          requests++;
          res.on('finish', () => statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1));
        }
        handler(req, res);
      },
    });
  }, 600_000);
  afterAll(async () => {
    await app?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('when more than 10,000 generated requests hit every operation then there is no server error and no answer outside the document', async () => {
    const covered = GROUPS.flat();
    expect([...covered].sort(), 'every operation in exactly one group').toEqual(Object.keys(endpoints).sort());

    const cookie = await signIn(app, 'admin');
    const started = Date.now();
    const runs = await Promise.all(GROUPS.map((ops, i) => runGroup(i + 1, ops, app, cookie, work)));
    const seconds = Math.round((Date.now() - started) / 1000);

    const cases = runs.reduce((n, r) => n + (r.report?.test_cases.generated ?? 0), 0);
    const failures = runs.reduce((n, r) => n + (r.report?.test_cases.unique_failures ?? 0), 0);
    const errors = runs.flatMap((r) => r.report?.errors ?? []);
    const warnings = runs.flatMap((r) =>
      Object.entries(r.report?.warnings ?? {})
        .filter(([, v]) => Array.isArray(v) && v.length)
        .map(([k, v]) => `${k}: ${v.length}`),
    );
    console.log(
      [
        `schemathesis ${VERSION}, seed ${SEED} (RINGE_ST_SEED to repeat), ${MAX_EXAMPLES} examples per operation, ${GROUPS.length} processes`,
        `requests sent: ${requests} in ${seconds} s (${Math.round(requests / seconds)}/s); test cases: ${cases}`,
        `answers by status: ${[...statuses]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}: ${n}`)
          .join(', ')}`,
        `failures: ${failures}; errors: ${errors.length}${warnings.length ? `; warnings: ${warnings.join(', ')}` : ''}`,
        ...runs.map(
          (r) =>
            `  group ${r.group}: ${r.report?.test_cases.generated ?? '?'} cases in ${Math.round(r.seconds)} s, exit ${r.exitCode}`,
        ),
      ].join('\n'),
    );
    for (const r of runs) {
      if (!r.report || r.report.test_cases.unique_failures || r.report.errors.length) {
        // schemathesis' own account of what failed, with a curl line to reproduce each.
        console.log(
          `--- group ${r.group} (${GROUPS[r.group - 1]!.join(', ')}) ---\n${r.output.slice(r.output.indexOf('= FAILURES =') >= 0 ? r.output.indexOf('= FAILURES =') - 40 : -20_000)}`,
        );
      }
    }

    expect(
      runs.map((r) => Boolean(r.report)),
      'every schemathesis process wrote its report',
    ).toEqual(GROUPS.map(() => true));
    expect(failures, 'failures found by schemathesis (see its output above)').toBe(0);
    expect(
      errors.map((e) => JSON.stringify(e).slice(0, 400)),
      'errors while testing (timeouts, broken answers)',
    ).toEqual([]);
    expect(requests).toBeGreaterThan(MIN_REQUESTS);
    expect(statuses.get(500) ?? 0).toBe(0);
  }, 1_500_000);
});
