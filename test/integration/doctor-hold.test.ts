import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter } from '../helpers/exporter.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/** The exporter's poller keeps one-poll verdicts for scrapes to see, on a real server that evicted keys once. */
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await stopAllRedis();
});

describe('held verdicts on a running exporter', () => {
  it('evictions-happening stays failing on later polls that saw no eviction, with how long ago', async () => {
    const redis = await startRedis({ args: ['--maxmemory', '3mb', '--maxmemory-policy', 'allkeys-lru'] });
    const e = await startTestExporter({ 'redis.addr': redis.url, 'poll.interval': '100ms' });
    cleanups.push(() => e.stop());
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_doctor_finding', { check: 'evictions-happening' }) === 0,
      { what: 'evictions-happening judged (two polls)' },
    );
    // Writing past maxmemory makes Redis evict; then nothing is written any more.
    const evicted = async () => Number(/evicted_keys:(\d+)/.exec(await redis.info('stats'))?.[1]);
    const value = 'v'.repeat(8 * 1024);
    await waitFor(
      async () => {
        await redis.cmd('SET', `k${Math.random()}`, value);
        return evicted();
      },
      (n) => n > 0,
      { what: 'an eviction', intervalMs: 1 },
    );
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_doctor_finding', { check: 'evictions-happening' }) === 1,
      { what: 'evictions-happening failing' },
    );
    const polls = async () => (await e.metrics()).get('redis_vitals_polls_total') ?? 0;
    // Redis may finish an eviction cycle in the background: wait for three polls in a row with none.
    let before = await evicted();
    await waitFor(
      async () => {
        const from = await polls();
        await waitFor(polls, (n) => n >= from + 3, { what: 'three more polls' });
        const now = await evicted();
        const quiet = now === before;
        before = now;
        return quiet;
      },
      (quiet) => quiet,
      { what: 'evictions to stop' },
    );
    // Without the hold the finding would be back to 0 already.
    expect((await e.metrics()).get('redis_doctor_finding', { check: 'evictions-happening' })).toBe(1);
    const doc = JSON.parse(await e.scrape('/doctor.json')) as { targets: { findings: { check: string; summary: string; evidence: Record<string, number> }[] }[] };
    const f = doc.targets[0]?.findings.find((x) => x.check === 'evictions-happening');
    expect(f?.evidence.held_for_seconds).toBe(600);
    expect(f?.summary).toMatch(/last seen failing \d+ s ago/);
  });
});
