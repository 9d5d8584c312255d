import { KINDS, REL_TYPES, type CyEdge, type CyNode, type Kind, type RelType } from '../../api/common.js';
import type { Tx } from '../db/index.js';
import type { Queries } from '../queries.js';

type ElementRow = Record<string, unknown>;

/** A node row (id, name or label, kind, department, status) as a Cytoscape node. */
export function toCyNode(r: ElementRow, ring?: number): CyNode {
  return {
    data: {
      id: r.id as string,
      label: (r.name ?? r.label) as string,
      kind: r.kind as Kind,
      department: (r.department as string | null) ?? null,
      // Networks carry their status, so the client can filter a drawn graph by it too.
      ...(r.kind === 'Network' && typeof r.status === 'string' ? { status: r.status } : {}),
      ...(ring === undefined ? {} : { ring }),
    },
  };
}

/** An edge row (source, type, target) as a Cytoscape edge; departments tell if it crosses. */
export function toCyEdge(r: ElementRow, departmentOf: Map<string, string | null>): CyEdge {
  const source = r.source as string;
  const target = r.target as string;
  const ds = departmentOf.get(source);
  const dt = departmentOf.get(target);
  return {
    data: {
      id: `${source}|${r.type as string}|${target}`,
      source,
      target,
      type: r.type as RelType,
      // A tie between two departments is what leadership wants to see: drawn stronger.
      crossDepartment: Boolean(ds && dt && ds !== dt),
    },
  };
}

/**
 * Cytoscape elements for a set of node ids: used by every endpoint that draws a graph.
 * Edges and departments are those that held on day `at` (YYYY-MM-DD).
 */
export function elementsReader(queries: Queries) {
  const nodesQuery = queries.get('elementNodes');
  const edgesQuery = queries.get('elementEdges');
  return async (tx: Tx, ids: string[], at: string): Promise<{ nodes: CyNode[]; edges: CyEdge[] }> => {
    const nodeRows = await tx.run(nodesQuery, { ids, kinds: KINDS, at });
    const edgeRows = await tx.run(edgesQuery, { ids, types: REL_TYPES, at });
    const departmentOf = new Map(nodeRows.map((r) => [r.id as string, (r.department as string | null) ?? null]));
    const nodes = nodeRows.filter((r) => r.kind).map((r) => toCyNode(r));
    const edges = edgeRows.map((r) => toCyEdge(r, departmentOf));
    return { nodes, edges };
  };
}
