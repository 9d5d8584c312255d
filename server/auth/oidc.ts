import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import { ROLES, type Principal, type Role, workEmailSchema } from '../../api/auth.js';
import type { Config } from '../common/config.js';
import type { Queries } from '../common/queries.js';

// OpenID Connect sign-in (e.g. Microsoft Entra ID): the authorization code flow with PKCE,
// through openid-client. The browser only ever holds two opaque cookies (the sign-in in
// progress, then the session); tokens stay on the server and are dropped after sign-in.

/** How long a started sign-in may take at the provider before it has to be started again. */
export const LOGIN_TTL_MINUTES = 10;
export const LOGIN_COOKIE = 'ringe_login';

export interface ClaimMapping {
  /** The ID token claim listing the user's groups or app roles (OIDC_ROLES_CLAIM). */
  rolesClaim: string;
  coordinatorGroups: readonly string[];
  adminGroups: readonly string[];
}

export interface OidcOptions {
  issuer: string;
  clientId: string;
  /** Without a secret, Ringe is a public client (PKCE only). */
  clientSecret?: string | undefined;
  redirectUri: string;
  scopes: string;
  claims: ClaimMapping;
  /** Tests only: lets openid-client talk to a provider on http://127.0.0.1. Never set from config. */
  allowInsecureRequests?: boolean;
}

export function oidcOptions(c: Config): OidcOptions {
  if (!c.OIDC_ISSUER || !c.OIDC_CLIENT_ID || !c.OIDC_REDIRECT_URI) {
    throw new Error('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_REDIRECT_URI are needed for OpenID Connect.');
  }
  return {
    issuer: c.OIDC_ISSUER,
    clientId: c.OIDC_CLIENT_ID,
    clientSecret: c.OIDC_CLIENT_SECRET,
    redirectUri: c.OIDC_REDIRECT_URI,
    scopes: c.OIDC_SCOPES,
    claims: {
      rolesClaim: c.OIDC_ROLES_CLAIM,
      coordinatorGroups: c.OIDC_COORDINATOR_GROUPS,
      adminGroups: c.OIDC_ADMIN_GROUPS,
    },
  };
}

/** Discovery failed at start: one sentence for the operator. */
export class OidcDiscoveryError extends Error {
  override name = 'OidcDiscoveryError';
}

/** Reads the provider's discovery document (issuer/.well-known/openid-configuration). */
export async function discoverOidc(o: OidcOptions): Promise<client.Configuration> {
  try {
    return await client.discovery(
      new URL(o.issuer),
      o.clientId,
      o.clientSecret ? { client_secret: o.clientSecret } : undefined,
      o.clientSecret ? client.ClientSecretPost(o.clientSecret) : client.None(),
      { timeout: 10, ...(o.allowInsecureRequests ? { execute: [client.allowInsecureRequests] } : {}) },
    );
  } catch (err) {
    const e = err as { message?: string; cause?: { code?: string; message?: string } };
    const cause = e.cause?.code ?? e.cause?.message;
    const why = `${String(e.message ?? err).replace(/\.$/, '')}${cause ? `: ${cause}` : ''}`;
    throw new OidcDiscoveryError(
      `The OpenID Connect provider at ${o.issuer} could not be discovered (${why}); check OIDC_ISSUER and that the provider is reachable.`,
    );
  }
}

// ---- Claims to a principal ------------------------------------------------------------------

/** Who the user is: Entra ID's tenant + object id when both are there (stable across apps), else sub. Never the email. */
export function subjectOf(claims: Record<string, unknown>): string {
  const { tid, oid, sub } = claims;
  if (typeof tid === 'string' && tid && typeof oid === 'string' && oid) return `${tid}:${oid}`;
  if (typeof sub === 'string' && sub) return sub;
  throw new SignInFailed('The ID token has no subject.');
}

/** The roles claim's values: an array of strings or one string; a dotted name (realm_access.roles) is followed when no claim has that exact name. */
export function claimValues(claims: Record<string, unknown>, name: string): string[] {
  let value: unknown = claims[name];
  if (value === undefined && name.includes('.')) {
    value = name
      .split('.')
      .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), claims);
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * The principal for a set of ID token claims: everyone signed in reads; a coordinator group (or
 * a granted coordinator role) adds coordinator; an admin group (or granted admin) adds admin and
 * coordinator.
 */
export function principalFromClaims(
  claims: Record<string, unknown>,
  m: ClaimMapping,
  granted: readonly Role[] = [],
): Principal {
  const sub = subjectOf(claims);
  const named = [claims.name, claims.preferred_username].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  const groups = claimValues(claims, m.rolesClaim);
  const has = new Set<Role>(['reader']);
  if (groups.some((g) => m.adminGroups.includes(g)) || granted.includes('admin')) has.add('coordinator').add('admin');
  if (groups.some((g) => m.coordinatorGroups.includes(g)) || granted.includes('coordinator')) has.add('coordinator');
  const email = emailOf(claims);
  return {
    sub,
    name: (named ?? sub).trim().slice(0, 200),
    roles: ROLES.filter((r) => has.has(r)),
    ...(email ? { email } : {}),
  };
}

/**
 * The work e-mail, lower case, that finds the user's Person (it never identifies them: the
 * subject does). Only claims the issuer vouches for: `email` when the token says
 * `email_verified: true`, else `upn` from an Entra ID token (one with `tid` and `oid`), which the
 * tenant sets (a user without a mailbox has no `email`). Never `preferred_username`, nor an
 * unverified `email`: a user can choose those, and the Person they find may lead a network
 * (Microsoft: never authorise on email, upn or preferred_username from an arbitrary issuer).
 */
export function emailOf(claims: Record<string, unknown>): string | undefined {
  const entra =
    typeof claims.tid === 'string' && claims.tid !== '' && typeof claims.oid === 'string' && claims.oid !== '';
  const vouched = [claims.email_verified === true ? claims.email : undefined, entra ? claims.upn : undefined];
  for (const value of vouched) {
    if (typeof value !== 'string') continue;
    const address = workEmailSchema.safeParse(value.trim());
    if (address.success) return address.data.toLowerCase();
  }
  return undefined;
}

/** Only a path on this site ("/networks?x=1"); anything else (//evil, https://, \\) becomes "/". */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000 || !value.startsWith('/') || value.startsWith('//')) return '/';
  if (/[\\\s\u0000-\u001f\u007f]/.test(value)) return '/';
  const base = 'http://ringe.invalid';
  const url = new URL(value, base);
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
}

// ---- The admin-managed role list --------------------------------------------------------------

const rank = (roles: Iterable<unknown>): Role[] => ROLES.filter((r) => [...roles].includes(r));

/** (:RoleGrant {sub, role}) nodes, one per granted role. */
export function roleGrantStore(queries: Queries) {
  return {
    async list(): Promise<Array<{ sub: string; roles: Role[] }>> {
      const rows = await queries.roleGrantsList();
      return rows.map((r) => ({ sub: r.sub, roles: rank(r.roles) }));
    },
    async rolesFor(sub: string): Promise<Role[]> {
      const [row] = await queries.roleGrantsFor({ sub });
      return rank(row?.roles ?? []);
    },
    /** Replaces one person's grants; when they change, ends that person's sessions. */
    async set(
      sub: string,
      roles: readonly Role[],
      grantedBy: string,
    ): Promise<{ roles: Role[]; sessionsEnded: number }> {
      const wanted = rank(roles);
      return queries.writeTx(async (t) => {
        const [before] = await t.roleGrantsFor({ sub });
        const had = rank(before?.roles ?? []);
        if (had.join() === wanted.join()) return { roles: wanted, sessionsEnded: 0 };
        await t.roleGrantsSet({ sub, roles: wanted, grantedBy });
        const [ended] = await t.sessionsEndForSub({ sub });
        return { roles: wanted, sessionsEnded: ended?.ended ?? 0 };
      });
    },
  };
}
export type RoleGrantStore = ReturnType<typeof roleGrantStore>;

// ---- The sign-in flow ----------------------------------------------------------------------

/** A sign-in that cannot be finished (bad or replayed state, provider error, expired or unknown sign-in). */
export class SignInFailed extends Error {
  override name = 'SignInFailed';
}

export interface OidcSignIn {
  /** Starts a sign-in: the provider's authorization URL and the opaque value for the login cookie. `requestId` is for log lines. */
  begin(returnTo: string, requestId?: string): Promise<{ loginId: string; url: URL }>;
  /**
   * Finishes it from the callback's query string: the code is exchanged (openid-client checks
   * state, issuer, PKCE, the ID token's signature, audience and nonce) and the claims mapped.
   * Null when the sign-in cannot be finished (the reason is logged, never shown).
   */
  finish(
    loginId: string | undefined,
    callbackQuery: string,
    requestId?: string,
  ): Promise<{ user: Principal; returnTo: string } | null>;
}

export interface OidcDeps {
  queries: Queries;
  log: Logger;
  roleGrants?: RoleGrantStore | undefined;
}

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * The pending sign-in (PKCE verifier, state, nonce, returnTo) lives in Neo4j under the hash of
 * a random cookie value, not in process memory: any server process can finish a sign-in
 * another one started, and each can be finished once.
 */
export function oidcSignIn(config: client.Configuration, o: OidcOptions, deps: OidcDeps): OidcSignIn {
  const { queries, log } = deps;
  return {
    async begin(returnTo, requestId) {
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: o.redirectUri,
        scope: o.scopes,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const loginId = randomBytes(32).toString('base64url');
      await queries.pendingLoginCreate({
        idHash: hash(loginId),
        state,
        nonce,
        codeVerifier,
        returnTo: safeReturnTo(returnTo),
        ttlMinutes: LOGIN_TTL_MINUTES,
      });
      // Sign-ins started and never finished are cleared on the way; a failure here is no reason to stop this one.
      queries
        .pendingLoginPurge()
        .catch((err: unknown) => log.warn({ requestId, err }, 'could not purge expired pending sign-ins'));
      return { loginId, url };
    },

    async finish(loginId, callbackQuery, requestId) {
      try {
        return await finish(loginId, callbackQuery);
      } catch (err) {
        if (err instanceof SignInFailed) log.warn({ requestId, reason: err.message }, 'OpenID Connect sign-in refused');
        else log.error({ requestId, err }, 'OpenID Connect sign-in failed');
        return null;
      }
    },
  };

  async function finish(
    loginId: string | undefined,
    callbackQuery: string,
  ): Promise<{ user: Principal; returnTo: string }> {
    if (!loginId) throw new SignInFailed('No sign-in was in progress in this browser.');
    const [row] = await queries.pendingLoginTake({ idHash: hash(loginId) });
    if (!row) throw new SignInFailed('The sign-in was not started here or was already used.');
    if (!row.live) throw new SignInFailed('The sign-in took too long.');
    const { login } = row;

    // The callback URL as registered (not as reconstructed from proxy headers), with the provider's answer.
    const current = new URL(o.redirectUri);
    current.search = callbackQuery;
    let claims: Record<string, unknown> | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: login.codeVerifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims() as Record<string, unknown> | undefined;
    } catch (err) {
      throw new SignInFailed(`The provider's answer was refused: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
    if (!claims) throw new SignInFailed('The provider sent no ID token.');
    const sub = subjectOf(claims);
    const granted = (await deps.roleGrants?.rolesFor(sub)) ?? [];
    return { user: principalFromClaims(claims, o.claims, granted), returnTo: safeReturnTo(login.returnTo) };
  }
}

/** Discovery plus the sign-in flow: what main.ts calls at start. */
export async function startOidc(o: OidcOptions, deps: OidcDeps): Promise<OidcSignIn> {
  return oidcSignIn(await discoverOidc(o), o, deps);
}
