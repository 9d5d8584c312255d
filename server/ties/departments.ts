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
  add(i: number, j: number, by: 1 | -1 = 1): boolean {
    const a = this.departmentsOf[i]!;
    const b = this.departmentsOf[j]!;
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

  /** A pair's count moved by `by`; a pair no tie crosses any more is not listed. */
  private pair(k: number, by: number): void {
    const n = (this.pairs.get(k) ?? 0) + by;
    if (n === 0) this.pairs.delete(k);
    else this.pairs.set(k, n);
  }
}
