import { startRepeating } from '../common/repeating.js';
import type { Logger } from 'pino';
import type { Principal } from '../../api/auth.js';
import { today } from '../../api/common.js';
import type { Queries } from '../common/queries.js';
import { surveyResultsService } from './results.js';

// Raw survey answers are kept SURVEY_RETENTION_DAYS after their round ended (the privacy notice
// says so): then they are deleted as a manager's "delete raw answers" does (results.ts
// deleteAnswers), keeping the round's results. Every server process runs this on its own timer;
// deleteAnswers takes the round's lock and reads it again, so two processes deleting the same
// round's answers delete them once and keep the same results.

/** Ringe itself deleting answers past keeping: a coordinator may delete a closed round's raw answers. */
const RETENTION_ACTOR: Principal = {
  sub: 'system:survey-retention',
  name: 'Ringe (opbevaringstid for svar)',
  roles: ['coordinator'],
};

/** How many rounds one purge handles at most; the next tick takes the rest. */
export const RETENTION_BATCH = 20;

/** The day `days` days before `day` ('YYYY-MM-DD'). */
export function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Deletes the raw answers of rounds whose end (closedOn, else closesOn) plus `retentionDays` is
 * before `day`, at most `batch` rounds, keeping their results; answers how many rounds and answers.
 */
export async function purgeExpiredAnswers(
  queries: Queries,
  retentionDays: number,
  { day = today(), batch = RETENTION_BATCH }: { day?: string; batch?: number } = {},
): Promise<{ rounds: number; answers: number; failed: string[] }> {
  // A coordinator's right is decided by role alone: no one needs to be found for the actor.
  const results = surveyResultsService(queries, async () => null);
  const due = await queries.surveyRetentionDue({ before: daysBefore(day, retentionDays), limit: batch });
  let answers = 0;
  let rounds = 0;
  // One round that cannot be purged (gone meanwhile, say) stops none of the others.
  const failed: string[] = [];
  for (const { id } of due) {
    try {
      answers += (await results.deleteAnswers(id, RETENTION_ACTOR)).deleted;
      rounds++;
    } catch {
      failed.push(id);
    }
  }
  return { rounds, answers, failed };
}

/** Runs the purge now and then every `intervalMs` (not keeping the process alive); a failure is logged and tried again next time. */
export function startAnswerRetention({
  queries,
  retentionDays,
  log,
  intervalMs = 60 * 60_000,
}: {
  queries: Queries;
  retentionDays: number;
  log: Pick<Logger, 'info' | 'warn'>;
  intervalMs?: number;
}): { stop(): Promise<void> } {
  return startRepeating(
    () =>
      purgeExpiredAnswers(queries, retentionDays)
        .then(({ rounds, answers, failed }) => {
          if (rounds) log.info({ rounds, answers }, 'Rå svar fra målinger ud over opbevaringstiden er slettet.');
          if (failed.length) log.warn({ failed }, 'Nogle målingers rå svar kunne ikke slettes nu; det prøves igen.');
        })
        .catch((err: unknown) => {
          log.warn({ err: (err as Error).message }, 'Rå svar ud over opbevaringstiden kunne ikke slettes nu.');
        }),
    intervalMs,
  );
}
