import { performance } from 'node:perf_hooks';
import { DeadlineError } from '../errors.js';

/** One poll's deadline: `at` is performance.now() time; `timeoutMs` is --poll.timeout, for messages and the host reserve. */
export interface Deadline {
  readonly at: number;
  readonly timeoutMs: number;
}

export function deadlineIn(timeoutMs: number): Deadline {
  return { at: performance.now() + timeoutMs, timeoutMs };
}

/** A deadline that never passes: for replays of captured inputs. */
export const NO_DEADLINE: Deadline = { at: Infinity, timeoutMs: Infinity };

/**
 * `work`, or a DeadlineError at `deadlineAt` (performance.now() time), whichever comes first.
 * The timer's rejection waits one turn of the loop (setImmediate runs after pending I/O): when our
 * own loop was blocked past the deadline (a GC, a module loaded on first use), a reply that came
 * in meanwhile wins, and Redis is not blamed for our stall.
 */
export function withDeadline<T>(work: Promise<T>, deadlineAt: number, timeoutMs: number): Promise<T> {
  if (deadlineAt === Infinity) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => setImmediate(() => reject(new DeadlineError(timeoutMs))), Math.max(0, deadlineAt - performance.now()));
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
