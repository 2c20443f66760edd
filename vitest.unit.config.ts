import { defineConfig } from 'vitest/config';

/**
 * `npm run test:unit`: the pure and golden tests, no external process (no redis-server,
 * promtool, findmnt, tsx child): a contributor's quick loop, well under a minute. The files
 * left out here run in `npm test`. test/helpers/no-processes.ts makes a unit test that starts a
 * process fail loudly, so a new one cannot slip in.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/golden/**/*.test.ts'],
    exclude: [
      'test/unit/promtool.test.ts', // promtool
      'test/unit/dashboards.test.ts', // promtool check rules over the dashboard queries
      'test/unit/prometheusrule.test.ts', // runs the generator's --check through tsx
      'test/unit/host-access.test.ts', // findmnt
      'test/unit/migrate-doc.test.ts', // prometheus-redis-exporter --help
      'test/unit/mixin-collision.test.ts', // promtool test rules over the redis-mixin collision
      'test/unit/metrics-doc-script.test.ts', // runs the docs:metrics generator through tsx
    ],
    setupFiles: ['test/helpers/no-processes.ts'],
    // One module graph per worker instead of one per file: these tests keep no state between
    // files, and importing fastify, pino, prom-client … 47 times was two thirds of the run's CPU
    // (about 33 s of CPU down to 12 s for the same 546 tests); shuffled orders pass too.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
