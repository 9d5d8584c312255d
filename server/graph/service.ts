import { KINDS, REL_TYPES, type CyEdge, type CyNode, type Kind, type RelType } from '../../api/common.js';
import type { GraphResponse } from '../../api/explore.js';
import { requireDepartments } from '../coordination/service.js';
import type { Db } from '../db/index.js';
import type { Queries } from '../queries.js';

/** Edges in one answer: the node limit alone does not bound them (a dense part of the graph). */
export const MAX_EDGES = 20_000;

export interface GraphInput {
  kinds?: Kind[] | undefined;
  departments?: string[] | undefined;
  status?: string[] | undefined;
  limit: number;
}

export function graphService(db: Db, queries: Queries) {
  const nodesQuery = queries.get('graphNodes');
  const edgesQuery = queries.get('graphEdges');
  const departmentsKnown = queries.get('departmentsKnown');

  return {
    async graph({ kinds, departments, status, limit }: GraphInput): Promise<GraphResponse> {
      // An empty list ("kinds=") filters nothing, as when the parameter is left out.
      const departmentIds = departments?.length ? [...new Set(departments)] : null;
      return db.readTx(async (tx) => {
        if (departmentIds) await requireDepartments(tx, departmentsKnown, departmentIds);
        const rows = await tx.run(nodesQuery, {
          allKinds: KINDS,
          kinds: kinds?.length ? kinds : KINDS,
          departments: departmentIds,
          statuses: status?.length ? status : null,
          limit,
        });
        const total = Number(rows[0]?.total ?? 0);
        const departmentOf = new Map(rows.map((r) => [r.id as string, (r.department as string | null) ?? null]));
        const nodes: CyNode[] = rows.map((r) => ({
          data: {
            id: r.id as string,
            label: r.label as string,
            kind: r.kind as Kind,
            department: departmentOf.get(r.id as string) ?? null,
            // Networks carry their status, so the client can filter a drawn graph by it too.
            ...(r.kind === 'Network' && typeof r.status === 'string' ? { status: r.status } : {}),
          },
        }));

        const edgeRows = nodes.length
          ? await tx.run(edgesQuery, { ids: [...departmentOf.keys()], types: REL_TYPES, limit: MAX_EDGES })
          : [];
        const edges: CyEdge[] = edgeRows.slice(0, MAX_EDGES).map((r) => {
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
              // Only people and departments carry a department; a tie across two is what the drawing stresses.
              crossDepartment: Boolean(ds && dt && ds !== dt),
            },
          };
        });
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
