import { runNow, type Steps } from '../common/turns.js';
import type { TieSource } from './load.js';

// The tie graph of one day as kept in memory between answers (server/ties/kept.ts): people and
// groups by slot (a small integer, reused when someone leaves the graph), so the views built on it
// (the coordination matrix, contacts' rosters) count in flat arrays and an edit changes only the
// slots it touches.

/** One person as the tie graph reads them on the day. */
export interface PersonRecord {
  id: string;
  name: string | null;
  /** Still there on the day (has not left): contacts' rosters count only them; ties count everyone. */
  present: boolean;
  /** The departments they work in on the day, by id. */
  departments: { id: string; name: string | null }[];
  /** The networks and trainings they are in on the day, by id. */
  groups: string[];
  /** The other end of each KNOWS relation that holds on the day, either way, one per relationship. */
  knows: string[];
}

/** One network or training as the tie graph reads it on the day. */
export interface GroupRecord {
  id: string;
  name: string | null;
  via: 'network' | 'training';
  people: string[];
}

const nameOf = (r: { id: string; name: string | null }) => r.name ?? r.id;

export class TieState {
  /** Person slot by id, and each slot's id (null when free). */
  readonly personSlot = new Map<string, number>();
  personId: (string | null)[] = [];
  personName: (string | null)[] = [];
  present: boolean[] = [];
  /** Department ids per person slot, ordered by id (the order tiesPeople reads them in). */
  departments: string[][] = [];
  /** Group slots per person slot. */
  groupsOf: number[][] = [];
  /** Person slots at the other end of each KNOWS relation, per person slot. */
  knowsOf: number[][] = [];
  private freePeople: number[] = [];

  readonly groupSlot = new Map<string, number>();
  groupId: (string | null)[] = [];
  groupName: (string | null)[] = [];
  groupVia: ('network' | 'training')[] = [];
  /** Person slots per group slot, in no particular order. */
  members: number[][] = [];
  private freeGroups: number[] = [];

  /** Every department by name, then id (as the coordination matrix lists them), and their names by id. */
  departmentList: { id: string; name: string }[] = [];
  readonly departmentName = new Map<string, string | null>();

  /** How many people the graph holds (slots in use). */
  people = 0;

  /**
   * The state of a whole tie graph as read at once (cypher/ties.cypher), laid out directly: setPerson would take
   * each person's KNOWS out of their partners' lists and put them back, the sum of the degrees squared (minutes
   * at 500,000 people, most of it in the garbage collector). The same state as setting each person in turn.
   */
  static of(source: TieSource): TieState {
    const state = new TieState();
    state.setDepartments(source.departments);
    for (const p of source.people) {
      const i = state.person(p.id);
      state.personName[i] = p.name ?? p.id;
      state.present[i] = p.present ?? true;
      state.departments[i] = [...new Set(p.departments.map((d) => d.id))].sort(byCodeUnit);
    }
    for (const g of source.groups) {
      const slot = state.group(g.id);
      state.groupName[slot] = g.name;
      state.groupVia[slot] = g.via;
      const members = [...new Set(g.people.map((id) => state.person(id)))];
      state.members[slot] = members;
      for (const i of members) state.groupsOf[i]!.push(slot);
    }
    // One entry at each end for every relationship, as setPerson keeps them.
    for (const [a, b] of source.knows) {
      if (a === b) continue;
      const i = state.person(a);
      const j = state.person(b);
      state.knowsOf[i]!.push(j);
      state.knowsOf[j]!.push(i);
    }
    return state;
  }

  /** The person's slot, made (empty) when they are new. */
  person(id: string): number {
    let slot = this.personSlot.get(id);
    if (slot !== undefined) return slot;
    slot = this.freePeople.pop() ?? this.personId.length;
    this.personSlot.set(id, slot);
    this.personId[slot] = id;
    this.personName[slot] = null;
    this.present[slot] = true;
    this.departments[slot] = [];
    this.groupsOf[slot] = [];
    this.knowsOf[slot] = [];
    this.people++;
    return slot;
  }

  /** The group's slot, made (empty) when it is new. */
  group(id: string): number {
    let slot = this.groupSlot.get(id);
    if (slot !== undefined) return slot;
    slot = this.freeGroups.pop() ?? this.groupId.length;
    this.groupSlot.set(id, slot);
    this.groupId[slot] = id;
    this.groupName[slot] = null;
    this.groupVia[slot] = 'network';
    this.members[slot] = [];
    return slot;
  }

  setDepartments(list: { id: string; name: string | null }[]): void {
    this.departmentList = list.map((d) => ({ id: d.id, name: nameOf(d) }));
    this.departmentName.clear();
    for (const d of list) this.departmentName.set(d.id, d.name);
  }

  /** A group's name, kind and people (its people's own lists follow). */
  setGroup(record: GroupRecord): void {
    const g = this.group(record.id);
    this.groupName[g] = record.name;
    this.groupVia[g] = record.via;
    const now = new Set(record.people.map((id) => this.person(id)));
    for (const i of this.members[g]!) {
      if (!now.has(i)) this.groupsOf[i] = this.groupsOf[i]!.filter((x) => x !== g);
    }
    const before = new Set(this.members[g]);
    for (const i of now) if (!before.has(i)) this.groupsOf[i]!.push(g);
    this.members[g] = [...now];
  }

  /** Everything about one person; their groups' member lists and the other ends' KNOWS lists follow. */
  setPerson(record: PersonRecord): void {
    const i = this.person(record.id);
    this.personName[i] = record.name ?? record.id;
    this.present[i] = record.present;
    this.departments[i] = [...new Set(record.departments.map((d) => d.id))].sort(byCodeUnit);
    const groups = new Set(record.groups.map((id) => this.group(id)));
    for (const g of this.groupsOf[i]!) {
      if (!groups.has(g)) this.members[g] = this.members[g]!.filter((x) => x !== i);
    }
    const had = new Set(this.groupsOf[i]);
    for (const g of groups) if (!had.has(g)) this.members[g]!.push(i);
    this.groupsOf[i] = [...groups];
    const knows = record.knows.map((id) => this.person(id));
    for (const j of this.knowsOf[i]!) if (j !== i) this.knowsOf[j] = this.knowsOf[j]!.filter((x) => x !== i);
    for (const j of knows) if (j !== i) this.knowsOf[j]!.push(i);
    this.knowsOf[i] = knows.filter((j) => j !== i);
  }

  /** Takes a person out of the graph (deleted, or erased): their groups and KNOWS go with them. */
  removePerson(id: string): void {
    const i = this.personSlot.get(id);
    if (i === undefined) return;
    this.setPerson({ id, name: null, present: false, departments: [], groups: [], knows: [] });
    this.personSlot.delete(id);
    this.personId[i] = null;
    this.freePeople.push(i);
    this.people--;
  }

  /** Takes a group out (deleted, or no longer a network or training): its people's lists follow. */
  removeGroup(id: string): void {
    const g = this.groupSlot.get(id);
    if (g === undefined) return;
    this.setGroup({ id, name: null, via: this.groupVia[g]!, people: [] });
    this.groupSlot.delete(id);
    this.groupId[g] = null;
    this.freeGroups.push(g);
  }

  /** The tie graph as loadTies reads it: people by id, groups by id, each KNOWS once. */
  source(): TieSource {
    return runNow(this.sourceSteps());
  }

  /** source() in steps, with pauses (seconds at 500,000 people: server/common/turns.ts). */
  *sourceSteps(): Steps<TieSource> {
    const ids = [...this.personSlot.keys()].sort(byCodeUnit);
    yield;
    const groups = [...this.groupSlot.entries()]
      .sort(([a], [b]) => byCodeUnit(a, b))
      .map(([id, g]) => ({
        id,
        name: this.groupName[g] ?? id,
        via: this.groupVia[g]!,
        people: this.members[g]!.map((i) => this.personId[i]!).sort(byCodeUnit),
      }));
    yield;
    const knows: [string, string][] = [];
    for (let k = 0; k < ids.length; k++) {
      if ((k & 4095) === 0) yield;
      const id = ids[k]!;
      const i = this.personSlot.get(id)!;
      // Each relationship is in both ends' lists: once from the end with the smaller id.
      for (const j of this.knowsOf[i]!) {
        const other = this.personId[j]!;
        if (id < other) knows.push([id, other]);
      }
    }
    const people: TieSource['people'] = new Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      if ((k & 4095) === 0) yield;
      const id = ids[k]!;
      const i = this.personSlot.get(id)!;
      people[k] = {
        id,
        name: this.personName[i] ?? id,
        departments: this.departments[i]!.map((d) => ({
          id: d,
          name: nameOf({ id: d, name: this.departmentName.get(d) ?? null }),
        })),
      };
    }
    return {
      people,
      groups,
      knows,
      departments: this.departmentList,
    };
  }
}

/** By UTF-16 code unit, as Cypher orders strings. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
