import { KINDS, REL_TYPES, type NodeRef, type RelType } from '../../api/common.js';
import type { PathsResponse } from '../../api/explore.js';
import type { Db, Row } from '../db/index.js';
import { ValidationError } from '../errors.js';
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

/** The longest path walked, in steps (as in cypher/paths.cypher). */
export const MAX_LENGTH = 8;

export function pathsService(db: Db, queries: Queries, nodes: NodesService) {
  const shortest = queries.get('shortestPaths');
  const detours = queries.get('detourPaths');
  return {
    async paths({ from, to, max, at }: PathsInput): Promise<PathsResponse> {
      if (from === to) {
        throw new ValidationError(`The query parameters "from" and "to" are the same node ("${from}"); a path needs two different nodes.`, {
          field: 'to',
        });
      }
      const params = { from, to, types: REL_TYPES, kinds: KINDS, at };
      return db.readTx(async (tx) => {
        const found = (await tx.run(shortest, params)) as unknown as RowPath[];
        // A path names both ends; without one, look them up (when both are unknown the answer names "from").
        const ends = found[0] && [found[0].nodes[0]!, found[0].nodes.at(-1)!];
        const [a, b] = ends?.every((n) => n.kind)
          ? ends.map((n) => ({ id: n.id, kind: n.kind, name: n.name ?? n.id }))
          : [await nodes.ref(from, tx), await nodes.ref(to, tx)];
        const paths: Path[] = [];
        const seen = new Set<string>();
        const add = (rows: RowPath[]) => {
          for (const row of rows) {
            if (paths.length === max) return;
            // two KNOWS between the same people (one each way) walk the same way: show it once
            const key = JSON.stringify([row.nodes.map((n) => n.id), row.relations.map((r) => r.type)]);
            if (seen.has(key)) continue;
            seen.add(key);
            paths.push(toPath(row));
          }
        };
        add(found);
        if (paths.length > 0 && paths.length < max) {
          // Fewer shortest paths than asked: detours around them, shortest first (one round of Yen's algorithm).
          const spurs = spursOf(found);
          const rows = (await tx.run(detours, { ...params, spurs: spurs.map(({ root: _, ...spur }) => spur) })) as unknown as (RowPath & { spur: number })[];
          const candidates = rows
            .map((r) => join(spurs[r.spur]!.root, r))
            .filter((p) => p.relations.length <= MAX_LENGTH)
            .sort(byLengthThenIds);
          add(candidates);
        }
        return { from: a!, to: b!, paths };
      });
    },
  };
}

interface RowPath {
  nodes: RowNode[];
  relations: RowRelation[];
}

interface Spur {
  index: number;
  /** The node the detour leaves from. */
  from: string;
  /** Relations and nodes (element ids) the detour may not use. */
  avoidRelations: string[];
  avoidNodes: string[];
  /** The path up to the spur node, which the detour continues. */
  root: RowPath;
}

/**
 * Yen's spurs from the shortest paths: at each step i of each path, a detour from its node i that
 * leaves out step i of every path sharing its first i nodes, and those nodes before the spur.
 */
function spursOf(paths: RowPath[]): Spur[] {
  const spurs: Spur[] = [];
  const made = new Set<string>();
  for (const p of paths) {
    for (let i = 0; i < p.relations.length; i++) {
      const rootIds = p.nodes.slice(0, i + 1).map((n) => n.id);
      const key = JSON.stringify(rootIds);
      if (made.has(key)) continue; // an earlier path with the same root made this spur already
      made.add(key);
      const avoidRelations = paths
        .filter((q) => q.relations.length > i && q.nodes.slice(0, i + 1).every((n, k) => n.id === rootIds[k]))
        .map((q) => q.relations[i]!.ref);
      spurs.push({
        index: spurs.length,
        from: rootIds[i]!,
        avoidRelations: [...new Set(avoidRelations)],
        avoidNodes: p.nodes.slice(0, i).map((n) => n.ref),
        root: { nodes: p.nodes.slice(0, i + 1), relations: p.relations.slice(0, i) },
      });
    }
  }
  return spurs;
}

/** The root path followed by the detour from its last node. */
function join(root: RowPath, detour: RowPath): RowPath {
  return { nodes: [...root.nodes, ...detour.nodes.slice(1)], relations: [...root.relations, ...detour.relations] };
}

/** As the queries order paths: length, then node ids, relation types and start nodes. */
function byLengthThenIds(x: RowPath, y: RowPath): number {
  const keys = (p: RowPath) => [p.nodes.map((n) => n.id), p.relations.map((r) => r.type), p.relations.map((r) => r.start)];
  if (x.relations.length !== y.relations.length) return x.relations.length - y.relations.length;
  const [a, b] = [JSON.stringify(keys(x)), JSON.stringify(keys(y))];
  return a < b ? -1 : a > b ? 1 : 0;
}

interface RowNode {
  /** The node's element id, to leave it out of a detour. */
  ref: string;
  id: string;
  kind: SentenceNode['kind'];
  name: string | null;
  projectKind: string | null;
}
interface RowRelation {
  /** The relationship's element id, to leave it out of a detour. */
  ref: string;
  type: RelType;
  start: string;
  wording: unknown;
  via: { id: string; kind: SentenceNode['kind'] | null; name: string | null } | null;
}

function toPath(row: RowPath): Path {
  const nodes = row.nodes.map(({ ref: _, ...n }) => ({ ...n, name: n.name ?? n.id }));
  const relations = row.relations;
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
