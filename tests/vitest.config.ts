import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // As in gateway/vitest.config.ts: one graphql build for Pothos, yoga and the specs, or
    // graphql refuses types from "another realm".
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Two cores: keep workers few so database-backed suites don't starve each other.
    maxWorkers: 2,
  },
});
