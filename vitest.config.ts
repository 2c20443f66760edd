import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Real redis-server, Prometheus and Alertmanager processes: a 2-core machine runs two files at once well.
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]],
  },
});
