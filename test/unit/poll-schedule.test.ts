import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Poller } from '../../src/poll/poller.js';
import { autoSchedule, fixedSchedule } from '../../src/poll/schedule.js';
import { ScrapeCadence } from '../../src/poll/scrape-cadence.js';
import { emptySnapshot } from '../../src/poll/snapshot.js';

/**
 * --poll.interval=auto under fake timers: the scrapes are a fake-timer interval calling
 * cadence.scraped(), the poll a fake that records when it started. Times are fake-clock ms, so
 * nothing here depends on the machine's speed.
 */
const T0 = 1_000_000;
const now = () => Date.now();

function autoPoller(cadence: ScrapeCadence, pollMs = 0) {
  const starts: number[] = [];
  const poller = new Poller({
    target: 't',
    intervalMs: 5000,
    schedule: autoSchedule(cadence),
    async poll() {
      starts.push(Date.now());
      if (pollMs > 0) await new Promise((r) => setTimeout(r, pollMs));
      return { snapshot: { ...emptySnapshot('t'), polledAt: Date.now() / 1000 }, extras: {} };
    },
  });
  return { poller, starts };
}

/** Scrapes every `everyMs` from `firstAt` (fake ms after T0); returns when each came and the age of the data it read. */
function scraper(cadence: ScrapeCadence, starts: number[], everyMs: number, firstAt: number) {
  const seen: { at: number; age: number | undefined; polls: number }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const scrape = () => {
    cadence.scraped();
    const last = starts.at(-1);
    seen.push({ at: Date.now(), age: last === undefined ? undefined : Date.now() - last, polls: starts.length });
  };
  const first = setTimeout(() => {
    scrape();
    timer = setInterval(scrape, everyMs);
  }, firstAt);
  return { seen, stop: () => (clearTimeout(first), clearInterval(timer)) };
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ScrapeCadence', () => {
  it('learns the median gap after two scrapes, clamped to 1-60 s, ignoring one odd request', () => {
    const c = new ScrapeCadence(now);
    c.scraped();
    expect(c.interval()).toBeUndefined();
    vi.advanceTimersByTime(15_000);
    c.scraped();
    expect(c.interval()).toBe(15_000);
    // A person's curl 2 s later is one short gap among 15 s ones: the median stays 15 s.
    vi.advanceTimersByTime(2000);
    c.scraped();
    vi.advanceTimersByTime(13_000);
    c.scraped();
    vi.advanceTimersByTime(15_000);
    c.scraped();
    vi.advanceTimersByTime(15_000);
    c.scraped();
    expect(c.interval()).toBe(15_000);

    const fast = new ScrapeCadence(now);
    fast.scraped();
    vi.advanceTimersByTime(100);
    fast.scraped();
    expect(fast.interval()).toBe(1000);
    const slow = new ScrapeCadence(now);
    slow.scraped();
    vi.advanceTimersByTime(300_000);
    slow.scraped();
    expect(slow.interval()).toBe(60_000);
  });

  it('forgets the interval after 3 intervals without a scrape, and starts over when they resume', () => {
    const c = new ScrapeCadence(now);
    const changes: (number | undefined)[] = [];
    c.onChange(() => changes.push(c.interval()));
    c.scraped();
    vi.advanceTimersByTime(10_000);
    c.scraped();
    vi.advanceTimersByTime(30_000);
    expect(c.interval()).toBe(10_000);
    vi.advanceTimersByTime(1);
    expect(c.interval()).toBeUndefined();
    // The gap across the silence is not a cadence: two new scrapes are needed.
    c.scraped();
    expect(c.interval()).toBeUndefined();
    vi.advanceTimersByTime(20_000);
    c.scraped();
    expect(c.interval()).toBe(20_000);
    expect(changes).toEqual([10_000, undefined, 20_000]);
  });
});

describe('auto schedule', () => {
  it('polls every 5 s until two scrapes, then once per scrape, finishing before it', async () => {
    const cadence = new ScrapeCadence(now);
    const { poller, starts } = autoPoller(cadence, 40);
    poller.start();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(starts.map((t) => t - T0)).toEqual([0, 5000, 10_000, 15_000, 20_000]);
    expect(poller.intervalMs).toBe(5000);

    // Prometheus at 15 s, out of phase with the polls.
    const s = scraper(cadence, starts, 15_000, 2_300);
    await vi.advanceTimersByTimeAsync(300_000);
    expect(poller.intervalMs).toBe(15_000);
    const settled = s.seen.slice(4);
    expect(settled.length).toBeGreaterThanOrEqual(15);
    for (const [i, x] of settled.entries()) {
      // Exactly one poll between two scrapes, and what a scrape reads is no older than the lead (250 ms).
      if (i > 0) expect(x.polls - (settled[i - 1]?.polls ?? 0)).toBe(1);
      expect(x.age).toBeGreaterThan(0);
      expect(x.age).toBeLessThanOrEqual(250);
    }
    s.stop();
    await poller.stop();
  });

  it('falls back to a poll every 5 s once scrapes stop for 3 intervals', async () => {
    const cadence = new ScrapeCadence(now);
    const { poller, starts } = autoPoller(cadence);
    poller.start();
    const s = scraper(cadence, starts, 10_000, 1000);
    await vi.advanceTimersByTimeAsync(100_000);
    expect(poller.intervalMs).toBe(10_000);
    s.stop();
    const stoppedAt = Date.now();
    await vi.advanceTimersByTimeAsync(100_000);
    expect(poller.intervalMs).toBe(5000);
    const after = starts.filter((t) => t > stoppedAt + 40_000);
    const gaps = after.slice(1).map((t, i) => t - (after[i] as number));
    expect(gaps.length).toBeGreaterThanOrEqual(10);
    expect(new Set(gaps)).toEqual(new Set([5000]));
    await poller.stop();
  });

  it('widens the lead to twice the slowest recent poll, so a slow poll still ends before the scrape', async () => {
    const cadence = new ScrapeCadence(now);
    const { poller, starts } = autoPoller(cadence, 900);
    poller.start();
    const s = scraper(cadence, starts, 15_000, 500);
    await vi.advanceTimersByTimeAsync(200_000);
    for (const x of s.seen.slice(4)) {
      // Started 1800 ms (2 × 900) before the scrape: done 900 ms before it.
      expect(x.age).toBe(1800);
    }
    s.stop();
    await poller.stop();
  });

  it('moves a poll planned under the 5 s fallback earlier when a 1 s scrape interval is learned', async () => {
    const cadence = new ScrapeCadence(now);
    const { poller, starts } = autoPoller(cadence);
    poller.start();
    await vi.advanceTimersByTimeAsync(100);
    // Two scrapes 1 s apart, right after the first poll: the next poll must not wait for the 5 s timer.
    cadence.scraped();
    await vi.advanceTimersByTimeAsync(1000);
    cadence.scraped();
    await vi.advanceTimersByTimeAsync(1000);
    expect(starts.length).toBe(2);
    expect((starts[1] as number) - T0).toBeLessThan(2100);
    await poller.stop();
  });

  it('does not call a snapshot stale when scrapes stop and the interval drops to 5 s before the next planned poll', async () => {
    const cadence = new ScrapeCadence(now);
    const poller = new Poller({
      target: 't',
      intervalMs: 5000,
      schedule: autoSchedule(cadence),
      pollMaxMs: 1000,
      poll: async () => ({ snapshot: { ...emptySnapshot('t'), polledAt: Date.now() / 1000 }, extras: {} }),
      stale: () => ({ ...emptySnapshot('t'), polledAt: -1 }),
    });
    // 60 s learned from two scrapes, then none: polls stay 60 s apart until one sees the lapse.
    cadence.scraped();
    vi.advanceTimersByTime(60_000);
    cadence.scraped();
    poller.start();
    await vi.advanceTimersByTimeAsync(210_000);
    // 3 intervals after the last scrape the interval is 5 s, but the last poll planned a 60 s gap.
    expect(poller.intervalMs).toBe(5000);
    expect(poller.snapshot.polledAt).toBeGreaterThan(0);
    expect(Date.now() / 1000 - poller.snapshot.polledAt).toBeGreaterThan(11);
    await poller.stop();
  });

  it('a fixed interval is the same as before: every interval from the start of the last poll', () => {
    const f = fixedSchedule(7000, now);
    expect(f.nextStart(100, 5000)).toBe(7100);
    expect(f.intervalMs()).toBe(7000);
  });
});
