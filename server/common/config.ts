import { z } from 'zod';
import { DB_DEFAULTS } from './db/index.js';
import { issueMessage } from './issues.js';

// Everything the server reads from the environment, checked once at boot so a bad value
// stops the start with one clear sentence instead of failing later on a request.
const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(fallback);

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .transform((v) => ['true', '1', 'yes'].includes(v))
    .default(fallback);

/** A duration in milliseconds. */
const ms = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)
    .default(fallback);

/** A comma-separated list ("a,b"). */
const list = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .default([]);

/** Requests allowed per window; 0 means no limit. */
const limit = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be 0 (no limit) or more')
    .default(fallback);

/** A comma-separated list of origins ("https://intranet.example.dk,https://other.example.dk"). */
const origins = list.pipe(
  z.array(
    z.string().refine((s) => {
      try {
        return /^https?:$/.test(new URL(s).protocol) && new URL(s).origin === s;
      } catch {
        return false;
      }
    }, 'must list origins only, such as https://intranet.example.dk (scheme, host and port; no path, no trailing slash)'),
  ),
);

const boltUri = z
  .string()
  .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/.+/, 'must be a bolt:// or neo4j:// URI (also +s / +ssc)');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  NEO4J_URI: boltUri.optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().min(1).optional(),
  /** Port of the bundled Neo4j, used only when NEO4J_URI is unset. */
  LOCAL_NEO4J_PORT: port(7687),
  RINGE_DATA_DIR: z.string().min(1).default('.data'),
  /** Upper bound for any one read or write transaction. */
  QUERY_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int().min(100).max(600_000).default(15_000),
  /** Upper bound for a read, except the long ones (exports, an import's dry run, the report), which QUERY_TIMEOUT_MS bounds. */
  READ_TIMEOUT_MS: ms(100, 600_000, 5_000),
  /** Failing fast while Neo4j is unreachable (see DB_DEFAULTS in db/index.ts for how they add up). */
  NEO4J_CONNECTION_TIMEOUT_MS: ms(100, 60_000, DB_DEFAULTS.connectionTimeoutMs),
  NEO4J_ACQUISITION_TIMEOUT_MS: ms(100, 60_000, DB_DEFAULTS.acquisitionTimeoutMs),
  NEO4J_MAX_RETRY_TIME_MS: ms(0, 60_000, DB_DEFAULTS.maxRetryTimeMs),
  /** A stalled Neo4j (no answer, connections open): how long a probe may go unanswered (see Db). 0 turns the watch off. */
  NEO4J_PROBE_TIMEOUT_MS: ms(0, 60_000, DB_DEFAULTS.probeTimeoutMs),
  /** Shedding load (see Db): database calls at once per process, how many may wait, and for how long. */
  NEO4J_MAX_CONCURRENT: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 500')
    .max(500, 'must be between 1 and 500')
    .default(DB_DEFAULTS.maxConcurrent),
  NEO4J_QUEUE_LIMIT: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .default(DB_DEFAULTS.queueLimit),
  NEO4J_QUEUE_WAIT_MS: ms(0, 60_000, DB_DEFAULTS.queueWaitMs),
  /** Stopping (SIGTERM, Ctrl-C): how long requests already begun may take to finish. */
  SHUTDOWN_TIMEOUT_MS: ms(0, 600_000, 10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /**
   * Behind a load balancer that ends TLS: which proxies to trust for the client's address and
   * protocol (Express's "trust proxy": true, a hop count, or addresses such as "loopback, 10.0.0.0/8").
   */
  TRUST_PROXY: z
    .string()
    .transform((v): boolean | number | string =>
      v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v,
    )
    .optional(),
  /** The address people use to reach Ringe; origin checks and the sign-in redirect build on it. */
  PUBLIC_URL: z.url({ error: 'must be a URL such as https://ringe.example.dk' }).optional(),
  /** OpenID Connect (e.g. Microsoft Entra ID): without an issuer, the development sign-in is used. */
  OIDC_ISSUER: z.url({ error: "must be the provider's issuer URL" }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: z.url({ error: 'must be the full callback URL, ending in /api/auth/callback' }).optional(),
  OIDC_SCOPES: z.string().default('openid profile email'),
  /** The token claim that lists the user's groups or app roles. */
  OIDC_ROLES_CLAIM: z.string().min(1).default('groups'),
  OIDC_COORDINATOR_GROUPS: list,
  OIDC_ADMIN_GROUPS: list,
  /** Whether reading needs sign-in; writing always does. */
  READ_REQUIRES_SIGNIN: bool(false),
  SESSION_IDLE_MINUTES: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Rate limits, per server process and per window: sign-in requests per client address, writes per user. 0 turns one off. */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1)
    .max(86_400)
    .default(60),
  RATE_LIMIT_SIGNIN: limit(100),
  RATE_LIMIT_WRITES: limit(600),
  /** Other sites' origins whose pages may read the API from the browser (CORS); none by default. */
  CORS_ORIGINS: origins,

  // Synchronisation with the organisation's systems of record (server/sync/). A source is configured
  // when its variables are set; what one lacks is named on the admin page "Datakilder" (by name, never value).
  /** The HR export (.csv or .xlsx); its column mapping is kept in Neo4j and edited on the admin page. */
  SYNC_HR_FILE: z
    .string()
    .regex(/\.(csv|xlsx)$/i, 'must be the path of a .csv or .xlsx file')
    .optional(),
  SYNC_LDAP_URL: z
    .string()
    .regex(/^ldaps?:\/\/.+/, 'must be an ldap:// or ldaps:// URL')
    .optional(),
  SYNC_LDAP_BIND_DN: z.string().min(1).optional(),
  SYNC_LDAP_PASSWORD: z.string().min(1).optional(),
  SYNC_LDAP_BASE_DN: z.string().min(1).optional(),
  /** Unset: the LDAP adapter's own filter for people (server/sync/sources/ldap.ts). */
  SYNC_LDAP_FILTER: z
    .string()
    .regex(/^\(.*\)$/s, 'must be an LDAP filter in parentheses, such as (objectClass=person)')
    .optional(),
  /** A person's unit: the OU their entry is in (a tree) or their `department` text (a flat list); unset: ou. */
  SYNC_LDAP_UNIT_FROM: z.enum(['ou', 'department'], { error: 'must be ou or department' }).optional(),
  /** The attribute holding a person's and an OU's stable id; unset: objectGUID, else entryUUID. */
  SYNC_LDAP_ID_ATTRIBUTE: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must be the name of an LDAP attribute, such as employeeID')
    .optional(),
  SYNC_ENTRA_TENANT_ID: z.string().min(1).optional(),
  SYNC_ENTRA_CLIENT_ID: z.string().min(1).optional(),
  SYNC_ENTRA_CLIENT_SECRET: z.string().min(1).optional(),
  /** Unset: Microsoft's public cloud (https://login.microsoftonline.com, https://graph.microsoft.com). */
  SYNC_ENTRA_LOGIN_URL: z.url({ error: 'must be a URL such as https://login.microsoftonline.com' }).optional(),
  SYNC_ENTRA_GRAPH_URL: z.url({ error: 'must be a URL such as https://graph.microsoft.com' }).optional(),
  SYNC_OS2MO_URL: z.url({ error: "must be OS2mo's address, such as https://os2mo.example.dk" }).optional(),
  SYNC_OS2MO_TOKEN_URL: z.url({ error: "must be the Keycloak token endpoint's URL" }).optional(),
  SYNC_OS2MO_CLIENT_ID: z.string().min(1).optional(),
  SYNC_OS2MO_CLIENT_SECRET: z.string().min(1).optional(),
  /** OS2mo's GraphQL version asked for (/graphql/vN); unset: 30, the newest the adapter was written for. */
  SYNC_OS2MO_GRAPHQL_VERSION: z.coerce
    .number({ error: 'must be a whole number such as 30' })
    .int('must be a whole number such as 30')
    .min(1, 'must be a whole number such as 30')
    .optional(),
  /** KL's KLE catalogue (XML), for KLE titles a source does not give. */
  SYNC_KLE_FILE: z
    .string()
    .regex(/\.xml$/i, 'must be the path of an .xml file')
    .optional(),
  /** Minutes between scheduled runs of each configured source; unset or 0: no schedule. */
  SYNC_INTERVAL_MINUTES: z.coerce
    .number({ error: 'must be a whole number of minutes' })
    .int('must be a whole number of minutes')
    .min(0, 'must be 0 (no schedule) or more')
    .max(7 * 24 * 60, 'must be at most 10080 (a week)')
    .optional(),
  /** A run that would end more than this share of a source's people is refused unless forced; unset: 0.1. */
  SYNC_MAX_LEAVER_SHARE: z.coerce
    .number({ error: 'must be a number between 0 and 1, such as 0.1' })
    .min(0, 'must be a number between 0 and 1, such as 0.1')
    .max(1, 'must be a number between 0 and 1, such as 0.1')
    .optional(),

  // Survey rounds (server/surveys/): invitations and reminders by e-mail when SMTP is set up, else a
  // link and QR code to share; how long a closed round's raw answers are kept (told to participants).
  /** smtp://user:password@host:587 (STARTTLS when offered) or smtps://user:password@host:465; a secret, never shown. */
  SMTP_URL: z
    .string()
    .refine((s) => {
      try {
        const u = new URL(s);
        return /^smtps?:$/.test(u.protocol) && u.hostname !== '';
      } catch {
        return false;
      }
    }, 'must be an smtp:// or smtps:// URL, such as smtp://user:password@mail.example.dk:587')
    .optional(),
  /** The sender of invitations: an address, or a name and an address ("Ringe <ringe@example.dk>"). */
  SMTP_FROM: z
    .string()
    .regex(
      /^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/,
      'must be an e-mail address, such as ringe@example.dk or "Ringe <ringe@example.dk>"',
    )
    .optional(),
  SURVEY_RETENTION_DAYS: z.coerce
    .number({ error: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be between 1 and 3650 days')
    .max(3650, 'must be between 1 and 3650 days')
    .default(365),
});

/** Variables whose values are secrets: never shown in a message or a log line. */
const SECRETS = new Set([
  'NEO4J_PASSWORD',
  'OIDC_CLIENT_SECRET',
  'SYNC_LDAP_PASSWORD',
  'SYNC_ENTRA_CLIENT_SECRET',
  'SYNC_OS2MO_CLIENT_SECRET',
  'SMTP_URL',
]);

export type Config = z.infer<typeof configSchema>;

/** Checks that belong to several variables together. */
function crossCheck(c: Config): string | null {
  if (c.NEO4J_ACQUISITION_TIMEOUT_MS < c.NEO4J_CONNECTION_TIMEOUT_MS) {
    return 'NEO4J_ACQUISITION_TIMEOUT_MS must be at least NEO4J_CONNECTION_TIMEOUT_MS, as getting a connection includes opening one.';
  }
  if (c.OIDC_ISSUER && !(c.OIDC_CLIENT_ID && c.OIDC_REDIRECT_URI)) {
    return 'OIDC_ISSUER is set, so OIDC_CLIENT_ID and OIDC_REDIRECT_URI must be set too.';
  }
  if (c.SMTP_URL && !c.SMTP_FROM) {
    return 'SMTP_URL is set, so SMTP_FROM must be set too: the address survey invitations are sent from.';
  }
  if (c.SMTP_FROM && !c.SMTP_URL) {
    return 'SMTP_FROM is set, so SMTP_URL must be set too: the mail server survey invitations are sent through.';
  }
  if (!c.OIDC_ISSUER && c.NODE_ENV === 'production') {
    return 'NODE_ENV is production, so OIDC_ISSUER must be set: the development sign-in never runs in production.';
  }
  return null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads config from an env-like object; throws ConfigError naming the bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "not set", as they do in most shells and .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (parsed.success) {
    const problem = crossCheck(parsed.data);
    if (problem) throw new ConfigError(`Invalid configuration: ${problem}`);
    return parsed.data;
  }
  const issue = parsed.error.issues[0]!;
  const key = String(issue.path[0] ?? 'config');
  const shown = env[key] === undefined || SECRETS.has(key) ? '' : ` (got "${env[key]}")`;
  throw new ConfigError(`Invalid configuration: ${key} ${issueMessage(issue, key)}${shown}.`);
}
