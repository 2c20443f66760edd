import type { PollExtras } from '../collectors/types.js';
import type { LoopLag } from '../exposition/loop-lag.js';
import type { Limiter } from './limiter.js';
import { fixedSchedule, type PollSchedule } from './schedule.js';
import { emptySnapshot, type Snapshot } from './snapshot.js';
import type { PollOutcome } from './target-poll.js';

export interface BackgroundJob {
  start(): void;
  stop(): Promise<void>;
}

export interface PollerOptions {
  readonly target: string;
  readonly intervalMs: number;
  /** When polls run (--poll.interval=auto follows the scrapes); a fixed `intervalMs` without it. */
  readonly schedule?: PollSchedule;
  /**
   * One poll, start to snapshot (TargetPoll.run in the exporter; anything in tests). It may
   * `swap` in a snapshot to serve while it runs; the one it returns is served after.
   */
  readonly poll: (current: Snapshot, swap: (s: Snapshot) => void) => Promise<PollOutcome>;
  /** Releases what the polls hold (the Redis connection), after the last poll. */
  readonly close?: () => Promise<void>;
  /** Cuts what a poll in flight waits on (the Redis connection), so stop() never waits it out. */
  readonly interrupt?: () => void;
  /**
   * Stands in for a snapshot older than a fresh one can be (see `snapshot`); its age in seconds.
   * Without it, the last snapshot is served whatever its age.
   */
  readonly stale?: (ageSeconds: number) => Snapshot;
  /** With `stale`: polls may run this long (1.25 × --poll.timeout, host collectors included). */
  readonly pollMaxMs?: number;
  /** Shared bound on concurrent polls across targets. */
  readonly limiter?: Limiter;
  /** Called after each snapshot swap, with what the collectors fetched (cluster discovery hooks in here). */
  readonly onSnapshot?: (s: Snapshot, extras: PollExtras) => void;
  /** Work on its own schedule that lives and dies with this target (the big-key scan). */
  readonly jobs?: readonly BackgroundJob[];
  /** Poll timers are set through this: how late they fire is the event-loop-lag metric. */
  readonly loopLag?: LoopLag;
}

/** How many recent polls the schedule's lead is sized on. */
const RECENT_POLLS = 8;

/**
 * Schedules the polls of one target as its PollSchedule says (a fixed interval counted from the
 * start of the last poll, or auto), never two at once (a poll asked for while one runs joins
 * it), each behind the shared limiter. It swaps in each poll's snapshot whole; what a poll does
 * is not its business.
 */
export class Poller {
  private current: Snapshot;
  /** The stale stand-in for `current`, built once per snapshot that outlives its age. */
  private staleOf: { of: Snapshot; snapshot: Snapshot } | undefined;
  /** Set by stop(): a poll waiting for a slot is cancelled, one in flight has its connection cut. */
  private readonly closing = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<Snapshot> | undefined;
  private stopped = true;
  private completedPolls = 0;
  private readonly schedule: PollSchedule;
  /** Poll durations counted from when each was due (timer and limiter lateness included). */
  private readonly recent: number[] = [];
  /** The last scheduled poll: when it was planned from, and when it is due (schedule clock). */
  private plan: { readonly from: number; readonly due: number } | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly opts: PollerOptions) {
    this.current = emptySnapshot(opts.target);
    this.schedule = opts.schedule ?? fixedSchedule(opts.intervalMs);
  }

  /** The interval in effect now, in ms (it moves with the scrapes under auto). */
  get intervalMs(): number {
    return this.schedule.intervalMs();
  }

  /**
   * The latest snapshot, unless it is older than a fresh one can be: a poll starts every
   * interval and ends within pollMaxMs, so past 2 × interval + pollMaxMs a poll was missed
   * (stuck waiting for a slot, or a stall). Such a snapshot is never served as fresh: `stale`
   * replaces it (redis_up 0, reason `stale`) until a poll completes.
   */
  get snapshot(): Snapshot {
    const s = this.current;
    const { stale, pollMaxMs = 0 } = this.opts;
    if (!stale || s.polledAt === 0 || this.stopped) return s;
    const age = Date.now() / 1000 - s.polledAt;
    // The longer of the interval now and the gap planned last: an interval that just shrank
    // (auto) does not make the snapshot of a poll planned under the old one stale.
    const gapMs = Math.max(this.schedule.intervalMs(), this.plan ? this.plan.due - this.plan.from : 0);
    if (age <= (2 * gapMs + pollMaxMs) / 1000) return s;
    if (this.staleOf?.of !== s) this.staleOf = { of: s, snapshot: stale(age) };
    return this.staleOf.snapshot;
  }

  /** True once a poll has completed (successfully or not): the /-/ready condition. */
  get ready(): boolean {
    return this.completedPolls > 0;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.schedule.onChange(() => this.replan());
    void this.tick();
    for (const j of this.opts.jobs ?? []) j.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    // Shutdown and a removed target never wait out a hung Redis or a queue of polls.
    this.closing.abort();
    this.opts.interrupt?.();
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
      this.running = (limiter ? limiter.run(() => this.poll(), this.closing.signal) : this.poll()).finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const { now } = this.schedule;
    const started = now();
    const due = this.plan ? Math.min(this.plan.due, started) : started;
    this.timer = undefined;
    // Rejects only when stop() cancelled a poll still waiting for its slot.
    await this.pollOnce().catch(() => undefined);
    if (this.stopped) return;
    this.recent.push(now() - due);
    if (this.recent.length > RECENT_POLLS) this.recent.shift();
    // Planned from the start of this poll so the cadence holds; a long poll never overlaps the next.
    this.arm(started);
  }

  private arm(from: number): void {
    const due = this.schedule.nextStart(from, Math.max(...this.recent, 0));
    this.plan = { from, due };
    const tick = () => void this.tick();
    const delay = Math.max(0, due - this.schedule.now());
    // Through loopLag: how late this timer fires is the event-loop-lag sample (no timer of its own).
    this.timer = this.opts.loopLag ? this.opts.loopLag.setTimeout(tick, delay) : setTimeout(tick, delay);
  }

  /**
   * The schedule moved (auto learned or changed the scrape interval): a poll waiting for a timer
   * planned under the old one is moved earlier when the new plan says so. Never later: a plan
   * that kept moving could starve the target.
   */
  private replan(): void {
    if (this.stopped || !this.timer || !this.plan) return;
    const due = this.schedule.nextStart(this.plan.from, Math.max(...this.recent, 0));
    if (due >= this.plan.due) return;
    clearTimeout(this.timer);
    this.arm(this.plan.from);
  }

  private async poll(): Promise<Snapshot> {
    if (this.closing.signal.aborted) return this.current;
    const outcome = await this.opts.poll(this.current, (s) => (this.current = s));
    this.current = outcome.snapshot;
    // The stand-in and the snapshot it stood for (its whole render) are not kept until the next stale one.
    this.staleOf = undefined;
    this.completedPolls++;
    this.opts.onSnapshot?.(outcome.snapshot, outcome.extras);
    return outcome.snapshot;
  }
}
