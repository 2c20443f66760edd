import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { DeadlineError } from '../../src/errors.js';
import { withDeadline } from '../../src/poll/deadline.js';

/** Blocks this thread, as a module evaluated on first use or a long GC does. */
function stallFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose
  }
}

describe('withDeadline', () => {
  it('rejects with a DeadlineError when the work does not finish in time', async () => {
    const never = new Promise<string>(() => undefined);
    await expect(withDeadline(never, performance.now() + 5, 5)).rejects.toBeInstanceOf(DeadlineError);
  });

  it('lets a reply that arrived while our own loop was stalled win over the late timer', async () => {
    let answer: (v: string) => void = () => undefined;
    const work = new Promise<string>((resolve) => (answer = resolve));
    const raced = withDeadline(work, performance.now() + 5, 5);
    // The reply is due after the deadline's timer, but both are overdue when the loop wakes up.
    setTimeout(() => answer('reply'), 10);
    stallFor(30);
    await expect(raced).resolves.toBe('reply');
  });

  it('passes the work through untouched without a deadline', async () => {
    await expect(withDeadline(Promise.resolve(7), Infinity, Infinity)).resolves.toBe(7);
  });
});
