import { describe, expect, it } from 'vitest';
import { runInTurns, runNow, type Steps } from '../server/common/turns.js';

// Long counting in the API's process lets the event loop take turns (server/common/turns.ts).

/** Steps that each keep the processor busy for about a millisecond, counting them. */
function* busy(steps: number, seen: { step: number }): Steps<number> {
  for (let i = 0; i < steps; i++) {
    const until = performance.now() + 1;
    while (performance.now() < until) {}
    seen.step = i + 1;
    yield;
  }
  return steps;
}

describe('turns', () => {
  it('when work runs in turns then a timer set before it fires while it runs, and its result is that of running it at once', async () => {
    const seen = { step: 0 };
    let firedAt: number | null = null;
    setTimeout(() => {
      firedAt = seen.step;
    }, 0);
    expect(await runInTurns(busy(200, seen))).toBe(200);
    expect(firedAt).not.toBeNull();
    expect(firedAt!).toBeLessThan(200);
  });

  it('when work runs at once then no timer fires before it ends', async () => {
    const seen = { step: 0 };
    let firedAt: number | null = null;
    setTimeout(() => {
      firedAt = seen.step;
    }, 0);
    expect(runNow(busy(50, seen))).toBe(50);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(firedAt).toBe(50);
  });
});
