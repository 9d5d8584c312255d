import { KINDS, REL_TYPES, type CyEdge, type CyNode, type Kind, type RelType } from '../../api/common.js';
import { relationId } from '../../api/edit.js';
import type { Tx } from '../common/db/index.js';
import type { Queries } from '../common/queries.js';
import { noDepartmentInCommon } from '../ties/departments.js';

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

/** Each node row's departments (a department is its own), by id: what toCyEdge needs. */
export function departmentsOfRows(rows: Iterable<ElementRow>): Map<string, readonly string[]> {
  const map = new Map<string, readonly string[]>();
  for (const r of rows) map.set(r.id as string, (r.departments as string[] | null) ?? []);
  return map;
}

/** An edge row (source, type, target) as a Cytoscape edge; its ends' departments tell if it crosses. */
export function toCyEdge(r: ElementRow, departmentsOf: Map<string, readonly string[]>): CyEdge {
  const source = r.source as string;
  const target = r.target as string;
  return {
    data: {
      id: relationId(source, r.type as string, target),
      source,
      target,
      type: r.type as RelType,
      // A tie between two departments is what leadership wants to see: drawn stronger. Its ends
      // cross when they have no department in common (server/ties/departments.ts).
      crossDepartment: noDepartmentInCommon(departmentsOf.get(source) ?? [], departmentsOf.get(target) ?? []),
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
    const departmentsOf = departmentsOfRows(nodeRows);
    const nodes = nodeRows.filter((r) => r.kind).map((r) => toCyNode(r));
    const edges = edgeRows.map((r) => toCyEdge(r, departmentsOf));
    return { nodes, edges };
  };
}
