/**
 * Runs `job` now and then every `intervalMs` in this process, one run at a time (a run still going when
 * the next is due is not started twice), never keeping the process alive; `stop()` waits for a run under
 * way. The job is idempotent work on the database (a purge), so every process may run it: no process
 * needs to know of another's.
 */
export function startRepeating(job: () => Promise<void>, intervalMs: number): { stop(): Promise<void> } {
  let current: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (current || stopped) return;
    current = job().finally(() => {
      current = null;
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
