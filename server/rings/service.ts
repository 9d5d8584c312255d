import { REL_TYPES } from '../../api/common.js';
import type { RingsResponse } from '../../api/explore.js';
import type { Db } from '../db/index.js';
import { elementsReader } from '../elements/index.js';
import type { NodesService } from '../nodes/service.js';
import type { Queries } from '../queries.js';

/**
 * The booklet's "ringe i vandet": ring 0 is the centre, ring k the nodes k relations away.
 * Grown one ring at a time in one read transaction, so the answer never exceeds `limit`
 * nodes and says how many each ring left out. Only relations that held on day `at`
 * (YYYY-MM-DD) are walked and drawn, and no network started after it.
 */
export function ringsService(db: Db, queries: Queries, nodes: NodesService) {
  const next = queries.get('ringsNext');
  const elements = elementsReader(queries);

  return {
    async rings(id: string, depth: number, limit: number, at: string): Promise<RingsResponse> {
      const centre = await nodes.ref(id);
      return db.readTx(async (tx) => {
        const ringOf = new Map<string, number>([[centre.id, 0]]);
        const rings: RingsResponse['rings'] = [{ ring: 0, count: 1, omitted: 0 }];
        let frontier = [centre.id];
        for (let ring = 1; ring <= depth && frontier.length > 0; ring++) {
          const room = limit - ringOf.size;
          if (room <= 0) break;
          const [row] = await tx.run(next, { frontier, seen: [...ringOf.keys()], types: REL_TYPES, take: room, at });
          const ids = (row?.ids as string[]) ?? [];
          const total = Number(row?.total ?? 0);
          if (total === 0) break;
          for (const n of ids) ringOf.set(n, ring);
          rings.push({ ring, count: ids.length, omitted: total - ids.length });
          frontier = ids;
        }
        // Also truncated when the limit ran out before the next ring could be looked at.
        const truncated = rings.some((r) => r.omitted > 0);
        return {
          centre,
          depth,
          rings,
          truncated,
          elements: await elements(tx, [...ringOf.keys()], at, ringOf),
        };
      });
    },
  };
}
