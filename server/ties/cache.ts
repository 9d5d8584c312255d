import type { Queries, ReadQueries } from '../common/queries.js';
import { fingerprintOf } from './load.js';

/** How long an answer is served from the cache while the graph stays the same. */
export const CACHE_TTL_MS = 10 * 60_000;
/** Answers kept in the cache (the latest ones). */
export const CACHE_ENTRIES = 32;

/**
 * The latest answers, each for up to `ttlMs`. Only a cache: every server process keeps its own,
 * and a key names the graph it was made from, so a changed graph never gets an old answer.
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, { value: T; madeAt: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): { value: T; madeAt: number } | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.now() - hit.madeAt > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return hit;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, madeAt: this.now() });
    // Maps keep insertion order: the first entries are the oldest.
    for (const old of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(old);
    }
  }
}

/** The read queries a fingerprint may use: those of a read transaction, or the queries on their own. */
export type FingerprintReader = Pick<
  ReadQueries,
  'tiesFingerprint' | 'searchHelpFingerprint' | 'surveyMeasuredFingerprint'
>;
/** Reads, cheaply, what an answer rests on: the answer is made again when this moves. */
export type Fingerprint = (reader: FingerprintReader) => Promise<string>;

/** The tie graph's fingerprint (the newest change, the numbers of people and relationships): the default. */
export const tieFingerprint: Fingerprint = async (reader) => fingerprintOf((await reader.tiesFingerprint())[0]);

/**
 * Answers worked out from much of the graph (the tie graph, the contacts' rosters, Ringe's vocabulary), kept per
 * question and fingerprint: a question asked again while what it rests on is unchanged is answered from memory
 * after one cheap fingerprint read, and the same question asked while it is being worked out waits for that work.
 * The fingerprint is the tie graph's unless the instance or the question names another (`Fingerprint`).
 */
export class GraphAnswers<T> {
  private readonly cache: AnswerCache<T>;
  private readonly pending = new Map<string, Promise<T>>();
  private readonly fingerprint: Fingerprint;
  /** The newest answer per question, whatever its fingerprint: what `meanwhile` may answer with. */
  private readonly latest: AnswerCache<T>;
  /** Per question, the work in hand when answers are given meanwhile: one at a time, however many edits come. */
  private readonly working = new Map<string, Promise<T>>();
  private readonly meanwhile: ((previous: T) => boolean) | undefined;
  constructor(
    private readonly queries: Queries | undefined,
    options: {
      ttlMs?: number | undefined;
      now?: (() => number) | undefined;
      entries?: number | undefined;
      fingerprint?: Fingerprint | undefined;
      /**
       * Whether a question whose graph has moved may be answered at once with its previous answer (`current`
       * false) while the new one is worked out in the background: for answers that take seconds to make.
       */
      meanwhile?: ((previous: T) => boolean) | undefined;
    } = {},
  ) {
    this.cache = new AnswerCache<T>(
      options.ttlMs ?? CACHE_TTL_MS,
      options.entries ?? CACHE_ENTRIES,
      options.now ?? Date.now,
    );
    this.fingerprint = options.fingerprint ?? tieFingerprint;
    this.latest = new AnswerCache<T>(
      options.ttlMs ?? CACHE_TTL_MS,
      options.entries ?? CACHE_ENTRIES,
      options.now ?? Date.now,
    );
    this.meanwhile = options.meanwhile;
  }

  /**
   * The answer to `question` (a string naming it, such as the day and limit asked) for the graph as it is now.
   * `compute` is given the fingerprint just read and returns the answer with the fingerprint of what it read (the
   * same one when it reads in the caller's transaction `t`, in which the fingerprint is then read too).
   */
  async answer(
    question: string,
    compute: (fingerprint: string) => Promise<{ fingerprint: string; value: T }>,
    { t, fingerprint = this.fingerprint }: { t?: FingerprintReader | undefined; fingerprint?: Fingerprint } = {},
  ): Promise<{ value: T; cached: boolean; current: boolean }> {
    const reader = t ?? this.queries;
    if (!reader) throw new Error("GraphAnswers without queries of its own needs the caller's transaction.");
    const current = await fingerprint(reader);
    const asked = JSON.stringify([question, current]);
    const hit = this.cache.get(asked);
    if (hit) return { value: hit.value, cached: true, current: true };
    const work = () =>
      compute(current).then(({ fingerprint: madeFrom, value }) => {
        // Cached under what it was made from, which an edit meanwhile may have moved past.
        this.cache.set(JSON.stringify([question, madeFrom]), value);
        this.latest.set(question, value);
        return value;
      });
    const previous = this.latest.get(question)?.value;
    if (this.meanwhile && previous !== undefined && this.meanwhile(previous)) {
      if (!this.working.has(question)) {
        const running = work().finally(() => this.working.delete(question));
        // No one waits for it: a failure is met again by the next question, which starts the work anew.
        running.catch(() => {});
        this.working.set(question, running);
      }
      return { value: previous, cached: true, current: false };
    }
    let running = this.pending.get(asked);
    if (!running) {
      running = work().finally(() => this.pending.delete(asked));
      this.pending.set(asked, running);
    }
    return { value: await running, cached: false, current: true };
  }
}
