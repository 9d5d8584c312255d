import { runNow, type Steps } from '../common/turns.js';

/**
 * Pairs of people tied more than once. Two people are tied through each network or training they
 * share and through KNOWS (any number of KNOWS relations is one channel); the tie graph counts a
 * tied pair once, however many channels tie it. So a sum over groups (each group ties all its
 * pairs) counts a pair once per channel: whoever counts by groups (the coordination matrix's first
 * counting, brokers' shortest ways) takes out each pair's `extra` = channels - 1, read from here.
 *
 * Most pairs share one channel, so the list is short; finding it walks, for each person, every
 * channel but their largest group (whose members are then asked by their own group lists), so a
 * training of 1,250 people costs its members' other groups, not 1,250² pairs.
 */
export interface Overlaps {
  /** Compressed rows: person i's overlapping partners are other[offsets[i] .. offsets[i+1]). */
  offsets: Int32Array;
  /** The other person of each pair, both ways (j in i's row exactly when i in j's). */
  other: Int32Array;
  /** Channels beyond the first (≥ 1) for each entry of `other`. */
  extra: Int32Array;
  /** Pairs listed (each once, though stored both ways). */
  pairs: number;
}

/**
 * `members[g]` lists group g's people (no repeats), `groupsOf[i]` person i's groups, `knowsOf[i]`
 * the other ends of i's KNOWS relations (repeats allowed, never i). Freed slots have empty lists.
 */
export function overlapsOf(
  members: readonly (readonly number[])[],
  groupsOf: readonly (readonly number[])[],
  knowsOf: readonly (readonly number[])[],
): Overlaps {
  return runNow(overlapSteps(members, groupsOf, knowsOf));
}

/** overlapsOf in steps, a pause every 1,024 people (seconds at 500,000 people: server/common/turns.ts). */
export function* overlapSteps(
  members: readonly (readonly number[])[],
  groupsOf: readonly (readonly number[])[],
  knowsOf: readonly (readonly number[])[],
): Steps<Overlaps> {
  const n = groupsOf.length;
  const count = new Int32Array(n);
  const seen = new Int32Array(n).fill(-1);
  const touched = new Int32Array(n);
  // Each pair once (i < j), gathered in growing typed arrays.
  let a = new Int32Array(1024);
  let b = new Int32Array(1024);
  let x = new Int32Array(1024);
  let pairs = 0;
  const push = (i: number, j: number, extra: number) => {
    if (pairs === a.length) {
      const grow = (old: Int32Array) => {
        const next = new Int32Array(old.length * 2);
        next.set(old);
        return next;
      };
      a = grow(a);
      b = grow(b);
      x = grow(x);
    }
    a[pairs] = i;
    b[pairs] = j;
    x[pairs] = extra;
    pairs++;
  };

  for (let i = 0; i < n; i++) {
    if ((i & 1023) === 0) yield;
    const groups = groupsOf[i]!;
    let largest = -1;
    for (const g of groups) if (largest < 0 || members[g]!.length > members[largest]!.length) largest = g;
    let found = 0;
    const meet = (j: number) => {
      if (j <= i) return;
      if (seen[j] !== i) {
        seen[j] = i;
        count[j] = 0;
        touched[found++] = j;
      }
      count[j]!++;
    };
    for (const g of groups) if (g !== largest) for (const j of members[g]!) meet(j);
    // KNOWS is one channel however many relations tie the two.
    const knows = knowsOf[i]!;
    if (knows.length > 0) {
      const counted = new Set<number>();
      for (const j of knows) {
        if (j <= i || counted.has(j)) continue;
        counted.add(j);
        meet(j);
      }
    }
    for (let t = 0; t < found; t++) {
      const j = touched[t]!;
      const channels = count[j]! + (largest >= 0 && groupsOf[j]!.includes(largest) ? 1 : 0);
      if (channels > 1) push(i, j, channels - 1);
    }
  }

  yield;
  const offsets = new Int32Array(n + 1);
  for (let p = 0; p < pairs; p++) {
    offsets[a[p]! + 1]!++;
    offsets[b[p]! + 1]!++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, n);
  const other = new Int32Array(pairs * 2);
  const extra = new Int32Array(pairs * 2);
  for (let p = 0; p < pairs; p++) {
    const i = a[p]!;
    const j = b[p]!;
    other[fill[i]!] = j;
    extra[fill[i]!++] = x[p]!;
    other[fill[j]!] = i;
    extra[fill[j]!++] = x[p]!;
  }
  return { offsets, other, extra, pairs };
}
