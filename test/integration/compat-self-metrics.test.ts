import { afterAll, describe, expect, it } from 'vitest';
import { parseExposition } from '../helpers/exposition.js';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import type { Exposition } from '../helpers/exposition.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { startStarvablePoller } from '../helpers/starvable-poller.js';
import { waitFor } from '../helpers/wait.js';

/** redis_exporter's self-metrics follow polls: the "exporter failing" alerts written for it fire here too. */
const exporters: TestExporter[] = [];
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of stops) await s();
  await Promise.all(exporters.map((e) => e.stop()));
  await stopAllRedis();
});

const polls = (m: Exposition) => m.get('redis_exporter_scrapes_total') ?? 0;

describe('redis_exporter_* self-metrics under compat', () => {
  it('last_scrape_error turns 1 with the reason when Redis goes away; /scrape refusals are counted', async () => {
    const redis = await startRedis();
    const e = await startTestExporter({ 'redis.addr': redis.url });
    exporters.push(e);
    const first = await waitFor(
      () => e.metrics(),
      (m) => polls(m) >= 1,
      { what: 'a poll' },
    );
    // The first poll connected (unless it failed on a loaded machine, then a later one did).
    expect(first.get('redis_exporter_last_scrape_connect_time_seconds')).toBeGreaterThan(0);
    // The connection stays open: later polls spend no time connecting (redis_exporter's never reads 0).
    const up = await waitFor(
      () => e.metrics(),
      (m) => polls(m) >= 2 && m.get('redis_exporter_last_scrape_connect_time_seconds') === 0,
      { what: 'a poll on the open connection' },
    );
    expect(up.get('redis_exporter_last_scrape_error', { err: '' })).toBe(0);
    expect(up.get('redis_exporter_scrape_duration_seconds_count')).toBe(polls(up));

    expect((await fetch(`${e.url}/scrape?target=redis://10.0.0.1:6379`)).status).toBe(404);
    // Self-metrics are re-rendered after the next poll (or within a second).
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_target_scrape_request_errors_total') === 1,
      { what: 'the refused /scrape counted' },
    );

    await redis.stop();
    // A poll in flight while Redis shuts down may time out instead (a loaded machine): wait for a refused one.
    const down = await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_up') === 0 && /refused|closed/.test(m.all('redis_exporter_last_scrape_error')[0]?.labels.err ?? ''),
      { what: 'redis_up 0 and a refused connection as the reason' },
    );
    const failed = down.all('redis_exporter_last_scrape_error');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.value).toBe(1);
    expect(failed[0]?.labels.err).toMatch(/refused|closed/);
    expect(polls(down)).toBeGreaterThan(polls(up));
  });

  it('a snapshot no poll refreshed in time (stale) is a failed scrape: error 1, the count stands still', async () => {
    const redis = await startRedis();
    // --namespace too: the stand-in snapshot is renamed like every other.
    const poller = startStarvablePoller(redis.url, { namespace: 'acme' });
    stops.push(() => poller.stop());
    const good = await waitFor(
      () => parseExposition(poller.snapshot().text),
      (m) => m.get('acme_up') === 1 && (m.get('acme_exporter_scrapes_total') ?? 0) >= 2,
      { what: 'two good polls' },
    );
    expect(good.get('acme_exporter_last_scrape_error', { err: '' })).toBe(0);
    // Every later poll waits for a slot that never frees, so no poll completes.
    const release = poller.starve();
    const stale = await poller.untilStale();
    const m = parseExposition(stale.text);
    expect(stale.error?.reason).toBe('stale');
    expect(m.get('acme_up')).toBe(0);
    expect(m.get('redis_up')).toBeUndefined();
    const failed = m.all('acme_exporter_last_scrape_error');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.value).toBe(1);
    expect(failed[0]?.labels.err).toMatch(/^no poll has completed for \d+s/);
    // The last poll's count stays served (not dropped): rate(…scrapes_total) goes to 0 while nothing polls.
    expect(m.get('acme_exporter_scrapes_total')).toBeGreaterThanOrEqual(good.get('acme_exporter_scrapes_total') ?? Infinity);
    release();
  });

  it('--compat.redis-exporter=false serves none of them', async () => {
    const redis = await startRedis();
    const e = await startTestExporter({ 'redis.addr': redis.url, 'compat.redis-exporter': 'false' });
    exporters.push(e);
    const m = await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_up') === 1,
      { what: 'redis_up 1' },
    );
    expect([...m.names()].filter((n) => n.startsWith('redis_exporter_') || n === 'redis_target_scrape_request_errors_total')).toEqual([]);
  });
});
