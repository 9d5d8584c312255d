import { byCodeUnit } from '../../api/order.js';
import type { TieView } from '../ties/kept.js';
import type { TieState } from '../ties/state.js';

/**
 * Who works where on one day: each department's people in the order contacts break ties in (name,
 * then id, by code point as Cypher orders), and each person's departments. Read once per day and
 * graph (KeptRosters, below), so ranking a topic's contacts never walks a department of thousands.
 */
export interface Rosters {
  /** Person ids per department id, by name then id; a person without a name comes last, as in Cypher. */
  members: Map<string, string[]>;
  /** Department ids per person id, for people who work somewhere on the day. */
  departments: Map<string, string[]>;
  /** The name (null when none) of everyone who works somewhere on the day, by id. */
  names: Map<string, string | null>;
  /** People who work in more than one department on the day. */
  several: string[];
}

/** Compares two people by name then id as Cypher's ORDER BY does (byCodeUnit), a missing name last. */
export function byNameThenId(nameOf: (id: string) => string | null | undefined) {
  return (x: string, y: string): number => {
    const a = nameOf(x) ?? null;
    const b = nameOf(y) ?? null;
    if (a !== b) {
      if (a === null) return 1;
      if (b === null) return -1;
      return byCodeUnit(a, b);
    }
    return byCodeUnit(x, y);
  };
}

/**
 * Contacts' rosters kept from the day's tie graph (server/ties/kept.ts): who works where among the
 * people still there on the day. When people change, they are taken out of their departments'
 * lists and put back in order, so an edit costs its people, not the municipality.
 */
export class KeptRosters implements TieView {
  rosters: Rosters = { members: new Map(), departments: new Map(), names: new Map(), several: [] };

  rebuild(state: TieState): void {
    const members = new Map<string, string[]>();
    const departments = new Map<string, string[]>();
    const names = new Map<string, string | null>();
    state.personId.forEach((id, i) => {
      if (id === null || !state.present[i] || !state.departments[i]!.length) return;
      names.set(id, state.personName[i] ?? null);
      departments.set(id, [...state.departments[i]!]);
      for (const d of state.departments[i]!) (members.get(d) ?? members.set(d, []).get(d)!).push(id);
    });
    const order = byNameThenId((id) => names.get(id));
    for (const list of members.values()) list.sort(order);
    this.rosters = { members, departments, names, several: [] };
    this.rosters.several = this.several();
  }

  retract(state: TieState, slots: ReadonlySet<number>): void {
    const { members, departments, names } = this.rosters;
    for (const i of slots) {
      const id = state.personId[i];
      if (id === null || id === undefined) continue;
      for (const d of departments.get(id) ?? []) {
        const list = members.get(d)!;
        list.splice(list.indexOf(id), 1);
        if (!list.length) members.delete(d);
      }
      departments.delete(id);
      names.delete(id);
    }
  }

  restore(state: TieState, slots: ReadonlySet<number>): void {
    const { members, departments, names } = this.rosters;
    const order = byNameThenId((id) => names.get(id));
    for (const i of slots) {
      const id = state.personId[i];
      if (id === null || id === undefined || !state.present[i] || !state.departments[i]!.length) continue;
      names.set(id, state.personName[i] ?? null);
      departments.set(id, [...state.departments[i]!]);
      for (const d of state.departments[i]!) {
        const list = members.get(d) ?? members.set(d, []).get(d)!;
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (order(list[mid]!, id) < 0) lo = mid + 1;
          else hi = mid;
        }
        list.splice(lo, 0, id);
      }
    }
    this.rosters.several = this.several();
  }

  private several(): string[] {
    return [...this.rosters.departments].filter(([, deps]) => deps.length > 1).map(([id]) => id);
  }
}
