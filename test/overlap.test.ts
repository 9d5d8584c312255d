import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../server/common/random.js';
import { overlapsOf } from '../server/ties/overlap.js';

/** A random tie graph: groups of random sizes (a few large), KNOWS with repeats. */
function randomGraph(seed: number, n: number, groupCount: number) {
  const random = mulberry32(seed);
  const pick = (k: number) => Math.floor(random() * k);
  const members: number[][] = [];
  for (let g = 0; g < groupCount; g++) {
    const size = g % 5 === 0 ? 2 + pick(n) : 2 + pick(6);
    members.push([...new Set(Array.from({ length: size }, () => pick(n)))]);
  }
  const groupsOf: number[][] = Array.from({ length: n }, () => []);
  members.forEach((list, g) => {
    for (const i of list) groupsOf[i]!.push(g);
  });
  const knowsOf: number[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < n * 2; k++) {
    const i = pick(n);
    const j = pick(n);
    if (i === j) continue;
    knowsOf[i]!.push(j);
    knowsOf[j]!.push(i);
  }
  return { members, groupsOf, knowsOf };
}

/** Channels per pair (i < j) counted the plain way: every pair of every group, KNOWS once. */
function channelsByPairs({ members, knowsOf }: ReturnType<typeof randomGraph>): Map<string, number> {
  const channels = new Map<string, number>();
  const add = (i: number, j: number) => {
    const key = i < j ? `${i}-${j}` : `${j}-${i}`;
    channels.set(key, (channels.get(key) ?? 0) + 1);
  };
  for (const list of members)
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) add(list[x]!, list[y]!);
  const knows = new Set<string>();
  knowsOf.forEach((list, i) => {
    for (const j of list) if (i < j) knows.add(`${i}-${j}`);
  });
  for (const key of knows) {
    const [i, j] = key.split('-').map(Number);
    add(i!, j!);
  }
  return channels;
}

describe('overlapsOf: pairs of people tied through more than one channel', () => {
  it.each([1, 2, 3, 4])(
    'when groups and KNOWS overlap at random (seed %i) then it lists exactly the pairs with more than one channel, both ways',
    (seed) => {
      const graph = randomGraph(seed, 60, 40);
      const expected = new Map([...channelsByPairs(graph)].filter(([, c]) => c > 1).map(([k, c]) => [k, c - 1]));
      const found = overlapsOf(graph.members, graph.groupsOf, graph.knowsOf);
      const listed = new Map<string, number>();
      for (let i = 0; i < 60; i++) {
        for (let e = found.offsets[i]!; e < found.offsets[i + 1]!; e++) {
          const j = found.other[e]!;
          const key = i < j ? `${i}-${j}` : `${j}-${i}`;
          if (i < j) listed.set(key, found.extra[e]!);
        }
      }
      expect({ pairs: found.pairs, listed: [...listed].sort() }).toEqual({
        pairs: expected.size,
        listed: [...expected].sort(),
      });
      // Both ways: each pair stored twice.
      expect(found.other.length).toBe(expected.size * 2);
    },
  );

  it('when two people share only one group and know each other then they are tied twice', () => {
    const found = overlapsOf([[0, 1, 2]], [[0], [0], [0]], [[1, 1], [0, 0], []]);
    expect({
      pairs: found.pairs,
      other: [...found.other],
      extra: [...found.extra],
      offsets: [...found.offsets],
    }).toEqual({
      pairs: 1,
      other: [1, 0],
      extra: [1, 1],
      offsets: [0, 1, 2, 2],
    });
  });
});
