import type { RippleResponse } from '../../api/leadership.js';
import { NotFoundError } from '../common/errors.js';
import type { Queries, ReadQueries } from '../common/queries.js';

/** Hops the ripple is followed for: the contract always answers three rings. */
export const RIPPLE_HOPS = 3;

const nameOf = (r: { id: string; name: string | null }) => r.name ?? r.id;

/** The walk of a network's ripple on a day, inside one read transaction; null when the id is no network. */
async function walk(t: ReadQueries, id: string, day: string) {
  const [network] = await t.rippleNetwork({ id, at: day });
  if (!network) return null;
  // A network that has not started by then ripples nowhere (the rule in cypher/rings.cypher).
  const first = network.holds ? network.people : [];
  // Element ids, which hold within this transaction (cypher/ripple.cypher).
  const reached = [...first];
  const rings: RippleResponse['rings'] = [{ hops: 1, people: first.length }];
  let frontier = first;
  for (let hops = 2; hops <= RIPPLE_HOPS; hops++) {
    const [row] = frontier.length ? await t.rippleTied({ ids: frontier, seen: reached, at: day }) : [];
    frontier = row?.people ?? [];
    // One at a time: a ring of hundreds of thousands of people is more than a call may take as arguments
    // (push(...frontier) failed at 500,000 people with "Maximum call stack size exceeded").
    for (const person of frontier) reached.push(person);
    rings.push({ hops, people: frontier.length });
  }
  return { network, rings, reached };
}

export function rippleService(queries: Queries) {
  return {
    /**
     * Hop 1 is the network's leaders and participants on day `at`; hop k+1 the people tied to hop k
     * (a shared network or training, or a KNOWS, all holding on that day) who were not reached before.
     */
    async ripple(id: string, day: string): Promise<RippleResponse> {
      return queries.readTx(async (t) => {
        const walked = await walk(t, id, day);
        // Another kind of node is no network to the caller.
        if (!walked) throw new NotFoundError(`There is no network with id "${id}".`);
        const { network, rings, reached } = walked;
        const ref = { id: network.id, kind: 'Network' as const, name: nameOf(network) };
        if (!network.holds) {
          return {
            network: ref,
            at: day,
            rings,
            departments: [],
            partners: [],
            newRelations: { total: 0, crossDepartment: 0 },
          };
        }
        const [reach] = await t.rippleReach({ id, at: day, people: reached });
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

    /** People per ring of the network's ripple on a day (the ripple's rings alone); null when the id is no network. */
    async rings(id: string, day: string): Promise<number[] | null> {
      const walked = await queries.readTx((t) => walk(t, id, day));
      return walked ? walked.rings.map((r) => r.people) : null;
    },
  };
}

export type RippleService = ReturnType<typeof rippleService>;
