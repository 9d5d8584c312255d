import type { Row } from '../db/index.js';
import { byNameThenId, type Rosters } from './rosters.js';

/** Rounded as topicCandidates' totals are compared: equal sums compare equal whatever order they were added in. */
const nine = (x: number) => Math.round(x * 1e9) / 1e9;

/**
 * The `take` people with the highest sums of reasons, ties by name then id: each person counts
 * each node a reason is about once, by its best value among their own reasons (topicReasons'
 * "person" rows) and those of every department they work in ("department" rows).
 *
 * Exact without summing for everyone: a department's reasons are worth the same to each of its
 * people, so among those with no reason of their own and no second department that has reasons,
 * only the first `take` of each department by name can be among the chosen.
 */
export function chooseContacts(reasons: Row[], rosters: Rosters, take: number): string[] {
  const own = new Map<string, Map<string, number>>();
  const byDepartment = new Map<string, Map<string, number>>();
  for (const r of reasons) {
    const holders = r.holder === 'person' ? own : byDepartment;
    const id = r.id as string;
    const about = holders.get(id) ?? holders.set(id, new Map()).get(id)!;
    const value = Number(r.value);
    about.set(r.about as string, Math.max(about.get(r.about as string) ?? 0, value));
  }

  const total = (person: string): number => {
    const best = new Map(own.get(person));
    for (const d of rosters.departments.get(person) ?? []) {
      for (const [about, value] of byDepartment.get(d) ?? []) best.set(about, Math.max(best.get(about) ?? 0, value));
    }
    let sum = 0;
    for (const value of best.values()) sum += value;
    return nine(sum);
  };

  // People whose total is their own: they have reasons of their own, or more than one department with reasons.
  const exact = new Set(own.keys());
  for (const person of rosters.several) {
    if (rosters.departments.get(person)!.filter((d) => byDepartment.has(d)).length > 1) exact.add(person);
  }
  const chosen = new Set(exact);
  for (const d of byDepartment.keys()) {
    let taken = 0;
    for (const person of rosters.members.get(d) ?? []) {
      if (taken === take) break;
      if (exact.has(person)) continue;
      chosen.add(person);
      taken++;
    }
  }

  const totals = new Map([...chosen].map((p) => [p, total(p)]));
  const order = byNameThenId(rosters.names);
  return [...chosen].sort((x, y) => totals.get(y)! - totals.get(x)! || order(x, y)).slice(0, take);
}
