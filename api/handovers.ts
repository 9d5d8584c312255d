import { z } from 'zod';
import { idSchema, nodeRefSchema } from './common.js';
import { editedRelation } from './edit.js';
import { ep } from './endpoint.js';

// Network roles held by people who have left (issue 19). A source ends a leaver's work (Person.leftOn,
// their WORKS_IN and MEMBER_OF ended) but not their LEADS or PARTICIPATES_IN: that is not its fact to
// end. Such a role is flagged to the network's coordinators until one of them says who took over
// (`handedTo` on the role) or ends it. Coordinators only: a reader never sees a leaver's name here.

/** The network roles a leaver can hold and hand over. */
export const ROLE_TYPES = ['LEADS', 'PARTICIPATES_IN'] as const;
export const roleTypeSchema = z.enum(ROLE_TYPES);
export type RoleType = z.infer<typeof roleTypeSchema>;

const int = z.number().int();

/** One role still held by someone who has left: open, or ending on or after the day they stopped, and not handed to anyone. */
export const flaggedRole = z.strictObject({
  person: nodeRefSchema,
  role: roleTypeSchema,
  /** The relation's dates as written (YYYY, YYYY-MM or YYYY-MM-DD), null when open. */
  since: z.string().nullable(),
  until: z.string().nullable(),
  /** The first day the person no longer worked in the municipality (Person.leftOn). */
  leftOn: z.string(),
  /** The role relation's version, which a handover names. */
  version: int,
});
export type FlaggedRole = z.infer<typeof flaggedRole>;

export const networkLeaversParams = z.strictObject({ id: idSchema });
export const networkLeaversResponse = z.strictObject({
  network: nodeRefSchema,
  /** By name, at most MAX_FLAGGED (server/networks/handovers.ts). */
  roles: z.array(flaggedRole),
});
export type NetworkLeaversResponse = z.infer<typeof networkLeaversResponse>;

export const networksWithLeaversResponse = z.strictObject({
  /** Networks with at least one flagged role, by name, each with how many. */
  networks: z.array(z.strictObject({ network: nodeRefSchema, roles: int })),
});

export const handoverBody = z
  .strictObject({
    /** The person who has left. */
    leaverId: idSchema,
    role: roleTypeSchema,
    /** The version of the leaver's role relation as the coordinator saw it. */
    version: z.number({ error: 'must be the version you edited' }).int().min(1),
    /** The person who took over. */
    successorId: idSchema,
    /** Also give the successor the same role from today (when they do not hold it already). */
    addSuccessorRole: z.boolean({ error: 'must be true or false' }).default(true),
    /** End the leaver's role the day before they stopped; otherwise their dates stay as they are. */
    endRole: z.boolean({ error: 'must be true or false' }).default(false),
  })
  .refine((b) => b.successorId !== b.leaverId, {
    message: 'must be another person than the one who left',
    path: ['successorId'],
  });
export const handoverResponse = z.strictObject({
  /** The leaver's role, now with handedTo (and until when ended). */
  relation: editedRelation,
  /** The successor's role: made now, or the one they already held; null when not asked for. */
  successor: editedRelation.nullable(),
});
export type HandoverResponse = z.infer<typeof handoverResponse>;

export const handoverEndpoints = {
  networksWithLeavers: ep({
    method: 'get',
    path: '/api/networks/leavers',
    summary:
      'Coordinators: the networks where people who have left still hold a role no one has taken over, with how many.',
    role: 'coordinator',
    response: networksWithLeaversResponse,
  }),
  networkLeavers: ep({
    method: 'get',
    path: '/api/networks/{id}/leavers',
    summary:
      'Coordinators: the roles in a network still held by people who have left (open, or ending after they stopped), not yet handed over.',
    role: 'coordinator',
    params: networkLeaversParams,
    response: networkLeaversResponse,
  }),
  handover: ep({
    method: 'post',
    path: '/api/networks/{id}/handovers',
    summary:
      "Says who took over a leaver's role in the network (handedTo), optionally gives them the role from today and ends the leaver's; 409 when the role's version is stale.",
    role: 'coordinator',
    params: networkLeaversParams,
    body: handoverBody,
    response: handoverResponse,
  }),
};
