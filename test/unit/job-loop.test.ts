import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobLoop } from '../../src/redis/job-loop.js';

/** The background jobs' schedule (big keys, key checks), with fake timers and steps that record. */
function recorder(delays: (number | Error)[]) {
  const events: string[] = [];
  let n = 0;
  let hold: ((v: number) => void) | undefined;
  const loop = new JobLoop({
    step: async () => {
      const i = n++;
      events.push(`step ${i} at ${Date.now() - 1_000_000}`);
      const d = delays[i] ?? 1000;
      if (d instanceof Error) throw d;
      if (d < 0) return new Promise<number>((resolve) => (hold = resolve));
      return d;
    },
    interrupt: () => events.push('interrupt'),
    close: async () => {
      events.push('close');
    },
  });
  return { loop, events, release: (v = 1000) => hold?.(v) };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('JobLoop', () => {
  it('runs a step at once, then each after the pause the previous one asked for', async () => {
    const r = recorder([500, 2000, 100]);
    r.loop.start();
    r.loop.start(); // a second start does not start a second loop
    await vi.advanceTimersByTimeAsync(2700);
    expect(r.events).toEqual(['step 0 at 0', 'step 1 at 500', 'step 2 at 2500', 'step 3 at 2600']);
    await r.loop.stop();
  });

  it('stop() wakes a pause at once, interrupts, and closes after the loop ended; nothing runs after', async () => {
    const r = recorder([60_000]);
    r.loop.start();
    await vi.advanceTimersByTimeAsync(10);
    await r.loop.stop();
    expect(r.events).toEqual(['step 0 at 0', 'interrupt', 'close']);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(r.events).toHaveLength(3);
  });

  it('stop() during a step interrupts it and waits for it before closing; no step follows', async () => {
    const r = recorder([-1]);
    r.loop.start();
    await vi.advanceTimersByTimeAsync(10);
    const stopping = r.loop.stop();
    await vi.advanceTimersByTimeAsync(10);
    expect(r.events).toEqual(['step 0 at 0', 'interrupt']);
    r.release(0);
    await stopping;
    expect(r.events).toEqual(['step 0 at 0', 'interrupt', 'close']);
  });

  it('a step that throws does not end the job: it is tried again a minute later', async () => {
    const r = recorder([new Error('bug'), 1000]);
    r.loop.start();
    await vi.advanceTimersByTimeAsync(59_999);
    expect(r.events).toEqual(['step 0 at 0']);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.events).toEqual(['step 0 at 0', 'step 1 at 60000']);
    await r.loop.stop();
  });

  it('can be started again after a stop', async () => {
    const r = recorder([1000, 1000]);
    r.loop.start();
    await vi.advanceTimersByTimeAsync(10);
    await r.loop.stop();
    r.loop.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(r.events.filter((e) => e.startsWith('step'))).toHaveLength(2);
    await r.loop.stop();
  });
});
