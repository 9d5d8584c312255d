// The time slider's steps: the last day of every month from the first dated day on, then today.

/** Last days of the months from `from`'s month up to (not including) `to`'s month, then `to` itself. */
export function monthEnds(from: string, to: string): string[] {
  const steps: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = from.length >= 7 ? Number(from.slice(5, 7)) : 1;
  const endKey = to.slice(0, 7);
  // Guards against a bad `from` after `to`: at least today is always a step.
  for (let guard = 0; guard < 1200; guard++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key >= endKey) break;
    // Day 0 of the next month is the last day of this one.
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    steps.push(`${key}-${String(last).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  steps.push(to);
  return steps;
}

/** The slider position for a day: the first step on or after it; null (today) is the last. */
export function stepOf(steps: string[], at: string | null): number {
  if (at === null) return steps.length - 1;
  const i = steps.findIndex((s) => s >= at);
  return i === -1 ? steps.length - 1 : i;
}
