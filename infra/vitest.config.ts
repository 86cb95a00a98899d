import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    // One process, one module graph: aws-cdk-lib loads once and the example template is
    // synthesized once for every spec file (loading it per file doubled the run on 2 cores).
    fileParallelism: false,
    isolate: false,
    // Synthesizing the app stack takes a few seconds on a small CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
