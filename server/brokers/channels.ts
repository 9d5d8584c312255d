import { runNow, type Steps } from '../common/turns.js';
import { type Overlaps, overlapSteps } from '../ties/overlap.js';

/**
 * The tie graph as the channels that tie people, never as its pairs: each network or training (a
 * group) ties every pair of its people, and KNOWS ties its two ends. A group of k people ties
 * k·(k-1)/2 pairs, so at 50,000 people the groups' 25,000 memberships stand for 12 million pair
 * ends, at 500,000 for more than 130 million. Whoever counts by channels counts a pair once per
 * channel that ties it; the pairs tied more than once are listed in `overlaps` (with channels - 1
 * each), so counts can take out what they counted twice.
 *
 * People are 0..n-1 as the caller numbers them; inside, person i is at `position[i]`, and every
 * list below is by position. Positions follow a walk through the graph, so people tied to each other
 * are mostly near each other in memory, which the walks from each source of the betweenness estimate
 * read faster (at 500,000 people, whose arrays no longer fit the processor's caches, 40 % less time
 * a source). Lists are compressed rows in typed arrays.
 */
export interface Channels {
  n: number;
  /** Person i's position, and the person at each position. */
  position: Int32Array;
  person: Int32Array;
  /** Group g's people are groupPeople[groupStart[g] .. groupStart[g+1]): no repeats, at least two. */
  groupStart: Int32Array;
  groupPeople: Int32Array;
  /** Person i's groups are personGroups[personStart[i] .. personStart[i+1]). */
  personStart: Int32Array;
  personGroups: Int32Array;
  /** The people person i KNOWS, either way, each once and never i: knowsPeople[knowsStart[i] .. knowsStart[i+1]). */
  knowsStart: Int32Array;
  knowsPeople: Int32Array;
  /** Pairs tied through more than one channel (a KNOWS counts once however many relations). */
  overlaps: Overlaps;
  /** The same lists as arrays (by position), as server/ties/departments.ts's tallyByGroups takes them. */
  lists: { members: number[][]; groupsOf: number[][]; knowsOf: number[][] };
}

/**
 * The channels of n people: `members` each group's people by index (repeats and groups of fewer
 * than two are left out: they tie nobody), `knows` each KNOWS relation's two ends (repeats, either
 * way, and self-ties are left out).
 */
export function channelsOf(
  n: number,
  members: readonly (readonly number[])[],
  knows: readonly (readonly [number, number])[],
): Channels {
  return runNow(channelSteps(n, members, knows));
}

/** channelsOf in steps, with pauses (seconds at 500,000 people: server/common/turns.ts). */
export function* channelSteps(
  n: number,
  members: readonly (readonly number[])[],
  knows: readonly (readonly [number, number])[],
): Steps<Channels> {
  const stamp = new Int32Array(n).fill(-1);
  const groups: number[][] = [];
  members.forEach((list, g) => {
    const people: number[] = [];
    for (const i of list) {
      if (stamp[i] === g) continue;
      stamp[i] = g;
      people.push(i);
    }
    if (people.length > 1) groups.push(people);
  });
  const groupsOf: number[][] = Array.from({ length: n }, () => []);
  groups.forEach((people, g) => {
    for (const i of people) groupsOf[i]!.push(g);
  });

  // KNOWS as compressed rows straight from the pairs, repeats taken out in place (a list per person
  // took seconds at 500,000 people).
  const rowStart = new Int32Array(n + 1);
  for (let k = 0; k < knows.length; k++) {
    if ((k & 65535) === 0) yield;
    const [a, b] = knows[k]!;
    if (a === b) continue;
    rowStart[a + 1]!++;
    rowStart[b + 1]!++;
  }
  for (let i = 0; i < n; i++) rowStart[i + 1]! += rowStart[i]!;
  const fill = rowStart.slice(0, n);
  const rows = new Int32Array(rowStart[n]!);
  for (let k = 0; k < knows.length; k++) {
    if ((k & 65535) === 0) yield;
    const [a, b] = knows[k]!;
    if (a === b) continue;
    rows[fill[a]!++] = b;
    rows[fill[b]!++] = a;
  }
  stamp.fill(-1);
  const distinctStart = new Int32Array(n + 1);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    distinctStart[i] = kept;
    for (let e = rowStart[i]!, end = rowStart[i + 1]!; e < end; e++) {
      const j = rows[e]!;
      if (stamp[j] === i) continue;
      stamp[j] = i;
      rows[kept++] = j;
    }
  }
  distinctStart[n] = kept;
  yield;

  const person = walkOrder(groups, groupsOf, distinctStart, rows);
  yield;
  const position = new Int32Array(n);
  person.forEach((i, k) => {
    position[i] = k;
  });
  const at = (i: number) => position[i]!;
  const placedMembers = groups.map((people) => people.map(at));
  const placedGroupsOf = Array.from(person, (i) => groupsOf[i]!);
  const knowsStart = new Int32Array(n + 1);
  for (let p = 0; p < n; p++) {
    const i = person[p]!;
    knowsStart[p + 1] = knowsStart[p]! + distinctStart[i + 1]! - distinctStart[i]!;
  }
  const knowsPeople = new Int32Array(knowsStart[n]!);
  const placedKnows: number[][] = new Array(n);
  for (let p = 0; p < n; p++) {
    if ((p & 4095) === 0) yield;
    const i = person[p]!;
    const from = knowsStart[p]!;
    let k = from;
    for (let e = distinctStart[i]!, end = distinctStart[i + 1]!; e < end; e++) knowsPeople[k++] = position[rows[e]!]!;
    if (k - from > 1) knowsPeople.subarray(from, k).sort();
    const row: number[] = new Array(k - from);
    for (let e = from; e < k; e++) row[e - from] = knowsPeople[e]!;
    placedKnows[p] = row;
  }
  const [groupStart, groupPeople] = packed(placedMembers, true);
  const [personStart, personGroups] = packed(placedGroupsOf);
  yield;
  const overlaps = yield* overlapSteps(placedMembers, placedGroupsOf, placedKnows);
  return {
    n,
    position,
    person,
    groupStart,
    groupPeople,
    personStart,
    personGroups,
    knowsStart,
    knowsPeople,
    overlaps,
    lists: { members: placedMembers, groupsOf: placedGroupsOf, knowsOf: placedKnows },
  };
}

/** The people in the order a breadth-first walk over groups and KNOWS reaches them, one part of the graph after another. */
function walkOrder(
  members: readonly (readonly number[])[],
  groupsOf: readonly (readonly number[])[],
  knowsStart: Int32Array,
  knowsPeople: Int32Array,
): Int32Array {
  const n = groupsOf.length;
  const order = new Int32Array(n);
  const seen = new Uint8Array(n);
  const opened = new Uint8Array(members.length);
  let tail = 0;
  const reach = (w: number) => {
    if (seen[w]) return;
    seen[w] = 1;
    order[tail++] = w;
  };
  for (let root = 0; root < n; root++) {
    if (seen[root]) continue;
    reach(root);
    for (let head = tail - 1; head < tail; head++) {
      const v = order[head]!;
      for (const g of groupsOf[v]!) {
        if (opened[g]) continue;
        opened[g] = 1;
        for (const w of members[g]!) reach(w);
      }
      for (let e = knowsStart[v]!, end = knowsStart[v + 1]!; e < end; e++) reach(knowsPeople[e]!);
    }
  }
  return order;
}

/**
 * A plain graph as channels: `adjacency[i]` lists i's neighbours (symmetric, no repeats, no
 * self-loops), each edge a KNOWS of its own; no groups, so no pair is tied twice.
 */
export function channelsOfAdjacency(adjacency: readonly (readonly number[])[]): Channels {
  const n = adjacency.length;
  const [knowsStart, knowsPeople] = packed(adjacency);
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  return {
    n,
    position: identity,
    person: identity,
    groupStart: new Int32Array(1),
    groupPeople: new Int32Array(0),
    personStart: new Int32Array(n + 1),
    personGroups: new Int32Array(0),
    knowsStart,
    knowsPeople,
    overlaps: { offsets: new Int32Array(n + 1), other: new Int32Array(0), extra: new Int32Array(0), pairs: 0 },
    lists: { members: [], groupsOf: Array.from({ length: n }, () => []), knowsOf: adjacency.map((row) => [...row]) },
  };
}

/**
 * How many people each person is tied to: their groups' people and whom they know, counted once
 * each. Summed by channel (each group's size less themselves, their KNOWS), less what the pairs
 * tied through more than one channel counted beyond the first.
 */
export function degreesOf(c: Channels): Int32Array {
  const degree = new Int32Array(c.n);
  const { overlaps } = c;
  for (let p = 0; p < c.n; p++) {
    let d = c.knowsStart[p + 1]! - c.knowsStart[p]!;
    for (let e = c.personStart[p]!, end = c.personStart[p + 1]!; e < end; e++) {
      const g = c.personGroups[e]!;
      d += c.groupStart[g + 1]! - c.groupStart[g]! - 1;
    }
    for (let e = overlaps.offsets[p]!, end = overlaps.offsets[p + 1]!; e < end; e++) d -= overlaps.extra[e]!;
    degree[c.person[p]!] = d;
  }
  return degree;
}

/**
 * How many departments each person reaches that they do not work in themselves: those of the
 * people in their groups and of whom they know. `departmentsOf[i]` lists person i's departments
 * as numbers 0..count-1; each group's departments are gathered once, as bits, and each person's
 * groups' bits joined, so the cost is the memberships and KNOWS, not the pairs.
 */
export function departmentsReachedOf(
  c: Channels,
  departmentsOf: readonly (readonly number[])[],
  count: number,
): Int32Array {
  const reached = new Int32Array(c.n);
  const words = Math.ceil(count / 32);
  if (words === 0) return reached;
  const own = new Uint32Array(c.n * words);
  departmentsOf.forEach((list, i) => {
    const p = c.position[i]!;
    for (const d of list) own[p * words + (d >>> 5)]! |= 1 << (d & 31);
  });
  const groups = c.groupStart.length - 1;
  const inGroup = new Uint32Array(groups * words);
  for (let g = 0; g < groups; g++) {
    for (let m = c.groupStart[g]!, end = c.groupStart[g + 1]!; m < end; m++) {
      const i = c.groupPeople[m]!;
      for (let w = 0; w < words; w++) inGroup[g * words + w]! |= own[i * words + w]!;
    }
  }
  const row = new Uint32Array(words);
  for (let p = 0; p < c.n; p++) {
    row.fill(0);
    for (let e = c.personStart[p]!, end = c.personStart[p + 1]!; e < end; e++) {
      const g = c.personGroups[e]!;
      for (let w = 0; w < words; w++) row[w]! |= inGroup[g * words + w]!;
    }
    for (let e = c.knowsStart[p]!, end = c.knowsStart[p + 1]!; e < end; e++) {
      const j = c.knowsPeople[e]!;
      for (let w = 0; w < words; w++) row[w]! |= own[j * words + w]!;
    }
    let found = 0;
    for (let w = 0; w < words; w++) found += bitCount(row[w]! & ~own[p * words + w]!);
    reached[c.person[p]!] = found;
  }
  return reached;
}

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Lists packed as compressed rows: row r is values[start[r] .. start[r+1]), each row ascending when `sorted`. */
function packed(lists: readonly (readonly number[])[], sorted = false): [Int32Array, Int32Array] {
  const start = new Int32Array(lists.length + 1);
  for (let r = 0; r < lists.length; r++) start[r + 1] = start[r]! + lists[r]!.length;
  const values = new Int32Array(start[lists.length]!);
  for (let r = 0; r < lists.length; r++) {
    values.set(lists[r]!, start[r]!);
    if (sorted) values.subarray(start[r]!, start[r + 1]!).sort();
  }
  return [start, values];
}
