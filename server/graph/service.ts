import { KINDS, REL_TYPES } from '../../api/common.js';
import type { z } from 'zod';
import type { GraphResponse, graphQuery } from '../../api/explore.js';
import { requireDepartments } from '../coordination/service.js';
import { departmentsOfRows, toCyEdge, toCyNode } from '../elements/index.js';
import type { Queries } from '../common/queries.js';

/** Edges in one answer: the node limit alone does not bound them (a dense part of the graph). */
export const MAX_EDGES = 20_000;

/** What the graph takes: the API's query (graphQuery) as parsed, `at` the day it shows. */
export type GraphInput = z.output<typeof graphQuery>;

export function graphService(queries: Queries) {
  return {
    async graph({ kinds, departments, status, limit, at }: GraphInput): Promise<GraphResponse> {
      // An empty list ("kinds=") filters nothing, as when the parameter is left out.
      const departmentIds = departments?.length ? [...new Set(departments)] : null;
      return queries.readTx(async (t) => {
        if (departmentIds) await requireDepartments(t, departmentIds);
        const rows = await t.graphNodes({
          allKinds: KINDS,
          kinds: kinds?.length ? kinds : KINDS,
          departments: departmentIds,
          statuses: status?.length ? status : null,
          limit,
          at,
        });
        const total = rows[0]?.total ?? 0;
        const departmentsOf = departmentsOfRows(rows);
        const nodes = rows.map((r) => toCyNode(r));

        const edgeRows = nodes.length
          ? await t.graphEdges({ ids: [...departmentsOf.keys()], types: REL_TYPES, limit: MAX_EDGES, at })
          : [];
        const edges = edgeRows.slice(0, MAX_EDGES).map((r) => toCyEdge(r, departmentsOf));
        return {
          elements: { nodes, edges },
          truncated: total > nodes.length || edgeRows.length > MAX_EDGES,
          total: { nodes: total },
        };
      });
    },
  };
}

export type GraphService = ReturnType<typeof graphService>;
