import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../server/common/random.js';
import type { TieSource } from '../server/ties/load.js';
import { TieState } from '../server/ties/state.js';

// TieState.of lays a whole tie graph out at once (server/ties/state.ts); it must give the state that setting each
// person in turn gives, which is how edits are followed.

/** A random source: repeated names, people in several departments or none, group members who are not among the people, repeated and self KNOWS. */
function randomSource(seed: number, n = 40): TieSource {
  const random = mulberry32(seed);
  const pick = (k: number) => Math.floor(random() * k);
  const ids = Array.from({ length: n }, (_, i) => `p${i}`);
  const someone = () => (random() < 0.05 ? `outside${pick(3)}` : ids[pick(n)]!);
  const knows: [string, string][] = [];
  for (let k = 0; k < n * 2; k++) {
    const pair: [string, string] = [someone(), random() < 0.05 ? ids[0]! : someone()];
    knows.push(pair);
    if (random() < 0.2) knows.push(pair);
  }
  return {
    people: ids.map((id) => ({
      id,
      name: `Name ${pick(n / 4)}`,
      ...(random() < 0.2 ? { present: false } : {}),
      departments: Array.from({ length: pick(3) }, () => ({ id: `d${pick(4)}`, name: 'x' })),
    })),
    groups: Array.from({ length: 10 }, (_, g) => ({
      id: `g${g}`,
      name: `Group ${g}`,
      via: g % 2 ? ('network' as const) : ('training' as const),
      people: Array.from({ length: 2 + pick(12) }, someone),
    })),
    knows,
    departments: [0, 1, 2, 3].map((d) => ({ id: `d${d}`, name: `Afdeling ${d}` })),
  };
}

/** The state made by setting each person in turn, as edits are followed. */
function personByPerson(source: TieSource): TieState {
  const state = new TieState();
  state.setDepartments(source.departments);
  const knows = new Map<string, string[]>();
  for (const [a, b] of source.knows) {
    if (a === b) continue;
    (knows.get(a) ?? knows.set(a, []).get(a)!).push(b);
    (knows.get(b) ?? knows.set(b, []).get(b)!).push(a);
  }
  const groupsOf = new Map<string, string[]>();
  for (const g of source.groups) {
    for (const id of new Set(g.people)) (groupsOf.get(id) ?? groupsOf.set(id, []).get(id)!).push(g.id);
  }
  for (const p of source.people) state.person(p.id);
  for (const g of source.groups) state.setGroup({ id: g.id, name: g.name, via: g.via, people: g.people });
  for (const p of source.people) {
    state.setPerson({
      id: p.id,
      name: p.name,
      present: p.present ?? true,
      departments: p.departments,
      groups: groupsOf.get(p.id) ?? [],
      knows: knows.get(p.id) ?? [],
    });
  }
  return state;
}

/** Everything the state holds, by id (slots are numbered in the order ids are first met, which carries no meaning). */
function contents(state: TieState) {
  const person = (i: number) => state.personId[i]!;
  const group = (g: number) => state.groupId[g]!;
  const people = [...state.personSlot].sort(([a], [b]) => (a < b ? -1 : 1));
  const groups = [...state.groupSlot].sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    people: state.people,
    byPerson: people.map(([id, i]) => ({
      id,
      name: state.personName[i],
      present: state.present[i],
      departments: state.departments[i],
      groups: state.groupsOf[i]!.map(group).sort(),
      knows: state.knowsOf[i]!.map(person).sort(),
    })),
    byGroup: groups.map(([id, g]) => ({
      id,
      name: state.groupName[g],
      via: state.groupVia[g],
      members: state.members[g]!.map(person).sort(),
    })),
    departmentList: state.departmentList,
  };
}

describe('a tie state laid out at once', () => {
  it.each([1, 2, 3, 4, 5])(
    'when a whole tie graph (seed %i) is laid out at once then the state is the one setting each person in turn gives',
    (seed) => {
      const source = randomSource(seed);
      expect(contents(TieState.of(source))).toEqual(contents(personByPerson(source)));
    },
  );
});
