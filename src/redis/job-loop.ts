/** A step that throws (a bug: steps catch their own failures) is tried again after this long. */
const STEP_THREW_DELAY_MS = 60_000;

export interface JobLoopOptions {
  /** One unit of work; resolves to how long to wait before the next one (its backoff included). */
  readonly step: () => Promise<number>;
  /** Cuts a call in flight (the job's Redis connection), so stop() never waits on a hung server. */
  readonly interrupt: () => void;
  /** Releases what the job holds (its connection), after the last step. */
  readonly close: () => Promise<void>;
}

/**
 * The schedule of a background job on its own Redis connection (the big-key scan, the key
 * checks): steps one after another with the pause each asks for, never two at once; stop()
 * wakes a pause at once, cuts a step in flight, waits for it and then closes.
 */
export class JobLoop {
  private stopped = true;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: JobLoopOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    this.opts.interrupt();
    await this.loop;
    await this.opts.close();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const delay = await this.opts.step().catch(() => STEP_THREW_DELAY_MS);
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}
