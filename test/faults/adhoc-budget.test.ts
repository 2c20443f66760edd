import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { startFakeRedis, type FakeRedis } from '../helpers/fake-redis.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { startStarvablePoller } from '../helpers/starvable-poller.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Issue 12 item 6: ad-hoc /scrape has its own bounded budget, so it never delays the configured
 * targets; a client that goes away cancels its queued poll; a snapshot older than a fresh one
 * can be is never served as fresh.
 */
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of stops.reverse()) await s();
  await stopAllRedis();
});

async function fake(answer: Parameters<typeof startFakeRedis>[0]): Promise<FakeRedis> {
  const f = await startFakeRedis(answer);
  stops.push(() => f.stop());
  return f;
}

async function exporter(flags: Record<string, string>): Promise<TestExporter> {
  const e = await startTestExporter(flags);
  stops.push(() => e.stop());
  return e;
}

const adhocUrl = (e: TestExporter, port: number) => `${e.url}/scrape?target=${encodeURIComponent(`redis://127.0.0.1:${port}`)}`;

describe('ad-hoc /scrape budget', () => {
  it('a flood of ad-hoc scrapes of hung addresses does not delay a configured target', async () => {
    const redis = await startRedis();
    const hung = await Promise.all(Array.from({ length: 40 }, () => fake(() => null)));
    // One poll slot for the configured target: any ad-hoc poll sharing it would starve it.
    const e = await exporter({ 'redis.addr': redis.url, 'poll.concurrency': '1', 'poll.interval': '100ms', 'poll.timeout': '2s', 'scrape.allow-addresses': '127.0.0.1' });
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_up') === 1,
      { what: 'up' },
    );
    const flood = Array.from({ length: 64 }, (_, i) => fetch(adhocUrl(e, (hung[i % hung.length] as FakeRedis).port)).then((r) => r.status));
    const polls0 = (await e.metrics()).get('redis_vitals_polls_total') ?? 0;
    // While the flood is held by hung servers, the configured target keeps its cadence.
    const m = await waitFor(
      () => e.metrics(),
      (x) => (x.get('redis_vitals_polls_total') ?? 0) >= polls0 + 5,
      { what: 'five more polls of the configured target' },
    );
    expect(m.get('redis_up')).toBe(1);
    expect(hung.some((h) => h.open > 0)).toBe(true);
    const statuses = await Promise.all(flood);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    // 40 addresses, 4 running + 32 waiting by default: the rest are turned away, not queued without bound.
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    // Requests for one address share its poll: one connection each, whatever the flood.
    for (const h of hung) expect(h.accepted).toBeLessThanOrEqual(1);
  });

  it('a client that goes away before its poll starts: the poll never runs', async () => {
    const hung = await fake(() => null);
    const cancelled = await fake(() => undefined);
    const later = await fake(() => undefined);
    const e = await exporter({ 'redis.addr': 'redis://127.0.0.1:1', 'scrape.allow-addresses': '127.0.0.1', 'scrape.concurrency': '1', 'poll.timeout': '1s' });
    const first = fetch(adhocUrl(e, hung.port));
    await waitFor(
      () => hung.accepted,
      (n) => n >= 1,
      { what: 'the hung poll to hold the only slot' },
    );
    const abort = new AbortController();
    const gone = fetch(adhocUrl(e, cancelled.port), { signal: abort.signal }).catch(() => 'aborted');
    // Queued behind the hung poll; then its client leaves.
    await new Promise((r) => setTimeout(r, 100));
    abort.abort();
    expect(await gone).toBe('aborted');
    expect((await first).status).toBe(200);
    // Served in order: had the cancelled poll stayed queued, it would have run before this one.
    const res = await fetch(adhocUrl(e, later.port));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('redis_up 1');
    expect(cancelled.accepted).toBe(0);
  });
});

describe('a snapshot older than its interval allows', () => {
  it('is served as failed with reason stale, not as fresh', async () => {
    const redis = await startRedis();
    const poller = startStarvablePoller(redis.url);
    stops.push(() => poller.stop());
    await waitFor(
      () => poller.snapshot(),
      (s) => s.up,
      { what: 'a first good poll' },
    );
    // Every later poll waits for a slot that never frees.
    const release = poller.starve();
    const s = await poller.untilStale();
    expect(s.error?.reason).toBe('stale');
    expect(s.text).toMatch(/^redis_up 0$/m);
    // The age shows as time() - last_poll_timestamp (docs/metrics.md): that series and the
    // counters stay, as the last poll left them, instead of vanishing while stale.
    const lastGood = Number(/^redis_vitals_last_poll_timestamp_seconds (\S+)$/m.exec(s.text)?.[1]);
    expect(Date.now() / 1000 - lastGood).toBeGreaterThan(0);
    expect(s.text).toMatch(/^redis_vitals_polls_total \d+$/m);
    expect(s.text).toMatch(/^redis_vitals_poll_duration_seconds_count \d+$/m);
    release();
    await waitFor(
      () => poller.snapshot(),
      (x) => x.up,
      { what: 'fresh again once polls run' },
    );
  });
});
