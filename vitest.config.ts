import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Safety nets, not assertions: a loaded 2-core machine can be several times slower than an idle one.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Real redis-server, Prometheus and Alertmanager processes: a 2-core machine runs two files at once well.
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]],
  },
});
