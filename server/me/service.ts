import type { Principal } from '../../api/auth.js';
import type { NodeRef } from '../../api/common.js';
import type { Queries } from '../common/queries.js';

/** The Person a signed-in user is in the graph; null when signed out or not linked to anyone. */
export type PersonFor = (user: Principal | null | undefined) => Promise<NodeRef | null>;

// Stub by the lead (issue 20 contract, /work/notes/survey-contract.md): the "me" helper writes the
// real resolution (an admin's link, the Entra record, the work e-mail).
export function meService(_queries: Queries) {
  const personFor: PersonFor = async () => null;
  return { personFor };
}
export type MeService = ReturnType<typeof meService>;
