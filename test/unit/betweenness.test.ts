import { describe, expect, it } from 'vitest';
import { betweenness, sampleIndices } from '../../server/brokers/betweenness.js';

/** Neighbour lists from edges between node indices. */
function graph(n: number, edges: [number, number][]): number[][] {
  const adjacency = Array.from({ length: n }, () => [] as number[]);
  for (const [a, b] of edges) {
    adjacency[a]!.push(b);
    adjacency[b]!.push(a);
  }
  return adjacency;
}

/** A star: node 0 in the centre, joined to each of `leaves` leaves. */
const star = (leaves: number) =>
  graph(
    leaves + 1,
    Array.from({ length: leaves }, (_, i) => [0, i + 1] as [number, number]),
  );

describe('betweenness (Brandes, unweighted, undirected)', () => {
  it('when the graph is a path a–b–c–d then b and c each lie on two of the six pairs', async () => {
    // b lies between a–c and a–d; c between a–d and b–d; the ends between none.
    expect(
      await betweenness(
        graph(4, [
          [0, 1],
          [1, 2],
          [2, 3],
        ]),
      ),
    ).toEqual({
      values: [0, 2, 2, 0],
      method: 'exact',
      sampled: null,
      sources: [0, 1, 2, 3],
    });
  });

  it('when the graph is a star of four leaves then the centre lies on all six leaf pairs, counted once each', async () => {
    // C(4, 2) = 6 pairs of leaves, each with its only shortest way through the centre.
    expect((await betweenness(star(4))).values).toEqual([6, 0, 0, 0, 0]);
  });

  it('when a pair has two shortest ways then each way gets half: in a square every corner gets one half', async () => {
    // a–b–c–d–a: a and c are joined through b or d (half each), b and d through a or c.
    expect(
      (
        await betweenness(
          graph(4, [
            [0, 1],
            [1, 2],
            [2, 3],
            [3, 0],
          ]),
        )
      ).values,
    ).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('when two groups are joined by one bridge person then the bridge carries every pair across', async () => {
    // Clique {x1, x2, x3, b}, b–y1, y1–y2: b lies between 3 x's and 2 y's (6 pairs);
    // y1 between y2 and the four others (4 pairs).
    const [x1, x2, x3, b, y1, y2] = [0, 1, 2, 3, 4, 5];
    const adjacency = graph(6, [
      [x1, x2],
      [x1, x3],
      [x2, x3],
      [x1, b],
      [x2, b],
      [x3, b],
      [b, y1],
      [y1, y2],
    ]);
    expect((await betweenness(adjacency)).values).toEqual([0, 0, 0, 6, 4, 0]);
  });

  it('when the graph falls apart or is empty then pairs without a way count for nobody', async () => {
    // A path of three and a lone node: only the middle of the path lies between anyone.
    expect(
      (
        await betweenness(
          graph(4, [
            [0, 1],
            [1, 2],
          ]),
        )
      ).values,
    ).toEqual([0, 1, 0, 0]);
    expect(await betweenness([])).toEqual({ values: [], method: 'exact', sampled: null, sources: [] });
  });

  it('when there are more people than the exact limit then it estimates from a seeded sample, scaled by people/sample', async () => {
    // A star of nine leaves (10 people), exact only up to 5, 4 sources. From a leaf source the
    // centre carries the 8 other leaves; from the centre nobody depends on anyone. So the
    // estimate for the centre is (leaf sources × 8) × 10/4, halved; the leaves stay 0.
    const result = await betweenness(star(9), { exactUpTo: 5, sample: 4 });
    expect(result.method).toBe('approximate');
    expect(result.sampled).toBe(4);
    expect(new Set(result.sources).size).toBe(4);
    for (const s of result.sources) expect(s >= 0 && s < 10).toBe(true);
    const leafSources = result.sources.filter((s) => s !== 0).length;
    expect(result.values).toEqual([(leafSources * 8 * (10 / 4)) / 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // The exact answer for comparison: C(9, 2) = 36.
    expect((await betweenness(star(9))).values[0]).toBe(36);
  });

  it('when the same graph is estimated twice then the sample and the answer are the same', async () => {
    const adjacency = graph(
      12,
      Array.from({ length: 11 }, (_, i) => [i, i + 1] as [number, number]),
    );
    const once = await betweenness(adjacency, { exactUpTo: 3, sample: 5 });
    expect(await betweenness(adjacency, { exactUpTo: 3, sample: 5 })).toEqual(once);
    expect(once.method).toBe('approximate');
  });

  it('when the sample would take every person anyway then it is exact', async () => {
    expect(await betweenness(star(4), { exactUpTo: 2, sample: 5 })).toEqual({
      values: [6, 0, 0, 0, 0],
      method: 'exact',
      sampled: null,
      sources: [0, 1, 2, 3, 4],
    });
  });

  it('when indices are sampled then they are distinct, within range, and the same for the same seed', async () => {
    const drawn = sampleIndices(1000, 500, 42);
    expect(drawn).toHaveLength(500);
    expect(new Set(drawn).size).toBe(500);
    expect(drawn.every((i) => Number.isInteger(i) && i >= 0 && i < 1000)).toBe(true);
    expect(sampleIndices(1000, 500, 42)).toEqual(drawn);
    expect(sampleIndices(1000, 500, 43)).not.toEqual(drawn);
  });
});
