import { describe, expect, it } from 'vitest';
import { channelBetweenness, sampleIndices, SAMPLE_SEED } from '../server/brokers/betweenness.js';
import { channelsOf, channelsOfAdjacency, degreesOf } from '../server/brokers/channels.js';
import { analyseTies, departmentTies, type TieData, tieGraph } from '../server/brokers/service.js';
import { mulberry32 } from '../server/common/random.js';

// Brokers walk the tie graph by its groups (each network or training ties all its people) and
// KNOWS, never by the pairs the groups tie (server/brokers/betweenness.ts, channels.ts). Here the
// walk by groups is held to the plain one: Brandes over every tied pair (tieGraph), as brokers
// worked it out before, on random graphs whose groups overlap each other and KNOWS.

/** Brandes over explicit neighbour lists from the given sources, halved and scaled as the estimate is: the reference. */
function betweennessByPairs(adjacency: readonly (readonly number[])[], sources: readonly number[], scale: number) {
  const n = adjacency.length;
  const total = new Float64Array(n);
  const sigma = new Float64Array(n);
  const dist = new Int32Array(n);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  for (const s of sources) {
    dist.fill(-1);
    sigma.fill(0);
    delta.fill(0);
    dist[s] = 0;
    sigma[s] = 1;
    order[0] = s;
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const v = order[head++]!;
      for (const w of adjacency[v]!) {
        if (dist[w]! < 0) {
          dist[w] = dist[v]! + 1;
          order[tail++] = w;
        }
        if (dist[w] === dist[v]! + 1) sigma[w]! += sigma[v]!;
      }
    }
    for (let i = tail - 1; i > 0; i--) {
      const w = order[i]!;
      for (const v of adjacency[w]!) {
        if (dist[v] === dist[w]! - 1) delta[v]! += (sigma[v]! / sigma[w]!) * (1 + delta[w]!);
      }
      total[w]! += delta[w]!;
    }
  }
  return Array.from(total, (x) => (x * scale) / 2);
}

/**
 * A random tie graph of n people by index: groups of random sizes (every fifth large, some of one
 * person, some naming a person twice), people in several groups, KNOWS with repeats, both ways
 * and to oneself, and a few people tied to nobody.
 */
function randomGraph(seed: number, n: number, groupCount: number) {
  const random = mulberry32(seed);
  const pick = (k: number) => Math.floor(random() * k);
  // The last few people are in nothing.
  const reachable = n - 3;
  const members: number[][] = [];
  for (let g = 0; g < groupCount; g++) {
    const size = g % 5 === 0 ? 1 + pick(reachable / 2) : 1 + pick(6);
    members.push(Array.from({ length: size }, () => pick(reachable)));
  }
  const knows: [number, number][] = [];
  for (let k = 0; k < n; k++) {
    const i = pick(reachable);
    const j = random() < 0.05 ? i : pick(reachable);
    knows.push([i, j]);
    if (random() < 0.2) knows.push(random() < 0.5 ? [i, j] : [j, i]);
  }
  return { n, members, knows };
}

/** The same graph as brokers' pair lists (tieGraph), people named by their index. */
function pairsOf({ n, members, knows }: ReturnType<typeof randomGraph>): number[][] {
  const id = (i: number) => `p${String(i).padStart(4, '0')}`;
  return tieGraph({
    people: Array.from({ length: n }, (_, i) => ({ id: id(i), name: id(i), departments: [] })),
    groups: members.map((list) => list.map(id)),
    knows: knows.map(([a, b]): [string, string] => [id(a), id(b)]),
  });
}

/** Equal to the last bits a different order of sums can move (far below the six decimals shown). */
function expectClose(found: readonly number[], expected: readonly number[]) {
  expect(found).toHaveLength(expected.length);
  const off = found
    .map((x, i) => ({ i, x, expected: expected[i]! }))
    .filter(({ x, expected }) => Math.abs(x - expected) > 1e-9 * Math.max(1, Math.abs(expected)));
  expect(off).toEqual([]);
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  expect(found.map(round)).toEqual(expected.map(round));
}

describe('brokers walk the tie graph by groups: the same as walking every tied pair', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'when groups overlap each other and KNOWS at random (seed %i) then exact betweenness equals the walk over pairs',
    async (seed) => {
      const graph = randomGraph(seed, 90, 30);
      const adjacency = pairsOf(graph);
      const found = await channelBetweenness(channelsOf(graph.n, graph.members, graph.knows));
      expect({ method: found.method, sampled: found.sampled, sources: found.sources }).toEqual({
        method: 'exact',
        sampled: null,
        sources: Array.from({ length: graph.n }, (_, i) => i),
      });
      expectClose(found.values, betweennessByPairs(adjacency, found.sources, 1));
      // The random graphs do have people between others, and pairs tied more than once.
      expect(found.values.filter((x) => x > 0).length).toBeGreaterThan(5);
      expect(channelsOf(graph.n, graph.members, graph.knows).overlaps.pairs).toBeGreaterThan(5);
    },
  );

  it.each([7, 8, 9])(
    'when the graph is estimated from a sample (seed %i) then the sources are the seeded draw and the values the walk over pairs from them',
    async (seed) => {
      const graph = randomGraph(seed, 150, 40);
      const adjacency = pairsOf(graph);
      const found = await channelBetweenness(channelsOf(graph.n, graph.members, graph.knows), {
        exactUpTo: 100,
        sample: 20,
      });
      expect({ method: found.method, sampled: found.sampled, sources: found.sources }).toEqual({
        method: 'approximate',
        sampled: 20,
        sources: sampleIndices(150, 20, SAMPLE_SEED),
      });
      expectClose(found.values, betweennessByPairs(adjacency, found.sources, 150 / 20));
    },
  );

  it('when a group is one clique beside a chain of KNOWS then the ends of the chain carry what a pair walk says', async () => {
    // A group of five (0-4) sharing two with a second group (3-6), 6 KNOWS 7 KNOWS 8, and 0 KNOWS
    // 1 as well (tied twice): 3 and 4 lie between the first group's others and 5..8, 6 between
    // everyone before it and 7, 8; 7 between 8 and everyone else.
    const graph = {
      n: 9,
      members: [
        [0, 1, 2, 3, 4],
        [3, 4, 5, 6],
      ],
      knows: [
        [6, 7],
        [7, 8],
        [0, 1],
      ] as [number, number][],
    };
    const found = await channelBetweenness(channelsOf(graph.n, graph.members, graph.knows));
    // 3 and 4 share the ways from 0, 1, 2 to 5, 6, 7, 8 (3 × 4 = 12 pairs, half each: 6 each);
    // 6 lies on the ways from 0..5 to 7 and 8 (12); 7 on those from 0..6 to 8 (7).
    expect(found.values).toEqual([0, 0, 0, 6, 6, 0, 12, 7, 0]);
  });
});

describe('brokers count degrees by groups: the people tied to each, once each', () => {
  it.each([1, 2, 3])(
    'when groups overlap each other and KNOWS at random (seed %i) then each degree is the length of the pair list',
    (seed) => {
      const graph = randomGraph(seed, 90, 30);
      const degrees = degreesOf(channelsOf(graph.n, graph.members, graph.knows));
      expect(Array.from(degrees)).toEqual(pairsOf(graph).map((row) => row.length));
    },
  );
});

/** Random tie data by id: the random graph's people in up to two of five departments (some in none), four of them listed. */
function randomData(seed: number, n: number, groupCount: number): TieData {
  const graph = randomGraph(seed, n, groupCount);
  const random = mulberry32(seed + 1000);
  const id = (i: number) => `p${String(i).padStart(4, '0')}`;
  const department = (d: number) => ({ id: `d${d}`, name: `Department ${d}` });
  return {
    people: Array.from({ length: n }, (_, i) => {
      const r = random();
      const first = Math.floor(random() * 5);
      const departments = r < 0.1 ? [] : r < 0.25 ? [first, (first + 1) % 5] : [first];
      // A few names repeat, so equal counts are ordered by name, then id.
      return { id: id(i), name: `Person ${i % 40}`, departments: departments.map(department) };
    }),
    groups: graph.members.map((list) => list.map(id)),
    knows: graph.knows.map(([a, b]): [string, string] => [id(a), id(b)]),
    // Department 4 is beyond the cap: it counts for reach, not among the departments' ties.
    departments: [0, 1, 2, 3].map(department),
  };
}

/** The brokers' answer worked out over every tied pair: betweenness, degree and reach per pair list, departments pair by pair. */
function analyseByPairs(data: TieData, limit: number, sources: readonly number[], scale: number) {
  const adjacency = tieGraph(data);
  const values = betweennessByPairs(adjacency, sources, scale);
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  const brokers = data.people.map((p, i) => {
    const own = new Set(p.departments.map((d) => d.id));
    const reached = new Set<string>();
    for (const j of adjacency[i]!) for (const d of data.people[j]!.departments) if (!own.has(d.id)) reached.add(d.id);
    const first = p.departments[0];
    return {
      person: { id: p.id, kind: 'Person' as const, name: p.name },
      department: first ? { id: first.id, kind: 'Department' as const, name: first.name } : null,
      degree: adjacency[i]!.length,
      departmentsReached: reached.size,
      betweenness: round(values[i]!),
    };
  });
  brokers.sort(
    (x, y) =>
      y.betweenness - x.betweenness ||
      y.degree - x.degree ||
      (x.person.name < y.person.name ? -1 : x.person.name > y.person.name ? 1 : 0) ||
      (x.person.id < y.person.id ? -1 : 1),
  );
  return {
    people: data.people.length,
    brokers: brokers.slice(0, limit),
    // Each pair its own channel: the tally counts pair by pair.
    ...departmentTies(
      data.departments,
      data.people.map((p) => p.departments.map((d) => d.id)),
      channelsOfAdjacency(adjacency),
    ),
  };
}

describe('brokers answer by groups: the same answer as worked out over every tied pair', () => {
  it.each([1, 2, 3])(
    'when people in several departments, or none, share overlapping groups and KNOWS (seed %i) then the whole answer is the same, exact',
    async (seed) => {
      const data = randomData(seed, 90, 30);
      const found = await analyseTies(data, 60);
      const sources = Array.from({ length: 90 }, (_, i) => i);
      expect(found).toEqual({ method: 'exact', sampled: null, ...analyseByPairs(data, 60, sources, 1) });
      expect(found.strongest.length).toBeGreaterThan(0);
    },
  );

  it('when estimated from a sample then the whole answer is the same as over pairs from the same sources', async () => {
    const data = randomData(4, 150, 40);
    const found = await analyseTies(data, 100, { exactUpTo: 100, sample: 25 });
    const sources = sampleIndices(150, 25, SAMPLE_SEED);
    expect(found).toEqual({ method: 'approximate', sampled: 25, ...analyseByPairs(data, 100, sources, 150 / 25) });
  });
});
