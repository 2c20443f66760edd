/** A run() refused because the queue of waiters is full (ad-hoc /scrape answers 503). */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
}

/** A waiting run() whose caller went away before it got a slot: its work never starts. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}

/**
 * Bounds how many polls run at once across targets. Waiters are served in order, so a burst of
 * targets due together is polled in turn, and each poll's own deadline bounds how long a slot is held.
 * `maxWaiting` bounds the queue (default: unbounded, for the configured targets, whose number
 * is fixed); a waiter whose signal aborts leaves the queue without running.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly maxWaiting = Infinity,
  ) {}

  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    // A finishing run hands its slot straight to the first waiter (active stays counted), so a
    // run() arriving in between cannot take it and exceed the limit or jump the queue.
    if (this.active >= this.limit) await this.wait(signal);
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  private wait(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new CancelledError('cancelled before it started'));
    if (this.waiting.length >= this.maxWaiting) return Promise.reject(new QueueFullError(`${this.waiting.length} runs already waiting`));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new CancelledError('cancelled before it started'));
      };
      const entry = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }
}
