import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Principal } from '../api/auth.js';
import { canonicalJson, ERASED_PERSON, graphExportSchema } from '../api/transfer.js';
import { readBooklet } from '../seed/booklet.js';
import { Db } from '../server/common/db/index.js';
import { ROOT } from '../server/common/folders.js';
import { startLocalNeo4j, type LocalNeo4j } from '../server/common/local-neo4j/index.js';
import { roleGrantStore } from '../server/auth/oidc.js';
import { meService } from '../server/me/service.js';
import { privacyService } from '../server/privacy/service.js';
import { applySchema } from '../server/common/db/schema.js';
import { transferService } from '../server/transfer/service.js';
import { backupSchema, type Backup } from '../seed/backup.js';
import { today } from '../api/common.js';
import { type RoundResults, roundResultsResponse } from '../api/surveys.js';
import { type RunningApp, send, startAppWith, testDb, uid } from './helpers.js';
import { answerAs, answerOf, openRound, signInAs, surveyNetwork } from './helpers/surveys.js';
import { freePort } from './net.js';
import { bindQueries } from '../server/common/queries.js';

// `npm run backup` and `npm run restore` as an operator runs them (the scripts themselves, in a
// child process, configured by NEO4J_URI): the test database backed up, restored into a second,
// empty throwaway Neo4j, and backed up again gives the same file, history and role grants included.

const ADMIN: Principal = { sub: 'test:backup', name: 'Backup-test', roles: ['admin'] };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs seed/backup.ts as `npm run backup` / `npm run restore` do, against the Neo4j at `uri`. */
function cli(uri: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['seed/backup.ts', ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NEO4J_URI: uri,
          NEO4J_USER: process.env.NEO4J_TEST_USER ?? 'neo4j',
          NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD ?? '',
        },
        timeout: 240_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

describe('npm run backup and npm run restore', () => {
  const source = inject('neo4jUri');
  let neo: LocalNeo4j | undefined;
  let neoDir: string;
  let dir: string;
  let target: Db;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringe-backup-'));
    neoDir = mkdtempSync(join(tmpdir(), 'ringe-backup-neo4j-'));
    neo = await startLocalNeo4j({ dataDir: neoDir, port: await freePort(), heapMb: 384, pageCacheMb: 32 });
    target = new Db({ uri: neo.uri, user: 'neo4j', password: '', queryTimeoutMs: 60_000 });
    await applySchema(bindQueries(target));
  }, 240_000);
  afterAll(async () => {
    await target?.close();
    await neo?.stop();
    for (const d of [dir, neoDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('when a backup is restored into an empty database then backing that up again gives the identical file, history and role grants included', async () => {
    // Something of each in the source database: a change in the history and a granted role.
    const sourceDb = testDb(source);
    const department = uid('backup-d');
    const grantee = uid('backup-sub');
    try {
      // Imported and renamed: two changes, version 2.
      for (const name of [`Afdeling ${department}`, `Afdelingen ${department}`]) {
        await transferService(bindQueries(sourceDb)).importJson(
          { nodes: [{ id: department, kind: 'Department', properties: { name } }], relations: [] },
          { dryRun: false },
          ADMIN,
        );
      }
      await roleGrantStore(bindQueries(sourceDb)).set(grantee, ['coordinator'], 'backup-test');
      await meService(bindQueries(sourceDb)).setLink(grantee, 'anders-bych', 'backup-test');
    } finally {
      await sourceDb.close();
    }

    // The backup: the canonical JSON export plus history, role grants and erasures, with a checksum file sha256sum -c reads.
    const file = join(dir, 'ringe.json');
    const backup = await cli(source, ['backup', '--out', file]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(
      /^Backup of bolt:\/\/.+ written: .*ringe\.json \(\d+ nodes, \d+ relations, \d+ changes of history, \d+ role grants, \d+ survey rounds with \d+ answers, \d+ erasures\); SHA-256 [0-9a-f]{64} in ringe\.json\.sha256\.\n$/,
    );
    const text = readFileSync(file, 'utf8');
    expect(readFileSync(`${file}.sha256`, 'utf8')).toBe(`${sha256(text)}  ringe.json\n`);
    const exported: Backup = backupSchema.parse(JSON.parse(text));
    expect(canonicalJson(exported)).toBe(text);
    expect(exported.version).toBe(2);
    expect(exported.versions.filter((v) => v.id === department)).toEqual([{ id: department, version: 2 }]);
    expect(exported.history.filter((c) => c.targetId === department)).toEqual([
      {
        id: expect.any(String),
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        actorSub: ADMIN.sub,
        actorName: ADMIN.name,
        action: 'import',
        targetKind: 'Department',
        targetId: department,
        before: null,
        after: JSON.stringify({ kind: 'Department', version: 1, properties: { name: `Afdeling ${department}` } }),
        undoOf: null,
      },
      expect.objectContaining({
        targetId: department,
        before: JSON.stringify({ kind: 'Department', version: 1, properties: { name: `Afdeling ${department}` } }),
        after: JSON.stringify({ kind: 'Department', version: 2, properties: { name: `Afdelingen ${department}` } }),
      }),
    ]);
    expect(exported.roleGrants.filter((g) => g.sub === grantee)).toEqual([
      {
        sub: grantee,
        role: 'coordinator',
        grantedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        grantedBy: 'backup-test',
      },
    ]);
    expect(exported.userLinks.filter((l) => l.sub === grantee)).toEqual([
      { sub: grantee, personId: 'anders-bych', setBy: 'backup-test', at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
    ]);
    const bookletIds = new Set(
      Object.values(readBooklet())
        .filter(Array.isArray)
        .flat()
        .map((r: { id?: string }) => r.id)
        .filter((id): id is string => typeof id === 'string'),
    );
    expect(exported.nodes.filter((n) => bookletIds.has(n.id)).length).toBe(bookletIds.size);

    // Restored into the empty throwaway Neo4j. Other tests write into the source database in
    // parallel, some with raw Cypher the import's validation refuses: those are left out, and
    // named; the booklet never is.
    expect(await target.read('MATCH (n) WHERE NOT n:Migration RETURN count(n) AS n')).toEqual([{ n: 0 }]);
    const restore = await cli(neo!.uri, ['restore', file, '--skip-invalid']);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(
      /Restored ringe\.json into bolt:\/\/.+: \d+ created, 0 changed, 0 unchanged.* \(\d+ nodes and \d+ relations in the file\); \d+ changes of history, \d+ role grants, \d+ survey rounds with \d+ answers, \d+ erasures; \d+\.\d s, [\d,]+ rows\/s\.\n$/,
    );
    // Its progress, told batch by batch (as tenths where no terminal shows a bar), ends with every item written.
    const told = [...restore.stderr.matchAll(/^Restoring (\d+) % ([\d.]+)\/([\d.]+)$/gm)].map((m) => Number(m[1]));
    expect(told.at(-1)).toBe(100);
    expect(told).toEqual([...told].sort((a, b) => a - b));
    const leftOut = [...restore.stdout.matchAll(/^ {2}left out: (nodes|relations) #(\d+)/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    const nodes = exported.nodes.filter((_, i) => !leftOut.includes(`nodes ${i + 1}`));
    const relations = exported.relations.filter((_, i) => !leftOut.includes(`relations ${i + 1}`));
    const kept = new Set([...nodes.map((n) => n.id), ...relations.map((r) => `${r.source}|${r.type}|${r.target}`)]);
    const expected: Backup = {
      ...exported,
      nodes,
      relations,
      versions: exported.versions.filter((v) => kept.has(v.id)),
    };
    expect(expected.nodes.filter((n) => bookletIds.has(n.id)).length).toBe(bookletIds.size);

    // Backed up again: the same file (byte for byte when nothing was left out).
    const again = join(dir, 'again.json');
    const second = await cli(neo!.uri, ['backup', '--out', again]);
    expect(second.code, second.stderr).toBe(0);
    const againText = readFileSync(again, 'utf8');
    expect(sha256(againText)).toBe(sha256(canonicalJson(expected)));
    if (!leftOut.length) expect(againText).toBe(text);
    // The restore wrote the history and the version counters as they were, adding no record of its own.
    expect(backupSchema.parse(JSON.parse(againText)).history).toEqual(exported.history);
    expect(
      await target.read('MATCH (n:Department {id: $id}) RETURN n.version AS version, n.name AS name', {
        id: department,
      }),
    ).toEqual([{ version: 2, name: `Afdelingen ${department}` }]);
  }, 300_000);

  it('when the database already holds data then restore refuses in one line, and --merge changes nothing that is already the same', async () => {
    const file = join(dir, 'again.json');
    if (!existsSync(file)) return; // the round trip above failed and says why
    const changes = async () => (await target.read('MATCH (c:Change) RETURN count(c) AS n'))[0]!.n;
    const before = await changes();
    const refused = await cli(neo!.uri, ['restore', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(
      /^Ringe restore failed: The database already holds \d+ nodes; restore into an empty database, or add --merge to merge the file into this one\.$/,
    );
    const merged = await cli(neo!.uri, ['restore', file, '--merge']);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/: 0 created, 0 changed, \d+ unchanged/);
    expect(await changes()).toBe(before);
  }, 120_000);

  it('when the file was changed or its checksum is missing then restore refuses in one line before touching any database', async () => {
    const original = join(dir, 'ringe.json');
    if (!existsSync(original)) return;
    const changed = join(dir, 'changed.json');
    copyFileSync(original, changed);
    copyFileSync(`${original}.sha256`, `${changed}.sha256`);
    writeFileSync(changed, readFileSync(changed, 'utf8').replace('"format":"ringe-graph"', '"format":"ringe-graph" '));
    // An address where nothing listens: a refusal must come before any connection is tried.
    const nowhere = 'bolt://127.0.0.1:9';
    const tampered = await cli(nowhere, ['restore', changed]);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr.trim()).toBe(
      'Ringe restore failed: changed.json does not match the checksum in changed.json.sha256; the file is damaged or was changed, so nothing was restored.',
    );

    rmSync(`${changed}.sha256`);
    const noSum = await cli(nowhere, ['restore', changed]);
    expect(noSum.stderr.trim()).toBe(
      `Ringe restore failed: ${changed}.sha256 is missing, so changed.json cannot be verified.`,
    );
    const missing = await cli(nowhere, ['restore', join(dir, 'nothing.json')]);
    expect(missing.stderr.trim()).toBe(`Ringe restore failed: ${join(dir, 'nothing.json')} does not exist.`);
    expect(missing.code).toBe(1);
  }, 120_000);

  it('when a backup would overwrite a file then it refuses', async () => {
    const file = join(dir, 'ringe.json');
    if (!existsSync(file)) return;
    const res = await cli(source, ['backup', '--out', file]);
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe(`Ringe backup failed: ${file} already exists; choose another name with --out.`);
  }, 60_000);

  it('when a backup of the older format (nodes and relations only) is restored then it still restores', async () => {
    const file = join(dir, 'old-format.json');
    const department = uid('backup-v1');
    const text = canonicalJson({
      format: 'ringe-graph',
      version: 1,
      nodes: [{ id: department, kind: 'Department', properties: { name: `Afdeling ${department}` } }],
      relations: [],
    });
    graphExportSchema.parse(JSON.parse(text));
    writeFileSync(file, text);
    writeFileSync(`${file}.sha256`, `${sha256(text)}  old-format.json\n`);
    const res = await cli(neo!.uri, ['restore', file, '--merge']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(
      /: 1 created, 0 changed, 0 unchanged .*; 0 changes of history, 0 role grants, 0 survey rounds with 0 answers, 0 erasures; \d+\.\d s, [\d,]+ rows\/s\.\n$/,
    );
    expect(await target.read('MATCH (n:Department {id: $id}) RETURN n.name AS name', { id: department })).toEqual([
      { name: `Afdeling ${department}` },
    ]);
    // Without history in the file, the restore records its own import, as before.
    expect(await target.read('MATCH (c:Change {targetId: $id}) RETURN c.actorName AS who', { id: department })).toEqual(
      [{ who: 'npm run restore' }],
    );
  }, 120_000);

  it('when a backup from before an erasure is restored then it refuses naming the erasure, and --reapply-erasures restores it and erases the person again', async () => {
    // A folder of its own: the newest backup beside the restored one is where later erasures are found.
    const folder = mkdtempSync(join(dir, 'erasure-'));
    await target.write('MATCH (n) DETACH DELETE n');
    const person = uid('backup-p');
    const department = uid('backup-d');
    const name = `Carina Kofoed ${person.slice(-8)}`;
    const email = `carina.${person.slice(-8)}@example.dk`;
    const imported = await transferService(bindQueries(target)).importJson(
      {
        nodes: [
          {
            id: department,
            kind: 'Department',
            properties: { name: `Afdeling ${department}`, source: `Kontaktoplysninger (Anna Bojsen, ${name})` },
          },
          { id: person, kind: 'Person', properties: { name, email } },
        ],
        relations: [{ type: 'WORKS_IN', source: person, target: department, properties: {} }],
      },
      { dryRun: false },
      ADMIN,
    );
    expect(imported.rejected).toEqual([]);
    const old = join(folder, 'ringe-old.json');
    expect((await cli(neo!.uri, ['backup', '--out', old])).code).toBe(0);
    await privacyService(bindQueries(target)).erase(person, person, ADMIN);
    const newer = join(folder, 'ringe-new.json');
    expect((await cli(neo!.uri, ['backup', '--out', newer])).code).toBe(0);
    expect(backupSchema.parse(JSON.parse(readFileSync(newer, 'utf8'))).erasures).toHaveLength(1);

    // The database is lost; the older backup is restored.
    await target.write('MATCH (n) DETACH DELETE n');
    const refused = await cli(neo!.uri, ['restore', old]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'Ringe restore failed: ringe-old.json is from before 1 erasure recorded since (in ringe-new.json): restoring it would bring back 1 erased person, so nothing was restored; add --reapply-erasures to restore it and erase them again.',
    );
    expect(await target.read('MATCH (n) WHERE NOT n:Migration RETURN count(n) AS n')).toEqual([{ n: 0 }]);

    const restored = await cli(neo!.uri, ['restore', old, '--reapply-erasures']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(
      /\n1 erasure recorded since the backup was taken applied again: 1 person erased\.\n$/,
    );
    expect(await target.read('MATCH (n:Entity {id: $id}) RETURN n.id AS id', { id: person })).toEqual([]);
    expect(await target.read('MATCH (n:Entity {id: $id}) RETURN n.source AS source', { id: department })).toEqual([
      { source: `Kontaktoplysninger (Anna Bojsen, ${ERASED_PERSON})` },
    ]);
    const held = await target.read(
      'MATCH (c:Change) RETURN c.targetId AS t, c.before AS b, c.after AS a, c.actorName AS n',
    );
    for (const c of held) {
      const all = Object.values(c).join(' ').toLowerCase();
      for (const secret of [name, email, person]) expect(all).not.toContain(secret.toLowerCase());
    }
    expect(await target.read('MATCH (e:Erasure) RETURN count(e) AS n')).toEqual([{ n: 1 }]);

    // Merging the older backup into this database refuses too: the database itself knows the erasure.
    const merged = await cli(neo!.uri, ['restore', old, '--merge']);
    expect(merged.code).toBe(1);
    expect(merged.stderr).toContain('is from before 1 erasure recorded since (in the database and ringe-new.json)');
  }, 300_000);

  /** The app on the restore's Neo4j (a Db of its own, closed with the app), no limit on sign-ins or writes. */
  const appOnTarget = () =>
    startAppWith({
      db: new Db({ uri: neo!.uri, user: 'neo4j', password: '', queryTimeoutMs: 60_000 }),
      http: { signInLimit: 0, writeLimit: 0 },
    });
  /** Every survey round and answer the restore's Neo4j holds, with all their properties, by id. */
  const surveysHeld = async () => {
    const all = async (query: string) => (await target.read(query)).map((r) => r.p as Record<string, any>);
    return {
      rounds: await all('MATCH (r:SurveyRound) RETURN properties(r) AS p ORDER BY r.id'),
      answers: await all('MATCH (a:SurveyAnswer) RETURN properties(a) AS p ORDER BY a.id'),
    };
  };
  async function resultsOf(app: RunningApp, roundId: string, cookie: string): Promise<RoundResults> {
    const res = await send<RoundResults>(app, 'GET', `/api/surveys/${roundId}/results`, { cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return roundResultsResponse.parse(res.body);
  }
  const daysFrom = (days: number) =>
    new Date(Date.parse(`${today()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  it('when a backup holds a closed round with kept results and an open round with answers then the restore brings them back with every property, and their results read the same', async () => {
    await target.write('MATCH (n) DETACH DELETE n');
    let app = await appOnTarget();
    let before: { closed: RoundResults; open: RoundResults };
    let closedId: string;
    let openId: string;
    try {
      const [admin, coordinator] = await Promise.all([signInAs(app, 'admin'), signInAs(app, 'coordinator')]);
      const n = await surveyNetwork(app, admin, 4);
      // Closed by the coordinator (its results kept), then its raw answers deleted: read from the kept results.
      const closed = await openRound(app, coordinator, n.network.id, { opensOn: daysFrom(-10), closesOn: daysFrom(5) });
      for (const i of [0, 1, 2]) await answerAs(app, closed.id, n.people[i]!, answerOf(n, i));
      expect((await send(app, 'POST', `/api/surveys/${closed.id}/close`, { cookie: coordinator })).status).toBe(200);
      expect((await send(app, 'DELETE', `/api/surveys/${closed.id}/answers`, { cookie: coordinator })).status).toBe(
        200,
      );
      // Open, asking whom respondents name, with answers (one with a text).
      const open = await openRound(app, coordinator, n.network.id, {
        opensOn: daysFrom(-2),
        closesOn: daysFrom(12),
        askNamed: true,
      });
      await answerAs(app, open.id, n.people[1]!, answerOf(n, 1, `Borgerne mødes ét sted ${n.word}`));
      await answerAs(app, open.id, n.people[3]!, answerOf(n, 3));
      [closedId, openId] = [closed.id, open.id];
      before = { closed: await resultsOf(app, closedId, coordinator), open: await resultsOf(app, openId, coordinator) };
    } finally {
      await app.close();
    }
    const held = await surveysHeld();
    expect(held.rounds.map((r) => Object.keys(r).sort())).toEqual([
      ...[closedId, openId]
        .sort()
        .map((id) =>
          [
            'askNamed',
            'asked',
            'closesOn',
            'createdAt',
            'createdBy',
            'id',
            'networkId',
            'opensOn',
            ...(id === closedId ? ['answersDeletedOn', 'closedOn', 'results'] : []),
          ].sort(),
        ),
    ]);
    expect(held.answers.map((a) => a.roundId)).toEqual([openId, openId]);

    const folder = mkdtempSync(join(dir, 'surveys-'));
    const file = join(folder, 'ringe-surveys.json');
    const backup = await cli(neo!.uri, ['backup', '--out', file]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(', 2 survey rounds with 2 answers, ');
    await target.write('MATCH (n) DETACH DELETE n');
    const restore = await cli(neo!.uri, ['restore', file]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(', 2 survey rounds with 2 answers, ');
    expect(await surveysHeld()).toEqual(held);

    app = await appOnTarget();
    try {
      const coordinator = await signInAs(app, 'coordinator');
      expect(await resultsOf(app, closedId, coordinator)).toEqual(before.closed);
      expect(await resultsOf(app, openId, coordinator)).toEqual(before.open);
    } finally {
      await app.close();
    }
  }, 300_000);

  it('when a backup from before a respondent was erased is restored with --reapply-erasures then their answer stays out, rounds no longer ask them and others name a pseudonym', async () => {
    await target.write('MATCH (n) DETACH DELETE n');
    const folder = mkdtempSync(join(dir, 'surveys-erasure-'));
    const old = join(folder, 'ringe-old.json');
    const app = await appOnTarget();
    let roundId: string;
    let erased: string;
    let kept: string[];
    try {
      const [admin, coordinator] = await Promise.all([signInAs(app, 'admin'), signInAs(app, 'coordinator')]);
      const n = await surveyNetwork(app, admin, 3);
      const round = await openRound(app, coordinator, n.network.id, { opensOn: daysFrom(-1), closesOn: daysFrom(9) });
      // Each names the next: P0 names P1, P1 names P2, P2 names P0.
      for (const i of [0, 1, 2]) await answerAs(app, round.id, n.people[i]!, answerOf(n, i));
      [roundId, erased, kept] = [round.id, n.people[1]!.id, [n.people[0]!.id, n.people[2]!.id]];
      expect((await cli(neo!.uri, ['backup', '--out', old])).code).toBe(0);
      await privacyService(bindQueries(target)).erase(erased, erased, ADMIN);
    } finally {
      await app.close();
    }
    expect((await cli(neo!.uri, ['backup', '--out', join(folder, 'ringe-new.json')])).code).toBe(0);
    const afterErasure = await surveysHeld();

    await target.write('MATCH (n) DETACH DELETE n');
    const restored = await cli(neo!.uri, ['restore', old, '--reapply-erasures']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(', 1 survey rounds with 2 answers, ');
    const held = await surveysHeld();
    expect(held.rounds.map((r) => r.asked)).toEqual([kept.toSorted()]);
    const answers = held.answers;
    expect(answers.map((a) => a.id)).toEqual(kept.map((id) => `${roundId}|${id}`).sort());
    // P0 named P1, the erased: now a pseudonym as the erasure itself leaves it (its own is random); P2's names P0.
    expect(answers.find((a) => a.personId === kept[0])?.named).toEqual([
      expect.stringMatching(/^slettet-[0-9a-f]{8}$/),
    ]);
    expect(answers.find((a) => a.personId === kept[1])?.named).toEqual([kept[0]]);
    expect(JSON.stringify(held)).not.toContain(erased);
    // Otherwise just as after the erasure itself.
    const unnamed = (h: typeof held) =>
      h.answers.map((a) => ({ ...a, named: a.named.map((x: string) => (x.startsWith('slettet-') ? '-' : x)) }));
    expect(held.rounds).toEqual(afterErasure.rounds);
    expect(unnamed(held)).toEqual(unnamed(afterErasure));
  }, 300_000);
});
