import type { CyEdge, CyNode } from '../../../api/common.js';

export interface Elements {
  nodes: CyNode[];
  edges: CyEdge[];
}

/** Adds `more` to `base`; a node already there keeps its ring (it was reached first). */
export function mergeElements(base: Elements, more: Elements, ringOffset = 0): Elements {
  const seen = new Set(base.nodes.map((n) => n.data.id));
  const nodes = [...base.nodes];
  for (const n of more.nodes) {
    if (seen.has(n.data.id)) continue;
    seen.add(n.data.id);
    nodes.push({ data: { ...n.data, ...(n.data.ring === undefined ? {} : { ring: n.data.ring + ringOffset }) } });
  }
  const edgeIds = new Set(base.edges.map((e) => e.data.id));
  const edges = [...base.edges, ...more.edges.filter((e) => !edgeIds.has(e.data.id))];
  return { nodes, edges };
}

export interface ElementFilters {
  kinds: string[];
  departments: string[];
  /** Network statuses; other kinds are not affected. */
  status: string[];
}

/** Applies the kind, department and status filters; the centre always stays, edges need both ends. */
export function filterElements(el: Elements, f: ElementFilters, keep: string[] = []): Elements {
  const keepSet = new Set(keep);
  const nodes = el.nodes.filter(
    (n) =>
      keepSet.has(n.data.id) ||
      ((f.kinds.length === 0 || f.kinds.includes(n.data.kind)) &&
        (f.departments.length === 0 || n.data.department === null || f.departments.includes(n.data.department)) &&
        (f.status.length === 0 || n.data.kind !== 'Network' || f.status.includes(n.data.status ?? ''))),
  );
  const ids = new Set(nodes.map((n) => n.data.id));
  return { nodes, edges: el.edges.filter((e) => ids.has(e.data.source) && ids.has(e.data.target)) };
}
