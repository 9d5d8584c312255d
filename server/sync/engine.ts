import { randomUUID } from 'node:crypto';
import type { Principal } from '../../api/auth.js';
import { today } from '../../api/common.js';
import {
  PLAN_KINDS,
  type Plan,
  type PlanKind,
  type PlanRow,
  type Refusal,
  type RunError,
  runErrorSchema,
  type SyncErrorCode,
  type SyncRun,
  runSchema,
} from '../../api/sync.js';
import type { Db } from '../common/db/index.js';
import { isDatabaseUnavailable, SyncBusyError } from '../common/errors.js';
import { lucenePhrase } from '../common/lucene.js';
import type { Queries, RowOf } from '../common/queries.js';
import { recordChange } from '../history/record.js';
import { erasureHash } from '../privacy/redact.js';
import { chunks, daysOf, derivedChanges, queriesOf, recompute, rollUp } from './departments.js';
import { type Snapshot, SourceError, type SourceName, type SourceRead, type SyncSource } from './source.js';
import { check, type NormalPerson, type NormalUnit, personHash, personId, slug, unitHash } from './validate.js';

export { SyncBusyError } from '../common/errors.js';
export { recomputeDepartments, setUnitDepartment } from './departments.js';

// The one sync engine (issue 19; the model is in docs and in server/sync/source.ts): it takes the
// lease, reads the whole source before it writes anything, checks every record, plans against the
// graph from one read of the source's records (a hash per record, so what is unchanged costs a
// comparison), and, unless it is a dry run or ends too many people, writes what changed in batches.

export interface RunOptions {
  dryRun: boolean;
  force?: boolean;
  /** The day the run counts as (default today in Albertslund). */
  day?: string;
  /** A user's name, "planlagt" (the schedule) or "kommandolinje" (npm run sync). */
  startedBy: string;
  /** Share of the source's people a run may end unless forced (default 0.1). */
  maxLeaverShare?: number;
  /** How long the source may take to answer (default 15 minutes). */
  timeoutMs?: number;
  /**
   * Keeps this run's records, state, runs and lease apart from the source's own: for tests that share
   * one database, where a complete snapshot would otherwise end every other test's people.
   */
  scope?: string;
  /** Told how long each step took, in milliseconds (the bench prints them). */
  onStep?: (step: string, ms: number) => void;
  /** Told before each batch is written, and at the end, how many of the plan's writes are done, of how many (a progress bar). */
  progress?: ((done: number, total: number) => void) | undefined;
}

type Mark = (step: string) => void;
/** Marks the end of a step: reports the time since the last mark. */
function stepper(report?: (step: string, ms: number) => void): Mark {
  let last = performance.now();
  return (step) => {
    const now = performance.now();
    report?.(step, Math.round(now - last));
    last = now;
  };
}

/** How long the lease holds without renewal: a crashed process blocks runs this long at most. */
const LEASE_MS = 60_000;
const RENEW_MS = 15_000;
const DEFAULT_TIMEOUT_MS = 15 * 60_000;
const SAMPLE_SIZE = 10;
/** Joiners' e-mails up to this many are looked up one by one in the e-mail index, more by one pass over everyone. */
const FEW_EMAILS = 2_000;
const MAX_REFUSALS = 200;

/** The record namespace of a source (and scope). */
const namespace = (name: SourceName, scope?: string) => (scope ? `${name}@${scope}` : name);
const recordKey = (ns: string, kind: 'person' | 'unit', sourceId: string) => `${ns}|${kind}|${sourceId}`;

/** Who the history names for a run's change. */
export const syncActor = (name: SourceName): Principal => ({
  sub: `ringe:sync:${name}`,
  name: `synkronisering: ${name}`,
  roles: [],
});

class SourceTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** The lease kept while a run goes on; `lost` once a renewal finds another holder. */
function keepLease(q: Queries, name: string, holder: string) {
  const state = { lost: false };
  const timer = setInterval(() => {
    q.syncLockRenew({ name, holder, leaseMs: LEASE_MS }).then(
      (rows) => {
        if (!rows.length) state.lost = true;
      },
      // A failed renewal is retried on the next tick; the lease holds a minute.
      () => {},
    );
  }, RENEW_MS);
  timer.unref();
  return {
    get lost() {
      return state.lost;
    },
    async release() {
      clearInterval(timer);
      await q.syncLockRelease({ name, holder }).catch(() => {});
    },
  };
}
type Lease = ReturnType<typeof keepLease>;

/** One sentence for the run's record: the error's first line, without addresses' credentials or secret-looking values. */
function sentence(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const line = (raw.split('\n')[0] ?? '').trim();
  return line
    .replace(/\/\/[^/\s:@]+:[^/\s@]+@/g, '//')
    .replace(/((?:password|passwd|secret|token|key|authorization)\s*[=:]\s*)\S+/gi, '$1…')
    .replace(/\bBearer\s+\S+/gi, 'Bearer …')
    .slice(0, 300);
}

/**
 * A failed run's reason, as a code the client words and a technical detail: a source's own code, the
 * engine's timeout, a Neo4j failure as 'write'; anything else `otherwise` (the write step's) or
 * 'unknown' without its message, which may hold anything.
 */
function failure(err: unknown, otherwise: SyncErrorCode = 'unknown'): RunError {
  if (err instanceof SourceError) return { code: err.code, detail: sentence(err) };
  if (err instanceof SourceTimeout) return { code: 'timeout', detail: sentence(err) };
  const neo4j = (err as { name?: unknown } | null)?.name === 'Neo4jError' || isDatabaseUnavailable(err);
  if (neo4j || otherwise !== 'unknown') return { code: neo4j ? 'write' : otherwise, detail: sentence(err) };
  return { code: 'unknown', detail: 'an unexpected error in the engine' };
}

/** A stored run's error: JSON text; a run recorded before codes (plain text) reads as 'unknown' with that text. */
function storedError(text: string | null): RunError | null {
  if (text === null) return null;
  try {
    const parsed = runErrorSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {}
  return { code: 'unknown', detail: text };
}

async function readSource(source: SyncSource, state: string | null, day: string, ms: number): Promise<SourceRead> {
  const ctrl = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new SourceTimeout(ms);
      ctrl.abort(err);
      reject(err);
    }, ms);
  });
  try {
    const read = await Promise.race([source.read({ state, day, signal: ctrl.signal }), timeout]);
    const s = read?.snapshot as Snapshot | undefined;
    const listed = s && !s.complete && ('removed' in s ? Array.isArray(s.removed) : Array.isArray(s.present));
    if (!s || !Array.isArray(s.units) || !Array.isArray(s.people) || (!s.complete && !listed)) {
      throw new SourceError('badAnswer', 'the source gave no whole snapshot');
    }
    return read;
  } finally {
    clearTimeout(timer);
  }
}

/** Everything a plan decided, with what applying it needs. */
interface Work {
  ns: string;
  plan: Plan;
  state: string | null;
  newUnits: { unit: NormalUnit; hash: string; returning: string | null }[];
  changedUnits: { id: string; key: string; hash: string; props: Record<string, unknown> }[];
  /** Units whose parent is set: new, back, or moved (by sourceId; parent by sourceId). */
  parented: NormalUnit[];
  goneUnits: string[];
  joiners: {
    person: NormalPerson;
    id: string;
    hash: string;
    personHash: string;
    props: Record<string, unknown>;
    /** A node stands for the joiner already (their e-mail matched, or a record's person was deleted and is made again). */
    existing: boolean;
  }[];
  updates: {
    person: NormalPerson;
    id: string;
    hash: string;
    props: Record<string, unknown>;
    endUnits: string[];
    startUnits: string[];
  }[];
  hashOnly: { key: string; hash: string }[];
  /**
   * People whose record a write in Ringe cleared (@resync in cypher/): their derived WORKS_IN are
   * brought back in line with their memberships too, as an edit may have ended or deleted one.
   */
  resynced: string[];
  leavers: { key: string; hash: string | null }[];
  /** People whose manager this source sets now: person id, manager's sourceId (null: none). */
  managers: { id: string; managerSourceId: string | null }[];
  /** unit sourceId → Ringe id of the units the graph holds. */
  unitIds: Map<string, string>;
  /** person sourceId → Ringe id (records and joiners). */
  personIds: Map<string, string>;
  kleTouched: number;
}

const fieldsOf = (p: NormalPerson) => [
  'name',
  ...(['title', 'email', 'phone', 'managerId'] as const).filter((f) => p[f] !== undefined),
];
/** The person properties a source delivers (null removes one). */
function propsOf(p: NormalPerson): Record<string, unknown> {
  const props: Record<string, unknown> = { name: p.name };
  for (const f of ['title', 'email', 'phone'] as const) if (p[f] !== undefined) props[f] = p[f];
  return props;
}
function kleProps(kle: NonNullable<NormalUnit['kle']>): Record<string, unknown> {
  return {
    kleNumbers: kle.map((k) => k.number),
    kleAspects: kle.map((k) => k.aspect),
    kleTitles: kle.map((k) => k.title),
    kleText: [...new Map(kle.map((k) => [k.number, k.title ? `${k.number} ${k.title}` : k.number])).values()].join(
      '\n',
    ),
  };
}
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The source's records and units as the graph holds them: what a plan compares the snapshot with. */
type GraphRecords = { records: RowOf<'syncRecords'>[]; unitRows: RowOf<'syncUnits'>[] };

function readGraphRecords(q: Queries, ns: string): Promise<GraphRecords> {
  return q.readTx(
    async (t) => ({ records: await t.syncRecords({ source: ns }), unitRows: await t.syncUnits({ source: ns }) }),
    { long: true },
  );
}

/** Plans the snapshot against the graph's records (read once, while the source was read). */
async function makePlan(
  q: Queries,
  ns: string,
  name: SourceName,
  read: SourceRead,
  graph: Promise<GraphRecords>,
  day: string,
  maxLeaverShare: number,
  mark: Mark,
): Promise<Work> {
  const snapshot = read.snapshot;
  const { records, unitRows } = await graph;
  mark('plan: records read');
  const personRecs = new Map<string, RowOf<'syncRecords'>>();
  const unitRecs = new Map<string, RowOf<'syncRecords'>>();
  for (const r of records) (r.kind === 'person' ? personRecs : unitRecs).set(r.sourceId, r);
  const unitNow = new Map(unitRows.map((u) => [u.sourceId, u]));
  const unitIds = new Map(unitRows.map((u) => [u.sourceId, u.id]));
  const unitSourceOf = new Map(unitRows.map((u) => [u.id, u.sourceId]));

  const checked = check(snapshot, new Set(unitNow.keys()));
  // A snapshot of changed people that lists who is still there gives every unit, as a complete one does.
  const present = !snapshot.complete && 'present' in snapshot ? new Set(snapshot.present.map(String)) : null;
  const allUnits = snapshot.complete || present !== null;
  const refusals: Refusal[] = [...checked.refusals];

  const counts = Object.fromEntries(
    [...PLAN_KINDS, 'unchanged', 'refused', 'peopleBefore'].map((k) => [k, 0]),
  ) as Plan['counts'];
  const samples = Object.fromEntries(PLAN_KINDS.map((k) => [k, [] as PlanRow[]])) as Record<PlanKind, PlanRow[]>;
  const add = (kind: PlanKind, row: PlanRow) => {
    counts[kind]++;
    if (samples[kind].length < SAMPLE_SIZE) samples[kind].push(row);
  };

  // KLE titles the source lacks, from the KLE file's subjects when loaded.
  const untitled = [
    ...new Set(checked.units.flatMap((u) => (u.kle ?? []).filter((k) => !k.title).map((k) => k.number))),
  ];
  if (untitled.length) {
    const titles = new Map((await q.syncKleTitles({ numbers: untitled })).map((k) => [k.number, k.title ?? '']));
    for (const u of checked.units) for (const k of u.kle ?? []) if (!k.title) k.title = titles.get(k.number) ?? '';
  }

  // Units.
  const work: Work = {
    ns,
    plan: undefined as unknown as Plan,
    state: read.state,
    newUnits: [],
    changedUnits: [],
    parented: [],
    goneUnits: [],
    joiners: [],
    updates: [],
    hashOnly: [],
    resynced: [],
    leavers: [],
    managers: [],
    unitIds,
    personIds: new Map(),
    kleTouched: 0,
  };
  const seenUnits = new Set<string>();
  for (const u of checked.units) {
    seenUnits.add(u.sourceId);
    const hash = unitHash(u);
    const now = unitNow.get(u.sourceId);
    if (!now || now.goneOn !== null) {
      work.newUnits.push({ unit: u, hash, returning: now?.id ?? null });
      work.parented.push(u);
      add('unitsNew', { sourceId: u.sourceId, id: now?.id ?? null, name: u.name });
      continue;
    }
    if (unitRecs.get(u.sourceId)?.hash === hash) continue;
    const props: Record<string, unknown> = {};
    const changes: Record<string, [unknown, unknown]> = {};
    if (now.name !== u.name) {
      props.name = u.name;
      changes.name = [now.name, u.name];
      add('unitsRenamed', { sourceId: u.sourceId, id: now.id, name: u.name, changes: { name: [now.name, u.name] } });
    }
    const parentBefore = now.parentId === null ? null : (unitSourceOf.get(now.parentId) ?? now.parentId);
    // A record without a hash (a failed run, an edit) has its parent set again, so its people's
    // departments are recomputed: a failed run may have moved it without recomputing them.
    if (parentBefore === u.parentId && !unitRecs.get(u.sourceId)?.hash) work.parented.push(u);
    if (parentBefore !== u.parentId) {
      work.parented.push(u);
      add('unitsMoved', {
        sourceId: u.sourceId,
        id: now.id,
        name: u.name,
        changes: { parent: [parentBefore, u.parentId] },
      });
    }
    if (u.kle !== undefined) {
      const kle = kleProps(u.kle);
      if (
        !same(kle.kleNumbers, now.kleNumbers) ||
        !same(kle.kleAspects, now.kleAspects) ||
        !same(kle.kleTitles, now.kleTitles)
      ) {
        Object.assign(props, kle);
        work.kleTouched++;
      }
    }
    work.changedUnits.push({ id: now.id, key: recordKey(ns, 'unit', u.sourceId), hash, props });
  }
  if (allUnits) {
    for (const u of unitRows) {
      if (seenUnits.has(u.sourceId) || checked.heldUnits.has(u.sourceId) || u.goneOn !== null) continue;
      work.goneUnits.push(u.id);
      add('unitsGone', { sourceId: u.sourceId, id: u.id, name: u.name });
    }
  }

  // People: who is new, who is unchanged by hash, and who needs a closer look.
  for (const r of personRecs.values()) if (r.id !== null && r.leftOn === null) counts.peopleBefore++;
  const candidates: { person: NormalPerson; hash: string; id: string; personHash: string; dangling: boolean }[] = [];
  const closer: { person: NormalPerson; hash: string; rec: RowOf<'syncRecords'> }[] = [];
  const seenPeople = new Set<string>();
  // The people apply can link as a manager (work.personIds): those of the snapshot with a node or
  // about to get one (a joiner refused as erased is counted, but never comes back anyway).
  const linkable = new Set(
    checked.people.filter((p) => p.active || personRecs.get(p.sourceId)?.id).map((p) => p.sourceId),
  );
  // A delta names only who changed: a manager it does not name is one the graph already holds.
  if (!snapshot.complete)
    for (const r of personRecs.values())
      if (r.id !== null && r.leftOn === null && !linkable.has(r.sourceId)) {
        linkable.add(r.sourceId);
        work.personIds.set(r.sourceId, r.id);
      }
  for (const p of checked.people) {
    seenPeople.add(p.sourceId);
    const hash = personHash(p, !p.managerId || linkable.has(p.managerId));
    const rec = personRecs.get(p.sourceId);
    if (!rec || rec.id === null) {
      if (!p.active) {
        counts.unchanged++;
        continue;
      }
      const id = personId(p.name, recordKey(ns, 'person', p.sourceId));
      candidates.push({ person: p, hash, id, personHash: erasureHash(id), dangling: !!rec });
      continue;
    }
    work.personIds.set(p.sourceId, rec.id);
    if (!p.active) {
      if (rec.leftOn === null) {
        work.leavers.push({ key: recordKey(ns, 'person', p.sourceId), hash });
        add('leavers', { sourceId: p.sourceId, id: rec.id, name: p.name });
      } else {
        counts.unchanged++;
        if (rec.hash !== hash) work.hashOnly.push({ key: recordKey(ns, 'person', p.sourceId), hash });
      }
      continue;
    }
    if (rec.leftOn === null && rec.hash === hash) {
      counts.unchanged++;
      continue;
    }
    if (rec.hash === null && rec.leftOn === null) work.resynced.push(rec.id);
    closer.push({ person: p, hash, rec });
  }

  mark('plan: checked and compared by hash');
  // Joiners: an erased person is not brought back; the rest are matched to people by work e-mail.
  if (candidates.length) {
    // Erasures are few: all are read, rather than asking for each joiner.
    const erased = new Set((await q.privacyErasuresAll()).map((e) => e.idHash));
    const emails = [...new Set(candidates.map((c) => c.person.email?.toLowerCase()).filter((e): e is string => !!e))];
    const byEmail = new Map<string, string>();
    // A person a record of this source stands for already is not a second record's.
    const linked = new Set([...personRecs.values()].map((r) => r.id));
    // A few joiners (a day's) are each looked up in the e-mail index; many (a first run) by one pass over everyone,
    // which costs the same for 125 e-mails as for 20,000 (about 0.3 s at 50,000 people).
    const matches =
      emails.length <= FEW_EMAILS
        ? await q.syncPeopleByEmailFew({ rows: emails.map((email) => ({ email, lucene: lucenePhrase(email) })) })
        : (
            await Promise.all(
              chunks(emails, 20_000).map((part) => q.syncPeopleByEmail({ emails: part }, { long: true })),
            )
          ).flat();
    for (const m of matches) if (!byEmail.has(m.email) && !linked.has(m.id)) byEmail.set(m.email, m.id);
    for (const c of candidates) {
      const rec = personRecs.get(c.person.sourceId);
      if (erased.has(c.personHash) || (rec?.personHash && erased.has(rec.personHash))) {
        refusals.push({ record: c.person.sourceId, reason: 'erased' });
        continue;
      }
      const mail = c.person.email?.toLowerCase();
      const matched = mail ? byEmail.get(mail) : undefined;
      if (mail && matched) byEmail.delete(mail);
      const id = matched ?? c.id;
      work.personIds.set(c.person.sourceId, id);
      work.joiners.push({
        person: c.person,
        id,
        hash: c.hash,
        personHash: erasureHash(id),
        props: matched ? { ...propsOf(c.person), leftOn: null } : propsOf(c.person),
        existing: !!matched || c.dangling,
      });
      add('joiners', { sourceId: c.person.sourceId, id: matched ?? null, name: c.person.name });
      if (c.person.managerId) work.managers.push({ id, managerSourceId: c.person.managerId });
    }
  }

  mark('plan: joiners matched');
  // Changed and returning people: compared field by field with the graph.
  if (closer.length) {
    const now = new Map<string, RowOf<'syncPeopleNow'>>();
    for (const part of chunks(
      closer.map((c) => c.rec.id!),
      20_000,
    )) {
      for (const row of await q.syncPeopleNow({ source: ns, ids: part }, { long: true })) now.set(row.id, row);
    }
    // Of the people an edit in Ringe resynced, those whose derived departments no longer follow their
    // memberships (an edit ended, deleted or added one): the apply brings them in line, so the plan shows it.
    const departmentsOff = new Map<string, [string[], string[]]>();
    if (work.resynced.length) {
      const { departmentOf } = rollUp(await q.syncUnitTree());
      for (const part of chunks(work.resynced, 20_000)) {
        for (const row of await q.syncMembershipsOf({ ids: part }, { long: true })) {
          const mine = {
            memberOf: row.memberOf.filter(([s]) => s === ns),
            worksIn: row.worksIn.filter(([s]) => s === ns),
          };
          const { ends, starts } = derivedChanges(mine, departmentOf);
          if (!ends.length && !starts.length) continue;
          const before = mine.worksIn.map(([, d]) => d).sort();
          const after = [...new Set(mine.memberOf.map(([, u]) => departmentOf(u)))].filter((d) => d !== null).sort();
          departmentsOff.set(row.id, [before, after]);
        }
      }
    }
    for (const { person: p, hash, rec } of closer) {
      const id = rec.id!;
      const cur = now.get(id);
      if (!cur) continue; // deleted since the records were read: the next run sees it
      const row = (changes?: Record<string, [unknown, unknown]>): PlanRow =>
        changes ? { sourceId: p.sourceId, id, name: p.name, changes } : { sourceId: p.sourceId, id, name: p.name };
      const returning = cur.leftOn !== null;
      const changes: Record<string, [unknown, unknown]> = {};
      for (const f of ['name', 'title', 'email', 'phone'] as const) {
        if (p[f] !== undefined && !same(cur[f], p[f])) changes[f] = [cur[f], p[f]];
      }
      let managerChanged = false;
      if (p.managerId !== undefined) {
        const managerBefore = cur.managerId;
        const wanted =
          p.managerId === null ? null : (work.personIds.get(p.managerId) ?? personRecs.get(p.managerId)?.id ?? null);
        if (wanted !== managerBefore && (wanted !== null || managerBefore !== null)) {
          managerChanged = true;
          changes.manager = [managerBefore, wanted];
        }
      }
      const unitsBefore = cur.unitIds.map((u) => unitSourceOf.get(u) ?? u).sort();
      const endUnits = unitsBefore.filter((u) => !p.unitIds.includes(u));
      const startUnits = p.unitIds.filter((u) => !unitsBefore.includes(u));
      const moved = endUnits.length > 0 || startUnits.length > 0;
      if (returning) add('returners', row({ leftOn: [cur.leftOn, null] }));
      if (moved && !returning) add('movers', row({ units: [unitsBefore, p.unitIds] }));
      const departments = moved || returning ? undefined : departmentsOff.get(id);
      if (departments) add('movers', row({ departments }));
      const contact = Object.keys(changes).length > 0;
      if (contact) add('contactChanged', row(changes));
      if (!returning && !moved && !contact && !departments) {
        counts.unchanged++;
        work.hashOnly.push({ key: recordKey(ns, 'person', p.sourceId), hash });
        continue;
      }
      work.updates.push({
        person: p,
        id,
        hash,
        props: returning ? { ...propsOf(p), leftOn: null } : propsOf(p),
        endUnits,
        startUnits,
      });
      if (managerChanged) work.managers.push({ id, managerSourceId: p.managerId ?? null });
    }
  }

  // Leavers: missing from a complete snapshot or from an incremental one's `present` (refused records
  // are not missing), or removed in a delta.
  const gone =
    !snapshot.complete && 'removed' in snapshot
      ? [...new Set(snapshot.removed)].map((sid) => personRecs.get(String(sid))).filter((r) => r !== undefined)
      : [...personRecs.values()].filter(
          (r) => !seenPeople.has(r.sourceId) && !checked.heldPeople.has(r.sourceId) && !present?.has(r.sourceId),
        );
  for (const r of gone) {
    if (r.id === null || r.leftOn !== null || (!snapshot.complete && seenPeople.has(r.sourceId))) continue;
    work.leavers.push({ key: recordKey(ns, 'person', r.sourceId), hash: null });
    add('leavers', { sourceId: r.sourceId, id: r.id, name: r.id });
  }
  // The leavers' names for the plan's sample (the records keep none).
  const unnamed = samples.leavers.filter((r) => r.name === r.id).map((r) => r.id!);
  if (unnamed.length) {
    const names = new Map((await q.syncPeopleNow({ source: ns, ids: unnamed })).map((r) => [r.id, r.name]));
    for (const r of samples.leavers) r.name = names.get(r.id!) ?? r.name;
  }
  if (!snapshot.complete && 'removed' in snapshot) {
    // A unit named in a delta's removed list is gone too.
    for (const sid of new Set(snapshot.removed)) {
      const u = unitNow.get(String(sid));
      if (u && u.goneOn === null && !seenUnits.has(u.sourceId)) {
        work.goneUnits.push(u.id);
        add('unitsGone', { sourceId: u.sourceId, id: u.id, name: u.name });
      }
    }
  }

  mark('plan: changes compared');
  counts.refused = refusals.length;
  const leaverShare = counts.peopleBefore > 0 ? counts.leavers / counts.peopleBefore : 0;
  work.plan = {
    source: name,
    day,
    complete: snapshot.complete,
    counts,
    samples,
    refusals: refusals.slice(0, MAX_REFUSALS),
    leaverShare,
    maxLeaverShare,
  };
  return work;
}

/** Whether a plan has anything to write. */
const hasWork = (w: Work) =>
  w.newUnits.length + w.changedUnits.length + w.goneUnits.length + w.joiners.length + w.updates.length > 0 ||
  w.hashOnly.length + w.leavers.length + w.managers.length > 0;

/** Writes a plan in batches, each its own write transaction; the records' hashes are written with what they describe. */
async function apply(
  q: Queries,
  w: Work,
  day: string,
  lease: Lease,
  mark: Mark,
  progress?: RunOptions['progress'],
): Promise<void> {
  const days = daysOf(day);
  // Every batch below is counted: the units', the people's and their managers' (each at most one write per item).
  const total =
    w.newUnits.length +
    w.changedUnits.length +
    w.parented.length +
    w.joiners.length +
    w.updates.length +
    w.hashOnly.length +
    w.leavers.length +
    w.managers.length;
  let done = 0;
  /** Before a batch of `n` items is written. */
  const guard = (n = 0) => {
    if (lease.lost) throw new Error('the sync lease was lost to another run');
    progress?.(done, total);
    done += n;
  };
  const { ns, unitIds } = w;

  // New units get readable ids: the slug of the name, suffixed -2, -3 … when taken.
  const fresh = w.newUnits.filter((n) => n.returning === null);
  if (fresh.length) {
    const slugs = [...new Set(fresh.map((n) => slug(n.unit.name)))];
    const taken = new Set<string>();
    for (const part of chunks(slugs))
      for (const r of await q.syncTakenIds({ slugs: part }, { long: true })) taken.add(r.id);
    for (const n of fresh) {
      const base = slug(n.unit.name);
      let id = base;
      for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
      taken.add(id);
      unitIds.set(n.unit.sourceId, id);
    }
    for (const part of chunks(fresh)) {
      guard(part.length);
      await q.syncUnitsCreate({
        source: ns,
        rows: part.map((n) => ({
          id: unitIds.get(n.unit.sourceId)!,
          key: recordKey(ns, 'unit', n.unit.sourceId),
          sourceId: n.unit.sourceId,
          hash: n.hash,
          props: { name: n.unit.name, ...(n.unit.kle ? kleProps(n.unit.kle) : {}) },
        })),
      });
    }
  }
  const back = w.newUnits.filter((n) => n.returning !== null);
  const unitUpdates = [
    ...back.map((n) => ({
      key: recordKey(ns, 'unit', n.unit.sourceId),
      hash: n.hash,
      props: { name: n.unit.name, goneOn: null, ...(n.unit.kle ? kleProps(n.unit.kle) : {}) },
    })),
    ...w.changedUnits.map(({ key, hash, props }) => ({ key, hash, props })),
  ];
  for (const part of chunks(unitUpdates)) {
    guard(part.length);
    await q.syncUnitsUpdate({ rows: part });
  }
  for (const part of chunks(w.parented)) {
    guard(part.length);
    await q.syncUnitsParent({
      source: ns,
      rows: part.map((u) => ({
        id: unitIds.get(u.sourceId)!,
        parentId: u.parentId === null ? null : (unitIds.get(u.parentId) ?? null),
      })),
    });
  }
  if (w.goneUnits.length) await q.syncUnitsGone({ ids: w.goneUnits, day });
  if (fresh.length) {
    const departments = new Map<string, string>();
    for (const d of await q.syncDepartments()) if (d.name) departments.set(d.name.trim().toLowerCase(), d.id);
    const rows = fresh.flatMap((n) => {
      const departmentId = departments.get(n.unit.name.toLowerCase());
      return departmentId ? [{ unitId: unitIds.get(n.unit.sourceId)!, departmentId }] : [];
    });
    if (rows.length) await q.syncUnitsMap({ rows });
  }

  mark('apply: units');
  // People. Joiners get their WORKS_IN with their memberships (the roll-up is known once the units are written).
  const ringeUnits = (ids: string[]) => ids.map((u) => unitIds.get(u)).filter((u): u is string => !!u);
  const { departmentOf } = w.joiners.length ? rollUp(await q.syncUnitTree()) : { departmentOf: () => null };
  const joinerRow = (j: Work['joiners'][number]) => {
    const units = ringeUnits(j.person.unitIds);
    return {
      id: j.id,
      key: recordKey(ns, 'person', j.person.sourceId),
      sourceId: j.person.sourceId,
      hash: j.hash,
      fields: fieldsOf(j.person),
      personHash: j.personHash,
      props: j.props,
      unitIds: units,
      departmentIds: [...new Set(units.map(departmentOf).filter((d): d is string => !!d))],
    };
  };
  for (const [existing, write] of [
    [false, q.syncPeopleCreate],
    [true, q.syncPeopleJoin],
  ] as const) {
    for (const part of chunks(w.joiners.filter((j) => j.existing === existing))) {
      guard(part.length);
      await write({ source: ns, day: days.day, firstDay: days.firstDay, rows: part.map(joinerRow) });
    }
  }
  mark('apply: joiners');
  for (const part of chunks(w.updates)) {
    guard(part.length);
    await q.syncPeopleUpdate({
      source: ns,
      ...days,
      rows: part.map((u) => ({
        key: recordKey(ns, 'person', u.person.sourceId),
        hash: u.hash,
        fields: fieldsOf(u.person),
        props: u.props,
        endUnitIds: ringeUnits(u.endUnits),
        startUnitIds: ringeUnits(u.startUnits),
      })),
    });
  }
  for (const part of chunks(w.hashOnly)) {
    guard(part.length);
    await q.syncPeopleHash({ rows: part });
  }
  for (const part of chunks(w.leavers)) {
    guard(part.length);
    await q.syncPeopleLeave({
      source: ns,
      day: days.day,
      dayBefore: days.dayBefore,
      lastDay: days.lastDay,
      rows: part,
    });
  }
  mark('apply: changes and leavers');
  const joined = new Set(w.joiners.map((j) => j.id));
  const managerOf = (m: Work['managers'][number]) =>
    m.managerSourceId === null ? null : (w.personIds.get(m.managerSourceId) ?? null);
  const joinersManaged = w.managers.flatMap((m) => {
    const managerId = joined.has(m.id) ? managerOf(m) : null;
    return managerId ? [{ id: m.id, managerId }] : [];
  });
  for (const part of chunks(joinersManaged)) {
    guard(part.length);
    await q.syncPeopleManagersNew({ source: ns, rows: part });
  }
  for (const part of chunks(w.managers.filter((m) => !joined.has(m.id)))) {
    guard(part.length);
    await q.syncPeopleManagers({
      source: ns,
      rows: part.map((m) => ({
        id: m.id,
        managerId: managerOf(m),
      })),
    });
  }

  mark('apply: managers');
  // Departments follow memberships: of the people who moved or came back, and of those in units
  // that are new or moved (their roll-up may have changed).
  const personIds = [
    ...new Set([
      ...w.updates.filter((u) => u.endUnits.length + u.startUnits.length > 0).map((u) => u.id),
      ...w.resynced,
    ]),
  ];
  // A unit made by this run has no one but this run's joiners and movers in it.
  const made = new Set(fresh.map((n) => n.unit.sourceId));
  const movedUnits = w.parented.filter((u) => !made.has(u.sourceId)).map((u) => unitIds.get(u.sourceId)!);
  if (personIds.length || movedUnits.length) {
    guard();
    await recompute(q, { personIds, unitIds: movedUnits, day });
  }
  progress?.(total, total);
  mark('apply: departments');
}

/**
 * After a failed apply: clears the hash of every record the plan touched, in one transaction. A
 * record's hash is written with its first write, but what depends on it (a unit's parent, a person's
 * manager, the departments) comes in later batches; with the hash cleared the next run compares those
 * records field by field (as after an edit in Ringe, @resync) and writes what is missing. When this
 * fails too (the database is gone) or the process dies mid-run, nothing repairs them until their
 * record next changes; writing every hash in a last batch would cover that, but would also overwrite
 * an edit's cleared hash made while the run went on.
 */
async function forgetHashes(q: Queries, w: Work): Promise<void> {
  const { ns } = w;
  const keys = [
    ...w.newUnits.map((n) => recordKey(ns, 'unit', n.unit.sourceId)),
    ...w.changedUnits.map((u) => u.key),
    ...w.joiners.map((j) => recordKey(ns, 'person', j.person.sourceId)),
    ...w.updates.map((u) => recordKey(ns, 'person', u.person.sourceId)),
    ...w.hashOnly.map((h) => h.key),
    ...w.leavers.map((l) => l.key),
  ];
  if (!keys.length) return;
  await q.writeTx(async (t) => {
    for (const part of chunks(keys)) await t.syncPeopleHash({ rows: part.map((key) => ({ key, hash: null })) });
  });
}

/**
 * Runs a source once: reads it (within the timeout, before any write), checks and plans, and unless
 * a dry run, or a run that would end more than maxLeaverShare of the source's people without force,
 * applies the plan. Every run is recorded (newest 50 per source); an applied run that changed
 * something is one change in the history. Throws SyncBusyError when another run holds the lease.
 */
export async function runSync(db: Db, source: SyncSource, options: RunOptions): Promise<SyncRun> {
  const q = queriesOf(db);
  const ns = namespace(source.name, options.scope);
  const lockName = options.scope ? `sync@${options.scope}` : 'sync';
  const holder = randomUUID();
  const mark = stepper(options.onStep);
  if (!(await q.syncLockTake({ name: lockName, holder, leaseMs: LEASE_MS })).length) throw new SyncBusyError();
  const lease = keepLease(q, lockName, holder);
  const day = options.day ?? today();
  const maxLeaverShare = options.maxLeaverShare ?? 0.1;
  const startedAt = new Date().toISOString();
  const run = (status: SyncRun['status'], plan: Plan | null, error: RunError | null): SyncRun => ({
    id: randomUUID(),
    source: source.name,
    dryRun: options.dryRun,
    forced: options.force === true,
    status,
    startedAt,
    endedAt: new Date().toISOString(),
    startedBy: options.startedBy,
    plan,
    error,
  });
  try {
    let read: SourceRead;
    let graph: Promise<GraphRecords>;
    try {
      const [saved] = await q.syncSourceState({ source: ns });
      // The graph's side is read while the source answers (about a second each at 50,000 people). Only the run
      // holding the lease writes records, so they are the same when the answer is in; an edit in Ringe meanwhile
      // (a unit renamed, a person erased) is planned against as it was, as one between plan and writing always was,
      // and writes find records by key, so nothing is made twice.
      graph = readGraphRecords(q, ns);
      // Awaited by the plan; a run whose source fails never asks for it.
      graph.catch(() => {});
      read = await readSource(source, saved?.state ?? null, day, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      mark('source read');
    } catch (err) {
      return await finish(q, ns, run('failed', null, failure(err)), null);
    }
    let work: Work;
    try {
      work = await makePlan(q, ns, source.name, read, graph, day, maxLeaverShare, mark);
    } catch (err) {
      return await finish(q, ns, run('failed', null, failure(err)), null);
    }
    const { plan } = work;
    if (options.dryRun) return await finish(q, ns, run('planned', plan, null), null);
    if (plan.leaverShare > maxLeaverShare && !options.force) {
      return await finish(q, ns, run('refused', plan, null), null);
    }
    try {
      if (hasWork(work)) await apply(q, work, day, lease, mark, options.progress);
    } catch (err) {
      await forgetHashes(q, work).catch(() => {});
      return await finish(q, ns, run('failed', plan, failure(err, 'write')), null);
    }
    const done = await finish(q, ns, run('applied', plan, null), work);
    mark('recorded');
    return done;
  } finally {
    await lease.release();
  }
}

/** Records the run, and for an applied one its change in the history (when it changed something) and the source's state. */
async function finish(q: Queries, ns: string, run: SyncRun, applied: Work | null): Promise<SyncRun> {
  await q.writeTx(async (t) => {
    if (applied) {
      const { counts } = applied.plan;
      const changed = PLAN_KINDS.some((k) => counts[k] > 0);
      if (changed) {
        await recordChange(t, syncActor(run.source), {
          action: 'import',
          targetKind: 'Source',
          targetId: run.source,
          before: null,
          after: { ...Object.fromEntries(PLAN_KINDS.map((k) => [k, counts[k]])), refused: counts.refused, run: run.id },
        });
      }
      await t.syncSourceSaveState({ source: ns, state: applied.state });
    }
    await t.syncRunRecord({
      id: run.id,
      source: run.source,
      ns,
      status: run.status,
      dryRun: run.dryRun,
      forced: run.forced,
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      startedBy: run.startedBy,
      plan: run.plan === null ? null : JSON.stringify(run.plan),
      error: run.error === null ? null : JSON.stringify(run.error),
    });
  });
  return run;
}

/** The newest runs of a source, newest first (`scope` as the runs were made with). */
export async function listRuns(db: Db, source: SourceName, limit: number, scope?: string): Promise<SyncRun[]> {
  const rows = await queriesOf(db).syncRuns({ ns: namespace(source, scope), limit });
  return rows.map((r) =>
    runSchema.parse({ ...r, plan: r.plan === null ? null : JSON.parse(r.plan), error: storedError(r.error) }),
  );
}
