import { performance } from 'node:perf_hooks';

interface Call {
  readonly expiresAt: number;
  readonly reject: (err: Error) => void;
}

/**
 * Bounds every call on one connection to `ms`, with one timer for all the calls in flight
 * rather than a timer (and a Promise.race) per call: a poll sends its commands in batches (INFO
 * with CONFIG, then every collector's), so a batch arms one timer and its last reply clears it.
 *
 * Every call gets the same `ms`, so calls expire in the order they started (a Set keeps that
 * order): the timer is armed for the oldest call still in flight.
 */
export class CallWatch {
  private readonly calls = new Set<Call>();
  private timer: NodeJS.Timeout | undefined;
  /** The expiry the armed timer stands for (performance.now() time). */
  private armedFor = 0;

  /** `expire` runs once per firing that expired a call, before those calls are rejected (it drops the connection). */
  constructor(
    private readonly ms: number,
    private readonly expire: () => void,
    private readonly error: () => Error,
  ) {}

  /** `work`, or the watch's error once it has been in flight `ms`. */
  bound<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const call: Call = { expiresAt: performance.now() + this.ms, reject };
      this.calls.add(call);
      if (this.timer === undefined) this.arm(call.expiresAt, this.ms);
      work.then(
        (v) => {
          this.done(call);
          resolve(v);
        },
        (err: unknown) => {
          this.done(call);
          reject(err as Error);
        },
      );
    });
  }

  /** Calls in flight (for tests). */
  get inFlight(): number {
    return this.calls.size;
  }

  private done(call: Call): void {
    // Already rejected by the timer: the reply that came after is dropped.
    if (!this.calls.delete(call) || this.calls.size > 0 || this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(expiresAt: number, delay: number): void {
    this.armedFor = expiresAt;
    this.timer = setTimeout(() => this.fire(), delay);
  }

  private fire(): void {
    this.timer = undefined;
    // A timer may fire a little before performance.now() reaches its expiry: it stands for that expiry.
    const now = Math.max(performance.now(), this.armedFor);
    const expired: Call[] = [];
    for (const call of this.calls) {
      if (call.expiresAt > now) break;
      expired.push(call);
    }
    for (const call of expired) this.calls.delete(call);
    if (expired.length > 0) this.expire();
    for (const call of expired) call.reject(this.error());
    const next = this.calls.values().next();
    if (!next.done && this.timer === undefined) this.arm(next.value.expiresAt, Math.max(0, next.value.expiresAt - now));
  }
}
