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

/**
 * Answers worked out from the whole graph (the tie graph, the contacts' rosters), kept per question and graph fingerprint: a
 * question asked again while the graph is unchanged is answered from memory after one cheap
 * fingerprint read, and the same question asked while it is being worked out waits for that work.
 */
export class GraphAnswers<T> {
  private readonly cache: AnswerCache<T>;
  private readonly pending = new Map<string, Promise<T>>();
  constructor(
    private readonly queries: Queries,
    options: { ttlMs?: number | undefined; now?: (() => number) | undefined; entries?: number | undefined } = {},
  ) {
    this.cache = new AnswerCache<T>(
      options.ttlMs ?? CACHE_TTL_MS,
      options.entries ?? CACHE_ENTRIES,
      options.now ?? Date.now,
    );
  }

  /**
   * The answer to `question` (a string naming it, such as the day and limit asked) for the graph
   * as it is now. `compute` returns the answer with the fingerprint of the graph it read. Given the
   * caller's read transaction `t`, the fingerprint is read in it rather than in one of its own.
   */
  async answer(
    question: string,
    compute: () => Promise<{ fingerprint: string; value: T }>,
    t?: ReadQueries,
  ): Promise<{ value: T; cached: boolean }> {
    const [current] = await (t ?? this.queries).tiesFingerprint();
    const asked = JSON.stringify([question, fingerprintOf(current)]);
    const hit = this.cache.get(asked);
    if (hit) return { value: hit.value, cached: true };
    let running = this.pending.get(asked);
    if (!running) {
      running = compute()
        .then(({ fingerprint, value }) => {
          // Cached under the graph it was made from, which an edit meanwhile may have moved past.
          this.cache.set(JSON.stringify([question, fingerprint]), value);
          return value;
        })
        .finally(() => this.pending.delete(asked));
      this.pending.set(asked, running);
    }
    return { value: await running, cached: false };
  }
}
