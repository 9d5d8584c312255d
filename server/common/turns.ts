// Long counting in the API's own process (the brokers' estimate over a tie graph of 500,000 people) must not hold
// the event loop for seconds: requests wait meanwhile, and one sent on a kept-alive connection is reset when the
// server's keep-alive timer fires before it is read. Such work is written as a generator that yields now and then
// (every few thousand steps); run at once where it is small or already apart, or giving the loop turns.

/** How long work runs before it lets the event loop take a turn (as the betweenness walks do). */
export const SLICE_MS = 20;

/** Work in steps: each `yield` is a point where it may pause; its return value is the result. */
export type Steps<T> = Generator<void, T, void>;

/** Runs the steps to their end at once. */
export function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs the steps, letting the event loop take a turn whenever SLICE_MS has passed since the last. */
export async function runInTurns<T>(steps: Steps<T>): Promise<T> {
  let slice = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - slice > SLICE_MS) {
      await aTurn();
      slice = performance.now();
    }
  }
}

/** A turn for the event loop between parts of such work. */
export const aTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
