import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Principal } from '../api/auth.js';
import { canonicalJson, graphExportSchema, type JsonImportResponse } from '../api/transfer.js';
import { ConfigError, loadConfig } from '../server/config.js';
import type { Db } from '../server/db/index.js';
import { ROOT } from '../server/folders.js';
import { Queries } from '../server/queries.js';
import { applySchema } from '../server/schema.js';
import { transferService } from '../server/transfer/service.js';
import { connectScript, type ScriptConnection } from './connect.js';

// `npm run backup` and `npm run restore -- <file>`: the graph as the JSON export
// (GET /api/export/json, the same canonical file), written straight from Neo4j with a SHA-256
// checksum file beside it; and that file imported back, checksum first, into an empty database.
// The database is NEO4J_URI, the bundled Neo4j a running `npm start` has open, or else the
// bundled Neo4j started just for this (as `npm run seed` does).

/** A problem the operator can fix: one line, no stack. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** Whom the restore's history records as having made the changes. */
const RESTORER: Principal = { sub: 'system:restore', name: 'npm run restore', roles: ['admin'] };

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
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
}

/** Writes the export to `file` (never over an existing one) and its checksum beside it. */
export async function writeBackup(db: Db, queries: Queries, file: string): Promise<BackupResult> {
  if (existsSync(file)) throw new BackupError(`${file} already exists; choose another name with --out.`);
  const graph = await transferService(db, queries).exportGraph();
  const text = canonicalJson(graph);
  const hash = sha256(text);
  mkdirSync(dirname(file), { recursive: true });
  // Written under a temporary name and renamed, so a backup file is never half written.
  writeFileSync(`${file}.partial`, text);
  renameSync(`${file}.partial`, file);
  writeFileSync(checksumFile(file), `${hash}  ${basename(file)}\n`);
  return { file, sha256: hash, nodes: graph.nodes.length, relations: graph.relations.length };
}

/** Reads a backup after checking it against its checksum file; BackupError in one line otherwise. */
export function readBackup(file: string): { text: string; graph: ReturnType<typeof graphExportSchema.parse> } {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  const sumFile = checksumFile(file);
  if (!existsSync(sumFile)) throw new BackupError(`${sumFile} is missing, so ${basename(file)} cannot be verified.`);
  const expected = readFileSync(sumFile, 'utf8').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const bytes = readFileSync(file);
  if (sha256(bytes) !== expected) {
    throw new BackupError(`${basename(file)} does not match the checksum in ${basename(sumFile)}; the file is damaged or was changed, so nothing was restored.`);
  }
  const text = bytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError(`${basename(file)} is not JSON.`);
  }
  const parsed = graphExportSchema.safeParse(json);
  if (!parsed.success) throw new BackupError(`${basename(file)} is not a Ringe graph export (format ringe-graph, version 1).`);
  return { text, graph: parsed.data };
}

export interface RestoreOptions {
  /** Merge into a database that already holds data (by id, as the JSON import does). */
  merge?: boolean;
  /** Restore the valid items even when some are not valid (they are listed and left out). */
  skipInvalid?: boolean;
}

/** Verifies and imports a backup; refuses a non-empty database unless merging. */
export async function restoreBackup(db: Db, queries: Queries, file: string, opts: RestoreOptions = {}): Promise<JsonImportResponse> {
  const { graph } = readBackup(file);
  await applySchema(db, queries);
  const [row] = await db.read(queries.get('countNodes'));
  const held = Number(row?.nodes ?? 0);
  if (held > 0 && !opts.merge) {
    throw new BackupError(
      `The database already holds ${held} nodes; restore into an empty database, or add --merge to merge the file into this one.`,
    );
  }
  const transfer = transferService(db, queries);
  const plan = await transfer.importJson(graph, { dryRun: true }, RESTORER);
  if (plan.rejected.length && !opts.skipInvalid) {
    throw new BackupError(
      `${plan.rejected.length} items of the file are not valid (${describe(plan.rejected[0]!)}${plan.rejected.length > 1 ? ', …' : ''}); nothing was restored; add --skip-invalid to restore the rest.`,
    );
  }
  const done = await transfer.importJson(graph, { dryRun: false }, RESTORER);
  const failed = done.batches.find((x) => x.status === 'failed');
  if (!done.complete || failed) {
    throw new BackupError(
      `The restore stopped part way: batch ${failed?.number ?? '?'} failed (${failed?.error ?? 'unknown'}); what was written stays, so run it again with --merge to finish.`,
    );
  }
  return done;
}

const describe = (r: JsonImportResponse['rejected'][number]) => `${r.section} #${r.position}${r.id ? ` (${r.id})` : ''}: ${r.reason}`;

// ---------------------------------------------------------------------------------------------
// The command line

const USAGE = 'usage: npm run backup [-- --out <file>] | npm run restore -- <file> [--merge] [--skip-invalid]';

async function connect(): Promise<ScriptConnection & { queries: Queries }> {
  const connection = await connectScript(loadConfig(), (m) => console.error(m));
  return { ...connection, queries: Queries.load() };
}

function parseArgs(argv: string[]) {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('--') && a !== '--out'));
  const outAt = rest.indexOf('--out');
  const out = outAt >= 0 ? rest[outAt + 1] : undefined;
  const positional = rest.filter((a, i) => !a.startsWith('--') && (outAt < 0 || i !== outAt + 1));
  const unknown = [...flags].filter((f) => !['--merge', '--skip-invalid'].includes(f));
  if (unknown.length || (outAt >= 0 && !out)) throw new BackupError(`${unknown[0] ?? '--out'} is not understood here; ${USAGE}`);
  return { command, out, positional, merge: flags.has('--merge'), skipInvalid: flags.has('--skip-invalid') };
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (args.command === 'backup') {
    const file = resolve(args.out ?? args.positional[0] ?? defaultBackupFile());
    const conn = await connect();
    try {
      const r = await writeBackup(conn.db, conn.queries, file);
      console.log(`Backup of ${conn.uri} written: ${r.file} (${r.nodes} nodes, ${r.relations} relations); SHA-256 ${r.sha256} in ${basename(checksumFile(r.file))}.`);
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
      const r = await restoreBackup(conn.db, conn.queries, file, { merge: args.merge, skipInvalid: args.skipInvalid });
      for (const x of r.rejected) console.log(`  left out: ${describe(x)}`);
      console.log(
        `Restored ${basename(file)} into ${conn.uri}: ${r.counts.created} created, ${r.counts.changed} changed, ${r.counts.unchanged} unchanged` +
          `${r.rejected.length ? `, ${r.rejected.length} left out as not valid` : ''} (${r.nodes} nodes and ${r.relations} relations in the file).`,
      );
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
    console.error(expected ? `Ringe ${process.argv[2] === 'restore' ? 'restore' : 'backup'} failed: ${(err as Error).message}` : err);
    process.exit(1);
  });
}
