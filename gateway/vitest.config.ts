import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships both ESM and CJS builds; Pothos and yoga load one, Vite would load the
    // other, and graphql refuses types from "another realm". One build for everyone.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: keep workers few so database-backed tests don't starve each other.
    maxWorkers: 2,
  },
});
