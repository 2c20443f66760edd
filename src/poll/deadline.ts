import { performance } from 'node:perf_hooks';
import { DeadlineError } from '../errors.js';

/**
 * One poll's deadline, shared by INFO, CONFIG and every collector's fetch: `at` is
 * performance.now() time; `timeoutMs` is --poll.timeout, for messages and the host reserve.
 *
 * One timer per poll, armed by the first race and cleared by end(), instead of a timer, a
 * setImmediate and a Promise.race's finally per fetch: Node's timers were ~0.5 ms of a ~10 ms
 * cold poll (CPU profile, docs/performance.md "Session 7: a poll's I/O").
 */
export class Deadline {
  private timer: NodeJS.Timeout | undefined;
  /** Rejects once the deadline passed; every race of this poll races this one promise. */
  private expired: Promise<never> | undefined;

  constructor(
    readonly at: number,
    readonly timeoutMs: number,
  ) {}

  /**
   * `work`, or a DeadlineError at `at`, whichever comes first. The rejection waits one turn of
   * the loop (setImmediate runs after pending I/O): when our own loop was blocked past the
   * deadline (a GC, a module loaded on first use), a reply that came in meanwhile wins, and
   * Redis is not blamed for our stall.
   */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.at === Infinity) return work;
    this.expired ??= this.arm();
    return Promise.race([work, this.expired]);
  }

  /** The poll is over: its timer goes (a race still pending then never times out). */
  end(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): Promise<never> {
    const expired = new Promise<never>((_, reject) => {
      this.timer = setTimeout(() => setImmediate(() => reject(new DeadlineError(this.timeoutMs))), Math.max(0, this.at - performance.now()));
    });
    // Nobody may be racing it when it fires (a poll whose fetches all finished): not an unhandled rejection.
    expired.catch(() => undefined);
    return expired;
  }
}

export function deadlineIn(timeoutMs: number): Deadline {
  return new Deadline(performance.now() + timeoutMs, timeoutMs);
}

/** A deadline that never passes: for replays of captured inputs. */
export const NO_DEADLINE = new Deadline(Infinity, Infinity);
