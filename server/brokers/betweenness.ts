// Betweenness centrality in an unweighted, undirected graph (Brandes 2001): for every person,
// the sum over pairs of other people of the share of shortest ways between them that pass
// through that person. Pure: a graph in, numbers out.

import { mulberry32 } from '../common/random.js';

/** People up to this many get exact betweenness; above it, an estimate from sampled sources. */
export const EXACT_UP_TO = 2000;
/** How many source people the estimate uses. */
export const SAMPLE_SIZE = 500;
/**
 * Edge ends the estimate may walk in all (each source walks every end twice): 500 sources of a tie
 * graph of up to 2^24 ends (13 million at 50,000 people). A larger graph gets fewer sources, so the
 * estimate costs what it does at 50,000 people rather than growing with the graph (62 sources at
 * 500,000 people, whose graph has 133 million ends), at the price of a rougher estimate.
 */
export const MAX_WORK = SAMPLE_SIZE * 2 ** 24;
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
  /** Edge ends the estimate may walk (default MAX_WORK): fewer sources (but at least MIN_SAMPLE) when the sample would walk more. */
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

/** How long the loop may hold the event loop before it lets other requests in. */
const SLICE_MS = 20;

/**
 * Betweenness of every node. `adjacency[i]` lists the neighbours of node i: symmetric (j in
 * adjacency[i] exactly when i in adjacency[j]), no node twice, no self-loops.
 *
 * Exact (Brandes from every node) when the graph has at most `exactUpTo` nodes or the sample
 * would take every node anyway; otherwise Brandes from `sample` sources drawn without
 * replacement by a seeded generator, scaled by nodes/sample (an unbiased estimate). Either way the
 * directed sum is halved, so each unordered pair counts once.
 *
 * A large graph takes seconds, so the loop yields to the event loop every SLICE_MS: the server
 * keeps answering other requests meanwhile.
 */
export async function betweenness(
  adjacency: readonly (readonly number[])[],
  options: BetweennessOptions = {},
): Promise<BetweennessResult> {
  const n = adjacency.length;
  // Neighbour lists packed into two typed arrays (compressed rows): the loops below run n·m times.
  const offsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) offsets[v + 1] = offsets[v]! + adjacency[v]!.length;
  const exactUpTo = options.exactUpTo ?? EXACT_UP_TO;
  const asked = Math.max(1, Math.floor(options.sample ?? SAMPLE_SIZE));
  const affordable = Math.floor((options.maxWork ?? MAX_WORK) / Math.max(1, offsets[n]!));
  const sample = Math.min(asked, Math.max(MIN_SAMPLE, affordable));
  const approximate = n > exactUpTo && sample < n;
  const sources = approximate
    ? sampleIndices(n, sample, options.seed ?? SAMPLE_SEED)
    : Array.from({ length: n }, (_, i) => i);

  const targets = new Int32Array(offsets[n]!);
  for (let v = 0; v < n; v++) targets.set(adjacency[v]!, offsets[v]!);

  const total = new Float64Array(n);
  const sigma = new Float64Array(n); // shortest ways from the source
  const dist = new Int32Array(n); // hops from the source, -1 when not reached
  const delta = new Float64Array(n); // the source's dependency on each node
  const order = new Int32Array(n); // nodes in the order reached: a queue, then read backwards as a stack

  let slice = performance.now();
  for (const s of sources) {
    if (performance.now() - slice > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      slice = performance.now();
    }
    dist.fill(-1);
    sigma.fill(0);
    delta.fill(0);
    dist[s] = 0;
    sigma[s] = 1;
    order[0] = s;
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const v = order[head++]!;
      const next = dist[v]! + 1;
      const sv = sigma[v]!;
      for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) {
        const w = targets[e]!;
        const dw = dist[w]!;
        if (dw < 0) {
          dist[w] = next;
          order[tail++] = w;
          sigma[w] = sv;
        } else if (dw === next) sigma[w]! += sv;
      }
    }
    // Farthest first: each node passes its dependency back to its predecessors (neighbours one hop nearer).
    for (let i = tail - 1; i > 0; i--) {
      const w = order[i]!;
      const before = dist[w]! - 1;
      const share = (1 + delta[w]!) / sigma[w]!;
      for (let e = offsets[w]!, end = offsets[w + 1]!; e < end; e++) {
        const v = targets[e]!;
        if (dist[v] === before) delta[v]! += sigma[v]! * share;
      }
      total[w]! += delta[w]!;
    }
  }

  const scale = (approximate ? n / sources.length : 1) / 2;
  return {
    values: Array.from(total, (x) => x * scale),
    method: approximate ? 'approximate' : 'exact',
    sampled: approximate ? sources.length : null,
    sources,
  };
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
