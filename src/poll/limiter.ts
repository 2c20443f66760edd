/**
 * Bounds how many polls run at once across targets. Waiters are served in order, so a burst of
 * targets due together is polled in turn, and each poll's own deadline bounds how long a slot is held.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    // A finishing run hands its slot straight to the first waiter (active stays counted), so a
    // run() arriving in between cannot take it and exceed the limit or jump the queue.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
