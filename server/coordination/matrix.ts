import type { NodeRef } from '../../api/common.js';
import type { CoordinationResponse } from '../../api/explore.js';
import { byCodeUnit } from '../../api/order.js';
import { DepartmentTally, noDepartmentInCommon } from '../ties/departments.js';
import type { TieSource } from '../ties/load.js';

/** Networks, trainings and people listed per department pair; `ties` still counts them all. */
export const MAX_PER_PAIR = 200;

type Pair = CoordinationResponse['pairs'][number];

/**
 * The coordination matrix from the tie graph. Each tied pair of people counts once, by the rule in
 * server/ties/departments.ts: the two are cross-department when they have no department in common,
 * and a cross tie counts for every pair of one's department and the other's (people without a
 * department are left out). A tie between people who share a department is one of its ties, not a
 * cross tie. For each pair of departments it also lists the networks and trainings that tie someone
 * of one to someone of the other across, how many KNOWS relations join them across, and the people
 * so tied.
 *
 * Pairs of people are never listed: each person i stamps the people it is tied to (j > i) once,
 * so the work is the sum of each group's size squared, in flat arrays, and a large municipality
 * (training groups of hundreds) takes a fraction of a second.
 */
export function coordinationMatrix(source: TieSource): CoordinationResponse {
  const departments: NodeRef[] = source.departments.map((d) => ({ id: d.id, kind: 'Department', name: d.name }));
  const m = departments.length;
  const position = new Map(departments.map((d, i) => [d.id, i]));
  const n = source.people.length;
  const index = new Map(source.people.map((p, i) => [p.id, i]));
  /** Person i's departments by position, without repeats (none: no department, or beyond the cap). */
  const departmentsOf = source.people.map((p) => [
    ...new Set(p.departments.map((d) => position.get(d.id)).filter((x): x is number => x !== undefined)),
  ]);
  const placed = (i: number) => departmentsOf[i]!.length > 0;
  const tally = new DepartmentTally(m, departmentsOf);
  /** Each pair of one's department and the other's, when i and j cross. */
  const crossPairs = (i: number, j: number, each: (k: number) => void) => {
    if (!noDepartmentInCommon(departmentsOf[i]!, departmentsOf[j]!)) return;
    for (const a of departmentsOf[i]!) for (const b of departmentsOf[j]!) each(tally.key(a, b));
  };

  // Who is in which group, and whom each person knows (both ways, one entry per relationship).
  const groupsOf: number[][] = Array.from({ length: n }, () => []);
  const members = source.groups.map((g, gi) => {
    const list = [
      ...new Set(g.people.map((id) => index.get(id)).filter((i): i is number => i !== undefined && placed(i))),
    ];
    for (const i of list) groupsOf[i]!.push(gi);
    return list;
  });
  const knowsOf: number[][] = Array.from({ length: n }, () => []);
  const knows = new Map<number, number>(); // department pair key -> KNOWS relations across
  for (const [a, b] of source.knows) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined || i === j || !placed(i) || !placed(j)) continue;
    knowsOf[i]!.push(j);
    knowsOf[j]!.push(i);
    crossPairs(i, j, (k) => knows.set(k, (knows.get(k) ?? 0) + 1));
  }

  // Distinct tied pairs, and which departments each person is tied into across.
  const tiedInto = new Uint8Array(n * Math.max(m, 1));
  const stamp = new Int32Array(n).fill(-1);
  const visit = (i: number, j: number) => {
    if (j <= i || stamp[j] === i) return;
    stamp[j] = i;
    if (!tally.add(i, j)) return;
    for (const d of departmentsOf[j]!) tiedInto[i * m + d] = 1;
    for (const d of departmentsOf[i]!) tiedInto[j * m + d] = 1;
  };
  for (let i = 0; i < n; i++) {
    if (!placed(i)) continue;
    for (const gi of groupsOf[i]!) for (const j of members[gi]!) visit(i, j);
    for (const j of knowsOf[i]!) visit(i, j);
  }

  // A group ties a department pair when two of its people cross between them. People in one
  // department (nearly all) are counted by department; the few in several are paired one by one.
  const groupsTying = new Map<number, { networks: NodeRef[]; trainings: NodeRef[] }>();
  source.groups.forEach((g, gi) => {
    const tied = new Set<number>();
    const single = [
      ...new Set(members[gi]!.filter((i) => departmentsOf[i]!.length === 1).map((i) => departmentsOf[i]![0]!)),
    ];
    for (let x = 0; x < single.length; x++)
      for (let y = x + 1; y < single.length; y++) tied.add(tally.key(single[x]!, single[y]!));
    for (const i of members[gi]!) {
      if (departmentsOf[i]!.length < 2) continue;
      for (const j of members[gi]!) crossPairs(i, j, (k) => tied.add(k));
    }
    const ref: NodeRef = { id: g.id, kind: g.via === 'network' ? 'Network' : 'Training', name: g.name };
    for (const k of tied) {
      const entry = groupsTying.get(k) ?? { networks: [], trainings: [] };
      (g.via === 'network' ? entry.networks : entry.trainings).push(ref);
      groupsTying.set(k, entry);
    }
  });

  const pairs: Pair[] = [];
  for (const [k, count] of tally.pairs) {
    const a = Math.floor(k / m);
    const b = k % m;
    const people: NodeRef[] = [];
    for (let i = 0; i < n; i++) {
      const own = departmentsOf[i]!;
      if ((own.includes(a) && tiedInto[i * m + b]) || (own.includes(b) && tiedInto[i * m + a])) {
        people.push({ id: source.people[i]!.id, kind: 'Person', name: source.people[i]!.name });
      }
    }
    const lists = groupsTying.get(k) ?? { networks: [], trainings: [] };
    pairs.push({
      a: departments[a]!,
      b: departments[b]!,
      networks: sorted(lists.networks).slice(0, MAX_PER_PAIR),
      trainings: sorted(lists.trainings).slice(0, MAX_PER_PAIR),
      knows: knows.get(k) ?? 0,
      people: sorted(people).slice(0, MAX_PER_PAIR),
      ties: count,
    });
  }
  pairs.sort(
    (x, y) =>
      y.ties - x.ties || position.get(x.a.id)! - position.get(y.a.id)! || position.get(x.b.id)! - position.get(y.b.id)!,
  );

  const shares = departments.map((department, i) => ({
    department,
    ties: tally.ties[i]!,
    crossTies: tally.crossTies[i]!,
    share: tally.ties[i] ? tally.crossTies[i]! / tally.ties[i]! : 0,
  }));
  return { departments, pairs, shares, isolated: shares.filter((s) => s.crossTies === 0).map((s) => s.department) };
}

/** By name, then id, as Cypher's ORDER BY does, so every list sorts alike. */
function sorted(list: NodeRef[]): NodeRef[] {
  return list.sort((x, y) => byCodeUnit(x.name, y.name) || byCodeUnit(x.id, y.id));
}
