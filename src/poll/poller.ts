import type { PollExtras } from '../collectors/types.js';
import type { LoopLag } from '../exposition/loop-lag.js';
import type { Limiter } from './limiter.js';
import { emptySnapshot, type Snapshot } from './snapshot.js';
import type { PollOutcome } from './target-poll.js';

export interface BackgroundJob {
  start(): void;
  stop(): Promise<void>;
}

export interface PollerOptions {
  readonly target: string;
  readonly intervalMs: number;
  /**
   * One poll, start to snapshot (TargetPoll.run in the exporter; anything in tests). It may
   * `swap` in a snapshot to serve while it runs; the one it returns is served after.
   */
  readonly poll: (current: Snapshot, swap: (s: Snapshot) => void) => Promise<PollOutcome>;
  /** Releases what the polls hold (the Redis connection), after the last poll. */
  readonly close?: () => Promise<void>;
  /** Shared bound on concurrent polls across targets. */
  readonly limiter?: Limiter;
  /** Called after each snapshot swap, with what the collectors fetched (cluster discovery hooks in here). */
  readonly onSnapshot?: (s: Snapshot, extras: PollExtras) => void;
  /** Work on its own schedule that lives and dies with this target (the big-key scan). */
  readonly jobs?: readonly BackgroundJob[];
  /** Poll timers are set through this: how late they fire is the event-loop-lag metric. */
  readonly loopLag?: LoopLag;
}

/**
 * Schedules the polls of one target: one every interval, counted from the start of the last so
 * the cadence holds, never two at once (a poll asked for while one runs joins it), each behind
 * the shared limiter. It swaps in each poll's snapshot whole; what a poll does is not its business.
 */
export class Poller {
  private current: Snapshot;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<Snapshot> | undefined;
  private stopped = true;
  private completedPolls = 0;

  constructor(private readonly opts: PollerOptions) {
    this.current = emptySnapshot(opts.target);
  }

  get snapshot(): Snapshot {
    return this.current;
  }

  /** True once a poll has completed (successfully or not): the /-/ready condition. */
  get ready(): boolean {
    return this.completedPolls > 0;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.tick();
    for (const j of this.opts.jobs ?? []) j.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all((this.opts.jobs ?? []).map((j) => j.stop()));
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    await this.opts.close?.();
  }

  /** Runs one poll now (or joins the one in flight) and returns its snapshot. */
  pollOnce(): Promise<Snapshot> {
    if (!this.running) {
      const limiter = this.opts.limiter;
      this.running = (limiter ? limiter.run(() => this.poll()) : this.poll()).finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const started = Date.now();
    await this.pollOnce().catch(() => undefined);
    if (this.stopped) return;
    // Schedule from the start of this poll so the cadence holds; a long poll never overlaps the next.
    const delay = Math.max(0, started + this.opts.intervalMs - Date.now());
    const tick = () => void this.tick();
    // Through loopLag: how late this timer fires is the event-loop-lag sample (no timer of its own).
    this.timer = this.opts.loopLag ? this.opts.loopLag.setTimeout(tick, delay) : setTimeout(tick, delay);
  }

  private async poll(): Promise<Snapshot> {
    const outcome = await this.opts.poll(this.current, (s) => (this.current = s));
    this.current = outcome.snapshot;
    this.completedPolls++;
    this.opts.onSnapshot?.(outcome.snapshot, outcome.extras);
    return outcome.snapshot;
  }
}
