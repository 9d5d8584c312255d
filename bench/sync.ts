import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PLAN_KINDS, type SyncRun } from '../api/sync.js';
import { guessHrMapping, hrMappingSchema } from '../api/sync-hr.js';
import { Db, PATIENT_DB, type Row, Tx } from '../server/common/db/index.js';
import { applySchema } from '../server/common/db/schema.js';
import { ROOT } from '../server/common/folders.js';
import { type LocalNeo4j, startLocalNeo4j } from '../server/common/local-neo4j/index.js';
import { bindQueries, queryTexts } from '../server/common/queries.js';
import { mulberry32 } from '../server/common/random.js';
import { formatCsv } from '../server/transfer/csv.js';
import { runSync } from '../server/sync/engine.js';
import type { SyncSource } from '../server/sync/source.js';
import { createEntraSource } from '../server/sync/sources/entra.js';
import { createHrSource } from '../server/sync/sources/hr.js';
import { createLdapSource } from '../server/sync/sources/ldap.js';
import { createOs2moSource } from '../server/sync/sources/os2mo.js';
import { generate } from '../seed/synthetic/generate.js';
import { loadSynthetic } from '../seed/synthetic/load.js';
import { startSlapd } from '../test/helpers/slapd.js';
import { Attribute, Change } from 'ldapts';
import { freePort } from '../test/net.js';
import { type StandInUser, startGraphStandIn } from '../test/standins/graph.js';
import { type StandinEmployee, type StandinUnit, startOs2moStandin } from '../test/standins/os2mo.js';

// The sync engine at the size of a large municipality (issue 19): the synthetic municipality's
// people (seed/synthetic/generate.ts: the same names, titles, e-mails, phones and departments), each
// in a team of a three-level tree (department / area / team, about 300 units), reporting to their
// team's leader, served by each source in turn:
// - hr: an HR export (CSV) read through the HR file source, so reading and mapping the file count too;
// - ldap: a real OpenLDAP (test/helpers/slapd.ts) bulk-loaded with slapadd before it starts, the
//   people as AD-like entries in the OU tree department / area / team; the changes made over LDAP
//   (half the leavers disabled, half deleted); the second and third runs are incremental reads;
// - entra: the Microsoft Graph stand-in (test/standins/graph.ts), the department text as the unit;
//   the second and third runs are real delta reads of the changes;
// - os2mo: the OS2mo stand-in (test/standins/os2mo.ts) with the unit tree, managers and engagements,
//   the first data registered long ago; the second and third runs are incremental reads (the
//   registrations since the last run, the engagements beginning or ending since its day, the managers);
// For each, a fresh database gets the departments, then a first full sync, a second with 1 % changes
// made in the source (joiners, movers, leavers, contact changes), and a third with nothing changed.
// The stand-ins answer from this process, so their own work is counted in the reads. A benchmark,
// never a test: it prints figures against the targets.
//
//   npx tsx bench/sync.ts [--source hr|ldap|entra|os2mo|all] [--people 50000] [--seed 7]
//                         [--out bench/sync-results.json] [--profile]
//
// All four sources at 50,000 people take about 5 minutes on the 2-core reference machine (each with a
// Neo4j of its own, started and stopped: about 1 minute of it); --source hr alone about 2.

process.setSourceMapsEnabled(false);

const { values: args } = parseArgs({
  options: {
    source: { type: 'string', default: 'all' },
    people: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '7' },
    /** Where the throwaway Neo4js keep their data, one per source (default .cache/bench-sync-neo4j-<people>-<seed>); emptied first. */
    data: { type: 'string' },
    /** Where the figures are written as JSON, as bench/run.ts writes bench/results.json. */
    out: { type: 'string', default: join(ROOT, 'bench', 'sync-results.json') },
    /** Also print the time each named query took in each run, slowest first. */
    profile: { type: 'boolean', default: false },
  },
});
const people = Number(args.people);
const seed = Number(args.seed);
const SOURCES = ['hr', 'ldap', 'entra', 'os2mo'] as const;
type Source = (typeof SOURCES)[number];
const chosen: Source[] = args.source === 'all' ? [...SOURCES] : SOURCES.filter((name) => name === args.source);
if (chosen.length === 0) {
  console.error(`--source must be one of ${SOURCES.join(', ')} or all.`);
  process.exit(2);
}
for (const [name, n, least] of [
  ['--people', people, 100],
  ['--seed', seed, 1],
] as const) {
  if (!Number.isInteger(n) || n < least) {
    console.error(`${name} must be a whole number of at least ${least}.`);
    process.exit(2);
  }
}

/** Targets on the 2-core reference machine (issue 19), in seconds. */
const TARGETS = { full: 60, incremental: 5 };
const CHANGE_SHARE = 0.01;
const AREAS = ['Nord', 'Syd', 'Øst', 'Vest', 'Centrum'];
const TEAMS_PER_AREA = 4;
const HEADERS = ['Medarbejdernummer', 'Navn', 'Stilling', 'E-mail', 'Telefon', 'Enhed', 'Nærmeste leder'];
const FIRST_DAY = '2026-11-02';
const SECOND_DAY = '2026-11-03';
const THIRD_DAY = '2026-11-04';

interface HrRow {
  id: string;
  name: string;
  title: string;
  email: string;
  phone: string;
  unit: string;
  manager: string;
}

/** The synthetic municipality's people as HR rows, each in a team, and the departments (for the Department nodes). */
function municipality() {
  const graph = generate({ people, seed });
  const rand = mulberry32(seed + 1);
  const pick = (n: number) => Math.floor(rand() * n);
  const departments = graph.nodes.filter((n) => n.kind === 'Department');
  const deptName = new Map(departments.map((d) => [d.id, String(d.props.name)]));
  // A person's department now: an open WORKS_IN (the first, for one shared between two).
  const deptOf = new Map<string, string>();
  for (const r of graph.relations)
    if (r.type === 'WORKS_IN' && r.props.until === undefined && !deptOf.has(r.source)) deptOf.set(r.source, r.target);
  const teamsOf = (dept: string) =>
    AREAS.flatMap((area) =>
      Array.from({ length: TEAMS_PER_AREA }, (_, k) => `${dept} / Område ${area} / Team ${area} ${k + 1}`),
    );
  const leaders = new Map<string, string>();
  const rows: HrRow[] = [];
  for (const [i, p] of graph.nodes.filter((n) => n.kind === 'Person').entries()) {
    const dept = deptName.get(deptOf.get(p.id)!)!;
    const teams = teamsOf(dept);
    const unit = teams[pick(teams.length)]!;
    const id = String(100_000 + i);
    // The first person of a department leads it; the first of a team leads the team, under the department's leader.
    const manager = leaders.get(unit) ?? leaders.get(dept) ?? '';
    if (!leaders.has(dept)) leaders.set(dept, id);
    else if (!leaders.has(unit)) leaders.set(unit, id);
    rows.push({
      id,
      name: String(p.props.name),
      title: String(p.props.title),
      email: String(p.props.email),
      phone: p.props.phone === undefined ? '' : String(p.props.phone),
      unit,
      manager,
    });
  }
  const leaderIds = new Set(leaders.values());
  return { graph, departments, rows, leaders, leaderIds, teams: [...new Set(rows.map((r) => r.unit))], pick };
}

/** 1 % of the people changed: a quarter each join, leave, move to another team and get a new phone or title. */
function changed(m: ReturnType<typeof municipality>) {
  const n = Math.max(4, Math.round(people * CHANGE_SHARE));
  const quarter = Math.floor(n / 4);
  const rand = mulberry32(seed + 2);
  const candidates = m.rows.map((_, i) => i).filter((i) => !m.leaderIds.has(m.rows[i]!.id));
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const leaving = new Set(candidates.slice(0, quarter));
  const moving = new Set(candidates.slice(quarter, 2 * quarter));
  const contact = new Set(candidates.slice(2 * quarter, 3 * quarter));
  const leaderOf = new Map(m.rows.filter((r) => m.leaderIds.has(r.id)).map((r) => [r.unit, r.id]));
  const rows: HrRow[] = [];
  // A mover gets the new team's leader: a changed manager is a contact change as well.
  let newManagers = 0;
  for (const [i, r] of m.rows.entries()) {
    if (leaving.has(i)) continue;
    if (moving.has(i)) {
      const others = m.teams.filter((t) => t !== r.unit && leaderOf.has(t));
      const unit = others[Math.floor(rand() * others.length)]!;
      const manager = leaderOf.get(unit)!;
      if (manager !== r.manager) newManagers++;
      rows.push({ ...r, unit, manager });
    } else if (contact.has(i)) {
      rows.push({
        ...r,
        phone: `09 ${String(i)
          .padStart(6, '0')
          .replace(/(\d\d)(\d\d)(\d\d)/, '$1 $2 $3')}`,
        title: 'Konsulent',
      });
    } else rows.push(r);
  }
  for (let k = 0; k < quarter; k++) {
    const like = m.rows[Math.floor(rand() * m.rows.length)]!;
    const id = String(100_000 + people + k);
    rows.push({ ...like, id, email: `ny.${id}@example.kommune.dk`, manager: leaderOf.get(like.unit) ?? like.manager });
  }
  return {
    rows,
    expected: { joiners: quarter, leavers: quarter, movers: quarter, contactChanged: quarter + newManagers },
  };
}

const writeFile = (file: string, rows: HrRow[]) =>
  writeFileSync(
    file,
    formatCsv(
      HEADERS,
      rows.map((r) => [r.id, r.name, r.title, r.email, r.phone, r.unit, r.manager]),
    ),
  );

/**
 * Times every query the engine runs, by its name in cypher/ (--profile): Tx.run is wrapped.
 * `take()` gives the times since the last call, slowest first.
 */
function profile() {
  const names = new Map(
    queryTexts()
      .all()
      .map((q) => [q.text, q.name]),
  );
  let times = new Map<string, { ms: number; calls: number }>();
  const run = Tx.prototype.run;
  Tx.prototype.run = async function (this: Tx, query: string, params?: Row) {
    const start = performance.now();
    try {
      return await run.call(this, query, params);
    } finally {
      const name = names.get(query) ?? query.slice(0, 40);
      const t = times.get(name) ?? { ms: 0, calls: 0 };
      t.ms += performance.now() - start;
      t.calls++;
      times.set(name, t);
    }
  };
  return {
    take() {
      const rows = [...times.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 12)
        .map(([query, t]) => ({ query, seconds: seconds(t.ms), calls: t.calls }));
      times = new Map();
      return rows;
    },
  };
}

const seconds = (ms: number) => Math.round(ms / 10) / 100;

type Municipality = ReturnType<typeof municipality>;
type Changes = ReturnType<typeof changed>;

/** A source serving the municipality, and a way to make the 1 % changes in it. */
interface Served {
  source: SyncSource;
  /** What filling the source took (not counted in the runs), in seconds. */
  loadSeconds: number;
  change(): Promise<void>;
  stop(): Promise<void>;
}

/** A stable id made from a row's id, per source (an objectGUID's 16 bytes, or a uuid). */
const bytesOf = (kind: string, id: string) => createHash('md5').update(`${kind}|${id}`).digest();
const uuidOf = (kind: string, id: string) =>
  bytesOf(kind, id)
    .toString('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
const levels = (unit: string) => unit.split(' / ');

async function serveHr(dir: string, m: Municipality, change: Changes): Promise<Served> {
  const file = join(dir, 'hr.csv');
  const t0 = performance.now();
  writeFile(file, m.rows);
  const mapping = hrMappingSchema.parse(guessHrMapping(HEADERS));
  return {
    source: createHrSource({ file, mapping, unitSeparator: '/' }),
    loadSeconds: seconds(performance.now() - t0),
    change: async () => writeFile(file, change.rows),
    stop: async () => {},
  };
}

/** An LDIF line; a value that is not plain ASCII (or starts or ends oddly) base64-encoded, as RFC 2849 asks. */
const ldifLine = (attribute: string, value: string | Buffer) =>
  typeof value === 'string' && /^[\x21-\x39\x3b\x3d-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value)
    ? `${attribute}: ${value}`
    : `${attribute}:: ${Buffer.from(value).toString('base64')}`;
/** An RDN value with RFC 4514's escapes. */
const rdnValue = (value: string) => value.replace(/[,+"\\<>;=]/g, '\\$&').replace(/^[ #]|[ ]$/g, '\\$&');

async function serveLdap(m: Municipality, change: Changes): Promise<Served> {
  const suffix = 'dc=ringe,dc=test';
  const base = `ou=Kommune,${suffix}`;
  const ouDn = (path: string[]) =>
    `${path
      .map((p) => `ou=${rdnValue(p)},`)
      .reverse()
      .join('')}${base}`;
  const dnOf = (r: HrRow) => `cn=${r.id},${ouDn(levels(r.unit))}`;
  const entry = (dn: string, attributes: [string, string | Buffer][]) =>
    [ldifLine('dn', dn), ...attributes.map(([a, v]) => ldifLine(a, v))].join('\n');
  const personAttributes = (r: HrRow, rows: Map<string, HrRow>): [string, string | Buffer][] => {
    const manager = rows.get(r.manager);
    return [
      ['objectClass', 'inetOrgPerson'],
      ['objectClass', 'ringeAdUser'],
      ['cn', r.id],
      ['sn', r.name.split(' ').at(-1) ?? r.name],
      ['displayName', r.name],
      ['title', r.title],
      ['mail', r.email],
      ...(r.phone ? [['telephoneNumber', r.phone] as [string, string]] : []),
      ...(manager ? [['manager', dnOf(manager)] as [string, string]] : []),
      ['userAccountControl', '512'],
      ['objectGUID', bytesOf('ldap', r.id)],
    ];
  };
  const byId = (rows: HrRow[]) => new Map(rows.map((r) => [r.id, r]));
  const before = byId(m.rows);
  const t0 = performance.now();
  const ous = new Set<string>(['']);
  for (const r of m.rows) {
    const path = levels(r.unit);
    for (let i = 1; i <= path.length; i++) ous.add(path.slice(0, i).join(' / '));
  }
  // Parents first: a shorter path is never below a longer one.
  const ouEntries = [...ous]
    .sort((a, b) => (a === '' ? 0 : levels(a).length) - (b === '' ? 0 : levels(b).length))
    .map((path) => {
      const parts = path === '' ? [] : levels(path);
      return entry(path === '' ? base : ouDn(parts), [
        ['objectClass', 'organizationalUnit'],
        ['objectClass', 'ringeAdUser'],
        ['ou', parts.at(-1) ?? 'Kommune'],
        ['objectGUID', bytesOf('ldap-ou', path)],
      ]);
    });
  // The people were last changed before the first run, over the past year (slapadd keeps an
  // operational attribute it is given), as in a real directory: the incremental runs then read the
  // bench's own changes, not everyone who shares one load time.
  const lastChanged = (i: number): [string, string] => [
    'modifyTimestamp',
    `${new Date(Date.UTC(2025, 10, 1) - (m.rows.length - i) * 600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`,
  ];
  const ldif = `${[...ouEntries, ...m.rows.map((r, i) => entry(dnOf(r), [...personAttributes(r, before), lastChanged(i)]))].join('\n\n')}\n`;
  const slapd = await startSlapd({ suffix, sizeLimit: 1000, ldif });
  const loadSeconds = seconds(performance.now() - t0);
  return {
    source: createLdapSource({
      url: slapd.url,
      bindDN: slapd.readerDN,
      password: slapd.readerPassword,
      baseDN: base,
      unitFrom: 'ou',
      timeoutMs: 600_000,
    }),
    loadSeconds,
    async change() {
      const after = byId(change.rows);
      const admin = await slapd.admin();
      try {
        const work: (() => Promise<void>)[] = [];
        let leaverCount = 0;
        for (const r of m.rows) {
          const now = after.get(r.id);
          // A leaver: every other one's account disabled (AD's way, still in the directory), the rest
          // deleted, which an incremental read finds by their absence.
          if (!now && (leaverCount++ & 1) === 1) {
            work.push(() => admin.del(dnOf(r)));
            continue;
          }
          if (!now) {
            work.push(() =>
              admin.modify(
                dnOf(r),
                new Change({
                  operation: 'replace',
                  modification: new Attribute({ type: 'userAccountControl', values: ['514'] }),
                }),
              ),
            );
            continue;
          }
          const changes: Change[] = [];
          for (const [type, a, b] of [
            ['title', r.title, now.title],
            ['telephoneNumber', r.phone, now.phone],
            [
              'manager',
              before.get(r.manager) ? dnOf(before.get(r.manager)!) : '',
              after.get(now.manager) ? dnOf(after.get(now.manager)!) : '',
            ],
          ] as const)
            if (a !== b)
              changes.push(
                new Change({ operation: 'replace', modification: new Attribute({ type, values: b ? [b] : [] }) }),
              );
          if (changes.length === 0 && now.unit === r.unit) continue;
          work.push(async () => {
            // A mover: the entry moves to the new team's OU (AD moves the account, its objectGUID stays).
            if (now.unit !== r.unit) await admin.modifyDN(dnOf(r), dnOf(now));
            if (changes.length) await admin.modify(dnOf(now), changes);
          });
        }
        for (const r of change.rows)
          if (!before.has(r.id)) {
            const attributes = new Map<string, (string | Buffer)[]>();
            for (const [type, value] of personAttributes(r, after))
              attributes.set(type, [...(attributes.get(type) ?? []), value]);
            work.push(() =>
              admin.add(
                dnOf(r),
                [...attributes].map(([type, values]) => new Attribute({ type, values: values as string[] | Buffer[] })),
              ),
            );
          }
        // Eight requests at a time on one connection, as a directory tool would.
        for (let i = 0; i < work.length; i += 8) await Promise.all(work.slice(i, i + 8).map((w) => w()));
      } finally {
        await admin.unbind();
      }
    },
    stop: () => slapd.stop(),
  };
}

async function serveEntra(m: Municipality, change: Changes): Promise<Served> {
  const usersOf = (rows: HrRow[]): StandInUser[] =>
    rows.map((r) => ({
      id: uuidOf('entra', r.id),
      displayName: r.name,
      jobTitle: r.title,
      mail: r.email,
      businessPhones: r.phone ? [r.phone] : [],
      // Entra has no unit tree: a user's department text is their unit.
      department: levels(r.unit)[0]!,
      managerId: r.manager ? uuidOf('entra', r.manager) : null,
    }));
  const t0 = performance.now();
  const graph = await startGraphStandIn(usersOf(m.rows));
  return {
    source: createEntraSource({
      tenantId: graph.tenantId,
      clientId: graph.clientId,
      clientSecret: graph.clientSecret,
      loginUrl: graph.url,
      graphUrl: graph.url,
    }),
    loadSeconds: seconds(performance.now() - t0),
    // Leavers are deleted users: the next delta round names them @removed.
    change: async () => {
      graph.users = usersOf(change.rows);
    },
    stop: () => graph.close(),
  };
}

async function serveOs2mo(m: Municipality, change: Changes): Promise<Served> {
  const unitUuid = (path: string) => uuidOf('os2mo-unit', path);
  const units: StandinUnit[] = [];
  const seen = new Set<string>();
  for (const r of m.rows) {
    const path = levels(r.unit);
    for (let i = 1; i <= path.length; i++) {
      const key = path.slice(0, i).join(' / ');
      if (seen.has(key)) continue;
      seen.add(key);
      const leader = m.leaders.get(key);
      units.push({
        uuid: unitUuid(key),
        name: path[i - 1]!,
        parent: i === 1 ? null : unitUuid(path.slice(0, i - 1).join(' / ')),
        managers: leader ? [uuidOf('os2mo', leader)] : [],
      });
    }
  }
  const employeeOf = (r: HrRow, leftOn?: string): StandinEmployee => {
    const space = r.name.lastIndexOf(' ');
    return {
      uuid: uuidOf('os2mo', r.id),
      givenName: r.name.slice(0, space),
      surname: r.name.slice(space + 1),
      engagements: [{ unit: unitUuid(r.unit), jobFunction: r.title, primary: true, ...(leftOn ? { to: leftOn } : {}) }],
      addresses: [
        { scope: 'EMAIL', value: r.email },
        ...(r.phone ? [{ scope: 'PHONE' as const, value: r.phone }] : []),
      ],
    };
  };
  const t0 = performance.now();
  const standin = await startOs2moStandin();
  standin.data = { units, employees: m.rows.map((r) => employeeOf(r)) };
  return {
    source: createOs2moSource({
      url: standin.url,
      tokenUrl: standin.tokenUrl,
      clientId: standin.clientId,
      clientSecret: standin.clientSecret,
      graphqlVersion: standin.version,
    }),
    loadSeconds: seconds(performance.now() - t0),
    change: async () => {
      const after = new Set(change.rows.map((r) => r.id));
      // A leaver's engagement ends on the first run's day, so it no longer holds on the second's.
      // Assigning the data registers what differs now, as OS2mo does when it is written to.
      standin.data = {
        units,
        employees: [
          ...change.rows.map((r) => employeeOf(r)),
          ...m.rows.filter((r) => !after.has(r.id)).map((r) => employeeOf(r, FIRST_DAY)),
        ],
      };
    },
    stop: () => standin.close(),
  };
}

const kinds = (run: SyncRun) =>
  Object.fromEntries(
    [...PLAN_KINDS, 'unchanged', 'refused'].map((k) => [k, run.plan?.counts[k as keyof typeof run.plan.counts] ?? 0]),
  );
const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, v]) => v));

async function benchSource(name: Source, root: string, m: Municipality, change: Changes) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  console.error(`[${name}] Starting a fresh Neo4j in ${dir} ...`);
  const neo: LocalNeo4j = await startLocalNeo4j({
    dataDir: join(dir, 'db'),
    port: await freePort(),
    heapMb: 2048,
    pageCacheMb: 2048,
  });
  const db = new Db({ uri: neo.uri, user: 'neo4j', password: '', queryTimeoutMs: 300_000, ...PATIENT_DB });
  let served: Served | undefined;
  try {
    const queries = bindQueries(db);
    await applySchema(queries);
    // The departments only: the units map to them by name, so every synced person's WORKS_IN is derived.
    await loadSynthetic(queries, { ...m.graph, nodes: m.departments, relations: [] });
    console.error(`[${name}] Filling the source with ${m.rows.length} people ...`);
    served =
      name === 'hr'
        ? await serveHr(dir, m, change)
        : name === 'ldap'
          ? await serveLdap(m, change)
          : name === 'entra'
            ? await serveEntra(m, change)
            : await serveOs2mo(m, change);
    console.error(`[${name}] Filled in ${served.loadSeconds} s.`);
    const source = served.source;
    const profiler = args.profile ? profile() : null;
    const timed = async (day: string) => {
      const start = performance.now();
      const run = await runSync(db, source, {
        dryRun: false,
        startedBy: 'bench',
        day,
        timeoutMs: 600_000,
        ...(args.profile && {
          onStep: (step: string, ms: number) => console.error(`[${name}]   ${step}: ${seconds(ms)} s`),
        }),
      });
      const ms = performance.now() - start;
      if (profiler) console.table(profiler.take());
      if (run.error) console.log(`[${name}] The run of ${day} failed: ${run.error.code}: ${run.error.detail}`);
      console.error(`[${name}] ${day}: ${run.status} in ${seconds(ms)} s ${JSON.stringify(nonZero(kinds(run)))}`);
      return { run, ms };
    };
    console.error(`[${name}] First sync (everyone joins) ...`);
    const full = await timed(FIRST_DAY);
    const t0 = performance.now();
    await served.change();
    const changeSeconds = seconds(performance.now() - t0);
    console.error(`[${name}] 1 % changed in the source (${changeSeconds} s). Second sync ...`);
    const incremental = await timed(SECOND_DAY);
    console.error(`[${name}] Third sync (nothing changed) ...`);
    const same = await timed(THIRD_DAY);
    const planned = kinds(incremental.run);
    const off = Object.entries(change.expected).filter(([k, v]) => planned[k] !== v);
    return {
      source: name,
      people: m.rows.length,
      units: full.run.plan?.counts ? kinds(full.run).unitsNew : undefined,
      fillSeconds: served.loadSeconds,
      full: { status: full.run.status, seconds: seconds(full.ms), counts: nonZero(kinds(full.run)) },
      // Why records were refused (the synthetic data has a few a source maps differently), a few of each.
      refusals: full.run.plan?.refusals.slice(0, 5) ?? [],
      incremental: {
        status: incremental.run.status,
        seconds: seconds(incremental.ms),
        counts: nonZero(planned),
        // The changes made, where the plan saw them otherwise (Entra's unit is the department, so a move
        // between two teams of one department is no move there).
        ...(off.length ? { expected: change.expected } : {}),
      },
      same: { status: same.run.status, seconds: seconds(same.ms), counts: nonZero(kinds(same.run)) },
    };
  } finally {
    await served?.stop();
    await db.close();
    await neo.stop();
  }
}

async function main(): Promise<void> {
  const root = args.data ?? join(ROOT, '.cache', `bench-sync-neo4j-${people}-${seed}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const t0 = performance.now();
  const m = municipality();
  const change = changed(m);
  console.error(`Generated ${m.rows.length} people in ${m.teams.length} teams (${seconds(performance.now() - t0)} s).`);
  const results = [];
  for (const name of chosen) results.push(await benchSource(name, root, m, change));
  const within = (r: { status: string; seconds: number }, target: number) =>
    r.status === 'applied' && r.seconds <= target ? 'yes' : 'NO';
  console.table(
    results.map((r) => ({
      source: r.source,
      people: r.people,
      'full s': r.full.seconds,
      [`≤ ${TARGETS.full}`]: within(r.full, TARGETS.full),
      'incremental s': r.incremental.seconds,
      [`≤ ${TARGETS.incremental}`]: within(r.incremental, TARGETS.incremental),
      'same again s': r.same.seconds,
      [`≤ ${TARGETS.incremental} `]: within(r.same, TARGETS.incremental),
    })),
  );
  for (const r of results)
    console.log(
      `${r.source}: full ${JSON.stringify(r.full.counts)}; incremental ${JSON.stringify(r.incremental.counts)}${
        r.incremental.expected ? ` (changes made: ${JSON.stringify(r.incremental.expected)})` : ''
      }; same again ${JSON.stringify(r.same.counts)}.${
        r.refusals.length ? ` Refused, e.g.: ${JSON.stringify(r.refusals)}` : ''
      }`,
    );
  if (args.out) {
    const out = {
      date: new Date().toISOString(),
      machine: machine(),
      people,
      seed,
      targets: TARGETS,
      sources: results,
    };
    writeFileSync(args.out, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`Written to ${args.out}`);
  }
  rmSync(root, { recursive: true, force: true });
}

function machine() {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? '',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
