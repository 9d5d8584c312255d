import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { ROOT } from '../server/folders.js';

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
      LOG_LEVEL: 'info',
    });
  });

  it('when PORT is not a number then the error names it and the bad value', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow('Invalid configuration: PORT must be a whole number (got "abc").');
  });

  it('when PORT is out of range then the error says the range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow('Invalid configuration: PORT must be between 1 and 65535 (got "70000").');
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
    expect(r.stderr.trim()).toBe('Ringe could not start: Invalid configuration: PORT must be a whole number (got "abc").');
  });
});
