import { today } from '../../api/common.js';
import type { RippleResponse } from '../../api/leadership.js';
import type { Db, Row } from '../common/db/index.js';
import { NotFoundError } from '../common/errors.js';
import type { Queries } from '../common/queries.js';

/** Hops the ripple is followed for: the contract always answers three rings. */
export const RIPPLE_HOPS = 3;

const nameOf = (r: Row) => (r.name as string | null) ?? (r.id as string);

export function rippleService(db: Db, queries: Queries) {
  const networkQuery = queries.get('rippleNetwork');
  const tiedQuery = queries.get('rippleTied');
  const reachQuery = queries.get('rippleReach');
  const newRelationsQuery = queries.get('rippleNewRelations');

  return {
    /**
     * Hop 1 is the network's leaders and participants on day `at`; hop k+1 the people tied to hop k
     * (a shared network or training, or a KNOWS, all holding on that day) who were not reached before.
     */
    async ripple(id: string, at: string | undefined): Promise<RippleResponse> {
      const day = at ?? today();
      return db.readTx(async (tx) => {
        const [network] = await tx.run(networkQuery, { id, at: day });
        // Another kind of node is no network to the caller.
        if (!network) throw new NotFoundError(`There is no network with id "${id}".`);
        const ref = { id: network.id as string, kind: 'Network' as const, name: nameOf(network) };
        // A network that has not started by then ripples nowhere (the rule in cypher/rings.cypher).
        if (!network.holds) {
          const rings = Array.from({ length: RIPPLE_HOPS }, (_, i) => ({ hops: i + 1, people: 0 }));
          return {
            network: ref,
            at: day,
            rings,
            departments: [],
            partners: [],
            newRelations: { total: 0, crossDepartment: 0 },
          };
        }

        const first = (network.people as string[] | null) ?? [];
        const reached = new Set(first);
        const rings: RippleResponse['rings'] = [{ hops: 1, people: first.length }];
        let frontier = first;
        for (let hops = 2; hops <= RIPPLE_HOPS; hops++) {
          const next: string[] = [];
          if (frontier.length) {
            const [row] = await tx.run(tiedQuery, { ids: frontier, at: day });
            for (const pid of (row?.people as string[] | undefined) ?? []) {
              if (!reached.has(pid)) {
                reached.add(pid);
                next.push(pid);
              }
            }
          }
          rings.push({ hops, people: next.length });
          frontier = next;
        }

        const [reach] = await tx.run(reachQuery, { id, at: day, people: [...reached] });
        const [relations] = await tx.run(newRelationsQuery, { id, at: day });
        return {
          network: ref,
          at: day,
          rings,
          departments: ((reach?.departments as Row[] | null) ?? []).map((d) => ({
            department: { id: d.id as string, kind: 'Department', name: nameOf(d) },
            people: Number(d.people),
          })),
          partners: ((reach?.partners as Row[] | null) ?? []).map((p) => ({
            id: p.id as string,
            kind: 'Partner',
            name: nameOf(p),
          })),
          newRelations: {
            total: Number(relations?.total ?? 0),
            crossDepartment: Number(relations?.crossDepartment ?? 0),
          },
        };
      });
    },
  };
}

export type RippleService = ReturnType<typeof rippleService>;
