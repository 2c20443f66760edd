import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/** The guide's "persistence lost after restart", on a real server restarted in place. */
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  await stopAllRedis();
  for (const c of cleanups.reverse()) await c();
});

describe('restarts', () => {
  it('a Redis restarted without persistence comes back empty: dataset-lost-on-restart is CRITICAL and the restart is counted', async () => {
    const first = await startRedis();
    await first.cmd('DEBUG', 'POPULATE', '5000', 'key', '10');
    const e: TestExporter = await startTestExporter({ 'redis.addr': first.url, 'poll.interval': '100ms' });
    cleanups.push(() => e.stop());
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_db_keys', { db: 'db0' }) === 5000,
      { what: 'keys seen before the restart' },
    );
    await first.stop();
    const second = await startRedis({ port: first.port });
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_doctor_finding', { check: 'dataset-lost-on-restart' }) === 3,
      { what: 'dataset-lost-on-restart critical' },
    );
    const m = await e.metrics();
    expect(m.get('redis_restarts_observed_total')).toBe(1);
    expect(m.get('redis_keys_before_last_restart')).toBe(5000);
    // Refilled: the finding clears.
    await second.cmd('DEBUG', 'POPULATE', '5000', 'key', '10');
    await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_doctor_finding', { check: 'dataset-lost-on-restart' }) === 0,
      { what: 'the finding to clear once the keys are back' },
    );
  });
});
