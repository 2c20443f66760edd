import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { parseExposition } from '../helpers/exposition.js';
import { freePort } from '../helpers/ports.js';
import { startRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * --poll.interval=auto (the default) on the real command line against a real Redis: a test
 * scrapes /metrics at a fixed cadence and the exporter learns it. Everything is read from the
 * exporter's own series (its interval gauge, its poll counter, when its last poll started);
 * /scrape?target= reads without counting as a scrape of /metrics.
 */
const SCRAPE_EVERY_MS = 2000;

let redis: RedisHandle;
let exporter: ReturnType<typeof spawnCli>;
let base: string;
let name: string;

const get = async (path: string) => parseExposition(await (await fetch(base + path)).text());
const unscraped = () => get(`/scrape?target=${encodeURIComponent(name)}`);

beforeAll(async () => {
  redis = await startRedis();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  exporter = spawnCli(['--redis.addr', redis.url, '--web.listen-address', `127.0.0.1:${port}`, '--log-level', 'warn']);
  const discovered = await waitFor(
    async () => (await (await fetch(`${base}/discover`)).json()) as { targets: string[] }[],
    (d) => d.length === 1,
    { what: 'the exporter to list its target' },
  );
  name = discovered[0]?.targets[0] as string;
});

afterAll(async () => {
  exporter?.child.kill('SIGTERM');
  await exporter?.exited;
  await redis?.stop();
});

describe('--poll.interval=auto', () => {
  it('polls every 5 s until scraped, then once per scrape and just before it, and back to 5 s when scrapes stop', async () => {
    // No scrape yet: the 5 s fallback, shown by the gauge.
    const before = await waitFor(unscraped, (m) => m.get('redis_vitals_poll_interval_seconds') !== undefined, { what: 'a first poll' });
    expect(before.get('redis_vitals_poll_interval_seconds')).toBe(5);

    // Prometheus-like: a scrape every 2 s, each sent 2 s after the previous one was sent.
    const seen: { sentAt: number; interval: number | undefined; polls: number | undefined; lastPoll: number | undefined }[] = [];
    let stop = false;
    const scrapes = (async () => {
      let next = Date.now();
      while (!stop) {
        const sentAt = Date.now();
        const m = await get('/metrics');
        seen.push({
          sentAt: sentAt / 1000,
          interval: m.get('redis_vitals_poll_interval_seconds'),
          polls: m.get('redis_vitals_polls_total'),
          lastPoll: m.get('redis_vitals_last_poll_timestamp_seconds'),
        });
        next += SCRAPE_EVERY_MS;
        await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      }
    })();
    // The gauge converges on the scrape interval (jitter of a loaded machine allowed).
    await waitFor(
      () => seen.at(-1)?.interval,
      (v) => v !== undefined && Math.abs(v - 2) <= 0.5,
      { what: 'the interval gauge to learn 2 s', timeoutMs: 60_000 },
    );
    const from = seen.length;
    await waitFor(
      () => seen.length,
      (n) => n >= from + 12,
      { what: '12 more scrapes', timeoutMs: 90_000 },
    );
    stop = true;
    await scrapes;

    const window = seen.slice(from, from + 12);
    const polls = (window.at(-1)?.polls ?? 0) - (window[0]?.polls ?? 0);
    // About one poll per scrape (a fixed 5 s poll would be 11 × 2 / 5 ≈ 4).
    expect(polls).toBeGreaterThanOrEqual(8);
    expect(polls).toBeLessThanOrEqual(14);
    // What a scrape reads came from a poll started after the previous scrape was sent: data
    // younger than one scrape interval (under a fixed 5 s poll, fewer than half would be).
    const fresh = window.slice(1).filter((x, i) => (x.lastPoll ?? 0) > (window[i]?.sentAt ?? Infinity)).length;
    expect(fresh).toBeGreaterThanOrEqual(8);

    // No scrapes for 3 learned intervals: back to a poll every 5 s.
    await waitFor(unscraped, (m) => m.get('redis_vitals_poll_interval_seconds') === 5, { what: 'the interval to fall back to 5 s', timeoutMs: 60_000 });
  });
});
