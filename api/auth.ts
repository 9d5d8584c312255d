import { z } from 'zod';
import { nodeRefSchema } from './common.js';
import type { Endpoint } from './endpoint.js';

// Who is signed in and what they may do. Shared by server and client.

export const ROLES = ['reader', 'coordinator', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Whether `has` includes what `needs` allows: admin ⊃ coordinator ⊃ reader. */
export function roleAllows(has: readonly Role[], needs: Role): boolean {
  const rank = (r: Role) => ROLES.indexOf(r);
  return has.some((r) => rank(r) >= rank(needs));
}

export const principalSchema = z.strictObject({
  /** The provider's stable subject (sub, or tid:oid for Entra ID); never an email. */
  sub: z.string(),
  name: z.string(),
  roles: z.array(roleSchema),
  /** The work e-mail the sign-in gave (ID token `email`, else `upn` or `preferred_username` when it is an address); finds the user's Person. */
  email: z.string().optional(),
});
export type Principal = z.infer<typeof principalSchema>;

export const meResponse = z.strictObject({
  user: principalSchema.nullable(),
  /** How signing in works here: a real OpenID Connect provider, or the marked development sign-in. */
  signIn: z.enum(['oidc', 'development']),
  readRequiresSignIn: z.boolean(),
  /** The Person the signed-in user is in the graph (an admin's link, the organisation's sync, the work e-mail); null when signed out or not linked. */
  person: nodeRefSchema.nullable(),
});
export type MeResponse = z.infer<typeof meResponse>;

/** A work e-mail as the sign-in gives it: what a Person's `email` is matched against, any case. */
export const workEmailSchema = z
  .email({ error: 'must be an e-mail address' })
  .max(254, 'must be at most 254 characters');

export const devSignInBody = z.strictObject({
  role: roleSchema,
  /** Signs in as the role's demo user with this work e-mail (its sub then names it), so the user can be a particular Person. */
  email: workEmailSchema.optional(),
});

/**
 * Signing in and out: declared like the endpoints (api/endpoints.ts), so the client calls them the
 * same way, but kept out of that list and so out of the OpenAPI document: they start and end
 * sessions (browser navigations, redirects, cookies) rather than read or change the graph.
 */
export const sessionEndpoints = {
  signIn: {
    method: 'get',
    path: '/api/auth/sign-in',
    summary:
      "Starts an OpenID Connect sign-in: a navigation to the provider, and back to `returnTo` (this site's own path).",
    role: 'public',
    query: z.strictObject({ returnTo: z.string() }),
    // A navigation, never fetched: it answers with a redirect.
    response: z.null(),
  },
  devSignIn: {
    method: 'post',
    path: '/api/auth/dev/sign-in',
    summary: "Signs in as the role's demo user (development only; 404 when an OpenID Connect issuer is configured).",
    role: 'public',
    body: devSignInBody,
    response: z.strictObject({ user: principalSchema }),
  },
  signOut: {
    method: 'post',
    path: '/api/auth/sign-out',
    summary: "Ends the caller's own session.",
    role: 'public',
    status: 204,
    response: z.null(),
  },
} as const satisfies Record<string, Endpoint>;
