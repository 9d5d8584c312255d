import { SOURCE_NAMES } from '../../../api/sync.js';
import { type Config, ConfigError } from '../../common/config.js';
import type { SourceName, SyncSource } from '../source.js';
import { createEntraSource } from './entra.js';
import { createHrSource } from './hr.js';
import type { HrMapping } from '../../../api/sync-hr.js';
import { createLdapSource } from './ldap.js';
import { createOs2moSource, OS2MO_GRAPHQL_VERSION } from './os2mo.js';

// Which sources this installation has, built from the environment (server/common/config.ts): a
// source is configured when every variable it needs is set. What one lacks is named, never a value.

/** The configuration's synchronisation part. */
export type SyncConfig = Pick<Config, Extract<keyof Config, `SYNC_${string}`>>;

/** The variables each source needs; optional ones (a filter, another cloud's addresses) are left out. */
export const REQUIRED: Record<SourceName, (keyof SyncConfig)[]> = {
  hr: ['SYNC_HR_FILE'],
  ldap: ['SYNC_LDAP_URL', 'SYNC_LDAP_BIND_DN', 'SYNC_LDAP_PASSWORD', 'SYNC_LDAP_BASE_DN'],
  entra: ['SYNC_ENTRA_TENANT_ID', 'SYNC_ENTRA_CLIENT_ID', 'SYNC_ENTRA_CLIENT_SECRET'],
  os2mo: ['SYNC_OS2MO_URL', 'SYNC_OS2MO_TOKEN_URL', 'SYNC_OS2MO_CLIENT_ID', 'SYNC_OS2MO_CLIENT_SECRET'],
};

/** The variables a source still lacks; empty when it is configured. */
export function missingFor(config: SyncConfig, name: SourceName): string[] {
  return REQUIRED[name].filter((key) => config[key] === undefined);
}

export const isConfigured = (config: SyncConfig, name: SourceName): boolean => missingFor(config, name).length === 0;

/** The configured sources' names, in the order of SOURCE_NAMES. */
export const configuredSources = (config: SyncConfig): SourceName[] =>
  SOURCE_NAMES.filter((name) => isConfigured(config, name));

/** What the HR source needs besides the environment: its column mapping, read when a run starts. */
export interface SourceInputs {
  hrMapping: () => Promise<HrMapping>;
}

/**
 * The adapter of a configured source (its variables are checked by isConfigured first). The HR
 * source reads its mapping from Neo4j when it reads the file, so a mapping saved by any server
 * process applies to the next run everywhere.
 */
export function buildSource(config: SyncConfig, name: SourceName, inputs: SourceInputs): SyncSource {
  const missing = missingFor(config, name);
  if (missing.length) throw new Error(`The ${name} source is not configured: ${missing.join(', ')} must be set.`);
  /** A variable missingFor has found set. */
  const need = (key: keyof SyncConfig) => String(config[key]);
  switch (name) {
    case 'hr':
      return {
        name: 'hr',
        async read(input) {
          const mapping = await inputs.hrMapping();
          return createHrSource({ file: need('SYNC_HR_FILE'), mapping }).read(input);
        },
      };
    case 'ldap':
      return createLdapSource({
        url: need('SYNC_LDAP_URL'),
        bindDN: need('SYNC_LDAP_BIND_DN'),
        password: need('SYNC_LDAP_PASSWORD'),
        baseDN: need('SYNC_LDAP_BASE_DN'),
        ...(config.SYNC_LDAP_FILTER ? { filter: config.SYNC_LDAP_FILTER } : {}),
        unitFrom: config.SYNC_LDAP_UNIT_FROM ?? 'ou',
        ...(config.SYNC_LDAP_ID_ATTRIBUTE ? { idAttribute: config.SYNC_LDAP_ID_ATTRIBUTE } : {}),
      });
    case 'entra':
      return createEntraSource({
        tenantId: need('SYNC_ENTRA_TENANT_ID'),
        clientId: need('SYNC_ENTRA_CLIENT_ID'),
        clientSecret: need('SYNC_ENTRA_CLIENT_SECRET'),
        ...(config.SYNC_ENTRA_LOGIN_URL ? { loginUrl: config.SYNC_ENTRA_LOGIN_URL } : {}),
        ...(config.SYNC_ENTRA_GRAPH_URL ? { graphUrl: config.SYNC_ENTRA_GRAPH_URL } : {}),
      });
    case 'os2mo':
      return createOs2moSource({
        url: need('SYNC_OS2MO_URL'),
        tokenUrl: need('SYNC_OS2MO_TOKEN_URL'),
        clientId: need('SYNC_OS2MO_CLIENT_ID'),
        clientSecret: need('SYNC_OS2MO_CLIENT_SECRET'),
        graphqlVersion: config.SYNC_OS2MO_GRAPHQL_VERSION ?? OS2MO_GRAPHQL_VERSION,
      });
  }
}

/**
 * Checked at start: settings that cannot work stop it with one sentence (ConfigError); the sources
 * set up only halfway are returned (by the names of what they lack), for a warning in the log.
 */
export function checkSources(config: SyncConfig): { name: SourceName; missing: string[] }[] {
  const partly: { name: SourceName; missing: string[] }[] = [];
  for (const name of SOURCE_NAMES) {
    const missing = missingFor(config, name);
    if (missing.length === 0) {
      // Building a source checks what it can without reaching it (the LDAP filter's syntax).
      try {
        buildSource(config, name, { hrMapping: () => Promise.reject(new Error('not read at start')) });
      } catch (err) {
        throw new ConfigError(`Invalid configuration: ${(err as Error).message}`);
      }
    } else if (missing.length < REQUIRED[name].length) partly.push({ name, missing });
  }
  return partly;
}
