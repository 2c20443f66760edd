import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineError } from '../../src/errors.js';
import { Deadline, deadlineIn, NO_DEADLINE } from '../../src/poll/deadline.js';

afterEach(() => vi.restoreAllMocks());

/** Blocks this thread, as a module evaluated on first use or a long GC does. */
function stallFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose
  }
}

const never = () => new Promise<string>(() => undefined);

describe('Deadline', () => {
  it('rejects with a DeadlineError when the work does not finish in time', async () => {
    const d = deadlineIn(5);
    await expect(d.race(never())).rejects.toBeInstanceOf(DeadlineError);
    d.end();
  });

  it('lets a reply that arrived while our own loop was stalled win over the late timer', async () => {
    let answer: (v: string) => void = () => undefined;
    const work = new Promise<string>((resolve) => (answer = resolve));
    const d = deadlineIn(5);
    const raced = d.race(work);
    // The reply is due after the deadline's timer, but both are overdue when the loop wakes up.
    setTimeout(() => answer('reply'), 10);
    stallFor(30);
    await expect(raced).resolves.toBe('reply');
    d.end();
  });

  it('passes the work through untouched without a deadline', async () => {
    await expect(NO_DEADLINE.race(Promise.resolve(7))).resolves.toBe(7);
  });

  it('arms one timer for every race of a poll, and every pending race fails at the deadline', async () => {
    const armed = vi.spyOn(globalThis, 'setTimeout');
    const d = deadlineIn(20);
    const done = await Promise.all([d.race(Promise.resolve(1)), d.race(Promise.resolve(2))]);
    expect(done).toEqual([1, 2]);
    const pending = [d.race(never()), d.race(never()), d.race(never())];
    await Promise.all(pending.map((p) => expect(p).rejects.toBeInstanceOf(DeadlineError)));
    expect(armed).toHaveBeenCalledTimes(1);
    d.end();
  });

  it('end() clears the timer: a race still pending then never times out, and nothing fires', async () => {
    const cleared = vi.spyOn(globalThis, 'clearTimeout');
    const d = new Deadline(performance.now() + 10, 10);
    let settled = false;
    void d.race(never()).then(
      () => (settled = true),
      () => (settled = true),
    );
    d.end();
    expect(cleared).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(settled).toBe(false);
  });
});
