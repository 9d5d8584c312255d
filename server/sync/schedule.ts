import type { Logger } from 'pino';
import type { Queries } from '../common/queries.js';
import { SyncBusyError } from './engine.js';
import type { SyncService } from './service.js';
import type { SourceName } from './source.js';
import { configuredSources } from './sources/index.js';

// The schedule (SYNC_INTERVAL_MINUTES): every server process ticks, and on each tick runs each
// configured source whose last run began an interval ago or more. Which process runs it is settled
// in Neo4j, never in memory: a source's scheduled run is claimed on its SyncSource node (the node's
// lock taken before the check, so two processes cannot both claim one interval), and the engine's
// lease keeps two runs from overlapping; a process that finds the lease taken gives its claim back
// and tries again on a later tick. So any number of processes share the work, and one that stops
// leaves nothing another needs.

/** Who the history and the runs list name for a scheduled run. */
export const SCHEDULED_BY = 'planlagt';

export interface ScheduleOptions {
  queries: Queries;
  sync: SyncService;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Time between a source's runs. */
  intervalMs: number;
  /** How often to look; a minute, or the interval when shorter. */
  tickMs?: number;
  /** The clock (tests move it on). */
  now?: () => number;
}

export interface Schedule {
  /** One look at every configured source now (also what each timer tick does); the sources this process ran. */
  tick(): Promise<SourceName[]>;
  /** Stops ticking and waits for a run under way to end. */
  stop(): Promise<void>;
}

export function startSchedule({
  queries,
  sync,
  log,
  intervalMs,
  tickMs = Math.min(intervalMs, 60_000),
  now = Date.now,
}: ScheduleOptions): Schedule {
  const names = configuredSources(sync.config);
  let current: Promise<SourceName[]> | null = null;
  let stopped = false;

  /** Whether the source's last real run (a dry run is only a look) began an interval ago or more. */
  async function due(name: SourceName, at: number): Promise<boolean> {
    const last = (await sync.runs(name, 10)).find((r) => !r.dryRun);
    return !last || Date.parse(last.startedAt) <= at - intervalMs;
  }

  async function runOne(name: SourceName): Promise<boolean> {
    const at = now();
    if (!(await due(name, at))) return false;
    const stamp = new Date(at).toISOString();
    const [claim] = await queries.sourcesClaimSchedule({
      name: sync.namespace(name),
      due: new Date(at - intervalMs).toISOString(),
      now: stamp,
    });
    if (!claim) return false;
    try {
      const run = await sync.run(name, SCHEDULED_BY);
      log.info({ source: name, status: run.status, id: run.id }, 'Planlagt synkronisering kørt.');
      return true;
    } catch (err) {
      // Another run (of any source, in any process) holds the lease: quietly give the claim back.
      await queries.sourcesReleaseSchedule({ name: sync.namespace(name), now: stamp, before: claim.before });
      if (!(err instanceof SyncBusyError)) throw err;
      return false;
    }
  }

  async function tick(): Promise<SourceName[]> {
    const ran: SourceName[] = [];
    for (const name of names) {
      if (stopped) break;
      try {
        if (await runOne(name)) ran.push(name);
      } catch (err) {
        // The database away, say: the next tick tries again. A source's own failure is a failed run, not this.
        log.warn({ source: name, err: (err as Error).message }, 'Planlagt synkronisering kunne ikke startes.');
      }
    }
    return ran;
  }

  const timer = setInterval(() => {
    if (current || stopped) return;
    current = tick().finally(() => {
      current = null;
    });
  }, tickMs);
  timer.unref();

  return {
    tick: () => tick(),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
