import { KINDS, REL_TYPES, type Kind, type RelType } from '../../api/common.js';
import { nodeDays, relationDays } from '../../server/common/days.js';
import type { Queries } from '../../server/common/queries.js';
import { SYNTHETIC_PREFIX, SYNTHETIC_SOURCE, type SyntheticGraph } from './generate.js';

// Bulk load of a synthetic municipality (seed/synthetic/generate.ts) through the project's Db:
// UNWIND batches in write transactions, nodes first (kind by kind), then relations type by type,
// then the survey rounds and their answers. Apply the schema first.
//
// Two things make it fast (docs/benchmarks.md, "Issue 22: loading"):
// - A node batch answers the element id of each node it made, and the relation batches find their
//   ends by element id (a seek to the node's record) instead of the :Entity id index.
// - WORKERS write transactions run at once, so Neo4j uses both cores of a small machine. Creating a
//   relation locks its two ends, so two transactions that share a node may wait on each other, or
//   deadlock. The nodes are therefore dealt into GROUPS groups, each relation belongs to the pair of
//   groups of its ends, and the pairs are written in rounds of pairs that share no group
//   (ROUNDS): within a round no two transactions touch the same node. Nodes alone, and the survey
//   rounds and answers (no relations), need no such care.

export const BATCH_SIZE = 10_000;
/** Write transactions at once. */
export const WORKERS = 2;
/** The groups nodes are dealt into, and the rounds of pairs of groups that share none (a round-robin of 4). */
const GROUPS = 4;
const ROUNDS: readonly (readonly [number, number])[][] = [
  [
    [0, 1],
    [2, 3],
  ],
  [
    [0, 2],
    [1, 3],
  ],
  [
    [0, 3],
    [1, 2],
  ],
  [
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 3],
  ],
];
/** Nodes per delete transaction (each takes its relations with it). */
const DELETE_BATCH = 5_000;

export interface LoadReport {
  nodes: number;
  relations: number;
  /** Survey rounds and answers (no Entity, so not among the nodes). */
  rounds: number;
  answers: number;
  seconds: number;
  rowsPerSecond: number;
  byKind: Partial<Record<Kind, number>>;
  byType: Partial<Record<RelType, number>>;
}

export interface LoadOptions {
  batchSize?: number;
  /** Write transactions at once (WORKERS); 1 writes one batch after the other. */
  workers?: number;
  /** Told after every batch how many rows of how many are written. */
  progress?: (done: number, total: number) => void;
}

export class SyntheticLoadError extends Error {
  override name = 'SyntheticLoadError';
}

// Labels and types cannot be parameters in Cypher: each has its own query, and only the names in
// KINDS and REL_TYPES ever choose one.
type NodeWrite = Queries['syntheticNodesPerson'];
type Write = Queries['syntheticRelKNOWS'];

/** The write query of each kind and type (labels and types are never parameters). */
// The synthetic municipality has no source's organisation tree: no units, memberships or managers.
function writers(queries: Queries): {
  nodes: Partial<Record<Kind, NodeWrite>>;
  relations: Partial<Record<RelType, Write>>;
} {
  return {
    nodes: {
      Person: queries.syntheticNodesPerson,
      Network: queries.syntheticNodesNetwork,
      Department: queries.syntheticNodesDepartment,
      Partner: queries.syntheticNodesPartner,
      Training: queries.syntheticNodesTraining,
      Outcome: queries.syntheticNodesOutcome,
      Forum: queries.syntheticNodesForum,
      Project: queries.syntheticNodesProject,
    },
    relations: {
      WORKS_IN: queries.syntheticRelWORKS_IN,
      LEADS: queries.syntheticRelLEADS,
      PARTICIPATES_IN: queries.syntheticRelPARTICIPATES_IN,
      COLLABORATES_WITH: queries.syntheticRelCOLLABORATES_WITH,
      OFFERED_BY: queries.syntheticRelOFFERED_BY,
      COMPLETED: queries.syntheticRelCOMPLETED,
      CREATED: queries.syntheticRelCREATED,
      REPORTED_TO: queries.syntheticRelREPORTED_TO,
      INITIATED: queries.syntheticRelINITIATED,
      CONTINUED_AS: queries.syntheticRelCONTINUED_AS,
      SPAWNED: queries.syntheticRelSPAWNED,
      KNOWS: queries.syntheticRelKNOWS,
    },
  };
}
function nodeQuery(queries: Queries, kind: string): NodeWrite {
  const found = KINDS.find((k) => k === kind);
  const query = found && writers(queries).nodes[found];
  if (!query) throw new SyntheticLoadError(`Unknown node kind "${kind}".`);
  return query;
}
function relationQuery(queries: Queries, type: string): Write {
  const found = REL_TYPES.find((t) => t === type);
  const query = found && writers(queries).relations[found];
  if (!query) throw new SyntheticLoadError(`Unknown relation type "${type}".`);
  return query;
}

function groupBy<T, K extends string>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** How many synthetic nodes the database holds. */
export async function countSynthetic(queries: Queries): Promise<number> {
  const [row] = await queries.syntheticCount({ prefix: SYNTHETIC_PREFIX, source: SYNTHETIC_SOURCE });
  return row?.nodes ?? 0;
}

/** Deletes every synthetic node and its relations, and the survey rounds and answers, a batch per transaction; returns how many nodes. */
export async function deleteSynthetic(queries: Queries, batchSize = DELETE_BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const [row] = await queries.syntheticDeleteSurveysBatch({
      prefix: SYNTHETIC_PREFIX,
      source: SYNTHETIC_SOURCE,
      limit: batchSize,
    });
    const deleted = row?.deleted ?? 0;
    total += deleted;
    if (deleted < batchSize) break;
  }
  for (;;) {
    const [row] = await queries.syntheticDeleteBatch({
      prefix: SYNTHETIC_PREFIX,
      source: SYNTHETIC_SOURCE,
      limit: batchSize,
    });
    const deleted = row?.deleted ?? 0;
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/**
 * Runs the jobs, at most `workers` at once, each taking the next job when it is done; the first
 * failure stops the taking of further jobs and is thrown once the running ones have ended.
 */
async function inTurns(workers: number, jobs: (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < jobs.length) {
      const job = jobs[next++]!;
      try {
        await job();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, worker));
  if (failure) throw failure.error;
}

/**
 * Writes the graph. Refuses when the database already holds synthetic data (delete it first with
 * deleteSynthetic), and when a batch writes fewer relations than it was given (an end is missing).
 */
export async function loadSynthetic(
  queries: Queries,
  graph: SyntheticGraph,
  opts: LoadOptions = {},
): Promise<LoadReport> {
  const batchSize = opts.batchSize ?? BATCH_SIZE;
  const workers = Math.max(1, opts.workers ?? WORKERS);
  const existing = await countSynthetic(queries);
  if (existing > 0) {
    throw new SyntheticLoadError(
      `The database already holds ${existing} synthetic nodes; delete them first (--replace).`,
    );
  }
  const nodesByKind = groupBy(graph.nodes, (n) => n.kind);
  const relationsByType = groupBy(graph.relations, (r) => r.type);
  // Checked before anything is written, so a bad graph leaves the database as it was.
  // Rows are flat ({id, ...properties} and {source, target, ...properties}): the queries list the
  // properties they store (cypher/synthetic.cypher).
  const nodeWork = [...nodesByKind].map(([kind, rows]) => ({
    query: nodeQuery(queries, kind),
    rows: rows.map((n) => ({ ...n.props, ...nodeDays(kind, n.props), id: n.id })),
  }));
  const relationWork = [...relationsByType].map(([type, rows]) => ({ query: relationQuery(queries, type), rows }));
  const surveyWork: { query: Write; rows: Record<string, unknown>[] }[] = [
    { query: queries.syntheticRounds, rows: graph.rounds.map((r) => ({ ...r.props, id: r.id })) },
    { query: queries.syntheticAnswers, rows: graph.answers.map((a) => ({ ...a.props, id: a.id })) },
  ];

  const total = graph.nodes.length + graph.relations.length + graph.rounds.length + graph.answers.length;
  let done = 0;
  const started = performance.now();
  opts.progress?.(0, total);
  const wrote = (expected: number, written: number) => {
    if (written !== expected) {
      throw new SyntheticLoadError(`A batch wrote ${written} of ${expected} rows; a relation's end is missing.`);
    }
    done += expected;
    opts.progress?.(done, total);
  };
  const batches = <T>(rows: readonly T[]) => {
    const out: T[][] = [];
    for (let i = 0; i < rows.length; i += batchSize) out.push(rows.slice(i, i + batchSize));
    return out;
  };

  // Nodes: each one's element id, and its group (dealt in turn, so each group holds a quarter of every kind).
  const elementIds = new Map<string, string>();
  const group = new Map<string, number>();
  await inTurns(
    workers,
    nodeWork.flatMap(({ query, rows }) =>
      batches(rows).map((batch) => async () => {
        const [row] = await query({ rows: batch });
        const created = row?.created ?? [];
        for (const [id, elementId] of created) elementIds.set(id, elementId);
        wrote(batch.length, created.length);
      }),
    ),
  );
  for (const id of elementIds.keys()) group.set(id, group.size % GROUPS);
  // A relation may end at a node the load did not make (one already there): its element id is looked up once.
  const elsewhere = [
    ...new Set(graph.relations.flatMap((r) => [r.source, r.target]).filter((id) => !elementIds.has(id))),
  ];
  for (const ids of batches(elsewhere)) {
    for (const { id, elementId } of await queries.syntheticElementIds({ ids })) {
      elementIds.set(id, elementId);
      group.set(id, group.size % GROUPS);
    }
  }

  // Relations: by pair of groups, each pair's type by type, in rounds of pairs that share no node.
  const pairOf = (id: string) => group.get(id) ?? 0;
  const byPair = new Map<string, { query: Write; rows: Record<string, unknown>[] }[]>();
  for (const { query, rows } of relationWork) {
    const ofType = new Map<string, Record<string, unknown>[]>();
    for (const { props, source, target } of rows) {
      const [g, h] = [pairOf(source), pairOf(target)].sort();
      const key = `${g},${h}`;
      const list = ofType.get(key) ?? [];
      ofType.set(key, list);
      // A survey's KNOWS says where it came from in `source`, which the row's ends take: it goes as `origin`.
      // An end not found goes as null, matches no node, and the batch is refused for it (written falls short).
      const { source: origin, ...rest } = props;
      list.push({
        ...rest,
        ...relationDays(rest),
        origin,
        source: elementIds.get(source) ?? null,
        target: elementIds.get(target) ?? null,
      });
    }
    for (const [key, list] of ofType) {
      const work = byPair.get(key) ?? [];
      work.push({ query, rows: list });
      byPair.set(key, work);
    }
  }
  for (const round of ROUNDS) {
    // One job per pair of groups: its batches one after the other, since they share nodes.
    await inTurns(
      workers,
      round.map(([g, h]) => async () => {
        for (const { query, rows } of byPair.get(`${g},${h}`) ?? []) {
          for (const batch of batches(rows)) {
            const [row] = await query({ rows: batch });
            wrote(batch.length, row?.written ?? 0);
          }
        }
      }),
    );
  }

  await inTurns(
    workers,
    surveyWork.flatMap(({ query, rows }) =>
      batches(rows).map((batch) => async () => {
        const [row] = await query({ rows: batch });
        wrote(batch.length, row?.written ?? 0);
      }),
    ),
  );
  return loadReport(graph, total, started);
}

/** What both loaders report of a graph written in full: `total` rows since `started` (performance.now()). */
export function loadReport(graph: SyntheticGraph, total: number, started: number): LoadReport {
  const seconds = (performance.now() - started) / 1000;
  const count = <T, K extends string>(items: readonly T[], key: (x: T) => K) => {
    const out: Partial<Record<K, number>> = {};
    for (const x of items) out[key(x)] = (out[key(x)] ?? 0) + 1;
    return out;
  };
  return {
    nodes: graph.nodes.length,
    relations: graph.relations.length,
    rounds: graph.rounds.length,
    answers: graph.answers.length,
    seconds,
    rowsPerSecond: Math.round(total / seconds),
    byKind: count(graph.nodes, (n) => n.kind),
    byType: count(graph.relations, (r) => r.type),
  };
}

/**
 * A progress bar on stderr: one line redrawn in place when stderr is a terminal, otherwise a line
 * at every tenth. `done()` ends the line.
 */
export function stderrProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): { update: (done: number, total: number) => void; done: () => void } {
  const tty = Boolean(stream.isTTY);
  let lastTenth = -1;
  let drawn = false;
  const width = 30;
  return {
    update(done, total) {
      const fraction = total === 0 ? 1 : done / total;
      const percent = Math.floor(fraction * 100);
      const counts = `${done.toLocaleString('da-DK')}/${total.toLocaleString('da-DK')}`;
      if (tty) {
        const filled = Math.round(fraction * width);
        stream.write(
          `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)} % ${counts}`,
        );
        drawn = true;
      } else {
        const tenth = Math.floor(fraction * 10);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          stream.write(`${label} ${tenth * 10} % ${counts}\n`);
        }
      }
    },
    done() {
      if (tty && drawn) stream.write('\n');
    },
  };
}
