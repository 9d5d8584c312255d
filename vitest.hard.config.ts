import { defineConfig } from 'vitest/config';

// `npm run test:hard`: the long runs (database outage under load, schemathesis) apart from `npm test`.
// Same throwaway Neo4j setup as the main suite; one file at a time, since they load the machine.
export default defineConfig({
  test: {
    include: ['test/hard/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
