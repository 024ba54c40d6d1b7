import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src-main/**/*.spec.ts',
      'src-preload/**/*.spec.ts',
      // Pure helpers of the renderer (no DOM, no Svelte components).
      'src-renderer/**/*.spec.ts',
      'scripts/**/*.spec.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests start real processes; two cores, so keep the pool small and steady.
    maxWorkers: 2,
  },
});
