import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Limiter } from '../../src/poll/limiter.js';
import { Poller, type BackgroundJob } from '../../src/poll/poller.js';
import { emptySnapshot } from '../../src/poll/snapshot.js';
import type { PollOutcome } from '../../src/poll/target-poll.js';

/**
 * The Poller only schedules: fake timers and a fake poll (no Redis, no collectors) are enough
 * to check its cadence, its no-overlap rule, its swap and its shutdown.
 */
interface FakePoll {
  readonly calls: number[];
  /** Each poll waits for this many ms of (fake) time before it completes. */
  durationMs: number;
  poll(): Promise<PollOutcome>;
}

function fakePoll(): FakePoll {
  let n = 0;
  const fake: FakePoll = {
    calls: [],
    durationMs: 0,
    async poll() {
      fake.calls.push(Date.now());
      const id = ++n;
      if (fake.durationMs > 0) await new Promise((r) => setTimeout(r, fake.durationMs));
      // polledAt tells the snapshots apart: poll number `id`.
      return { snapshot: { ...emptySnapshot('t'), polledAt: id }, extras: {} };
    },
  };
  return fake;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Poller', () => {
  it('polls at once on start, then every interval counted from the start of the last poll', async () => {
    const fake = fakePoll();
    fake.durationMs = 300;
    const poller = new Poller({ target: 't', intervalMs: 1000, poll: () => fake.poll() });
    poller.start();
    await vi.advanceTimersByTimeAsync(3500);
    // A 300 ms poll does not push the cadence back: starts at 0, 1000, 2000, 3000.
    expect(fake.calls.map((t) => t - 1_000_000)).toEqual([0, 1000, 2000, 3000]);
    await poller.stop();
  });

  it('never overlaps: a poll longer than the interval delays the next, which starts right after', async () => {
    const fake = fakePoll();
    fake.durationMs = 2500;
    const poller = new Poller({ target: 't', intervalMs: 1000, poll: () => fake.poll() });
    poller.start();
    await vi.advanceTimersByTimeAsync(6000);
    expect(fake.calls).toHaveLength(3);
    // Each starts once the last has ended (a 0 ms timer fires after 1 ms), never before.
    const gaps = fake.calls.slice(1).map((t, i) => t - (fake.calls[i] as number));
    expect(gaps.every((g) => g === 2500 || g === 2501)).toBe(true);
    const stopping = poller.stop();
    await vi.advanceTimersByTimeAsync(2500);
    await stopping;
  });

  it('pollOnce joins the poll in flight instead of starting another', async () => {
    const fake = fakePoll();
    fake.durationMs = 100;
    const poller = new Poller({ target: 't', intervalMs: 1000, poll: () => fake.poll() });
    const [a, b] = [poller.pollOnce(), poller.pollOnce()];
    await vi.advanceTimersByTimeAsync(100);
    expect(await a).toBe(await b);
    expect(fake.calls).toHaveLength(1);
  });

  it('serves what a poll swaps in while it runs, then its result; ready after the first; tells onSnapshot', async () => {
    const seen: number[] = [];
    let release: () => void = () => undefined;
    const poller = new Poller({
      target: 't',
      intervalMs: 1000,
      poll: async (current, swap) => {
        swap({ ...current, polledAt: -1 });
        await new Promise<void>((r) => (release = r));
        return { snapshot: { ...emptySnapshot('t'), polledAt: 7 }, extras: {} };
      },
      onSnapshot: (s) => seen.push(s.polledAt),
    });
    expect(poller.ready).toBe(false);
    expect(poller.snapshot.polledAt).toBe(0);
    const done = poller.pollOnce();
    await vi.advanceTimersByTimeAsync(0);
    expect(poller.snapshot.polledAt).toBe(-1);
    expect(poller.ready).toBe(false);
    release();
    await done;
    expect([poller.ready, poller.snapshot.polledAt, seen]).toEqual([true, 7, [7]]);
  });

  it('polls through the shared limiter', async () => {
    const limiter = new Limiter(1);
    const fake = fakePoll();
    fake.durationMs = 500;
    const a = new Poller({ target: 'a', intervalMs: 10_000, poll: () => fake.poll(), limiter });
    const b = new Poller({ target: 'b', intervalMs: 10_000, poll: () => fake.poll(), limiter });
    a.start();
    b.start();
    await vi.advanceTimersByTimeAsync(1000);
    // One slot: b's first poll waits for a's.
    expect(fake.calls.map((t) => t - 1_000_000)).toEqual([0, 500]);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('stop: no poll after it, the poll in flight is awaited, jobs stop, close runs last', async () => {
    const fake = fakePoll();
    fake.durationMs = 200;
    const order: string[] = [];
    const job: BackgroundJob = { start: () => order.push('job start'), stop: async () => void order.push('job stop') };
    const poller = new Poller({
      target: 't',
      intervalMs: 1000,
      poll: async () => {
        const out = await fake.poll();
        order.push('poll done');
        return out;
      },
      close: async () => void order.push('close'),
      jobs: [job],
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(100);
    const stopping = poller.stop();
    await vi.advanceTimersByTimeAsync(5000);
    await stopping;
    expect(fake.calls).toHaveLength(1);
    expect(order).toEqual(['job start', 'job stop', 'poll done', 'close']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
