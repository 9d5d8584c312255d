import { describe, expect, it } from 'vitest';
import { capOf, HUB_CAP, RING_READS } from '../../server/rings/service.js';

describe('how many neighbours each frontier node gives a ring', () => {
  it('when a ring grows from one node then it reads up to the hub cap, or the whole room when that is larger', () => {
    expect([capOf(149, 1), capOf(7, 1), capOf(1999, 1)]).toEqual([HUB_CAP, HUB_CAP, 1999]);
  });

  it('when a ring grows from many nodes then each gives its share of the reads, but the shares always fill the room', () => {
    const frontier = 135;
    expect(capOf(14, frontier)).toBe(Math.floor(RING_READS / frontier));
    expect(capOf(14, frontier) * frontier).toBeLessThanOrEqual(RING_READS);
    expect(capOf(1900, frontier) * frontier).toBeGreaterThanOrEqual(1900);
    expect(capOf(130, 19)).toBe(Math.floor(RING_READS / 19));
  });
});
