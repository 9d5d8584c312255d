import type { Logger } from 'pino';
import type { Config } from '../common/config.js';
import type { Queries } from '../common/queries.js';
import { oidcOptions, roleGrantStore, startOidc, type OidcSignIn, type RoleGrantStore } from './oidc.js';

export interface AuthSettings {
  /** 'development' offers the marked demo sign-in; never in production (config refuses). */
  signIn: 'oidc' | 'development';
  readRequiresSignIn: boolean;
  publicUrl?: string | undefined;
  idleMinutes: number;
  absoluteHours: number;
  /** The OpenID Connect sign-in (oidc.ts), discovered at start; set exactly when signIn is 'oidc'. */
  oidc?: OidcSignIn | undefined;
  /** The admin-managed role list (main.ts always sets it; without it the admin role endpoints answer 503). */
  roleGrants?: RoleGrantStore | undefined;
}

export const DEV_AUTH: AuthSettings = {
  signIn: 'development',
  readRequiresSignIn: false,
  idleMinutes: 60,
  absoluteHours: 12,
};

export function authSettings(c: Config): AuthSettings {
  return {
    signIn: c.OIDC_ISSUER ? 'oidc' : 'development',
    readRequiresSignIn: c.READ_REQUIRES_SIGNIN,
    publicUrl: c.PUBLIC_URL,
    idleMinutes: c.SESSION_IDLE_MINUTES,
    absoluteHours: c.SESSION_ABSOLUTE_HOURS,
  };
}

/**
 * The settings with their live parts: the admin-managed role list and, when OIDC_ISSUER is set,
 * the OpenID Connect client, discovered now (an unreachable provider stops the start with
 * OidcDiscoveryError). `testOnly.allowInsecureRequests` lets tests use a provider on plain http.
 */
export async function connectAuth(
  c: Config,
  deps: { queries: Queries; log: Logger },
  testOnly: { allowInsecureRequests?: boolean } = {},
): Promise<AuthSettings> {
  const roleGrants = roleGrantStore(deps.queries);
  const settings: AuthSettings = { ...authSettings(c), roleGrants };
  if (settings.signIn === 'oidc')
    settings.oidc = await startOidc({ ...oidcOptions(c), ...testOnly }, { ...deps, roleGrants });
  return settings;
}
