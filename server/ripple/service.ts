import type { RippleResponse } from '../../api/leadership.js';
import { NotFoundError } from '../common/errors.js';
import type { Queries } from '../common/queries.js';

/** Hops the ripple is followed for: the contract always answers three rings. */
export const RIPPLE_HOPS = 3;

const nameOf = (r: { id: string; name: string | null }) => r.name ?? r.id;

export function rippleService(queries: Queries) {
  return {
    /**
     * Hop 1 is the network's leaders and participants on day `at`; hop k+1 the people tied to hop k
     * (a shared network or training, or a KNOWS, all holding on that day) who were not reached before.
     */
    async ripple(id: string, day: string): Promise<RippleResponse> {
      return queries.readTx(async (t) => {
        const [network] = await t.rippleNetwork({ id, at: day });
        // Another kind of node is no network to the caller.
        if (!network) throw new NotFoundError(`There is no network with id "${id}".`);
        const ref = { id: network.id, kind: 'Network' as const, name: nameOf(network) };
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

        const first = network.people;
        const reached = new Set(first);
        const rings: RippleResponse['rings'] = [{ hops: 1, people: first.length }];
        let frontier = first;
        for (let hops = 2; hops <= RIPPLE_HOPS; hops++) {
          const next: string[] = [];
          if (frontier.length) {
            const [row] = await t.rippleTied({ ids: frontier, at: day });
            for (const pid of row?.people ?? []) {
              if (!reached.has(pid)) {
                reached.add(pid);
                next.push(pid);
              }
            }
          }
          rings.push({ hops, people: next.length });
          frontier = next;
        }

        const [reach] = await t.rippleReach({ id, at: day, people: [...reached] });
        const [relations] = await t.rippleNewRelations({ id, at: day });
        return {
          network: ref,
          at: day,
          rings,
          departments: (reach?.departments ?? []).map((d) => ({
            department: { id: d.id, kind: 'Department', name: nameOf(d) },
            people: d.people,
          })),
          partners: (reach?.partners ?? []).map((p) => ({ id: p.id, kind: 'Partner', name: nameOf(p) })),
          newRelations: { total: relations?.total ?? 0, crossDepartment: relations?.crossDepartment ?? 0 },
        };
      });
    },
  };
}

export type RippleService = ReturnType<typeof rippleService>;
