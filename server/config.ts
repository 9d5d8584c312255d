import { z } from 'zod';

// Everything the server reads from the environment, checked once at boot so a bad value
// stops the start with one clear sentence instead of failing later on a request.
const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(fallback);

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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads config from an env-like object; throws ConfigError naming the bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "not set", as they do in most shells and .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = String(issue.path[0] ?? 'config');
  const shown = env[key] === undefined ? '' : ` (got "${env[key]}")`;
  throw new ConfigError(`Invalid configuration: ${key} ${issue.message}${shown}.`);
}
