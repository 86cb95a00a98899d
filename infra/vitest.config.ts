import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'],
    environment: 'node',
    // Synthesizing the app stack takes a few seconds on a small CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
