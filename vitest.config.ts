import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The long runs have their own command, npm run test:hard (vitest.hard.config.ts).
    exclude: ['test/hard/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    // Real Neo4j, real HTTP: give slow first queries room, but never hang CI.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Browser checks wait for what a person would wait for; the first queries of a cold database are slow.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
