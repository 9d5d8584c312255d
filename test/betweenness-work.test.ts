import { describe, expect, it } from 'vitest';
import { betweenness, MIN_SAMPLE, SAMPLE_SIZE } from '../server/brokers/betweenness.js';

/** A ring of n people: each tied to the one before and the one after (2n edge ends). */
const ring = (n: number) => Array.from({ length: n }, (_, i) => [(i + n - 1) % n, (i + 1) % n].sort((a, b) => a - b));

describe('betweenness: the estimate walks at most maxWork edge ends', () => {
  it('when the sample fits within the work then it uses every source asked for', async () => {
    const found = await betweenness(ring(3000));
    expect({ method: found.method, sampled: found.sampled, sources: found.sources.length }).toEqual({
      method: 'approximate',
      sampled: SAMPLE_SIZE,
      sources: SAMPLE_SIZE,
    });
  });

  it('when the sample would walk more than the work then it takes as many sources as the work allows', async () => {
    // 6,000 ends; work for 120 sources.
    const found = await betweenness(ring(3000), { maxWork: 6000 * 120 });
    expect({ method: found.method, sampled: found.sampled, sources: found.sources.length }).toEqual({
      method: 'approximate',
      sampled: 120,
      sources: 120,
    });
  });

  it('when even a few sources would walk more than the work then it still takes MIN_SAMPLE', async () => {
    const found = await betweenness(ring(3000), { maxWork: 1 });
    expect({ sampled: found.sampled, sources: new Set(found.sources).size }).toEqual({
      sampled: MIN_SAMPLE,
      sources: MIN_SAMPLE,
    });
  });
});
