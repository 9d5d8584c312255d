import type { Principal } from '../../api/auth.js';
import { today } from '../../api/common.js';
import { dayAfter, firstDayOf, lastDayOf } from '../common/days.js';
import type { Db } from '../common/db/index.js';
import { NotFoundError } from '../common/errors.js';
import { bindQueries, type Queries } from '../common/queries.js';
import { recordChange } from '../history/record.js';

// A synced person's WORKS_IN is derived: each open MEMBER_OF of a source gives a WORKS_IN of that
// source to the department the unit rolls up to (its own ROLLS_UP_TO, else its nearest mapped
// ancestor's). WORKS_IN without a source (the booklet's, typed, imported) is never touched here.

/** Rows per write transaction. */
export const BATCH = 5_000;

const bound = new WeakMap<Db, Queries>();
/** The bound queries of a database, made once per Db. */
export function queriesOf(db: Db): Queries {
  const known = bound.get(db);
  if (known) return known;
  const q = bindQueries(db);
  bound.set(db, q);
  return q;
}

export function chunks<T>(rows: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** The day before a day, YYYY-MM-DD: when what ends on `day` last held. */
export function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** What a run writes on its day: since = the day, until = the day before, with their days (server/common/days.ts). */
export function daysOf(day: string) {
  const before = dayBefore(day);
  // dayAfter(before) is the day itself: a check that the two agree with days.ts's calendar.
  if (dayAfter(before) !== day) throw new Error(`"${day}" is not a day.`);
  return { day, firstDay: firstDayOf(day), dayBefore: before, lastDay: lastDayOf(before) };
}

/** The department each unit rolls up to: its own mapping, else its nearest mapped ancestor's (a cycle ends the walk). */
export function rollUp(tree: { id: string; parentId: string | null; departmentId: string | null }[]) {
  const byId = new Map(tree.map((u) => [u.id, u]));
  const memo = new Map<string, string | null>();
  const of = (id: string): string | null => {
    if (memo.has(id)) return memo.get(id)!;
    const seen = new Set<string>();
    let at = byId.get(id);
    let found: string | null = null;
    while (at && !seen.has(at.id)) {
      seen.add(at.id);
      if (at.departmentId) {
        found = at.departmentId;
        break;
      }
      if (memo.has(at.id)) {
        found = memo.get(at.id)!;
        break;
      }
      at = at.parentId ? byId.get(at.parentId) : undefined;
    }
    for (const s of seen) memo.set(s, found);
    return found;
  };
  const children = new Map<string, string[]>();
  for (const u of tree) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  /** The units and all below them. */
  const subtree = (ids: Iterable<string>) => {
    const out = new Set<string>();
    const stack = [...ids];
    while (stack.length) {
      const id = stack.pop()!;
      if (out.has(id)) continue;
      out.add(id);
      stack.push(...(children.get(id) ?? []));
    }
    return out;
  };
  return { departmentOf: of, subtree };
}

export interface Recomputed {
  /** Derived WORKS_IN begun. */
  started: number;
  /** Derived WORKS_IN ended (or deleted when begun the same day). */
  ended: number;
}

/**
 * What bringing one person's derived WORKS_IN in line with their memberships takes: the relations to
 * end (element ids) and the ones to begin, by source. What already agrees is in neither.
 */
export function derivedChanges(
  row: { memberOf: [string, string][]; worksIn: [string, string, string, string | null][] },
  departmentOf: (unitId: string) => string | null,
): { ends: string[]; starts: { departmentId: string; source: string }[] } {
  const wanted = new Map<string, Set<string>>();
  for (const [source, unitId] of row.memberOf) {
    const department = departmentOf(unitId);
    if (!department) continue;
    if (!wanted.has(source)) wanted.set(source, new Set());
    wanted.get(source)!.add(department);
  }
  const ends: string[] = [];
  const starts: { departmentId: string; source: string }[] = [];
  const kept = new Set<string>();
  for (const [source, departmentId, ref] of row.worksIn) {
    const key = `${source}|${departmentId}`;
    if (wanted.get(source)?.has(departmentId) && !kept.has(key)) kept.add(key);
    else ends.push(ref);
  }
  for (const [source, departments] of wanted) {
    for (const departmentId of departments) {
      if (!kept.has(`${source}|${departmentId}`)) starts.push({ departmentId, source });
    }
  }
  return { ends, starts };
}

/**
 * Brings the derived WORKS_IN of people in line with their memberships and the mapping: those of
 * `personIds` and of the people in `unitIds` or below them; every person with a source's membership
 * when both are left out. What already agrees is not written.
 */
export async function recompute(
  q: Queries,
  { personIds, unitIds, day }: { personIds?: readonly string[]; unitIds?: readonly string[]; day: string },
): Promise<Recomputed> {
  const { departmentOf, subtree } = rollUp(await q.syncUnitTree());
  let rows: Awaited<ReturnType<Queries['syncMembershipsAll']>>;
  if (personIds === undefined && unitIds === undefined) rows = await q.syncMembershipsAll({}, { long: true });
  else {
    const ids = new Set(personIds ?? []);
    if (unitIds?.length) {
      for (const r of await q.syncMembersOfUnits({ unitIds: [...subtree(unitIds)] }, { long: true })) ids.add(r.id);
    }
    rows = [];
    for (const part of chunks([...ids], 20_000))
      rows.push(...(await q.syncMembershipsOf({ ids: part }, { long: true })));
  }
  const ends: string[] = [];
  const starts: { personId: string; departmentId: string; source: string }[] = [];
  for (const row of rows) {
    const derived = derivedChanges(row, departmentOf);
    ends.push(...derived.ends);
    for (const d of derived.starts) starts.push({ personId: row.id, ...d });
  }
  const days = daysOf(day);
  for (const refs of chunks(ends)) {
    await q.syncDerivedEnd({ refs, day: days.day, dayBefore: days.dayBefore, lastDay: days.lastDay });
  }
  for (const part of chunks(starts)) await q.syncDerivedStart({ rows: part, day: days.day, firstDay: days.firstDay });
  return { started: starts.length, ended: ends.length };
}

/**
 * Recomputes the derived WORKS_IN after the mapping changed: of the people in these units and
 * below them, or of every synced person when no units are given. For the admin's mapping page.
 */
export function recomputeDepartments(db: Db, unitIds?: readonly string[], day: string = today()): Promise<Recomputed> {
  return recompute(queriesOf(db), unitIds === undefined ? { day } : { unitIds, day });
}

/**
 * Sets the department a unit rolls up to (null: none, so it takes its nearest mapped ancestor's),
 * recorded in the history as the ROLLS_UP_TO relation deleted and created by the actor, and
 * recomputes the derived WORKS_IN of the people in the unit and below it.
 */
export async function setUnitDepartment(
  db: Db,
  unitId: string,
  departmentId: string | null,
  actor: Principal,
  day: string = today(),
): Promise<{ before: string | null; after: string | null } & Recomputed> {
  const q = queriesOf(db);
  const { before, after } = await q.writeTx(async (t) => {
    const [row] = await t.syncUnitDepartment({ unitId, departmentId });
    if (!row) throw new NotFoundError(`There is no unit "${unitId}".`);
    if (departmentId !== null && row.after === null)
      throw new NotFoundError(`There is no department "${departmentId}".`);
    if (row.before !== row.after) {
      const relation = (target: string) => ({
        type: 'ROLLS_UP_TO',
        source: unitId,
        target,
        version: 1,
        properties: {},
      });
      if (row.before !== null) {
        await recordChange(t, actor, {
          action: 'delete',
          targetKind: 'Relation',
          targetId: `${unitId}|ROLLS_UP_TO|${row.before}`,
          before: relation(row.before),
          after: null,
        });
      }
      if (row.after !== null) {
        await recordChange(t, actor, {
          action: 'create',
          targetKind: 'Relation',
          targetId: `${unitId}|ROLLS_UP_TO|${row.after}`,
          before: null,
          after: relation(row.after),
        });
      }
    }
    return row;
  });
  const recomputed = before === after ? { started: 0, ended: 0 } : await recompute(q, { unitIds: [unitId], day });
  return { before, after, ...recomputed };
}
