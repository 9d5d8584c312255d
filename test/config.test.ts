import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../server/common/config.js';
import { ROOT } from '../server/common/folders.js';

describe('config', () => {
  it('when nothing is set then the documented defaults apply', () => {
    expect(loadConfig({})).toEqual({
      NODE_ENV: 'development',
      PORT: 3000,
      HOST: '0.0.0.0',
      NEO4J_USER: 'neo4j',
      NEO4J_PASSWORD: '',
      LOCAL_NEO4J_PORT: 7687,
      RINGE_DATA_DIR: '.data',
      QUERY_TIMEOUT_MS: 15000,
      READ_TIMEOUT_MS: 5000,
      NEO4J_CONNECTION_TIMEOUT_MS: 2000,
      NEO4J_ACQUISITION_TIMEOUT_MS: 2000,
      NEO4J_MAX_RETRY_TIME_MS: 500,
      NEO4J_PROBE_TIMEOUT_MS: 900,
      NEO4J_MAX_CONCURRENT: 32,
      NEO4J_QUEUE_LIMIT: 200,
      NEO4J_QUEUE_WAIT_MS: 1000,
      SHUTDOWN_TIMEOUT_MS: 10000,
      LOG_LEVEL: 'info',
      OIDC_SCOPES: 'openid profile email',
      OIDC_ROLES_CLAIM: 'groups',
      OIDC_COORDINATOR_GROUPS: [],
      OIDC_ADMIN_GROUPS: [],
      READ_REQUIRES_SIGNIN: false,
      SESSION_IDLE_MINUTES: 60,
      SESSION_ABSOLUTE_HOURS: 12,
      RATE_LIMIT_WINDOW_SECONDS: 60,
      RATE_LIMIT_SIGNIN: 100,
      RATE_LIMIT_WRITES: 600,
      CORS_ORIGINS: [],
      SURVEY_RETENTION_DAYS: 365,
    });
  });

  it('when production runs without an OpenID Connect issuer then it refuses, as the development sign-in must not run there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      'Invalid configuration: NODE_ENV is production, so OIDC_ISSUER must be set: the development sign-in never runs in production.',
    );
  });

  it('when an issuer is set without its client then the error says what is missing', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.example.dk' })).toThrow(
      'Invalid configuration: OIDC_ISSUER is set, so OIDC_CLIENT_ID and OIDC_REDIRECT_URI must be set too.',
    );
  });

  it('when TRUST_PROXY is given then it becomes what Express takes: true, a hop count or addresses', () => {
    expect(
      [
        loadConfig({ TRUST_PROXY: 'true' }),
        loadConfig({ TRUST_PROXY: '2' }),
        loadConfig({ TRUST_PROXY: 'loopback' }),
      ].map((c) => c.TRUST_PROXY),
    ).toEqual([true, 2, 'loopback']);
  });

  it('when the connection acquisition timeout is shorter than the connection timeout then it says why that cannot work', () => {
    expect(() => loadConfig({ NEO4J_CONNECTION_TIMEOUT_MS: '3000' })).toThrow(
      'Invalid configuration: NEO4J_ACQUISITION_TIMEOUT_MS must be at least NEO4J_CONNECTION_TIMEOUT_MS, as getting a connection includes opening one.',
    );
  });

  it('when a setting must be true or false and is not then it says so', () => {
    expect(() => loadConfig({ READ_REQUIRES_SIGNIN: 'maybe' })).toThrow(
      'Invalid configuration: READ_REQUIRES_SIGNIN must be true or false (got "maybe").',
    );
  });

  it('when PORT is not a number then the error names it and the bad value', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(
      'Invalid configuration: PORT must be a whole number (got "abc").',
    );
  });

  it('when PORT is out of range then the error says the range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(
      'Invalid configuration: PORT must be between 1 and 65535 (got "70000").',
    );
  });

  it('when NEO4J_URI is not a Bolt URI then the error says which schemes work', () => {
    expect(() => loadConfig({ NEO4J_URI: 'http://localhost:7474' })).toThrow(
      'Invalid configuration: NEO4J_URI must be a bolt:// or neo4j:// URI (also +s / +ssc) (got "http://localhost:7474").',
    );
  });

  it('when the server starts with a bad value then it exits 1 with that one sentence and starts nothing', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'abc' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      'Ringe could not start: Invalid configuration: PORT must be a whole number (got "abc").',
    );
  });
});
