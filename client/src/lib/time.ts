// Where the time slider stands: its stops come from the server (GET /api/insights/timeline).

/**
 * The slider position for a day; null (today) is the last. Stops `by: 'change'` are the days the
 * graph changes, so a day stands on the last stop on or before it (the graph looks the same until
 * the next); stops `by: 'month'` are month ends, so a day stands on its month's (the first on or after it).
 */
export function stepOf(steps: string[], at: string | null, by: 'change' | 'month' = 'month'): number {
  if (at === null) return steps.length - 1;
  if (by === 'change') {
    const next = steps.findIndex((s) => s > at);
    return next === -1 ? steps.length - 1 : Math.max(0, next - 1);
  }
  const i = steps.findIndex((s) => s >= at);
  return i === -1 ? steps.length - 1 : i;
}
