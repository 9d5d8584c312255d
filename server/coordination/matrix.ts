import type { NodeRef } from '../../api/common.js';
import type { CoordinationResponse } from '../../api/explore.js';
import { byCodeUnit } from '../../api/order.js';
import type { TieView } from '../ties/kept.js';
import {
  type DepartmentClass,
  DepartmentTally,
  departmentClasses,
  noDepartmentInCommon,
  tallyByGroups,
} from '../ties/departments.js';
import type { TieSource } from '../ties/load.js';
import { TieState } from '../ties/state.js';

/** Networks, trainings and people listed per department pair; `ties` still counts them all. */
export const MAX_PER_PAIR = 200;

type Pair = CoordinationResponse['pairs'][number];

/** The coordination matrix of a whole tie graph read at once. */
export function coordinationMatrix(source: TieSource): CoordinationResponse {
  const state = TieState.of(source);
  const matrix = new KeptMatrix();
  matrix.rebuild(state);
  return matrix.answer(state);
}

/**
 * The coordination matrix, kept as counts that follow the tie graph change by change
 * (server/ties/kept.ts). Each tied pair of people counts once, by the rule in
 * server/ties/departments.ts: the two are cross-department when they have no department in common,
 * and a cross tie counts for every pair of one's department and the other's (people without a
 * department are left out). A tie between people who share a department is one of its ties, not a
 * cross tie. For each pair of departments it also lists the networks and trainings that tie someone
 * of one to someone of the other across, how many KNOWS relations join them across, and the people
 * so tied.
 *
 * Pairs of people are never listed. `rebuild` counts by groups (server/ties/departments.ts,
 * `tallyByGroups`): a group's people by their departments, so its cost is the groups' sizes, not
 * their squares (the sum of which is 13 million at 50,000 people), and the pairs tied through more
 * than one channel taken out again. When people change, what they counted is taken out before and
 * counted again after, person by person: a person's ties are the people of their groups and whom
 * they know, visited once each by a stamp, so an edit costs the changed people's ties.
 */
export class KeptMatrix implements TieView {
  private m = 0;
  private position = new Map<string, number>();
  /** Person slot's departments by position, without repeats (none: no department, or beyond the cap). */
  private departmentsOf: number[][] = [];
  private tally = new DepartmentTally(0, this.departmentsOf);
  /** KNOWS relations across, per department pair key. */
  private knows = new Map<number, number>();
  /**
   * Per person slot and department position: how many of their ties cross into that department,
   * slot i's row at i·m (one array: a row each was half a million arrays made at 500,000 people).
   */
  private tiedInto = new Int32Array(0);
  /** The department pairs each group (by slot) ties across. */
  private groupPairs: (Set<number> | undefined)[] = [];
  /** People slots by name, then id: the order the answer lists people in. */
  private order: number[] = [];
  private stamp = new Int32Array(0);
  private epoch = 0;
  /** Groups of the people being changed, whose pairs are counted again after. */
  private noted = new Set<number>();
  private kept: { version: number; answer: CoordinationResponse } | null = null;
  /**
   * Each listed person's reference, made once and shared by every answer until the person changes: an answer
   * lists up to 200 people per department pair (13,200 at 50,000 people), made again after every edit.
   */
  private refs: (NodeRef | undefined)[] = [];

  rebuild(state: TieState): void {
    const departments = state.departmentList;
    this.m = departments.length;
    this.position = new Map(departments.map((d, i) => [d.id, i]));
    this.departmentsOf = state.personId.map((id, i) => (id === null ? [] : this.positionsOf(state, i)));
    this.tally = new DepartmentTally(this.m, this.departmentsOf);
    this.knows = new Map();
    this.tiedInto = new Int32Array(state.personId.length * this.m);
    this.groupPairs = [];
    this.kept = null;
    this.refs = [];
    const slots = this.inUse(state);
    this.tally = tallyByGroups(this.m, this.departmentsOf, state.members, state.groupsOf, state.knowsOf, {
      group: (g, classes) => {
        if (state.groupId[g] === null) return;
        this.groupPairs[g] = this.pairsOf(classes);
        this.intoByGroup(classes);
      },
      cross: (i, j, by) => this.into(i, j, by),
    });
    for (const i of slots) for (const j of state.knowsOf[i]!) if (j > i) this.knowsPair(i, j, 1);
    this.order = slots.sort(this.byName(state));
  }

  retract(state: TieState, slots: ReadonlySet<number>): void {
    this.kept = null;
    this.reserve(state);
    for (const i of slots) {
      this.refs[i] = undefined;
      this.visit(state, i, (j) => {
        if (!(slots.has(j) && j < i)) this.pair(i, j, -1);
      });
      for (const j of state.knowsOf[i]!) if (!(slots.has(j) && j < i)) this.knowsPair(i, j, -1);
      for (const g of state.groupsOf[i]!) this.noted.add(g);
    }
    this.order = this.order.filter((i) => !slots.has(i));
  }

  restore(state: TieState, slots: ReadonlySet<number>): void {
    this.kept = null;
    this.reserve(state);
    for (const i of slots) {
      this.departmentsOf[i] = state.personId[i] === null ? [] : this.positionsOf(state, i);
      this.refs[i] = undefined;
    }
    for (const i of slots) {
      if (state.personId[i] === null) continue;
      this.visit(state, i, (j) => {
        if (!(slots.has(j) && j < i)) this.pair(i, j, 1);
      });
      for (const j of state.knowsOf[i]!) if (!(slots.has(j) && j < i)) this.knowsPair(i, j, 1);
      for (const g of state.groupsOf[i]!) this.noted.add(g);
    }
    for (const g of this.noted) {
      if (state.groupId[g] === null) this.groupPairs[g] = undefined;
      else this.countGroup(state, g);
    }
    this.noted.clear();
    const order = this.byName(state);
    for (const i of slots) {
      if (state.personId[i] === null) continue;
      let lo = 0;
      let hi = this.order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (order(this.order[mid]!, i) < 0) lo = mid + 1;
        else hi = mid;
      }
      this.order.splice(lo, 0, i);
    }
  }

  /** The answer, made once per version of the state it follows. */
  answer(state: TieState, version = -1): CoordinationResponse {
    if (this.kept && this.kept.version === version && version >= 0) return this.kept.answer;
    const answer = this.make(state);
    this.kept = { version, answer };
    return answer;
  }

  private make(state: TieState): CoordinationResponse {
    const { m, tally } = this;
    const departments: NodeRef[] = state.departmentList.map((d) => ({ id: d.id, kind: 'Department', name: d.name }));
    const { refs } = this;
    const personRef = (i: number): NodeRef =>
      (refs[i] ??= { id: state.personId[i]!, kind: 'Person', name: state.personName[i] ?? state.personId[i]! });

    // The first people of each pair by name, from the people in name order, until every pair has its fill.
    // By pair key in flat arrays (a Map's lookups for each person and department were most of an answer).
    const people: (NodeRef[] | undefined)[] = new Array(m * m);
    const full = new Uint8Array(m * m);
    const { tiedInto } = this;
    // Per department, its pairs not yet filled: someone whose departments have none adds nothing (small pairs that
    // never fill keep the walk going to the end of the list).
    const open = new Int32Array(m);
    for (const k of tally.pairs.keys()) {
      open[Math.floor(k / m)]!++;
      open[k % m]!++;
    }
    let filled = 0;
    for (const i of this.order) {
      if (filled === tally.pairs.size) break;
      const own = this.departmentsOf[i]!;
      if (own.every((a) => open[a] === 0)) continue;
      const row = i * m;
      for (const a of own) {
        for (let d = 0; d < m; d++) {
          if (!tiedInto[row + d]) continue;
          const k = a <= d ? a * m + d : d * m + a; // tally.key(a, d)
          if (full[k]) continue;
          let list = people[k];
          if (!list) {
            list = [];
            people[k] = list;
          }
          list.push(personRef(i));
          if (list.length === MAX_PER_PAIR) {
            full[k] = 1;
            filled++;
            open[a]!--;
            open[d]!--;
          }
        }
      }
    }
    // Groups by name, then id, so each pair's lists fill in the order they are listed and stop at their cap (a
    // sort per pair was 10,000 networks sorted for each of 171 pairs at 500,000 people).
    const tying: { ref: NodeRef; keys: Set<number> }[] = [];
    this.groupPairs.forEach((keys, g) => {
      if (!keys || state.groupId[g] === null) return;
      const via = state.groupVia[g]!;
      const ref: NodeRef = {
        id: state.groupId[g]!,
        kind: via === 'network' ? 'Network' : 'Training',
        name: state.groupName[g] ?? state.groupId[g]!,
      };
      tying.push({ ref, keys });
    });
    tying.sort((x, y) => byCodeUnit(x.ref.name, y.ref.name) || byCodeUnit(x.ref.id, y.ref.id));
    const groupsTying = new Map<number, { networks: NodeRef[]; trainings: NodeRef[] }>();
    for (const { ref, keys } of tying) {
      for (const k of keys) {
        const entry = groupsTying.get(k) ?? groupsTying.set(k, { networks: [], trainings: [] }).get(k)!;
        const list = ref.kind === 'Network' ? entry.networks : entry.trainings;
        if (list.length < MAX_PER_PAIR) list.push(ref);
      }
    }

    const pairs: Pair[] = [];
    for (const [k, count] of tally.pairs) {
      const lists = groupsTying.get(k) ?? { networks: [], trainings: [] };
      pairs.push({
        a: departments[Math.floor(k / m)]!,
        b: departments[k % m]!,
        networks: lists.networks,
        trainings: lists.trainings,
        knows: this.knows.get(k) ?? 0,
        people: people[k] ?? [],
        ties: count,
      });
    }
    pairs.sort((x, y) => y.ties - x.ties || this.pos(x.a) - this.pos(y.a) || this.pos(x.b) - this.pos(y.b));

    const shares = departments.map((department, i) => ({
      department,
      ties: tally.ties[i]!,
      crossTies: tally.crossTies[i]!,
      share: tally.ties[i] ? tally.crossTies[i]! / tally.ties[i]! : 0,
    }));
    return { departments, pairs, shares, isolated: shares.filter((s) => s.crossTies === 0).map((s) => s.department) };
  }

  private pos(d: NodeRef): number {
    return this.position.get(d.id)!;
  }

  private positionsOf(state: TieState, i: number): number[] {
    return [
      ...new Set(state.departments[i]!.map((d) => this.position.get(d)).filter((x): x is number => x !== undefined)),
    ];
  }

  private inUse(state: TieState): number[] {
    const slots: number[] = [];
    state.personId.forEach((id, i) => {
      if (id !== null) slots.push(i);
    });
    return slots;
  }

  /** By name, then id, as Cypher's ORDER BY does (a person without a name by their id, as listed). */
  private byName(state: TieState) {
    const name = (i: number) => state.personName[i] ?? state.personId[i]!;
    return (x: number, y: number) => byCodeUnit(name(x), name(y)) || byCodeUnit(state.personId[x]!, state.personId[y]!);
  }

  /** Calls `each` once for every person i is tied to (through a group or a KNOWS), never i. */
  private visit(state: TieState, i: number, each: (j: number) => void): void {
    if (this.stamp.length < state.personId.length) {
      const grown = new Int32Array(Math.max(16, state.personId.length * 2));
      grown.set(this.stamp);
      this.stamp = grown;
    }
    const mark = ++this.epoch;
    this.stamp[i] = mark;
    for (const g of state.groupsOf[i]!) {
      for (const j of state.members[g]!) {
        if (this.stamp[j] === mark) continue;
        this.stamp[j] = mark;
        each(j);
      }
    }
    for (const j of state.knowsOf[i]!) {
      if (this.stamp[j] === mark) continue;
      this.stamp[j] = mark;
      each(j);
    }
  }

  /** The tie between i and j counted (`by` 1) or taken out (-1), and which departments each is tied into across. */
  private pair(i: number, j: number, by: 1 | -1): void {
    if (this.tally.add(i, j, by)) this.into(i, j, by);
  }

  /** Rows of departments tied into for every slot of the state (new slots' rows are zeros). */
  private reserve(state: TieState): void {
    const needed = state.personId.length * this.m;
    if (this.tiedInto.length >= needed) return;
    const grown = new Int32Array(Math.max(needed, this.tiedInto.length * 2));
    grown.set(this.tiedInto);
    this.tiedInto = grown;
  }

  /** The crossing tie between i and j counted `by` times into each one's departments tied into. */
  private into(i: number, j: number, by: number): void {
    const { m, tiedInto } = this;
    for (const d of this.departmentsOf[j]!) tiedInto[i * m + d]! += by;
    for (const d of this.departmentsOf[i]!) tiedInto[j * m + d]! += by;
  }

  /**
   * The departments one group's people are tied into across, by class: everyone in a class is
   * tied to the same people of the group, those of the classes with no department in common.
   */
  private intoByGroup(classes: readonly DepartmentClass[]): void {
    const counts = new Int32Array(this.m);
    for (const c of classes) {
      counts.fill(0);
      for (const other of classes) {
        if (other === c || !noDepartmentInCommon(c.departments, other.departments)) continue;
        for (const d of other.departments) counts[d]! += other.people.length;
      }
      const reached: number[] = [];
      for (let d = 0; d < this.m; d++) if (counts[d]) reached.push(d);
      if (reached.length === 0) continue;
      for (const i of c.people) {
        const row = i * this.m;
        for (const d of reached) this.tiedInto[row + d]! += counts[d]!;
      }
    }
  }

  /** One KNOWS relation between i and j counted or taken out, for each department pair it crosses. */
  private knowsPair(i: number, j: number, by: 1 | -1): void {
    const a = this.departmentsOf[i]!;
    const b = this.departmentsOf[j]!;
    if (!noDepartmentInCommon(a, b)) return;
    for (const x of a) {
      for (const y of b) {
        const k = this.tally.key(x, y);
        const n = (this.knows.get(k) ?? 0) + by;
        if (n === 0) this.knows.delete(k);
        else this.knows.set(k, n);
      }
    }
  }

  /** The department pairs group g ties across: two of its people cross between them. */
  private countGroup(state: TieState, g: number): void {
    this.groupPairs[g] = this.pairsOf(departmentClasses(state.members[g]!, this.departmentsOf));
  }

  /** The department pairs a group of these classes ties across (none: undefined). */
  private pairsOf(classes: readonly DepartmentClass[]): Set<number> | undefined {
    const { m } = this;
    const tied = new Set<number>();
    for (let x = 0; x < classes.length; x++) {
      const a = classes[x]!.departments;
      for (let y = x + 1; y < classes.length; y++) {
        const b = classes[y]!.departments;
        if (!noDepartmentInCommon(a, b)) continue;
        for (const p of a) for (const q of b) tied.add(p <= q ? p * m + q : q * m + p); // DepartmentTally.key
      }
    }
    return tied.size ? tied : undefined;
  }
}
