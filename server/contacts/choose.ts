import type { KleAspect } from '../../api/common.js';
import type { Contact } from '../../api/explore.js';
import type { RowOf } from '../common/queries.js';
import { byNameThenId, type Rosters } from './rosters.js';

export type ReasonKind = Contact['reasons'][number]['kind'];

/** One row of topicReasons (cypher/contacts.ts): a reason a matched node gives a person or a department. */
export type ReasonRow = RowOf<'topicReasons'>;

/**
 * How much one reason counts, times the full-text score of what matched. Leading a matching
 * network is the surest sign of the right person; a matching title says what someone does
 * every day, so it comes close; a participant knows the topic but does not carry it; working
 * next to a leader, or in a matching department, only points the way. A unit's KLE subject
 * counts by the unit's part in it (KLE_WEIGHTS).
 */
export const WEIGHTS: Record<Exclude<ReasonKind, 'kle'>, number> = {
  leads: 3,
  title: 2.5,
  participates: 2,
  department: 1,
};

/**
 * A member of a unit that is responsible for the subject (ansvarlig) is as sure a sign as a matching
 * title: the municipality has put the subject there; carrying out its tasks (udfoerende) comes between
 * taking part and a title; insight only points the way, as a matching department does. The member
 * the unit's other members report to (its manager) counts a fifth more, so they come first of the unit.
 */
export const KLE_WEIGHTS: Record<KleAspect, number> = { ansvarlig: 2.5, udfoerende: 1.75, indsigt: 1 };
export const MANAGER_FACTOR = 1.2;

/** How much a reason counts before the full-text score of what matched. */
export function weightOf(r: Pick<ReasonRow, 'kind' | 'kle' | 'manager'>): number {
  if (r.kind !== 'kle') return WEIGHTS[r.kind];
  return (r.kle ? KLE_WEIGHTS[r.kle.aspect] : 0) * (r.manager ? MANAGER_FACTOR : 1);
}

/** Totals are compared rounded: equal sums compare equal whatever order they were added in. */
export const nine = (x: number) => Math.round(x * 1e9) / 1e9;

/** The reasons of a topic, by who holds them, and each person's share given the rosters of the day. */
export class TopicReasons {
  private readonly own = new Map<string, ReasonRow[]>();
  private readonly byDepartment = new Map<string, ReasonRow[]>();
  /** Names of people with reasons of their own, who may work nowhere and so be missing from the rosters. */
  private readonly names = new Map<string, string | null>();
  /** The best full-text score of the topic's matches. */
  private readonly best: number;

  constructor(
    rows: ReasonRow[],
    private readonly scores: Map<string, number>,
    private readonly rosters: Rosters,
  ) {
    // 1 when only KLE numbers matched, outside the index (topicMatches): their reasons still rank by aspect.
    this.best = Math.max(0, ...scores.values()) || 1;
    for (const r of rows) {
      const holders = r.holder === 'person' ? this.own : this.byDepartment;
      if (r.holder === 'person') this.names.set(r.holderId, r.holderName);
      (holders.get(r.holderId) ?? holders.set(r.holderId, []).get(r.holderId)!).push(r);
    }
  }

  value(r: ReasonRow): number {
    // A KLE subject is matched by its number or the words of its title, not by how well the unit's whole text
    // scores (a unit responsible for fifty subjects scores lower than one with a single subject): it counts as
    // the best hit of the topic does, by the share of the topic's words it names, so a subject that names the
    // whole topic ranks by the unit's part in it alone.
    const score = r.kind === 'kle' ? this.best * r.fit : (this.scores.get(r.matchedId) ?? 0);
    return weightOf(r) * score;
  }

  /** A person's reasons: their own and those of every department they work in, but the one naming themselves as leader. */
  of(person: string): ReasonRow[] {
    const mine = [...(this.own.get(person) ?? [])];
    for (const d of this.rosters.departments.get(person) ?? []) {
      for (const r of this.byDepartment.get(d) ?? []) if (r.leaderId !== person) mine.push(r);
    }
    return mine;
  }

  /** Each node a reason is about counts once, by the person's best reason about it. */
  total(person: string): number {
    const best = new Map<string, number>();
    for (const r of this.of(person)) best.set(r.aboutId, Math.max(best.get(r.aboutId) ?? 0, this.value(r)));
    let sum = 0;
    for (const v of best.values()) sum += v;
    return nine(sum);
  }

  /**
   * The `take` people with the highest totals, ties by name then id. Exact without a total for
   * everyone: a department's reasons are worth the same to each of its people, so among those with
   * no reason of their own and no second department with reasons, only the first `take` of each
   * department by name can be among the chosen.
   */
  choose(take: number): string[] {
    const exact = new Set(this.own.keys());
    for (const person of this.rosters.several) {
      if (this.rosters.departments.get(person)!.filter((d) => this.byDepartment.has(d)).length > 1) exact.add(person);
    }
    const chosen = new Set(exact);
    for (const d of this.byDepartment.keys()) {
      let taken = 0;
      for (const person of this.rosters.members.get(d) ?? []) {
        if (taken === take) break;
        if (exact.has(person)) continue;
        chosen.add(person);
        taken++;
      }
    }
    const totals = new Map([...chosen].map((p) => [p, this.total(p)]));
    const order = byNameThenId((id) => (this.names.has(id) ? this.names.get(id) : this.rosters.names.get(id)));
    return [...chosen].sort((x, y) => totals.get(y)! - totals.get(x)! || order(x, y)).slice(0, take);
  }
}
