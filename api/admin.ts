import { z } from 'zod';
import { ROLES } from './auth.js';
import { idSchema, nodeRefSchema } from './common.js';
import type { Endpoint } from './endpoint.js';

// Administration (admins only): the admin-managed role list. Roles come from the provider's
// groups claim (OIDC_ROLES_CLAIM) and from this list; both are merged at sign-in.

/** The roles an admin can grant; everyone who signs in is a reader anyway. */
export const GRANTABLE_ROLES = ['coordinator', 'admin'] as const;

/**
 * A provider subject as Ringe stores it (sub, or tid:oid for Entra ID); never an email. OpenID
 * Connect makes sub ASCII, so anything else (control characters, spaces at either end) is a mistake.
 */
export const subSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(300, 'must be at most 300 characters')
  .regex(
    /^[\x21-\x7E](?:[\x20-\x7E]*[\x21-\x7E])?$/,
    "must be the sign-in provider's subject: printable ASCII characters, no space at either end",
  );

export const roleGrantSchema = z.strictObject({
  sub: z.string(),
  /** Granted roles in rank order; admin includes coordinator's rights at sign-in. */
  roles: z.array(z.enum(ROLES)),
});
export type RoleGrant = z.infer<typeof roleGrantSchema>;

export const roleGrantsResponse = z.strictObject({ grants: z.array(roleGrantSchema) });

export const roleGrantParams = z.strictObject({ sub: subSchema });

export const setRoleGrantBody = z.strictObject({
  roles: z
    .array(z.enum(GRANTABLE_ROLES, { error: 'must be coordinator or admin' }))
    .max(GRANTABLE_ROLES.length, `must hold at most ${GRANTABLE_ROLES.length} roles`),
});

export const setRoleGrantResponse = z.strictObject({
  grant: roleGrantSchema,
  /** Sessions of that person ended because their granted roles changed (they apply at the next sign-in). */
  sessionsEnded: z.number().int(),
});

/** An admin's link from a user to their Person (who am I), which comes before the Entra sync's record and the work e-mail. */
export const userLinkSchema = z.strictObject({
  sub: z.string(),
  personId: z.string(),
  /** The linked Person; null when that person has since been deleted or erased (the link then counts for nothing). */
  person: nodeRefSchema.nullable(),
  /** The subject of the admin who set it. */
  setBy: z.string(),
  /** When it was set (ISO date-time). */
  at: z.string(),
});
export type UserLink = z.infer<typeof userLinkSchema>;

export const userLinksResponse = z.strictObject({ links: z.array(userLinkSchema) });

export const userLinkParams = z.strictObject({ sub: subSchema });

export const setUserLinkBody = z.strictObject({
  /** The Person the user is; null removes the link, so the sync's record or the work e-mail finds them again. */
  personId: idSchema.nullable(),
});

export const setUserLinkResponse = z.strictObject({ link: userLinkSchema.nullable() });

export const adminEndpoints = {
  roleGrants: {
    method: 'get',
    path: '/api/admin/roles',
    summary: 'The admin-managed role list: who has been granted coordinator or admin besides what their groups give.',
    role: 'admin',
    response: roleGrantsResponse,
  },
  setRoleGrant: {
    method: 'put',
    path: '/api/admin/roles/{sub}',
    summary:
      "Replaces a person's granted roles (an empty list removes them); when they change, that person's sessions end so the new roles apply at their next sign-in. An admin cannot change their own roles (403): another admin can, so Ringe is never left without one.",
    role: 'admin',
    params: roleGrantParams,
    body: setRoleGrantBody,
    response: setRoleGrantResponse,
  },
  userLinks: {
    method: 'get',
    path: '/api/user-links',
    summary:
      'The links admins made from users (by sign-in subject) to the Person they are in the graph, with the person named.',
    role: 'admin',
    response: userLinksResponse,
  },
  setUserLink: {
    method: 'put',
    path: '/api/user-links/{sub}',
    summary:
      "Links a user (by sign-in subject) to the Person they are, in place of what the Entra ID sync's record or the work e-mail found (404 for an unknown person); null removes the link.",
    role: 'admin',
    params: userLinkParams,
    body: setUserLinkBody,
    response: setUserLinkResponse,
  },
} as const satisfies Record<string, Endpoint>;
