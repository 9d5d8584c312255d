import { KINDS, REL_TYPES } from '../../api/common.js';
import { RINGS_DEFAULT_LIMIT, type RingsResponse } from '../../api/explore.js';
import type { Db, Row } from '../common/db/index.js';
import { departmentsOfRows, toCyEdge, toCyNode } from '../elements/index.js';
import { NotFoundError } from '../common/errors.js';
import type { Queries } from '../common/queries.js';
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
export function ringsService(db: Db, queries: Queries) {
  const centreQuery = queries.get('elementNodes');
  const next = queries.get('ringsNext');
  const edgesQuery = queries.get('ringsEdges');

  return {
    async rings(id: string, depth: number, limit: number, at: string): Promise<RingsResponse> {
      return db.readTx(async (tx) => {
        const [centre] = await tx.run(centreQuery, { ids: [id], kinds: KINDS, at });
        if (!centre?.kind) throw new NotFoundError(`There is no node with id "${id}".`);
        // Element ids address the nodes within this transaction; the answer speaks in ids.
        const drawn = new Map<string, { row: Row; ring: number }>([[centre.ref as string, { row: centre, ring: 0 }]]);
        const rings: RingsResponse['rings'] = [{ ring: 0, count: 1, omitted: 0 }];
        let frontier = [centre.ref as string];
        for (let ring = 1; ring <= depth && frontier.length > 0; ring++) {
          const room = limit - drawn.size;
          if (room <= 0) break;
          const step = async (cap: number) =>
            (
              await tx.run(next, {
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
          if (row?.approximate && (row.nodes as Row[]).length < room) row = await step(Math.max(HUB_CAP, room));
          const nodes = (row?.nodes as Row[] | undefined) ?? [];
          if (nodes.length === 0) break;
          for (const n of nodes) drawn.set(n.ref as string, { row: n, ring });
          const omitted = Number(row!.total) - nodes.length;
          rings.push({
            ring,
            count: nodes.length,
            omitted,
            ...(row!.approximate ? { approximate: true as const } : {}),
          });
          frontier = nodes.map((n) => n.ref as string);
        }
        const edgeRows = await tx.run(edgesQuery, { refs: [...drawn.keys()], types: REL_TYPES, at });
        const idOf = (ref: unknown) => drawn.get(ref as string)!.row.id as string;
        const departmentsOf = departmentsOfRows([...drawn.values()].map(({ row }) => row));
        const nodes = [...drawn.values()]
          .filter(({ row }) => row.kind)
          .map(({ row, ring }) => toCyNode(row, ring))
          .sort((a, b) => a.data.ring! - b.data.ring! || danishOrder(a.data.label, b.data.label));
        const edges = edgeRows
          .filter((r) => drawn.get(r.source as string)!.row.kind && drawn.get(r.target as string)!.row.kind)
          .map((r) => toCyEdge({ source: idOf(r.source), type: r.type, target: idOf(r.target) }, departmentsOf));
        return {
          centre: {
            id: centre.id as string,
            kind: centre.kind as RingsResponse['centre']['kind'],
            name: centre.name as string,
          },
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
