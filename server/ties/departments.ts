import { type Overlaps, overlapsOf } from './overlap.js';

/**
 * The one rule for cross-department ties, used by the coordination matrix, the brokers and the
 * graph's `crossDepartment` flag (cypher/ripple.cypher and cypher/trends.cypher state the same rule
 * in Cypher): two people are cross-department when each works in some department on the day and
 * they have none in common. Someone in no department crosses nothing.
 */
export function noDepartmentInCommon<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  for (const x of a) if (b.includes(x)) return false;
  return true;
}

/**
 * Departments' ties, counted by the rule above (docs/model.md, "Ties between departments"). A tie
 * between two people who both work somewhere counts once for every department either of them works
 * in; when it crosses, it is a cross tie of each of those departments, and it counts once for every
 * pair of one's department and the other's (so a tie of someone in two departments counts for two
 * pairs). People without a department are left out.
 *
 * Departments are positions 0..m-1; `departmentsOf[i]` lists person i's positions, without repeats.
 */
export class DepartmentTally {
  /** Per department: its ties, and those that cross. */
  readonly ties: number[];
  readonly crossTies: number[];
  /** Cross ties per department pair, keyed by `key(a, b)`. */
  readonly pairs = new Map<number, number>();

  constructor(
    private readonly m: number,
    private readonly departmentsOf: readonly (readonly number[])[],
  ) {
    this.ties = new Array<number>(m).fill(0);
    this.crossTies = new Array<number>(m).fill(0);
  }

  /** The key of the unordered pair of departments a and b. */
  key(a: number, b: number): number {
    return a <= b ? a * this.m + b : b * this.m + a;
  }

  /**
   * Counts the tie between persons i and j (each pair of people once), or with `by` -1 takes it
   * out again (server/coordination/matrix.ts follows edits so); true when it crosses.
   */
  add(i: number, j: number, by = 1): boolean {
    return this.addLists(this.departmentsOf[i]!, this.departmentsOf[j]!, by);
  }

  /**
   * Counts `by` ties (or takes them out, when negative) between people in departments `a` and people
   * in departments `b`, as `add` counts one; true when they cross.
   */
  addLists(a: readonly number[], b: readonly number[], by: number): boolean {
    if (a.length === 0 || b.length === 0) return false;
    if (a.length === 1 && b.length === 1) {
      // Nearly everyone works in one department: no lists to build.
      const x = a[0]!;
      const y = b[0]!;
      this.ties[x]! += by;
      if (x === y) return false;
      this.ties[y]! += by;
      this.crossTies[x]! += by;
      this.crossTies[y]! += by;
      this.pair(this.key(x, y), by);
      return true;
    }
    const cross = noDepartmentInCommon(a, b);
    for (const d of a) {
      this.ties[d]! += by;
      if (cross) this.crossTies[d]! += by;
    }
    for (const d of b) {
      if (a.includes(d)) continue;
      this.ties[d]! += by;
      if (cross) this.crossTies[d]! += by;
    }
    if (cross) {
      for (const x of a) for (const y of b) this.pair(this.key(x, y), by);
    }
    return cross;
  }

  /** Counts every pair of one group's people (its classes, from `departmentClasses`). */
  addGroup(classes: readonly DepartmentClass[]): void {
    for (let x = 0; x < classes.length; x++) {
      const c = classes[x]!;
      const n = c.people.length;
      // Pairs within a class share its departments: ties of each, never across.
      if (n > 1) this.addLists(c.departments, c.departments, (n * (n - 1)) / 2);
      for (let y = x + 1; y < classes.length; y++) {
        const other = classes[y]!;
        this.addLists(c.departments, other.departments, n * other.people.length);
      }
    }
  }

  /** A pair's count moved by `by`; a pair no tie crosses any more is not listed. */
  private pair(k: number, by: number): void {
    const n = (this.pairs.get(k) ?? 0) + by;
    if (n === 0) this.pairs.delete(k);
    else this.pairs.set(k, n);
  }
}

/** People of one group who work in the same departments: every pair between two classes counts alike. */
export interface DepartmentClass {
  /** Department positions, ascending. */
  departments: readonly number[];
  people: number[];
}

/**
 * A group's people with a department, by their departments: people in one department (nearly all)
 * by that department, the few in several by their list. People in none are left out.
 */
export function departmentClasses(
  group: readonly number[],
  departmentsOf: readonly (readonly number[])[],
): DepartmentClass[] {
  const single = new Map<number, DepartmentClass>();
  let several: Map<string, DepartmentClass> | undefined;
  for (const i of group) {
    const list = departmentsOf[i]!;
    if (list.length === 0) continue;
    if (list.length === 1) {
      const d = list[0]!;
      const c = single.get(d);
      if (c) c.people.push(i);
      else single.set(d, { departments: list, people: [i] });
      continue;
    }
    const sortedList = [...list].sort((x, y) => x - y);
    const key = sortedList.join(',');
    several ??= new Map();
    const c = several.get(key);
    if (c) c.people.push(i);
    else several.set(key, { departments: sortedList, people: [i] });
  }
  return several ? [...single.values(), ...several.values()] : [...single.values()];
}

/** What `tallyByGroups` tells its caller besides the tally. */
export interface TallyWatch {
  /** Each group's people by their departments, as counted. */
  group?(g: number, classes: readonly DepartmentClass[]): void;
  /** A crossing pair counted (`by` 1: a KNOWS not counted with a group) or taken out (a pair counted more than once). */
  cross?(i: number, j: number, by: number): void;
}

/**
 * The tally of every tied pair of people, each once (as `add` over each pair), counted by groups
 * instead of by pairs: a group of k people is k² pairs but only as many classes as departments
 * among them (`departmentClasses`), so the cost is the groups' sizes, not their squares. A pair
 * tied through several channels (groups shared, KNOWS) is counted once per channel that way; the
 * overlaps (server/ties/overlap.ts) say which pairs and how many times too many, and are taken out.
 *
 * `members[g]` lists group g's people (no repeats), `groupsOf[i]` person i's groups, `knowsOf[i]`
 * the other ends of i's KNOWS relations (repeats allowed, never i), `departmentsOf[i]` person i's
 * department positions (0..m-1, no repeats). Freed slots have empty lists.
 */
export function tallyByGroups(
  m: number,
  departmentsOf: readonly (readonly number[])[],
  members: readonly (readonly number[])[],
  groupsOf: readonly (readonly number[])[],
  knowsOf: readonly (readonly number[])[],
  watch: TallyWatch = {},
  overlaps: Overlaps = overlapsOf(members, groupsOf, knowsOf),
): DepartmentTally {
  const tally = new DepartmentTally(m, departmentsOf);
  members.forEach((group, g) => {
    const classes = departmentClasses(group, departmentsOf);
    tally.addGroup(classes);
    watch.group?.(g, classes);
  });
  // Pairs one by one (KNOWS, overlaps): between people in one department each (nearly all), summed
  // by the two departments first and counted once per pair of departments at the end.
  const between = new Float64Array(m * m);
  const count = (i: number, j: number, by: number) => {
    const a = departmentsOf[i]!;
    const b = departmentsOf[j]!;
    let cross: boolean;
    if (a.length === 1 && b.length === 1) {
      between[a[0]! * m + b[0]!]! += by;
      cross = a[0] !== b[0];
    } else {
      cross = tally.add(i, j, by);
    }
    if (cross) watch.cross?.(i, j, by);
  };
  // KNOWS: one channel per pair however many relations join them.
  const n = groupsOf.length;
  const seen = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (const j of knowsOf[i]!) {
      if (j <= i || seen[j] === i) continue;
      seen[j] = i;
      count(i, j, 1);
    }
  }
  const { offsets, other, extra } = overlaps;
  for (let i = 0; i < n; i++) {
    for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
      const j = other[e]!;
      if (j > i) count(i, j, -extra[e]!);
    }
  }
  for (let x = 0; x < m; x++) {
    for (let y = 0; y < m; y++) {
      const by = between[x * m + y]!;
      if (by !== 0) tally.addLists([x], [y], by);
    }
  }
  return tally;
}
