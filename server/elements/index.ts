import { KINDS, REL_TYPES, type CyEdge, type CyNode, type Kind, type RelType } from '../../api/common.js';
import { relationId } from '../../api/edit.js';
import type { ReadQueries } from '../common/queries.js';
import { noDepartmentInCommon } from '../ties/departments.js';

/** A node row of elementNodes, graphNodes or ringsNext (cypher/shapes.ts) whose kind is known. */
export interface NodeRow {
  id: string;
  kind: Kind;
  status: string | null;
  department: string | null;
}

/** Whether a node row has a known kind (a node without one is not drawn). */
export const hasKind = <R extends { kind: Kind | null }>(r: R): r is R & { kind: Kind } => r.kind !== null;

/** A node row (id, name or label, kind, department, status) as a Cytoscape node. */
export function toCyNode(r: NodeRow & ({ name: string } | { label: string }), ring?: number): CyNode {
  return {
    data: {
      id: r.id,
      label: 'name' in r ? r.name : r.label,
      kind: r.kind,
      department: r.department,
      // Networks carry their status, so the client can filter a drawn graph by it too.
      ...(r.kind === 'Network' && typeof r.status === 'string' ? { status: r.status } : {}),
      ...(ring === undefined ? {} : { ring }),
    },
  };
}

/** Each node row's departments (a department is its own), by id: what toCyEdge needs. */
export function departmentsOfRows(
  rows: Iterable<{ id: string; departments: readonly string[] }>,
): Map<string, readonly string[]> {
  const map = new Map<string, readonly string[]>();
  for (const r of rows) map.set(r.id, r.departments);
  return map;
}

/** An edge row (source, type, target) as a Cytoscape edge; its ends' departments tell if it crosses. */
export function toCyEdge(
  { source, type, target }: { source: string; type: RelType; target: string },
  departmentsOf: Map<string, readonly string[]>,
): CyEdge {
  return {
    data: {
      id: relationId(source, type, target),
      source,
      target,
      type,
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
export async function readElements(
  t: ReadQueries,
  ids: readonly string[],
  at: string,
): Promise<{ nodes: CyNode[]; edges: CyEdge[] }> {
  const nodeRows = await t.elementNodes({ ids, kinds: KINDS, at });
  const edgeRows = await t.elementEdges({ ids, types: REL_TYPES, at });
  const departmentsOf = departmentsOfRows(nodeRows);
  const nodes = nodeRows.filter(hasKind).map((r) => toCyNode(r));
  const edges = edgeRows.map((r) => toCyEdge(r, departmentsOf));
  return { nodes, edges };
}
