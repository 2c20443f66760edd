import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallWatch } from '../../src/redis/call-watch.js';

afterEach(() => vi.restoreAllMocks());

const never = () => new Promise<string>(() => undefined);

class Expired extends Error {}

describe('CallWatch', () => {
  it('arms one timer for calls in flight together, and clears it with the last reply', async () => {
    const armed = vi.spyOn(globalThis, 'setTimeout');
    const cleared = vi.spyOn(globalThis, 'clearTimeout');
    let expired = 0;
    const watch = new CallWatch(
      5000,
      () => expired++,
      () => new Expired(),
    );
    const replies = await Promise.all([watch.bound(Promise.resolve('a')), watch.bound(Promise.resolve('b')), watch.bound(Promise.reject(new Error('refused')).catch((e: Error) => e.message))]);
    expect(replies).toEqual(['a', 'b', 'refused']);
    expect(armed).toHaveBeenCalledTimes(1);
    expect(cleared).toHaveBeenCalledTimes(1);
    expect([watch.inFlight, expired]).toEqual([0, 0]);
  });

  it('a call that outlives its time fails and drops the connection once; calls that answered are untouched', async () => {
    let expired = 0;
    const watch = new CallWatch(
      20,
      () => expired++,
      () => new Expired(),
    );
    const answered = watch.bound(Promise.resolve('ok'));
    const stuck = [watch.bound(never()), watch.bound(never())];
    await expect(answered).resolves.toBe('ok');
    for (const s of stuck) await expect(s).rejects.toBeInstanceOf(Expired);
    expect([watch.inFlight, expired]).toEqual([0, 1]);
  });

  it('a call started later gets its own full time (the timer is re-armed for it, never fires it early)', async () => {
    let expired = 0;
    const watch = new CallWatch(
      60,
      () => expired++,
      () => new Expired(),
    );
    const first = watch.bound(never());
    await new Promise((r) => setTimeout(r, 40));
    const lateStart = performance.now();
    let lateAt = 0;
    const late = watch.bound(never());
    void late.catch(() => (lateAt = performance.now()));
    await expect(first).rejects.toBeInstanceOf(Expired);
    await expect(late).rejects.toBeInstanceOf(Expired);
    // A lower bound only (load can only make it later): the late call was not cut by the first call's timer.
    // A timer may fire up to ~1 ms before its time by performance.now(); hence 55, not 60.
    expect(lateAt - lateStart).toBeGreaterThanOrEqual(55);
    expect(watch.inFlight).toBe(0);
    expect(expired).toBeGreaterThanOrEqual(1);
  });
});
