import { KINDS, REL_TYPES, type NodeRef, type RelType } from '../../api/common.js';
import type { PathsResponse } from '../../api/explore.js';
import type { Db, Row } from '../db/index.js';
import { isTimeout, ValidationError } from '../errors.js';
import type { NodesService } from '../nodes/service.js';
import type { Queries } from '../queries.js';
import { sentence, type SentenceNode } from './sentences.js';

export interface PathsInput {
  from: string;
  to: string;
  max: number;
  /** The day (YYYY-MM-DD) whose relations are walked. */
  at: string;
}

type Path = PathsResponse['paths'][number];

/**
 * Time given to the search for longer paths. All shortest paths come from a fast search; longer
 * ones, asked for only when there are fewer shortest paths than wanted, need a slower one that on
 * a large graph would take seconds: past this, the answer holds the shortest paths alone.
 */
export const MORE_PATHS_MS = 2_000;

export function pathsService(db: Db, queries: Queries, nodes: NodesService, options: { morePathsMs?: number } = {}) {
  const shortest = queries.get('shortestPaths');
  const longer = queries.get('morePaths');
  const morePathsMs = options.morePathsMs ?? MORE_PATHS_MS;
  return {
    async paths({ from, to, max, at }: PathsInput): Promise<PathsResponse> {
      if (from === to) {
        throw new ValidationError(`The query parameters "from" and "to" are the same node ("${from}"); a path needs two different nodes.`, {
          field: 'to',
        });
      }
      // one after the other, so when both are unknown the answer always names "from"
      const a = await nodes.ref(from);
      const b = await nodes.ref(to);
      const params = { from, to, types: REL_TYPES, kinds: KINDS, at };
      const paths: Path[] = [];
      const seen = new Set<string>();
      const add = (rows: Row[]) => {
        for (const row of rows) {
          if (paths.length === max) return;
          const path = toPath(row);
          // two KNOWS between the same people (one each way) walk the same way: show it once
          const key = JSON.stringify([path.nodes.map((n) => n.id), path.relations.map((r) => r.type)]);
          if (seen.has(key)) continue;
          seen.add(key);
          paths.push(path);
        }
      };
      add(await db.read(shortest, params));
      if (paths.length > 0 && paths.length < max) {
        try {
          // Shortest first: the shortest ones already taken come again and are skipped.
          add(await db.read(longer, params, { timeoutMs: morePathsMs }));
        } catch (err) {
          if (!isTimeout(err)) throw err;
        }
      }
      return { from: a, to: b, paths };
    },
  };
}

interface RowNode {
  id: string;
  kind: SentenceNode['kind'];
  name: string | null;
  projectKind: string | null;
}
interface RowRelation {
  type: RelType;
  start: string;
  wording: unknown;
  via: { id: string; kind: SentenceNode['kind'] | null; name: string | null } | null;
}

function toPath(row: Row): Path {
  const nodes = (row.nodes as RowNode[]).map((n) => ({ ...n, name: n.name ?? n.id }));
  const relations = row.relations as RowRelation[];
  const ref = ({ id, kind, name }: SentenceNode): NodeRef => ({ id, kind, name });
  return {
    length: relations.length,
    nodes: nodes.map(ref),
    // walked order: step i goes from node i to node i + 1, whichever way the relation points
    relations: relations.map((r, i) => ({ type: r.type, source: nodes[i]!.id, target: nodes[i + 1]!.id })),
    steps: relations.map((r, i) => {
      const here = nodes[i]!;
      const next = nodes[i + 1]!;
      const [start, end] = r.start === here.id ? [here, next] : [next, here];
      const via = r.via?.kind ? { id: r.via.id, kind: r.via.kind, name: r.via.name ?? r.via.id } : null;
      return sentence({ type: r.type, start, end, wording: r.wording, via });
    }),
  };
}

export type PathsService = ReturnType<typeof pathsService>;
