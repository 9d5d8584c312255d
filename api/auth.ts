import { z } from 'zod';

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
});
export type Principal = z.infer<typeof principalSchema>;

export const meResponse = z.strictObject({
  user: principalSchema.nullable(),
  /** How signing in works here: a real OpenID Connect provider, or the marked development sign-in. */
  signIn: z.enum(['oidc', 'development']),
  readRequiresSignIn: z.boolean(),
});
export type MeResponse = z.infer<typeof meResponse>;
