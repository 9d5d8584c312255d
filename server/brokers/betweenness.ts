// Betweenness centrality in an unweighted, undirected graph (Brandes 2001): for every person,
// the sum over pairs of other people of the share of shortest ways between them that pass
// through that person. Pure: a graph in, numbers out.

import { mulberry32 } from '../common/random.js';
import { runInTurns } from '../common/turns.js';
import { type Channels, channelsOfAdjacency } from './channels.js';

/** People up to this many get exact betweenness; above it, an estimate from sampled sources. */
export const EXACT_UP_TO = 2000;
/** How many source people the estimate uses. */
export const SAMPLE_SIZE = 500;
/**
 * The work the estimate may do in all, in the units of `workPerSource` (memberships, KNOWS ends and
 * overlaps: 871,000 a source at 50,000 people): 500 sources of up to 2^20 each. So 50,000 people get
 * all 500 sources, and a larger graph fewer (64 at 500,000 people, about 8.2 million a source), so the
 * estimate costs about what it does at 50,000 people (twice that at 500,000: its arrays no longer fit
 * the processor's caches) rather than growing with the graph, at the price of a rougher estimate.
 * (Walking every tied pair, a source cost 13 million ends at 50,000 people and 500,000 afforded 62.)
 */
export const MAX_WORK = SAMPLE_SIZE * 2 ** 20;
/** Never fewer sources than this, however large the graph. */
export const MIN_SAMPLE = 50;
/** The sampling seed: the same graph always gives the same sample, so the same answer. */
export const SAMPLE_SEED = 0x52696e67; // "Ring"

export interface BetweennessOptions {
  /** Exact when the graph has at most this many nodes (default EXACT_UP_TO). */
  exactUpTo?: number;
  /** Source nodes of the estimate (default SAMPLE_SIZE). */
  sample?: number;
  /** Seed of the sample (default SAMPLE_SEED). */
  seed?: number;
  /** Work the estimate may do, in workPerSource's units (default MAX_WORK): fewer sources (but at least MIN_SAMPLE) when the sample would do more. */
  maxWork?: number;
}

export interface BetweennessResult {
  /** Betweenness per node index, each unordered pair counted once. */
  values: number[];
  method: 'exact' | 'approximate';
  /** How many sources the estimate used (null when exact). */
  sampled: number | null;
  /** The source nodes used, in the order drawn (every node when exact). */
  sources: number[];
}

/** A level not reached from the source. */
const UNREACHED = 255;

/**
 * Betweenness of every node of a plain graph. `adjacency[i]` lists the neighbours of node i:
 * symmetric (j in adjacency[i] exactly when i in adjacency[j]), no node twice, no self-loops.
 * The same walk as channelBetweenness, each edge a channel of its own.
 */
export function betweenness(
  adjacency: readonly (readonly number[])[],
  options: BetweennessOptions = {},
): Promise<BetweennessResult> {
  return channelBetweenness(channelsOfAdjacency(adjacency), options);
}

/**
 * Betweenness of every person of the tie graph given as its channels (server/brokers/channels.ts):
 * Brandes' shortest ways, walked by groups rather than by the pairs they tie.
 *
 * Exact (Brandes from every person) when there are at most `exactUpTo` people or the sample would
 * take everyone anyway; otherwise Brandes from `sample` sources drawn without replacement by a
 * seeded generator, scaled by people/sample (an unbiased estimate). Either way the directed sum is
 * halved, so each unordered pair counts once. A source costs the groups' memberships, the KNOWS
 * ends and the overlaps, each walked a few times: at 50,000 people under a million, where the
 * pairs the groups tie are 13 million ends.
 *
 * From a source, level by level: a group is opened when its first member is reached at level d
 * (its members not yet reached get d+1), so all its members are at d or d+1 (it is a clique). The
 * shortest ways to w are the sum, over the channels tying w to someone u one level up, of u's
 * ways: for each group, the sum over its members at its opening level, handed to its members one
 * level down once the level is done; for each KNOWS, u's own; and a pair tied through several
 * channels was so counted once per channel, so its `extra` times u's ways is taken out. The
 * dependencies pass back the same way, farthest level first: a group gathers (1 + δ(w)) / σ(w)
 * of its members one level down, which each of its members at the opening level takes times its
 * own σ, with KNOWS and the overlaps as on the way out. Path counts are whole numbers, exact in
 * doubles; the dependencies are summed in another order than over pairs, so they may differ from
 * a walk over the pairs in the last bits (far below the six decimals the answer shows).
 *
 * A large graph takes a while, so the loop yields to the event loop every SLICE_MS (server/common/turns.ts): the server
 * keeps answering other requests meanwhile.
 */
export async function channelBetweenness(c: Channels, options: BetweennessOptions = {}): Promise<BetweennessResult> {
  const { n, groupStart, groupPeople, personStart, personGroups, knowsStart, knowsPeople } = c;
  const { offsets: overlapStart, other: overlapPeople, extra: overlapExtra } = c.overlaps;
  const groups = groupStart.length - 1;
  const exactUpTo = options.exactUpTo ?? EXACT_UP_TO;
  const asked = Math.max(1, Math.floor(options.sample ?? SAMPLE_SIZE));
  const affordable = Math.floor((options.maxWork ?? MAX_WORK) / Math.max(1, workPerSource(c)));
  const sample = Math.min(asked, Math.max(MIN_SAMPLE, affordable));
  const approximate = n > exactUpTo && sample < n;
  const sources = approximate
    ? sampleIndices(n, sample, options.seed ?? SAMPLE_SEED)
    : Array.from({ length: n }, (_, i) => i);

  const total = new Float64Array(n);
  const sigma = new Float64Array(n); // shortest ways from the source
  // Levels from the source, modulo 4 (UNREACHED when not reached): the two ends of a tie are at most one level
  // apart, so whoever is looked at from level d is at d-1, d or d+1, told apart modulo 4, in a quarter of the memory.
  const dist = new Uint8Array(n);
  const share = new Float64Array(n); // (1 + delta) / sigma, what each person hands back to the level above
  const order = new Int32Array(n); // people in the order reached, level after level
  const levelStart = new Int32Array(n + 2); // level d is order[levelStart[d] .. levelStart[d+1])
  const opened = new Int32Array(groups); // groups in the order opened
  const openedStart = new Int32Array(n + 2); // groups opened at level d: opened[openedStart[d] .. openedStart[d+1])
  const groupLevel = new Int32Array(groups); // the level a group was opened at, -1 when not yet
  const groupSum = new Float64Array(groups); // ways out, then shares back, gathered per group

  // One source's walk, out and back, adding its dependencies to `total`: a function of its own, which the engine
  // optimises once rather than part of the loop that awaits.
  const walk = (s: number) => {
    dist.fill(UNREACHED);
    groupLevel.fill(-1);
    sigma.fill(0);
    dist[s] = 0;
    sigma[s] = 1;
    order[0] = s;
    let tail = 1;
    let openedCount = 0;
    let levels = 0;
    levelStart[0] = 0;
    // Out from the source: level d's ways are final before level d+1 is reached from it.
    for (let d = 0; levelStart[d]! < tail; d++) {
      const from = levelStart[d]!;
      const to = tail;
      levelStart[d + 1] = to;
      levels = d + 1;
      openedStart[d] = openedCount;
      const next = (d + 1) & 3;
      for (let k = from; k < to; k++) {
        const v = order[k]!;
        const sv = sigma[v]!;
        for (let e = personStart[v]!, end = personStart[v + 1]!; e < end; e++) {
          const g = personGroups[e]!;
          let level = groupLevel[g]!;
          if (level < 0) {
            level = d;
            groupLevel[g] = d;
            groupSum[g] = 0;
            opened[openedCount++] = g;
            for (let m = groupStart[g]!, last = groupStart[g + 1]!; m < last; m++) {
              const w = groupPeople[m]!;
              if (dist[w] === UNREACHED) {
                dist[w] = next;
                order[tail++] = w;
              }
            }
          }
          if (level === d) groupSum[g]! += sv;
        }
        for (let e = knowsStart[v]!, end = knowsStart[v + 1]!; e < end; e++) {
          const w = knowsPeople[e]!;
          const dw = dist[w]!;
          if (dw === UNREACHED) {
            // Reached first here: nothing was handed to it yet (groups hand theirs on after the level).
            dist[w] = next;
            order[tail++] = w;
            sigma[w] = sv;
          } else if (dw === next) sigma[w]! += sv;
        }
        // Every channel of v's is open by now, so the ends of its overlaps have their levels.
        for (let e = overlapStart[v]!, end = overlapStart[v + 1]!; e < end; e++) {
          const w = overlapPeople[e]!;
          if (dist[w] === next) sigma[w]! -= overlapExtra[e]! * sv;
        }
      }
      for (let k = openedStart[d]!; k < openedCount; k++) {
        const g = opened[k]!;
        const sum = groupSum[g]!;
        for (let m = groupStart[g]!, last = groupStart[g + 1]!; m < last; m++) {
          const w = groupPeople[m]!;
          if (dist[w] === next) sigma[w]! += sum;
        }
      }
    }
    openedStart[levels] = openedCount;

    // Back to the source, farthest level first: each person's dependency on the level below.
    for (let d = levels - 1; d >= 0; d--) {
      const below = (d + 1) & 3;
      for (let k = openedStart[d]!, last = openedStart[d + 1]!; k < last; k++) {
        const g = opened[k]!;
        let sum = 0;
        for (let m = groupStart[g]!, end = groupStart[g + 1]!; m < end; m++) {
          const w = groupPeople[m]!;
          if (dist[w] === below) sum += share[w]!;
        }
        groupSum[g] = sum;
      }
      for (let k = levelStart[d]!, last = levelStart[d + 1]!; k < last; k++) {
        const v = order[k]!;
        let sum = 0;
        for (let e = personStart[v]!, end = personStart[v + 1]!; e < end; e++) {
          const g = personGroups[e]!;
          if (groupLevel[g] === d) sum += groupSum[g]!;
        }
        for (let e = knowsStart[v]!, end = knowsStart[v + 1]!; e < end; e++) {
          const w = knowsPeople[e]!;
          if (dist[w] === below) sum += share[w]!;
        }
        for (let e = overlapStart[v]!, end = overlapStart[v + 1]!; e < end; e++) {
          const w = overlapPeople[e]!;
          if (dist[w] === below) sum -= overlapExtra[e]! * share[w]!;
        }
        const sv = sigma[v]!;
        const dv = sv * sum; // the source's dependency on v
        share[v] = (1 + dv) / sv;
        if (d > 0) total[v]! += dv;
      }
    }
  };

  await runInTurns(
    (function* () {
      for (const s of sources) {
        walk(c.position[s]!);
        yield;
      }
    })(),
  );

  const scale = (approximate ? n / sources.length : 1) / 2;
  return {
    values: Array.from(c.person, (_, i) => total[c.position[i]!]! * scale),
    method: approximate ? 'approximate' : 'exact',
    sampled: approximate ? sources.length : null,
    sources,
  };
}

/** What one source walks, in the units of MAX_WORK: the groups' memberships, the KNOWS ends and the overlaps. */
export function workPerSource(c: Channels): number {
  return c.groupPeople.length + c.knowsPeople.length + c.overlaps.other.length;
}

/** `k` distinct indices of 0..n-1, drawn by a partial Fisher-Yates shuffle with a seeded generator. */
export function sampleIndices(n: number, k: number, seed: number): number[] {
  const random = mulberry32(seed);
  const pool = Array.from({ length: n }, (_, i) => i);
  const take = Math.min(k, n);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (n - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, take);
}
