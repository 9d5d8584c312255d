import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../server/common/random.js';
import { KeptMatrix, MAX_PER_PAIR } from '../server/coordination/matrix.js';
import { DepartmentTally, noDepartmentInCommon, tallyByGroups } from '../server/ties/departments.js';
import type { TieSource } from '../server/ties/load.js';
import { TieState } from '../server/ties/state.js';

// The coordination matrix's first counting of a day goes by groups (tallyByGroups: a group's people
// by their departments, then the pairs tied more than once taken out), while an edit is followed
// person by person (retract/restore, which visit each person's ties one by one). Here the two must
// agree exactly, in every count and list, on random tie graphs with what makes counting by groups
// hard: people in several departments, in none, or in a department beyond the list; groups that
// overlap, one of them large; KNOWS repeated, both ways, and also shared with a group; slots freed
// by people and groups taken out, and reused.

const DEPARTMENTS = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'];

/** A random tie graph, then some people and groups taken out and a newcomer put in a freed slot. */
function randomState(seed: number, n = 48, groupCount = 14): TieState {
  const random = mulberry32(seed);
  const pick = (k: number) => Math.floor(random() * k);
  const departmentsOf = () => {
    const r = random();
    // Mostly one department; some none, some two or three, a few in one not listed (beyond the cap).
    const count = r < 0.15 ? 0 : r < 0.7 ? 1 : r < 0.9 ? 2 : 3;
    const ids = Array.from({ length: count }, () => DEPARTMENTS[pick(DEPARTMENTS.length)]!);
    if (random() < 0.05) ids.push('unlisted');
    return ids.map((id) => ({ id, name: id }));
  };
  const ids = Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, '0')}`);
  const source: TieSource = {
    // Names repeat, so the order by name falls back on ids.
    people: ids.map((id) => ({ id, name: `Name ${pick(n / 3)}`, departments: departmentsOf() })),
    groups: Array.from({ length: groupCount }, (_, g) => {
      const size = g === 0 ? n - pick(8) : g % 4 === 0 ? 5 + pick(n / 2) : 2 + pick(5);
      return {
        id: `g${g}`,
        name: `Group ${pick(5)}`,
        via: g % 2 ? ('network' as const) : ('training' as const),
        people: [...new Set(Array.from({ length: size }, () => ids[pick(n)]!))],
      };
    }),
    knows: [],
    departments: DEPARTMENTS.map((id) => ({ id, name: `Department ${id}` })),
  };
  for (let k = 0; k < n * 2; k++) {
    const a = ids[pick(n)]!;
    const b = ids[pick(n)]!;
    source.knows.push([a, b]);
    if (random() < 0.2) source.knows.push(random() < 0.5 ? [a, b] : [b, a]); // a second KNOWS between the two
  }
  const state = TieState.of(source);
  for (let k = 0; k < 3; k++) state.removePerson(ids[pick(n)]!);
  state.removeGroup(`g${1 + pick(groupCount - 1)}`);
  state.setPerson({
    id: 'newcomer',
    name: 'Name 0',
    present: true,
    departments: departmentsOf(),
    groups: ['g0', `g${1 + pick(groupCount - 1)}`],
    knows: [ids[pick(n)]!, ids[pick(n)]!],
  });
  return state;
}

/** Slots in use. */
const inUse = (state: TieState) => state.personId.flatMap((id, i) => (id === null ? [] : [i]));

/** The matrix counted the other way: from empty, every person restored one by one (visiting each tie). */
function byPeople(state: TieState): KeptMatrix {
  const empty = new TieState();
  empty.setDepartments(state.departmentList);
  const matrix = new KeptMatrix();
  matrix.rebuild(empty);
  matrix.restore(state, new Set(inUse(state)));
  return matrix;
}

interface Inside {
  m: number;
  tally: DepartmentTally;
  knows: Map<number, number>;
  tiedInto: Int32Array;
  groupPairs: (Set<number> | undefined)[];
  order: number[];
}

/** Everything a matrix keeps, comparable: freed slots left out. */
function kept(matrix: KeptMatrix, state: TieState) {
  const inside = matrix as unknown as Inside;
  const sortedEntries = (map: Map<number, number>) => [...map].sort(([a], [b]) => a - b);
  return {
    ties: inside.tally.ties,
    crossTies: inside.tally.crossTies,
    pairs: sortedEntries(inside.tally.pairs),
    knows: sortedEntries(inside.knows),
    tiedInto: inUse(state).map((i) => [...inside.tiedInto.subarray(i * inside.m, (i + 1) * inside.m)]),
    groupPairs: state.groupId.flatMap((id, g) => (id === null ? [] : [[id, [...(inside.groupPairs[g] ?? [])].sort()]])),
    order: inside.order,
  };
}

/** Department positions per slot, as the matrix takes them (departments beyond the list left out). */
function positions(state: TieState): number[][] {
  const position = new Map(state.departmentList.map((d, i) => [d.id, i]));
  return state.departments.map((ids, i) =>
    state.personId[i] === null ? [] : ids.map((d) => position.get(d)).filter((x): x is number => x !== undefined),
  );
}

/** Every tied pair of people once (i < j), found by listing every pair of every group and every KNOWS. */
function tiedPairs(state: TieState): [number, number][] {
  const pairs = new Set<string>();
  const add = (i: number, j: number) => {
    if (i !== j) pairs.add(i < j ? `${i} ${j}` : `${j} ${i}`);
  };
  for (const list of state.members) for (const i of list) for (const j of list) add(i, j);
  state.knowsOf.forEach((list, i) => {
    for (const j of list) add(i, j);
  });
  return [...pairs].map((p) => p.split(' ').map(Number) as [number, number]);
}

describe('the coordination matrix counted by groups', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'when a random tie graph (seed %i) is counted by groups then every count and list equals counting person by person, and the answer is the same',
    (seed) => {
      const state = randomState(seed);
      const matrix = new KeptMatrix();
      matrix.rebuild(state);
      const reference = byPeople(state);
      expect(kept(matrix, state)).toEqual(kept(reference, state));
      expect(matrix.answer(state)).toEqual(reference.answer(state));
    },
  );

  it.each([1, 2, 3])(
    'when departments are tallied by groups (seed %i) then the tally equals adding every tied pair once, and each crossing pair counted or taken out is told',
    (seed) => {
      const state = randomState(seed);
      const departmentsOf = positions(state);
      const m = state.departmentList.length;
      const expected = new DepartmentTally(m, departmentsOf);
      for (const [i, j] of tiedPairs(state)) expected.add(i, j);
      const told = new Map<string, number>();
      const found = tallyByGroups(m, departmentsOf, state.members, state.groupsOf, state.knowsOf, {
        cross: (i, j, by) => {
          expect(noDepartmentInCommon(departmentsOf[i]!, departmentsOf[j]!)).toBe(true);
          told.set(`${i} ${j}`, (told.get(`${i} ${j}`) ?? 0) + by);
        },
      });
      const entries = (t: DepartmentTally) => ({
        ties: t.ties,
        crossTies: t.crossTies,
        pairs: [...t.pairs].sort(([a], [b]) => a - b),
      });
      expect(entries(found)).toEqual(entries(expected));
      expect(found.ties.some((x) => x > 0) && found.pairs.size > 0).toBe(true);
      // Told: the KNOWS counted beside the groups and the overlaps taken out, each a crossing pair.
      expect([...told.values()].some((by) => by < 0)).toBe(true);
    },
  );

  it.each([1, 2, 3, 4])(
    'when people change one at a time after counting by groups (seed %i) then following them keeps the matrix equal to counting it afresh',
    (seed) => {
      const state = randomState(seed);
      const random = mulberry32(seed * 7919);
      const matrix = new KeptMatrix();
      matrix.rebuild(state);
      const groups = [...state.groupSlot.keys()];
      for (let step = 0; step < 12; step++) {
        const people = [...state.personSlot.keys()];
        const id = step % 4 === 3 ? `new${step}` : people[Math.floor(random() * people.length)]!;
        const before = state.personSlot.get(id);
        const slots = new Set(before === undefined ? [] : [before]);
        matrix.retract(state, slots);
        if (step % 5 === 4) {
          state.removePerson(id);
        } else {
          const some = <T>(list: T[], k: number) => list.filter(() => random() < k / list.length);
          state.setPerson({
            id,
            name: `Name ${step}`,
            present: true,
            departments: some(['d1', 'd2', 'd3', 'd4', 'd5', 'd6'], 1.3).map((d) => ({ id: d, name: d })),
            groups: some(groups, 2),
            knows: some(people, 3),
          });
          slots.add(state.personSlot.get(id)!);
        }
        matrix.restore(state, slots);
        const afresh = new KeptMatrix();
        afresh.rebuild(state);
        expect(kept(matrix, state)).toEqual(kept(afresh, state));
        expect(matrix.answer(state)).toEqual(afresh.answer(state));
      }
    },
  );
  it('when more networks and trainings tie a pair of departments than are listed then the first by name, then id, are', () => {
    const random = mulberry32(99);
    const groups = Array.from({ length: 2 * MAX_PER_PAIR + 60 }, (_, g) => ({
      id: `g${String(random()).slice(2, 8)}-${g}`,
      name: `Group ${Math.floor(random() * 40)}`, // names repeat: then by id
      via: g % 3 ? ('network' as const) : ('training' as const),
      people: g % 2 ? ['a', 'b'] : ['b', 'c'],
    }));
    const state = TieState.of({
      people: [
        { id: 'a', name: 'A', departments: [{ id: 'd1', name: 'd1' }] },
        { id: 'b', name: 'B', departments: [{ id: 'd2', name: 'd2' }] },
        { id: 'c', name: 'C', departments: [{ id: 'd1', name: 'd1' }] },
      ],
      groups,
      knows: [],
      departments: [
        { id: 'd1', name: 'One' },
        { id: 'd2', name: 'Two' },
      ],
    });
    const matrix = new KeptMatrix();
    matrix.rebuild(state);
    const first = (via: 'network' | 'training') =>
      groups
        .filter((g) => g.via === via)
        .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : x.id < y.id ? -1 : 1))
        .slice(0, MAX_PER_PAIR)
        .map((g) => ({ id: g.id, kind: via === 'network' ? 'Network' : 'Training', name: g.name }));
    const [pair] = matrix.answer(state).pairs;
    expect({ pairs: matrix.answer(state).pairs.length, networks: pair!.networks, trainings: pair!.trainings }).toEqual({
      pairs: 1,
      networks: first('network'),
      trainings: first('training'),
    });
    expect(first('network').length).toBe(MAX_PER_PAIR);
  });
  it('when more people are tied across a pair than are listed then the first by name, then id, are, and a small pair still gets its few', () => {
    // 250 in each of two departments, all in one network; one more person, in a third, knows the one named last.
    const people = Array.from({ length: 500 }, (_, i) => ({
      id: `p${String(i).padStart(3, '0')}`,
      name: `Person ${String((i * 7919) % 500).padStart(3, '0')}`,
      departments: [{ id: i % 2 ? 'd1' : 'd2', name: '' }],
    }));
    const last = [...people].sort((x, y) => (x.name < y.name ? -1 : 1)).at(-1)!;
    people.push({ id: 'z', name: 'Aaron', departments: [{ id: 'd3', name: '' }] });
    const state = TieState.of({
      people,
      groups: [{ id: 'n', name: 'Network', via: 'network', people: people.slice(0, 500).map((p) => p.id) }],
      knows: [['z', last.id]],
      departments: ['d1', 'd2', 'd3'].map((id) => ({ id, name: id })),
    });
    const matrix = new KeptMatrix();
    matrix.rebuild(state);
    const ref = (p: (typeof people)[number]) => ({ id: p.id, kind: 'Person', name: p.name });
    const byName = [...people.slice(0, 500)].sort((x, y) => (x.name < y.name ? -1 : 1));
    const listed = Object.fromEntries(matrix.answer(state).pairs.map((p) => [`${p.a.id}-${p.b.id}`, p.people]));
    expect(listed).toEqual({
      'd1-d2': byName.slice(0, MAX_PER_PAIR).map(ref),
      [last.departments[0]!.id === 'd1' ? 'd1-d3' : 'd2-d3']: [ref(people[500]!), ref(last)],
    });
  });
});
