import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships both ESM and CJS builds; the gateway the specs start (Pothos, yoga) loads
    // one, Vite would load the other, and graphql refuses types from "another realm".
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['scripts/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
