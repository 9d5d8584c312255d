import { parseRelationId } from '../../api/edit.js';
import type { Queries, ReadQueries, RowOf } from '../common/queries.js';
import { fingerprintOf, loadTies, MAX_DEPARTMENTS } from './load.js';
import { type GroupRecord, type PersonRecord, TieState } from './state.js';

// The tie graph of a day, kept in this process between answers and brought up to date from the
// change log (the :Change nodes every edit, survey answer and handover writes in its own
// transaction) instead of being read whole again. Each server process keeps its own and knows
// how far it has read (the newest change it has seen), so a second process needs nothing from
// this one: it reads the same log. What an edit changes is read again for the people, networks,
// trainings and departments it touched, and the views built on the state (the coordination
// matrix, contacts' rosters) take out what those people counted and count them again.
//
// The whole graph is read again when the log cannot say what changed (a sync, an import, an
// erasure: one change for many people), when it holds more than MAX_CHANGES since the last
// reading, when the people counted differ from the graph's (something wrote without a change: a
// restore, a reseed), and at least every FULL_EVERY_MS.

/** Something kept from a day's tie state that follows it change by change. */
export interface TieView {
  /** Counts the whole state afresh. */
  rebuild(state: TieState): void;
  /** Before the people in `slots` change: takes out what they count. */
  retract(state: TieState, slots: ReadonlySet<number>): void;
  /** After they changed: counts them again (slots of people who left the graph are free now). */
  restore(state: TieState, slots: ReadonlySet<number>): void;
}

/** More changes than this since the last reading, and the whole graph is read again. */
export const MAX_CHANGES = 500;
/**
 * Changes are read again from this long before the newest one seen: a change's time is taken when
 * its transaction writes it, so a slow transaction can commit after a later one. Reading a change
 * twice does no harm: what it touched is read as it is now.
 */
const OVERLAP_MS = 60_000;
/** The whole graph is read again at least this often, for writes that record no change. */
export const FULL_EVERY_MS = 10 * 60_000;
/** Days kept: today's, and a few a time slider has just visited. */
const DAYS = 4;

type Fingerprint = RowOf<'tiesFingerprint'> | undefined;

interface KeptDay {
  state: TieState;
  fingerprint: string;
  /** The newest change seen (an ISO time), null when none. */
  position: string | null;
  /**
   * The ids of the changes from a minute before `position` on that are already applied, so a change read again in
   * that minute is not applied again (a whole reading notes those of the minute before it, read in its transaction);
   * null when there were too many to note, or none yet: then every change of the minute is read as possibly late.
   */
  applied: Set<string> | null;
  /** The graph's relationships when last read, to tell writes the log does not hold. */
  relationships: number;
  loadedAt: number;
  /** Counts the updates, so views' answers can be kept per version. */
  version: number;
  views: Map<string, TieView>;
}

/** What a kept day answers with: the state, its graph's fingerprint and version. */
export interface KeptTiesOf {
  state: TieState;
  fingerprint: string;
  version: number;
}

export class KeptTies {
  private readonly days = new Map<string, KeptDay>();
  private readonly updating = new Map<string, Promise<unknown>>();
  /** How each day was last brought up to date, for tests and the benchmark: 'full' or 'changes'. */
  lastUpdate: 'full' | 'changes' | 'none' = 'none';

  constructor(
    private readonly queries: Queries,
    private readonly now: () => number = Date.now,
  ) {}

  /** The day's tie state as the graph is now. */
  async current(day: string): Promise<KeptTiesOf> {
    const entry = await this.upToDate(day);
    return { state: entry.state, fingerprint: entry.fingerprint, version: entry.version };
  }

  /** The day's view `name` (made by `make` the first time), as the graph is now. */
  async view<V extends TieView>(day: string, name: string, make: () => V): Promise<KeptTiesOf & { view: V }> {
    const entry = await this.upToDate(day);
    let view = entry.views.get(name) as V | undefined;
    if (!view) {
      view = make();
      view.rebuild(entry.state);
      entry.views.set(name, view);
    }
    return { state: entry.state, fingerprint: entry.fingerprint, version: entry.version, view };
  }

  private async upToDate(day: string): Promise<KeptDay> {
    const [fp] = await this.queries.tiesFingerprint();
    const entry = this.days.get(day);
    if (entry && entry.fingerprint === fingerprintOf(fp) && this.now() - entry.loadedAt <= FULL_EVERY_MS) return entry;
    // One update of a day at a time: the next one finds it done, or reads only what came since.
    const before = this.updating.get(day) ?? Promise.resolve();
    const next = before.then(() => this.queries.readTx((t) => this.update(t, day)));
    const settled = next.catch(() => undefined);
    this.updating.set(day, settled);
    try {
      return await next;
    } finally {
      if (this.updating.get(day) === settled) this.updating.delete(day);
    }
  }

  private async update(t: ReadQueries, day: string): Promise<KeptDay> {
    const [fp] = await t.tiesFingerprint();
    const entry = this.days.get(day);
    if (entry && entry.fingerprint === fingerprintOf(fp) && this.now() - entry.loadedAt <= FULL_EVERY_MS) return entry;
    if (entry && entry.position !== null && this.now() - entry.loadedAt <= FULL_EVERY_MS) {
      if (await this.follow(t, day, entry, fp)) {
        this.lastUpdate = 'changes';
        return entry;
      }
    }
    return this.load(t, day, fp);
  }

  /** Reads the whole tie graph of the day. */
  private async load(t: ReadQueries, day: string, fp: Fingerprint): Promise<KeptDay> {
    // The changes of the minute up to the newest, read in the same transaction as the graph: its reading holds
    // them, so following afterwards neither counts them as new nor, for a sync's among them, reads everything again.
    const position = fp?.lastChange ?? null;
    const seen = position === null ? Number.NaN : Date.parse(position);
    const recent = Number.isNaN(seen)
      ? null
      : await t.tiesChanges({ since: new Date(seen - OVERLAP_MS).toISOString(), seen: null, limit: MAX_CHANGES + 1 });
    const { source } = await loadTies(t, day);
    const entry: KeptDay = {
      state: TieState.of(source),
      fingerprint: fingerprintOf(fp),
      position,
      applied: recent && recent.length <= MAX_CHANGES ? new Set(recent.map((c) => c.id)) : null,
      relationships: fp?.relationships ?? 0,
      loadedAt: this.now(),
      version: (this.days.get(day)?.version ?? 0) + 1,
      views: new Map(),
    };
    const old = this.days.get(day);
    for (const [name, view] of old?.views ?? []) {
      view.rebuild(entry.state);
      entry.views.set(name, view);
    }
    this.days.delete(day);
    this.days.set(day, entry);
    for (const key of this.days.keys()) {
      if (this.days.size <= DAYS) break;
      this.days.delete(key);
    }
    this.lastUpdate = 'full';
    return entry;
  }

  /** Brings the day up to date from the change log; false when it cannot (then the whole graph is read). */
  private async follow(t: ReadQueries, day: string, entry: KeptDay, fp: Fingerprint): Promise<boolean> {
    const seen = Date.parse(entry.position!);
    if (Number.isNaN(seen)) return false;
    const since = new Date(seen - OVERLAP_MS).toISOString();
    const all = await t.tiesChanges({ since, seen: entry.position, limit: MAX_CHANGES + 1 });
    if (all.length > MAX_CHANGES) return false;
    // Those not applied yet: after a whole reading, which cannot tell, every one of the minute is read again
    // (harmless: what a change touched is read as it is now), but only those after it count as new.
    const { applied } = entry;
    const changes = applied ? all.filter((c) => !applied.has(c.id)) : all;
    const isNew = (c: (typeof all)[number]) => (applied ? true : c.fresh);
    // The graph moved, but no change says how: something wrote without one.
    if (!changes.some(isNew)) return false;
    const touched = new Set<string>();
    /** Nodes changed themselves (not only a relation of theirs): a department renamed or deleted. */
    const nodes = new Set<string>();
    // What the new changes did to the number of relationships, while it can be told: a relation
    // made or deleted is one; a deleted node takes its relations with it, an undo may do either.
    let relationships: number | null = entry.relationships;
    for (const c of changes) {
      // One change for many people: the log does not say whom it touched.
      if (c.action === 'import' || c.action === 'erase' || c.targetKind === 'Source' || c.targetId === null)
        return false;
      const relation = parseRelationId(c.targetId);
      if (relation) {
        touched.add(relation.source);
        touched.add(relation.target);
      } else {
        touched.add(c.targetId);
        nodes.add(c.targetId);
      }
      if (!isNew(c) || relationships === null) continue;
      if (relation && c.action === 'create') relationships++;
      else if (relation && c.action === 'delete') relationships--;
      else if (c.action !== 'update' && c.action !== 'create') relationships = null;
    }
    // More or fewer relationships than the changes made: something else wrote too.
    if (relationships !== null && relationships !== (fp?.relationships ?? 0)) return false;
    const { state } = entry;
    const ids = [...touched];
    // Each read below is a round trip on every first answer after an edit; an edit of people's relations (a KNOWS,
    // a WORKS_IN) needs neither. Only an id that is not a known person or department may be a group, new or old;
    // the departments are read again only when a change was of a node itself (a department made, renamed or deleted).
    const maybeGroups = ids.filter((id) => !state.personSlot.has(id) && !state.departmentName.has(id));
    const groups = maybeGroups.length ? await t.tiesGroupsOf({ ids: maybeGroups, at: day }) : [];
    const departments = nodes.size
      ? (await t.tiesDepartments({ limit: MAX_DEPARTMENTS })).map((d) => ({ id: d.id, name: d.name }))
      : departmentRows(state);

    // Whose ties may have changed: the people touched, those who joined or left a touched group,
    // and everyone in a department that changed itself (renamed or deleted; a WORKS_IN made or
    // ended touches its person, who is read again anyway).
    const affected = new Set<string>();
    for (const id of ids) if (!state.groupSlot.has(id)) affected.add(id);
    const groupsNow = new Map(groups.map((g) => [g.id, g]));
    for (const id of ids) {
      const g = state.groupSlot.get(id);
      const before = new Set(g === undefined ? [] : state.members[g]!.map((i) => state.personId[i]!));
      const now = new Set(groupsNow.get(id)?.people ?? []);
      for (const p of before) if (!now.has(p)) affected.add(p);
      for (const p of now) if (!before.has(p)) affected.add(p);
    }
    const departmentIds = new Set(
      [...state.departmentList, ...departments].map((d) => d.id).filter((d) => nodes.has(d)),
    );
    if (departmentIds.size) {
      state.departments.forEach((list, i) => {
        if (state.personId[i] !== null && list.some((d) => departmentIds.has(d))) affected.add(state.personId[i]!);
      });
    }
    const people = affected.size ? await t.tiesPeopleOf({ ids: [...affected], at: day }) : [];
    // A group no one had on the last reading and no change touched: the state has lost its way.
    for (const p of people) {
      for (const g of p.groups) if (!state.groupSlot.has(g) && !groupsNow.has(g)) return false;
    }
    const departmentsChanged = JSON.stringify(departments) !== JSON.stringify(departmentRows(state));
    this.apply(entry, { people, gone: [...affected].filter((id) => !people.some((p) => p.id === id)) }, groups, {
      touched: ids,
      departments: departmentsChanged ? departments : null,
    });
    // Something wrote people without a change (a restore, a reseed): read the whole graph.
    if (state.people !== (fp?.people ?? 0)) return false;
    entry.fingerprint = fingerprintOf(fp);
    entry.position = fp?.lastChange ?? entry.position;
    entry.applied = new Set(all.map((c) => c.id));
    entry.relationships = fp?.relationships ?? 0;
    entry.version++;
    return true;
  }

  private apply(
    entry: KeptDay,
    people: { people: PersonRecord[]; gone: string[] },
    groups: GroupRecord[],
    other: { touched: string[]; departments: { id: string; name: string | null }[] | null },
  ): void {
    const { state } = entry;
    const before = new Set<number>();
    for (const id of [...people.people.map((p) => p.id), ...people.gone]) {
      const slot = state.personSlot.get(id);
      if (slot !== undefined) before.add(slot);
    }
    if (!other.departments) for (const view of entry.views.values()) view.retract(state, before);
    if (other.departments) state.setDepartments(other.departments);
    const groupsNow = new Set(groups.map((g) => g.id));
    for (const g of groups) state.setGroup(g);
    for (const p of people.people) state.setPerson(p);
    for (const id of other.touched) if (!groupsNow.has(id)) state.removeGroup(id);
    for (const id of people.gone) state.removePerson(id);
    const after = new Set(before);
    for (const p of people.people) after.add(state.personSlot.get(p.id)!);
    for (const view of entry.views.values()) {
      if (other.departments) view.rebuild(state);
      else view.restore(state, after);
    }
  }
}

const departmentRows = (state: TieState) =>
  state.departmentList.map((d) => ({ id: d.id, name: state.departmentName.get(d.id) ?? null }));

const kept = new WeakMap<Queries, KeptTies>();

/** The one KeptTies of a database's queries in this process, shared by coordination, brokers and contacts. */
export function keptTiesOf(queries: Queries): KeptTies {
  let found = kept.get(queries);
  if (!found) {
    found = new KeptTies(queries);
    kept.set(queries, found);
  }
  return found;
}
