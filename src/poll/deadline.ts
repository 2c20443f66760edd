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
  /**
   * The rejecters of this poll's races, settled ones included (rejecting a settled promise does
   * nothing): dropping each as its work settles would take a closure per race. Let go at end().
   */
  private waiting: ((err: Error) => void)[] | undefined;
  /** The error every race gets once the deadline passed. */
  private passed: DeadlineError | undefined;
  private ended = false;

  constructor(
    readonly at: number,
    readonly timeoutMs: number,
  ) {}

  /**
   * `work`, or a DeadlineError at `at`, whichever comes first. The rejection waits one turn of
   * the loop (setImmediate runs after pending I/O): when our own loop was blocked past the
   * deadline (a GC, a module loaded on first use), a reply that came in meanwhile wins, and
   * Redis is not blamed for our stall.
   *
   * One promise and one reaction a race, where Promise.race([work, expired]) made three
   * promises and an array (a poll races INFO and each fetch that waits on I/O).
   */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.at === Infinity || this.ended) return work;
    return new Promise<T>((resolve, reject) => {
      work.then(resolve, reject);
      const passed = this.passed;
      // After the deadline: a reply already in still wins (its reaction is queued first), as with Promise.race.
      if (passed) queueMicrotask(() => reject(passed));
      else {
        (this.waiting ??= []).push(reject);
        if (this.timer === undefined) this.arm();
      }
    });
  }

  /** The poll is over: its timer goes (a race still pending then never times out). */
  end(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting = undefined;
    this.ended = true;
  }

  private arm(): void {
    this.timer = setTimeout(() => setImmediate(() => this.expire()), Math.max(0, this.at - performance.now()));
  }

  private expire(): void {
    const err = new DeadlineError(this.timeoutMs);
    this.passed = err;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) for (let i = 0; i < waiting.length; i++) (waiting[i] as (err: Error) => void)(err);
  }
}

export function deadlineIn(timeoutMs: number): Deadline {
  return new Deadline(performance.now() + timeoutMs, timeoutMs);
}

/** A deadline that never passes: for replays of captured inputs. */
export const NO_DEADLINE = new Deadline(Infinity, Infinity);
