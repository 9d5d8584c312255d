import { KINDS, REL_TYPES, type NodeRef } from '../../api/common.js';
import type { z } from 'zod';
import type { PathsResponse, pathsQuery } from '../../api/explore.js';
import { byCodeUnit } from '../../api/order.js';
import type { NodesService } from '../nodes/service.js';
import type { Queries, RowOf } from '../common/queries.js';

/** What a paths request takes: the API's query (pathsQuery) as parsed, `at` the day whose relations are walked. */
export type PathsInput = z.output<typeof pathsQuery>;

type Path = PathsResponse['paths'][number];

/** The longest path walked, in steps (as in cypher/paths.cypher). */
export const MAX_LENGTH = 8;

/** Ends with more relations than this are left to the bidirectional search: two steps from a hub are too many to join. */
export const JOIN_DEGREE = 2000;

export function pathsService(queries: Queries, nodes: NodesService) {
  return {
    async paths({ from, to, max, at }: PathsInput): Promise<PathsResponse> {
      if (from === to) {
        // A node reaches itself in no steps: one path of length 0 (the document cannot say "two different ids").
        const node = await nodes.ref(from);
        return { from: node, to: node, paths: [{ length: 0, nodes: [node], relations: [], steps: [] }] };
      }
      const params = { from, to, types: REL_TYPES, kinds: KINDS, at };
      return queries.readTx(async (t) => {
        const rows = await t.shortestPaths({ ...params, hub: JOIN_DEGREE, max });
        // The shortest paths, and those one step longer that the join found with them (see shortestPaths).
        const least = rows[0]?.relations.length;
        const found = rows.filter((row) => row.relations.length === least);
        const longer = rows.slice(found.length);
        // A path names both ends; without one, look them up (when both are unknown the answer names "from").
        const ends = found[0] && [found[0].nodes[0]!, found[0].nodes.at(-1)!];
        const [a, b] = ends?.every((n) => n.kind)
          ? ends.map((n) => ({ id: n.id, kind: n.kind, name: n.name ?? n.id }))
          : [await nodes.ref(from, t), await nodes.ref(to, t)];
        const paths: Path[] = [];
        const seen = new Set<string>();
        const add = (rows: RowPath[]) => {
          for (const row of rows) {
            if (paths.length === max) return;
            const key = keyOf(row);
            if (seen.has(key)) continue;
            seen.add(key);
            paths.push(toPath(row));
          }
        };
        add(found);
        add(longer);
        if (paths.length > 0 && paths.length < max) {
          // Fewer paths than asked: detours around the shortest, shortest first (one round of Yen's algorithm).
          // Every shortest path is found already, so no detour is shorter than one step more: once enough new ones
          // are found the other spurs cannot better them. Spurs near the end search least, so they go first.
          const shortestLength = found[0]!.relations.length;
          const spurs = spursOf(found).sort((x, y) => y.root.relations.length - x.root.relations.length);
          const candidates: RowPath[] = [];
          const oneLonger = new Set<string>();
          for (const spur of spurs) {
            const { root, ...asked } = spur;
            const rows = await t.detourPaths({ ...params, spur: asked });
            for (const row of rows) {
              const path = join(root, row);
              if (path.relations.length > MAX_LENGTH) continue;
              candidates.push(path);
              if (path.relations.length === shortestLength + 1 && !seen.has(keyOf(path))) oneLonger.add(keyOf(path));
            }
            if (oneLonger.size >= max - paths.length) break;
          }
          add(candidates.sort(byLengthThenIds));
        }
        return { from: a!, to: b!, paths };
      });
    },
  };
}

/** A path as cypher/paths.ts declares it. */
type RowPath = RowOf<'shortestPaths'>;

interface Spur {
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
        from: rootIds[i]!,
        avoidRelations: [...new Set(avoidRelations)],
        avoidNodes: p.nodes.slice(0, i).map((n) => n.ref),
        root: { nodes: p.nodes.slice(0, i + 1), relations: p.relations.slice(0, i) },
      });
    }
  }
  return spurs;
}

/** Two KNOWS between the same people (one each way) walk the same way: one key, shown once. */
function keyOf(p: RowPath): string {
  return JSON.stringify([p.nodes.map((n) => n.id), p.relations.map((r) => r.type)]);
}

/** The root path followed by the detour from its last node. */
function join(root: RowPath, detour: RowPath): RowPath {
  return { nodes: [...root.nodes, ...detour.nodes.slice(1)], relations: [...root.relations, ...detour.relations] };
}

/** As the queries order paths: length, then node ids, relation types and start nodes. */
function byLengthThenIds(x: RowPath, y: RowPath): number {
  const keys = (p: RowPath) => [
    p.nodes.map((n) => n.id),
    p.relations.map((r) => r.type),
    p.relations.map((r) => r.start),
  ];
  if (x.relations.length !== y.relations.length) return x.relations.length - y.relations.length;
  return byCodeUnit(JSON.stringify(keys(x)), JSON.stringify(keys(y)));
}

function toPath(row: RowPath): Path {
  const nodes = row.nodes.map(({ ref: _, ...n }) => ({ ...n, name: n.name ?? n.id }));
  const relations = row.relations;
  const ref = ({ id, kind, name }: NodeRef): NodeRef => ({ id, kind, name });
  return {
    length: relations.length,
    nodes: nodes.map(ref),
    // step i's relation in its own direction, from source to target, as everywhere (the walk's order is the
    // nodes' and the steps')
    relations: relations.map((r, i) => {
      const [a, b] = [nodes[i]!.id, nodes[i + 1]!.id];
      return r.start === a ? { type: r.type, source: a, target: b } : { type: r.type, source: b, target: a };
    }),
    // the facts of each step, in walked order; the client says them as a sentence in its language
    steps: relations.map((r, i) => ({
      from: nodes[i]!,
      relation: {
        type: r.type,
        direction: r.start === nodes[i]!.id ? 'out' : 'in',
        since: r.since ?? null,
        until: r.until ?? null,
        wording: typeof r.wording === 'string' && r.wording.trim() ? r.wording.trim() : null,
        via: r.via?.kind ? { id: r.via.id, kind: r.via.kind, name: r.via.name ?? r.via.id } : null,
      },
      to: nodes[i + 1]!,
    })),
  };
}

export type PathsService = ReturnType<typeof pathsService>;
