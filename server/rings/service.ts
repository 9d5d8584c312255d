import { KINDS, REL_TYPES } from '../../api/common.js';
import { RINGS_DEFAULT_LIMIT, type RingsResponse } from '../../api/explore.js';
import { departmentsOfRows, hasKind, toCyEdge, toCyNode } from '../elements/index.js';
import { NotFoundError } from '../common/errors.js';
import type { Queries, RowOf } from '../common/queries.js';
import { danishOrder } from '../common/labels.js';

/**
 * Neighbours taken from one node per ring at most (or the room left, when larger): past it the node
 * counts as a hub, such as a department of thousands, and its degree estimates the rest. As many as
 * a ring draws by default, so that one node alone can still fill it.
 */
export const HUB_CAP = RINGS_DEFAULT_LIMIT;

/**
 * Neighbours a ring step reads in all, about: a ring grown from many nodes takes fewer from each, and
 * a node past its share is estimated like a hub. Reading and sorting them all cost 5,474 reads to draw
 * 14 for a person with 135 acquaintances.
 */
export const RING_READS = 600;

/**
 * How many neighbours one frontier node gives a ring: its share of RING_READS, at most HUB_CAP,
 * but never fewer than its share of the room left.
 */
function capOf(room: number, frontier: number): number {
  return Math.max(Math.ceil(room / frontier), Math.min(HUB_CAP, Math.floor(RING_READS / frontier)));
}

/**
 * The booklet's "ringe i vandet": ring 0 is the centre, ring k the nodes k relations away.
 * Grown one ring at a time in one read transaction, so the answer never exceeds `limit`
 * nodes and says how many each ring left out (estimated, and marked so, past a hub). Only
 * relations that held on day `at` (YYYY-MM-DD) are walked and drawn, and no network started after it.
 */
type NodeRow = RowOf<'elementNodes'>;

export function ringsService(queries: Queries) {
  return {
    async rings(id: string, depth: number, limit: number, at: string): Promise<RingsResponse> {
      return queries.readTx(async (t) => {
        const [centre] = await t.elementNodes({ ids: [id], kinds: KINDS, at });
        if (!centre?.kind) throw new NotFoundError(`There is no node with id "${id}".`);
        // Element ids address the nodes within this transaction; the answer speaks in ids.
        const drawn = new Map<string, { row: NodeRow; ring: number }>([[centre.ref, { row: centre, ring: 0 }]]);
        const rings: RingsResponse['rings'] = [{ ring: 0, count: 1, omitted: 0 }];
        let frontier = [centre.ref];
        for (let ring = 1; ring <= depth && frontier.length > 0; ring++) {
          const room = limit - drawn.size;
          if (room <= 0) break;
          const step = async (cap: number) =>
            (
              await t.ringsNext({
                frontier,
                seen: [...drawn.keys()],
                types: REL_TYPES,
                kinds: KINDS,
                take: room,
                cap,
                at,
              })
            )[0];
          let row = await step(capOf(room, frontier.length));
          // Frontier nodes that share neighbours give fewer distinct ones than their shares add up to: when that
          // leaves the ring short while some were left unread, it is read again as if from one node.
          if (row?.approximate && row.nodes.length < room) row = await step(Math.max(HUB_CAP, room));
          const nodes = row?.nodes ?? [];
          if (!row || nodes.length === 0) break;
          for (const n of nodes) drawn.set(n.ref, { row: n, ring });
          const omitted = row.total - nodes.length;
          rings.push({
            ring,
            count: nodes.length,
            omitted,
            ...(row.approximate ? { approximate: true as const } : {}),
          });
          frontier = nodes.map((n) => n.ref);
        }
        const edgeRows = await t.ringsEdges({ refs: [...drawn.keys()], types: REL_TYPES, at });
        const idOf = (ref: string) => drawn.get(ref)!.row.id;
        const departmentsOf = departmentsOfRows([...drawn.values()].map(({ row }) => row));
        const nodes = [...drawn.values()]
          .flatMap(({ row, ring }) => (hasKind(row) ? [toCyNode(row, ring)] : []))
          .sort((a, b) => a.data.ring! - b.data.ring! || danishOrder(a.data.label, b.data.label));
        const edges = edgeRows
          .filter((r) => drawn.get(r.source)!.row.kind && drawn.get(r.target)!.row.kind)
          .map((r) => toCyEdge({ source: idOf(r.source), type: r.type, target: idOf(r.target) }, departmentsOf));
        return {
          centre: { id: centre.id, kind: centre.kind, name: centre.name },
          depth,
          rings,
          // Also truncated when the limit ran out before the next ring could be looked at.
          truncated: rings.some((r) => r.omitted > 0),
          elements: { nodes, edges },
        };
      });
    },
  };
}
