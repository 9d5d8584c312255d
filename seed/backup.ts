import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { Principal } from '../api/auth.js';
import { REL_TYPES } from '../api/common.js';
import { cprRefusal } from '../api/cpr.js';
import { parseRelationId, relationId } from '../api/edit.js';
import { canonicalJson, graphExportSchema, type JsonImportResponse } from '../api/transfer.js';
import { ConfigError, loadConfig } from '../server/common/config.js';
import { NotFoundError } from '../server/common/errors.js';
import { ROOT } from '../server/common/folders.js';
import { erasureHash } from '../server/privacy/redact.js';
import { privacyService } from '../server/privacy/service.js';
import { bindQueries, type Queries, type WriteQueries } from '../server/common/queries.js';
import { applySchema } from '../server/common/db/schema.js';
import { type Progress, transferService } from '../server/transfer/service.js';
import { stderrProgress } from './synthetic/load.js';
import { connectScript, type ScriptConnection } from './connect.js';

// `npm run backup` and `npm run restore -- <file>`: the graph as the JSON export
// (GET /api/export/json, the same canonical file) plus the history of changes, the admin-managed
// role list, the users' links to people, the survey rounds and answers (no Entity, so not in the
// export) and the erasures (format version 2), written straight from Neo4j in one read
// transaction with a SHA-256 checksum file beside it; and that file restored, checksum first, into
// an empty database, history and all. The database is NEO4J_URI, the bundled Neo4j a running
// `npm start` has open, or else the bundled Neo4j started just for this (as `npm run seed` does).
//
// Erasures are remembered by a hash of the person's id. A backup taken before an erasure would
// bring the person back: restore compares the file's erasures with those of the database it
// restores into and of the newest backup beside the file (each backup holds all erasures until
// then), refuses when an erased person is in the file, and with --reapply-erasures restores and
// erases them again (history and other nodes' texts included).

/** A problem the operator can fix: one line, no stack. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** Whom the restore's history records as having made the changes. */
const RESTORER: Principal = { sub: 'system:restore', name: 'npm run restore', roles: ['admin'] };

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

// ---------------------------------------------------------------------------------------------
// The backup file: the graph export (version 1) with the history, role grants and erasures (version 2)

export const BACKUP_VERSION = 2;
const nullable = z.string().nullable();
/** A Change node as stored: before and after stay the JSON text they are, so a restore writes them back unchanged. */
export const historyEntrySchema = z.strictObject({
  id: z.string(),
  at: nullable,
  actorSub: nullable,
  actorName: nullable,
  action: nullable,
  targetKind: nullable,
  targetId: nullable,
  before: nullable,
  after: nullable,
  undoOf: nullable,
});
export const roleGrantEntrySchema = z.strictObject({
  sub: z.string(),
  role: z.string(),
  grantedAt: nullable,
  grantedBy: nullable,
});
/** An admin's link from a user (the provider's subject) to their Person (who am I). */
export const userLinkEntrySchema = z.strictObject({
  sub: z.string(),
  personId: z.string(),
  setBy: nullable,
  at: nullable,
});
const personIds = z.array(z.string()).readonly().nullable();
/** A survey round (no Entity, so not in the graph export) with every property it holds; null where it has none. */
export const surveyRoundEntrySchema = z.strictObject({
  id: z.string(),
  networkId: nullable,
  opensOn: nullable,
  closesOn: nullable,
  closedOn: nullable,
  askNamed: z.boolean().nullable(),
  asked: personIds,
  createdAt: nullable,
  createdBy: nullable,
  answersDeletedOn: nullable,
  results: nullable,
  source: nullable,
});
/** A survey answer (no Entity either) with every property it holds; null where it has none. */
export const surveyAnswerEntrySchema = z.strictObject({
  id: z.string(),
  roundId: nullable,
  networkId: nullable,
  personId: nullable,
  at: nullable,
  departmentIds: personIds,
  named: personIds,
  ratings: nullable,
  texts: nullable,
  source: nullable,
});
/** An erasure: the hash of the person's id (server/privacy/redact.ts) and when; nothing personal. */
export const erasureEntrySchema = z.strictObject({ idHash: z.string().regex(/^[0-9a-f]{64}$/), at: nullable });
/** A node's or relation's (source|TYPE|target) version counter, where it is above 1. */
export const versionEntrySchema = z.strictObject({ id: z.string(), version: z.number().int().min(2) });
export const backupSchema = graphExportSchema.extend({
  version: z.literal(BACKUP_VERSION),
  versions: z.array(versionEntrySchema),
  history: z.array(historyEntrySchema),
  roleGrants: z.array(roleGrantEntrySchema),
  /** Absent from backups made before users were linked to people: none then. */
  userLinks: z.array(userLinkEntrySchema).default([]),
  /** Absent from backups made before survey rounds were backed up: none then. */
  surveyRounds: z.array(surveyRoundEntrySchema).default([]),
  surveyAnswers: z.array(surveyAnswerEntrySchema).default([]),
  erasures: z.array(erasureEntrySchema),
});
export type Backup = z.infer<typeof backupSchema>;
type Erasure = Backup['erasures'][number];
type SurveyRoundEntry = Backup['surveyRounds'][number];
type SurveyAnswerEntry = Backup['surveyAnswers'][number];

/** Rows written per transaction when the history, grants and erasures are restored. */
const RESTORE_BATCH = 2000;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
/** The checksum file beside a backup, in the format `sha256sum -c` reads. */
export const checksumFile = (file: string) => `${file}.sha256`;

/** backups/ringe-YYYYMMDD-HHMMSS.json, in local time. */
export function defaultBackupFile(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return resolve(ROOT, 'backups', `ringe-${stamp}.json`);
}

export interface BackupResult {
  file: string;
  sha256: string;
  nodes: number;
  relations: number;
  history: number;
  roleGrants: number;
  surveyRounds: number;
  surveyAnswers: number;
  erasures: number;
}

/** Everything a backup holds, read in one transaction so the graph and its history are one moment's. */
async function readDatabase(queries: Queries): Promise<Backup> {
  const transfer = transferService(queries);
  return queries.readTx(async (t) => {
    const graph = await transfer.exportGraphIn(t);
    const history = await t.backupHistory();
    const roleGrants = await t.backupRoleGrants();
    const userLinks = await t.backupUserLinks();
    const surveyRounds = await t.backupSurveyRounds();
    const surveyAnswers = await t.backupSurveyAnswers();
    const erasures = await t.privacyErasuresAll();
    // Only of what the file holds, so a restored database backs up to the same file.
    const held = new Set([
      ...graph.nodes.map((n) => n.id),
      ...graph.relations.map((r) => relationId(r.source, r.type, r.target)),
    ]);
    const versions = (await t.backupVersions({ types: REL_TYPES })).filter((r) => held.has(r.id));
    return {
      ...graph,
      version: BACKUP_VERSION,
      versions,
      history,
      roleGrants,
      userLinks,
      surveyRounds,
      surveyAnswers,
      erasures,
    };
  });
}

/** Writes the backup to `file` (never over an existing one) and its checksum beside it. */
export async function writeBackup(queries: Queries, file: string): Promise<BackupResult> {
  if (existsSync(file)) throw new BackupError(`${file} already exists; choose another name with --out.`);
  const backup = await readDatabase(queries);
  const text = canonicalJson(backup);
  const hash = sha256(text);
  mkdirSync(dirname(file), { recursive: true });
  // Written under a temporary name and renamed, so a backup file is never half written.
  writeFileSync(`${file}.partial`, text);
  renameSync(`${file}.partial`, file);
  writeFileSync(checksumFile(file), `${hash}  ${basename(file)}\n`);
  return {
    file,
    sha256: hash,
    nodes: backup.nodes.length,
    relations: backup.relations.length,
    history: backup.history.length,
    roleGrants: backup.roleGrants.length,
    surveyRounds: backup.surveyRounds.length,
    surveyAnswers: backup.surveyAnswers.length,
    erasures: backup.erasures.length,
  };
}

/**
 * Reads a backup after checking it against its checksum file; BackupError in one line otherwise.
 * A file of version 1 (the graph only) reads as a backup with no history, grants or erasures.
 */
export function readBackup(file: string): { text: string; backup: Backup; withHistory: boolean } {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  const sumFile = checksumFile(file);
  if (!existsSync(sumFile)) throw new BackupError(`${sumFile} is missing, so ${basename(file)} cannot be verified.`);
  const expected = readFileSync(sumFile, 'utf8').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const bytes = readFileSync(file);
  if (sha256(bytes) !== expected) {
    throw new BackupError(
      `${basename(file)} does not match the checksum in ${basename(sumFile)}; the file is damaged or was changed, so nothing was restored.`,
    );
  }
  const text = bytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError(`${basename(file)} is not JSON.`);
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (version === BACKUP_VERSION) {
    const parsed = backupSchema.safeParse(json);
    if (parsed.success) return { text, backup: parsed.data, withHistory: true };
  } else {
    const parsed = graphExportSchema.safeParse(json);
    if (parsed.success)
      return {
        text,
        backup: {
          ...parsed.data,
          version: BACKUP_VERSION,
          versions: [],
          history: [],
          roleGrants: [],
          userLinks: [],
          surveyRounds: [],
          surveyAnswers: [],
          erasures: [],
        },
        withHistory: false,
      };
  }
  throw new BackupError(
    `${basename(file)} is not a Ringe backup (format ringe-graph, version 1 or ${BACKUP_VERSION}).`,
  );
}

/** The newest other backup beside `file` that passes its checksum (by modification time), or null. */
function newestBeside(file: string): { name: string; backup: Backup } | null {
  const dir = dirname(file);
  const others = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && resolve(dir, f) !== resolve(file) && existsSync(checksumFile(join(dir, f))))
    .map((f) => ({ f, mtime: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { f } of others) {
    try {
      return { name: f, backup: readBackup(join(dir, f)).backup };
    } catch (err) {
      if (!(err instanceof BackupError)) throw err;
    }
  }
  return null;
}

/** The erasures recorded after the backup was taken: in the database or the newest backup beside the file, not in the file. */
async function erasuresSince(
  queries: Queries,
  file: string,
  backup: Backup,
): Promise<{ since: Erasure[]; sources: string[] }> {
  const inFile = new Set(backup.erasures.map((e) => e.idHash));
  const since = new Map<string, Erasure>();
  const sources: string[] = [];
  const take = (source: string, list: Erasure[]) => {
    const later = list.filter((e) => !inFile.has(e.idHash));
    if (!later.length) return;
    sources.push(source);
    for (const e of later) if (!since.has(e.idHash)) since.set(e.idHash, e);
  };
  take('the database', await queries.privacyErasuresAll());
  const beside = newestBeside(file);
  if (beside) take(beside.name, beside.backup.erasures);
  return { since: [...since.values()], sources };
}

/**
 * The survey rounds and answers as erasing the given people leaves them (server/privacy/service.ts,
 * surveyErasePerson): their answers out, their ids out of the rounds' asked, a pseudonym for each of
 * them in others' answers' named. So an erased person's answers are never written, also when the
 * person is not in the file's graph (left out, or deleted before the backup) and no erasure runs for them.
 */
export function surveysWithout(
  rounds: readonly SurveyRoundEntry[],
  answers: readonly SurveyAnswerEntry[],
  erasedHashes: ReadonlySet<string>,
): { rounds: SurveyRoundEntry[]; answers: SurveyAnswerEntry[] } {
  if (!erasedHashes.size) return { rounds: [...rounds], answers: [...answers] };
  const pseudonyms = new Map<string, string | null>();
  /** The pseudonym of an erased person's id, the same for each of their mentions; null when they were not erased. */
  const pseudonymOf = (id: string) => {
    if (!pseudonyms.has(id))
      pseudonyms.set(id, erasedHashes.has(erasureHash(id)) ? `slettet-${randomUUID().slice(0, 8)}` : null);
    return pseudonyms.get(id) ?? null;
  };
  return {
    rounds: rounds.map((r) => (r.asked ? { ...r, asked: r.asked.filter((id) => pseudonymOf(id) === null) } : r)),
    answers: answers
      .filter((a) => a.personId === null || pseudonymOf(a.personId) === null)
      .map((a) => (a.named ? { ...a, named: a.named.map((id) => pseudonymOf(id) ?? id) } : a)),
  };
}

const partition = <T>(list: T[], test: (x: T) => boolean): [T[], T[]] => [
  list.filter(test),
  list.filter((x) => !test(x)),
];

/** Writes rows with one query, RESTORE_BATCH per write transaction. */
async function writeInBatches<R>(
  queries: Queries,
  rows: readonly R[],
  write: (t: WriteQueries, rows: R[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += RESTORE_BATCH) {
    const batch = rows.slice(i, i + RESTORE_BATCH);
    await queries.writeTx((t) => write(t, batch));
  }
}

export interface RestoreOptions {
  /** Merge into a database that already holds data (by id, as the JSON import does). */
  merge?: boolean;
  /** Restore the valid items even when some are not valid (they are listed and left out). */
  skipInvalid?: boolean;
  /** Restore a backup from before erasures and erase those people again. */
  reapplyErasures?: boolean;
  /** Told after each batch of the graph's nodes and relations how many are written, of how many. */
  progress?: Progress;
}

export interface RestoreResult extends JsonImportResponse {
  /** Changes of history, role grants and erasures in the file. */
  history: number;
  roleGrants: number;
  surveyRounds: number;
  surveyAnswers: number;
  erasures: number;
  /** Erasures recorded after the backup was taken, and the people in it erased again for them. */
  erasuresSince: number;
  erasedAgain: number;
}

/**
 * Verifies and restores a backup; refuses a non-empty database unless merging, and a file from
 * before an erasure unless told to erase those people again. Into an empty database the file's
 * history is written as it was (the restore adds no records of its own); merging records the
 * merge as an import and adds the file's changes the database lacks.
 */
export async function restoreBackup(bound: Queries, file: string, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const { backup, withHistory } = readBackup(file);
  const graph = { nodes: backup.nodes, relations: backup.relations };
  await applySchema(bound);
  const [row] = await bound.countNodes();
  const held = row?.nodes ?? 0;
  if (held > 0 && !opts.merge) {
    throw new BackupError(
      `The database already holds ${held} nodes; restore into an empty database, or add --merge to merge the file into this one.`,
    );
  }
  const { since, sources } = await erasuresSince(bound, file, backup);
  const sinceHashes = new Set(since.map((e) => e.idHash));
  const erased = backup.nodes.filter((n) => n.kind === 'Person' && sinceHashes.has(erasureHash(n.id))).map((n) => n.id);
  if (erased.length && !opts.reapplyErasures) {
    throw new BackupError(
      `${basename(file)} is from before ${plural(since.length, 'erasure', 'erasures')} recorded since (in ${sources.join(' and ')}): restoring it would bring back ${plural(erased.length, 'erased person', 'erased people')}, so nothing was restored; add --reapply-erasures to restore it and erase them again.`,
    );
  }
  // The graph's items pass the CPR guard in the import below; the history's texts are written as they are, so they pass it here.
  // Only what people wrote is read (names and before/after): ids are generated, and a random one can look like a CPR number.
  const cpr = backup.history
    .map((h, i) => cprRefusal({ actorName: h.actorName, before: h.before, after: h.after }, `history.${i}`))
    .find((r) => r !== null);
  if (cpr) throw new BackupError(`${cpr.message} (${basename(file)}); nothing was restored.`);
  const transfer = transferService(bound);
  // The restore itself says who was erased since; the import's own refusal of erased people is not wanted here.
  // Into an empty database the file's history and versions are written as they were; a merge versions and records its changes itself.
  const asItWas = withHistory && held === 0;
  const importOptions = { erased: 'keep' as const, recordHistory: !asItWas };
  const plan = await transfer.importJson(graph, { dryRun: true }, RESTORER, importOptions);
  if (plan.rejected.length && !opts.skipInvalid) {
    throw new BackupError(
      `${plan.rejected.length} items of the file are not valid (${describe(plan.rejected[0]!)}${plan.rejected.length > 1 ? ', …' : ''}); nothing was restored; add --skip-invalid to restore the rest.`,
    );
  }
  const done = await transfer.importJson(graph, { dryRun: false }, RESTORER, {
    ...importOptions,
    progress: opts.progress,
  });
  const failed = done.batches.find((x) => x.status === 'failed');
  if (!done.complete || failed) {
    throw new BackupError(
      `The restore stopped part way: batch ${failed?.number ?? '?'} failed (${failed?.error ?? 'unknown'}); what was written stays, so run it again with --merge to finish.`,
    );
  }
  if (asItWas) {
    const [relations, nodes] = partition(backup.versions, (v) => v.id.includes('|'));
    await writeInBatches(bound, nodes, (t, rows) => t.restoreNodeVersions({ rows }));
    const relationRows = relations.flatMap(({ id, version }) => {
      const relation = parseRelationId(id);
      return relation ? [{ ...relation, version }] : [];
    });
    await writeInBatches(bound, relationRows, (t, rows) => t.restoreRelationVersions({ rows }));
  }
  await writeInBatches(bound, backup.history, (t, rows) => t.restoreHistory({ rows }));
  await writeInBatches(bound, backup.roleGrants, (t, rows) => t.restoreRoleGrants({ rows }));
  // Before erasures are applied again, which remove the links to the people they erase.
  await writeInBatches(bound, backup.userLinks, (t, rows) => t.restoreUserLinks({ rows }));
  // Survey rounds and answers are no Entity, so the graph import above has none of them; those of
  // people erased since the backup was taken are left out as their erasure left them.
  const surveys = surveysWithout(backup.surveyRounds, backup.surveyAnswers, sinceHashes);
  await writeInBatches(bound, surveys.rounds, (t, rows) => t.restoreSurveyRounds({ rows }));
  await writeInBatches(bound, surveys.answers, (t, rows) => t.restoreSurveyAnswers({ rows }));
  await writeInBatches(bound, [...backup.erasures, ...since], (t, rows) => t.privacyRecordErasures({ rows }));
  const privacy = privacyService(bound);
  let erasedAgain = 0;
  for (const id of erased) {
    try {
      await privacy.erase(id, id, RESTORER);
      erasedAgain++;
    } catch (err) {
      // Left out of the restore as not valid (--skip-invalid): nothing to erase.
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  return {
    ...done,
    history: backup.history.length,
    roleGrants: backup.roleGrants.length,
    surveyRounds: surveys.rounds.length,
    surveyAnswers: surveys.answers.length,
    erasures: backup.erasures.length,
    erasuresSince: since.length,
    erasedAgain,
  };
}

const describe = (r: JsonImportResponse['rejected'][number]) =>
  `${r.section} #${r.position}${r.id ? ` (${r.id})` : ''}: ${r.reason}`;

// ---------------------------------------------------------------------------------------------
// The command line

const USAGE =
  'usage: npm run backup [-- --out <file>] | npm run restore -- <file> [--merge] [--skip-invalid] [--reapply-erasures]';

async function connect(): Promise<ScriptConnection & { queries: Queries }> {
  const connection = await connectScript(loadConfig(), (m) => console.error(m));
  return { ...connection, queries: bindQueries(connection.db) };
}

function parseArgs(argv: string[]) {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('--') && a !== '--out'));
  const outAt = rest.indexOf('--out');
  const out = outAt >= 0 ? rest[outAt + 1] : undefined;
  const positional = rest.filter((a, i) => !a.startsWith('--') && (outAt < 0 || i !== outAt + 1));
  const unknown = [...flags].filter((f) => !['--merge', '--skip-invalid', '--reapply-erasures'].includes(f));
  if (unknown.length || (outAt >= 0 && !out))
    throw new BackupError(`${unknown[0] ?? '--out'} is not understood here; ${USAGE}`);
  return {
    command,
    out,
    positional,
    merge: flags.has('--merge'),
    skipInvalid: flags.has('--skip-invalid'),
    reapplyErasures: flags.has('--reapply-erasures'),
  };
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (args.command === 'backup') {
    const file = resolve(args.out ?? args.positional[0] ?? defaultBackupFile());
    const conn = await connect();
    try {
      const r = await writeBackup(conn.queries, file);
      console.log(
        `Backup of ${conn.uri} written: ${r.file} (${r.nodes} nodes, ${r.relations} relations, ${r.history} changes of history, ${r.roleGrants} role grants, ${r.surveyRounds} survey rounds with ${r.surveyAnswers} answers, ${r.erasures} erasures); SHA-256 ${r.sha256} in ${basename(checksumFile(r.file))}.`,
      );
    } finally {
      await conn.close();
    }
  } else if (args.command === 'restore') {
    const given = args.positional[0];
    if (!given) throw new BackupError(`Name the backup file to restore; ${USAGE}`);
    const file = resolve(given);
    readBackup(file); // the checksum before anything connects or starts
    const conn = await connect();
    try {
      const bar = stderrProgress('Restoring');
      const started = performance.now();
      const r = await restoreBackup(conn.queries, file, {
        merge: args.merge,
        skipInvalid: args.skipInvalid,
        reapplyErasures: args.reapplyErasures,
        progress: bar.update,
      });
      bar.done();
      const seconds = (performance.now() - started) / 1000;
      for (const x of r.rejected) console.log(`  left out: ${describe(x)}`);
      console.log(
        `Restored ${basename(file)} into ${conn.uri}: ${r.counts.created} created, ${r.counts.changed} changed, ${r.counts.unchanged} unchanged` +
          `${r.rejected.length ? `, ${r.rejected.length} left out as not valid` : ''} (${r.nodes} nodes and ${r.relations} relations in the file); ` +
          `${r.history} changes of history, ${r.roleGrants} role grants, ${r.surveyRounds} survey rounds with ${r.surveyAnswers} answers, ${r.erasures} erasures; ` +
          `${seconds.toFixed(1)} s, ${Math.round((r.nodes + r.relations + r.history + r.surveyRounds + r.surveyAnswers) / seconds).toLocaleString('en')} rows/s.`,
      );
      if (r.erasedAgain) {
        console.log(
          `${plural(r.erasuresSince, 'erasure', 'erasures')} recorded since the backup was taken applied again: ${plural(r.erasedAgain, 'person', 'people')} erased.`,
        );
      }
    } finally {
      await conn.close();
    }
  } else {
    throw new BackupError(USAGE);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    const expected = err instanceof BackupError || err instanceof ConfigError;
    console.error(
      expected
        ? `Ringe ${process.argv[2] === 'restore' ? 'restore' : 'backup'} failed: ${(err as Error).message}`
        : err,
    );
    process.exit(1);
  });
}
