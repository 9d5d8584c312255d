import type { z } from 'zod';
import type { Principal } from '../../api/auth.js';
import { NETWORK_KINDS, today, withoutSystem } from '../../api/common.js';
import { type EditedRelation, relationId } from '../../api/edit.js';
import type {
  HandoverResponse,
  NetworkLeaversResponse,
  RoleType,
  handoverBody,
  networksWithLeaversResponse,
} from '../../api/handovers.js';
import { relationDays } from '../common/days.js';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors.js';
import type { Queries, WriteQueries } from '../common/queries.js';
import { recordChange } from '../history/record.js';

// A leaver's network roles, flagged to the network's coordinators, and the handover they record.
// A handover writes like any edit (server/edit/service.ts): one write transaction, the role's lock
// taken before its version is read and compared (409 when stale), a new version, and every change
// recorded in the history in the same transaction. It is one endpoint, not two edits, because the
// relation editor does not take `handedTo` and the successor's role should not be made without it.

/** Flagged roles in one network's answer; the list guards against a flood, a network has far fewer. */
export const MAX_FLAGGED = 500;
/** Networks in the list of those with flagged roles. */
export const MAX_FLAGGED_NETWORKS = 500;

export type HandoverInput = z.output<typeof handoverBody>;

/** The day before a YYYY-MM-DD day. */
export function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

const ROLE_WORDS: Record<RoleType, string> = { LEADS: 'lead', PARTICIPATES_IN: 'take part in' };

function toRelation(
  source: string,
  type: RoleType,
  target: string,
  row: { version: number; properties: Record<string, unknown> },
): EditedRelation {
  return {
    id: relationId(source, type, target),
    type,
    source,
    target,
    version: row.version,
    properties: withoutSystem(row.properties),
  };
}
const snapshot = (r: EditedRelation, properties = r.properties) => ({
  type: r.type,
  source: r.source,
  target: r.target,
  version: r.version,
  properties,
});

export function handoverService(queries: Queries) {
  return {
    async networksWithLeavers(): Promise<z.infer<typeof networksWithLeaversResponse>> {
      const rows = await queries.networksWithLeavers({
        networkKinds: NETWORK_KINDS,
        today: today(),
        limit: MAX_FLAGGED_NETWORKS,
      });
      return {
        networks: rows.map((r) => ({ network: { id: r.id, kind: 'Network', name: r.name ?? r.id }, roles: r.roles })),
      };
    },

    async networkLeavers(id: string): Promise<NetworkLeaversResponse> {
      const [row] = await queries.networkLeavers({
        id,
        networkKinds: NETWORK_KINDS,
        today: today(),
        limit: MAX_FLAGGED,
      });
      if (!row) throw new NotFoundError(`There is no network with id "${id}".`);
      return {
        network: { id: row.id, kind: 'Network', name: row.name ?? row.id },
        roles: row.roles.map((r) => ({
          person: { id: r.id, kind: 'Person', name: r.name ?? r.id },
          role: r.role,
          since: r.since,
          until: r.until,
          leftOn: r.leftOn,
          version: r.version,
        })),
      };
    },

    /**
     * Records who took over the leaver's role in network `id`: `handedTo` on the role (and `until` the day
     * before they stopped when `endRole`), and, when asked, the same role for the successor from today.
     */
    async handover(user: Principal, id: string, body: HandoverInput): Promise<HandoverResponse> {
      const { leaverId, role, version, successorId, addSuccessorRole, endRole } = body;
      const day = today();
      return queries.writeTx(async (t) => {
        const [parties] = await t.networkHandoverParties({
          id,
          networkKinds: NETWORK_KINDS,
          leaver: leaverId,
          successor: successorId,
        });
        if (!parties?.networkExists) throw new NotFoundError(`There is no network with id "${id}".`);
        if (!parties.leaverExists) {
          throw new ValidationError('The field "leaverId" must be the id of a person.', { field: 'leaverId' });
        }
        const leftOn = parties.leaverLeftOn;
        if (!leftOn || leftOn > day) {
          throw new ValidationError(
            'The field "leaverId" must be a person who has left; this one still works here, so their role is not handed over.',
            { field: 'leaverId' },
          );
        }
        if (parties.successorKind !== 'Person') {
          throw new ValidationError('The field "successorId" must be the id of a person.', { field: 'successorId' });
        }
        if (parties.successorLeftOn && parties.successorLeftOn <= day) {
          throw new ValidationError('The field "successorId" must be a person who still works here.', {
            field: 'successorId',
          });
        }

        const current = await lockRole(t, leaverId, role, id);
        if (current.version !== version) {
          throw new ConflictError(
            `The relation "${current.id}" was changed by someone else since you opened it: you edited version ${version}, the current version is ${current.version}.`,
            { current },
          );
        }
        const changes: Record<string, unknown> = { handedTo: successorId };
        if (endRole) {
          const until = dayBefore(leftOn);
          const since = current.properties.since;
          // A written since ('2014', '2014-05' or a day) compares with a day as text does: its first day.
          if (typeof since === 'string' && since > until) {
            throw new ValidationError(
              'The field "endRole" cannot end the role the day before the person stopped, as the role began later.',
              { field: 'endRole' },
            );
          }
          changes.until = until;
        }
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(changes)) {
          if (current.properties[k] === v) continue;
          before[k] = current.properties[k] ?? null;
          after[k] = v;
        }
        const changed = Object.keys(after).length > 0;
        const [row] = await t.editRelationUpdate({
          source: leaverId,
          type: role,
          target: id,
          set: changed ? { ...after, ...relationDays({ ...current.properties, ...after }) } : {},
          version: changed ? current.version + 1 : current.version,
        });
        const relation = toRelation(leaverId, role, id, row!);
        if (changed) {
          await recordChange(t, user, {
            action: 'update',
            targetKind: 'Relation',
            targetId: relation.id,
            before: snapshot(current, before),
            after: snapshot(relation, after),
          });
        }

        if (!addSuccessorRole) return { relation, successor: null };
        const props = { since: day };
        const [made] = await t.editRelationMerge({
          source: successorId,
          type: role,
          target: id,
          props: { ...props, ...relationDays(props) },
          version: 1,
        });
        // Both ends were read a moment ago in this transaction, which holds the leaver's role's lock only.
        if (!made) throw new NotFoundError(`"${successorId}" or "${id}" was deleted a moment ago.`);
        const successor = toRelation(successorId, role, id, made);
        // One who already holds the role keeps it as it is.
        if (made.created === true) {
          await recordChange(t, user, {
            action: 'create',
            targetKind: 'Relation',
            targetId: successor.id,
            before: null,
            after: snapshot(successor),
          });
        }
        return { relation, successor };
      });
    },
  };
}

/** The leaver's role after its lock is taken (held to the end of the transaction), or 404. */
async function lockRole(t: WriteQueries, person: string, role: RoleType, network: string): Promise<EditedRelation> {
  const [locked] = await t.editRelationLock({ source: person, type: role, target: network });
  if (!locked?.locked) {
    throw new NotFoundError(`"${person}" does not ${ROLE_WORDS[role]} the network "${network}".`);
  }
  const [row] = await t.editRelationRead({ source: person, type: role, target: network });
  return toRelation(person, role, network, row!);
}

export type HandoverService = ReturnType<typeof handoverService>;
