import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PLAN_KINDS, SOURCE_NAMES, type SyncRun } from '../api/sync.js';
import { connectScript } from '../seed/connect.js';
import { ConfigError, loadConfig } from '../server/common/config.js';
import { applySchema } from '../server/common/db/schema.js';
import { HttpError } from '../server/common/errors.js';
import { ROOT } from '../server/common/folders.js';
import { bindQueries } from '../server/common/queries.js';
import { SyncBusyError } from '../server/sync/engine.js';
import { KleFileError, loadKleFile } from '../server/sync/kle.js';
import { syncService } from '../server/sync/service.js';
import type { SourceName } from '../server/sync/source.js';
import { missingFor } from '../server/sync/sources/index.js';
import { stderrProgress } from '../seed/synthetic/load.js';

// `npm run sync -- --source ldap [--dry-run] [--force]`: one run of a configured source (the SYNC_
// variables, as the server reads them), against NEO4J_URI or the bundled Neo4j, as the page
// "Datakilder" runs it. It prints the plan or the result in plain Danish (the client's own words,
// client/src/locales/da.json) and exits 0 when it went through, 1 when it failed or another run
// was going, 2 when it was stopped for too many leavers (run it again with --force to apply it).

const USAGE = `Brug: npm run sync -- --source <${SOURCE_NAMES.join('|')}> [--dry-run] [--force]`;
/** Who the history and the runs list name for a run started here. */
const STARTED_BY = 'kommandolinje';

class UsageError extends Error {
  override name = 'UsageError';
}

function parseFlags(argv: string[]): { source: SourceName; dryRun: boolean; force: boolean } | null {
  let values: {
    source?: string | undefined;
    'dry-run'?: boolean | undefined;
    force?: boolean | undefined;
    help?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        source: { type: 'string' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    const first = String((err as Error).message)
      .split('\n')[0]!
      .split('. ')[0]!
      .replace(/\.$/, '');
    throw new UsageError(`${first}. ${USAGE}`);
  }
  if (values.help) return null;
  const source = SOURCE_NAMES.find((s) => s === values.source);
  if (!source)
    throw new UsageError(
      values.source === undefined
        ? `Sig, hvilken kilde der skal køres. ${USAGE}`
        : `Kilden "${values.source}" findes ikke; den skal være en af ${SOURCE_NAMES.join(', ')}. ${USAGE}`,
    );
  if (values['dry-run'] && values.force)
    throw new UsageError(`--force hører til en kørsel, ikke til --dry-run. ${USAGE}`);
  return { source, dryRun: values['dry-run'] ?? false, force: values.force ?? false };
}

const words = JSON.parse(readFileSync(join(ROOT, 'client/src/locales/da.json'), 'utf8')) as Record<string, string>;
/** A Danish text of the client's, with its {placeholders} filled in. */
const say = (key: string, vars: Record<string, string | number> = {}) =>
  (words[key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
const percent = (share: number) => `${(share * 100).toLocaleString('da-DK', { maximumFractionDigits: 1 })} %`;

/** The run in plain Danish, line by line. */
function describeRun(run: SyncRun): string[] {
  const source = say(`sources.name.${run.source}`);
  const lines: string[] = [];
  const plan = run.plan;
  const share = plan ? percent(plan.leaverShare) : '';
  const max = plan ? percent(plan.maxLeaverShare) : '';
  if (run.status === 'failed') {
    // The page's words: the reason in one sentence, then the technical detail on a line of its own.
    const error = run.error ?? { code: 'unknown', detail: '' };
    const nothingChanged = plan === null ? ` ${say('sources.error.nothingChanged')}` : '';
    lines.push(`${say('sources.result.failed', { source })} ${say(`sources.error.${error.code}`)}${nothingChanged}`);
    if (error.detail) lines.push(`  ${say('sources.error.detail', { detail: error.detail })}`);
  } else if (run.status === 'refused') lines.push(say('sources.result.refused', { source, share, max }));
  else lines.push(say(`sources.result.${run.status}`, { source }));
  if (!plan) return lines;
  const counts = [...PLAN_KINDS, 'unchanged', 'refused'] as const;
  lines.push(
    `${say('sources.col.counts')}: ${counts.map((k) => say('sources.count', { kind: say(`sources.kind.${k}`), count: plan.counts[k] })).join(', ')}.`,
  );
  lines.push(say('sources.share', { share, people: plan.counts.peopleBefore, max }));
  for (const kind of PLAN_KINDS) {
    const rows = plan.samples[kind] ?? [];
    if (!rows.length) continue;
    lines.push(`${say(`sources.kind.${kind}`)} (${say('sources.firstRows', { count: rows.length }).toLowerCase()}):`);
    for (const row of rows) {
      const changes = Object.entries(row.changes ?? {})
        .map(([field, [before, after]]) => `${field}: ${String(before ?? '–')} → ${String(after ?? '–')}`)
        .join('; ');
      lines.push(`  ${row.name}${changes ? ` (${changes})` : ''}`);
    }
  }
  if (plan.refusals.length) {
    lines.push(`${say('sources.refusals')}:`);
    for (const r of plan.refusals) {
      const reason = say(`sources.refusal.${r.reason}`);
      lines.push(
        `  ${r.field ? say('sources.refusalField', { record: r.record, field: words[`field.${r.field}`] ?? r.field, reason }) : say('sources.refusalLine', { record: r.record, reason })}`,
      );
    }
    if (plan.counts.refused > plan.refusals.length)
      lines.push(`  ${say('sources.refusalsMore', { count: plan.counts.refused - plan.refusals.length })}`);
  }
  return lines;
}

async function run(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2));
  if (!flags) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const missing = missingFor(config, flags.source);
  if (missing.length)
    throw new UsageError(`Kilden ${flags.source} er ikke sat op: sæt ${missing.join(', ')} og prøv igen.`);
  const { db, close } = await connectScript(config, (line) => console.error(line));
  try {
    const queries = bindQueries(db);
    await applySchema(queries);
    if (config.SYNC_KLE_FILE) await loadKleFile(db, config.SYNC_KLE_FILE);
    // The tests keep their runs, records and lease apart from the real sources' (the engine's scope).
    const scope = process.env.RINGE_SYNC_SCOPE;
    const sync = syncService(db, queries, { config, ...(scope ? { scope } : {}) });
    const bar = stderrProgress(say('sources.cli.writing'));
    const result = flags.dryRun
      ? await sync.preview(flags.source, STARTED_BY)
      : await sync.run(flags.source, STARTED_BY, flags.force, bar.update);
    bar.done();
    for (const line of describeRun(result)) console.log(line);
    return result.status === 'failed' ? 1 : result.status === 'refused' ? 2 : 0;
  } finally {
    await close();
  }
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof SyncBusyError) console.error(say('sources.busy'));
    else if (
      err instanceof ConfigError ||
      err instanceof UsageError ||
      err instanceof HttpError ||
      err instanceof KleFileError
    )
      console.error(err.message);
    else console.error(err);
    process.exit(1);
  },
);
