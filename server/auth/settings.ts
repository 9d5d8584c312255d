import type { Config } from '../config.js';

export interface AuthSettings {
  /** 'development' offers the marked demo sign-in; never in production (config refuses). */
  signIn: 'oidc' | 'development';
  readRequiresSignIn: boolean;
  publicUrl?: string | undefined;
  idleMinutes: number;
  absoluteHours: number;
}

export const DEV_AUTH: AuthSettings = { signIn: 'development', readRequiresSignIn: false, idleMinutes: 60, absoluteHours: 12 };

export function authSettings(c: Config): AuthSettings {
  return {
    signIn: c.OIDC_ISSUER ? 'oidc' : 'development',
    readRequiresSignIn: c.READ_REQUIRES_SIGNIN,
    publicUrl: c.PUBLIC_URL,
    idleMinutes: c.SESSION_IDLE_MINUTES,
    absoluteHours: c.SESSION_ABSOLUTE_HOURS,
  };
}
