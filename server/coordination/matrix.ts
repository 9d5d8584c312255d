import type { NodeRef } from '../../api/common.js';
import type { CoordinationResponse } from '../../api/explore.js';
import type { TieSource } from '../ties/load.js';

/** Networks, trainings and people listed per department pair; `ties` still counts them all. */
export const MAX_PER_PAIR = 200;

type Pair = CoordinationResponse['pairs'][number];

/**
 * The coordination matrix from the tie graph. Each tied pair of people counts once, for the pair
 * of the departments the two count for (each person's first department by id; people without a
 * department are left out). A pair inside one department is one of its ties, not a cross tie.
 * For each pair of departments it also lists the networks and trainings that tie someone of one
 * to someone of the other, how many KNOWS relations join them, and the people so tied.
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
  /** Person i's department position, or -1 (no department, or beyond the cap). */
  const dept = Int32Array.from(source.people, (p) => position.get(p.departments[0]?.id ?? '') ?? -1);

  // Who is in which group, and whom each person knows (both ways, one entry per relationship).
  const groupsOf: number[][] = Array.from({ length: n }, () => []);
  const members = source.groups.map((g, gi) => {
    const list = [...new Set(g.people.map((id) => index.get(id)).filter((i): i is number => i !== undefined && dept[i]! >= 0))];
    for (const i of list) groupsOf[i]!.push(gi);
    return list;
  });
  const knowsOf: number[][] = Array.from({ length: n }, () => []);
  const knows = new Map<number, number>(); // department pair key -> KNOWS relations
  const key = (a: number, b: number) => (a <= b ? a * m + b : b * m + a);
  for (const [a, b] of source.knows) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined || i === j || dept[i]! < 0 || dept[j]! < 0) continue;
    knowsOf[i]!.push(j);
    knowsOf[j]!.push(i);
    const k = key(dept[i]!, dept[j]!);
    knows.set(k, (knows.get(k) ?? 0) + 1);
  }

  // Distinct tied pairs per department pair, and which departments each person is tied into.
  const ties = new Map<number, number>();
  const tiedInto = new Uint8Array(n * Math.max(m, 1));
  const stamp = new Int32Array(n).fill(-1);
  const visit = (i: number, j: number) => {
    if (j <= i || stamp[j] === i) return;
    stamp[j] = i;
    const k = key(dept[i]!, dept[j]!);
    ties.set(k, (ties.get(k) ?? 0) + 1);
    tiedInto[i * m + dept[j]!] = 1;
    tiedInto[j * m + dept[i]!] = 1;
  };
  for (let i = 0; i < n; i++) {
    if (dept[i]! < 0) continue;
    for (const gi of groupsOf[i]!) for (const j of members[gi]!) visit(i, j);
    for (const j of knowsOf[i]!) visit(i, j);
  }

  // A group ties a department pair when it has people in both (two in one, for a pair within one department).
  const groupsTying = new Map<number, { networks: NodeRef[]; trainings: NodeRef[] }>();
  source.groups.forEach((g, gi) => {
    const count = new Map<number, number>();
    for (const i of members[gi]!) count.set(dept[i]!, (count.get(dept[i]!) ?? 0) + 1);
    const present = [...count.keys()];
    const ref: NodeRef = { id: g.id, kind: g.via === 'network' ? 'Network' : 'Training', name: g.name };
    for (const a of present) {
      for (const b of present) {
        if (a > b || (a === b && count.get(a)! < 2)) continue;
        const entry = groupsTying.get(key(a, b)) ?? { networks: [], trainings: [] };
        (g.via === 'network' ? entry.networks : entry.trainings).push(ref);
        groupsTying.set(key(a, b), entry);
      }
    }
  });

  const total = new Array<number>(m).fill(0);
  const cross = new Array<number>(m).fill(0);
  const pairs: Pair[] = [];
  for (const [k, count] of ties) {
    const a = Math.floor(k / m);
    const b = k % m;
    total[a]! += count;
    if (a === b) continue;
    total[b]! += count;
    cross[a]! += count;
    cross[b]! += count;
    const people: NodeRef[] = [];
    for (let i = 0; i < n; i++) {
      if ((dept[i] === a && tiedInto[i * m + b]) || (dept[i] === b && tiedInto[i * m + a])) {
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
  pairs.sort((x, y) => y.ties - x.ties || position.get(x.a.id)! - position.get(y.a.id)! || position.get(x.b.id)! - position.get(y.b.id)!);

  const shares = departments.map((department, i) => ({
    department,
    ties: total[i]!,
    crossTies: cross[i]!,
    share: total[i] ? cross[i]! / total[i]! : 0,
  }));
  return { departments, pairs, shares, isolated: shares.filter((s) => s.crossTies === 0).map((s) => s.department) };
}

/** By name, then id, comparing code points like Cypher's ORDER BY does, so every list sorts alike. */
function sorted(list: NodeRef[]): NodeRef[] {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return list.sort((x, y) => cmp(x.name, y.name) || cmp(x.id, y.id));
}
