import type { Logger } from '../log.js';
import { collectSamples } from './collect.js';
import type { Collector, Fetcher, PollExtras } from '../collectors/types.js';
import { addFindingSamples, diagnose } from '../doctor/index.js';
import { previousForDoctor } from '../doctor/read.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../config/thresholds.js';
import { missingInfoSections } from './info-sections.js';
import { labelPairs, renderFamilies } from '../exposition/text-format.js';
import { SampleSink } from '../exposition/sample.js';
import { parseInfo, type ParsedInfo } from '../parse/info.js';
import type { RedisConfigValues } from '../parse/config.js';
import type { Limiter } from './limiter.js';
import type { SelfMetrics } from '../exposition/self-metrics.js';
import { DeadlineError, runFetchers, withDeadline, type Fetched } from './deadline.js';
import { emptySnapshot, makeSnapshot, type Snapshot } from './snapshot.js';
import { classifyRedisError, type ClassifiedError } from '../redis/classify-error.js';
import type { RedisSource } from '../redis/connection.js';

export interface PollerOptions {
  readonly target: string;
  readonly source: RedisSource;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly configIntervalMs: number;
  readonly compat: boolean;
  readonly logger: Logger;
  readonly self: SelfMetrics;
  readonly collectors?: readonly Collector[];
  readonly fetchers?: readonly Fetcher[];
  /** Doctor thresholds (defaults when omitted). */
  readonly thresholds?: Thresholds;
  /** Configured labels of this target, on every series it serves. */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Render series with `target="<name>"` first, so /metrics can merge this target with others by
   * concatenation (multi-target and cluster discovery); /scrape?target= still serves it without.
   */
  readonly targetLabel?: boolean;
  /** Shared bound on concurrent polls across targets. */
  readonly limiter?: Limiter;
  /** Called after each snapshot swap, with what the fetchers gathered (cluster discovery hooks in here). */
  readonly onSnapshot?: (s: Snapshot, extras: PollExtras) => void;
  /** Work on its own schedule that lives and dies with this target (the big-key scan). */
  readonly jobs?: readonly BackgroundJob[];
}

export interface BackgroundJob {
  start(): void;
  stop(): Promise<void>;
}

const BACKOFF_BASE_MS = 500;
const EMPTY_INFO = parseInfo('');


/**
 * Polls one target on an interval: never two polls at once, each bounded by a deadline,
 * reconnects with capped exponential backoff, and logs state changes rather than every failure.
 */
export class Poller {
  private current: Snapshot;
  /** The stale stand-in for `current`, built once per snapshot that outlives maxAgeSeconds. */
  private stale: { of: Snapshot; snapshot: Snapshot } | undefined;
  /** Set by stop(): a poll waiting for a slot is cancelled, one in flight has its connection cut. */
  private readonly closing = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<Snapshot> | undefined;
  private stopped = true;
  private config: RedisConfigValues | undefined;
  private configFetchedAt = -Infinity;
  private failures = 0;
  private retryAt = 0;
  private lastError: unknown;
  private lastErrorReason: string | undefined;
  private completedPolls = 0;
  /** INFO of the last successful poll, for the doctor's "grew since the last poll" rules. */
  private previousGood: { info: ParsedInfo; polledAt: number } | undefined;
  private missingSections = '';

  private readonly seriesLabels: Readonly<Record<string, string>> | undefined;
  private readonly targetPair: string | undefined;

  constructor(private readonly opts: PollerOptions) {
    this.current = emptySnapshot(opts.target);
    const labels = opts.labels ?? {};
    if (opts.targetLabel) {
      this.seriesLabels = { target: opts.target, ...labels };
      this.targetPair = labelPairs({ target: opts.target });
    } else {
      this.seriesLabels = Object.keys(labels).length > 0 ? labels : undefined;
    }
  }

  /**
   * The latest snapshot, unless it is older than a fresh one can be: a poll starts every
   * interval and ends within 1.25 × timeout, so past 2 × interval + 1.25 × timeout a poll was
   * missed (stuck waiting for a slot, or a stall). Such a snapshot is never served as fresh: it
   * is replaced by a failed one with reason `stale` (redis_up 0, the doctor's redis-unreachable).
   */
  get snapshot(): Snapshot {
    const s = this.current;
    if (s.polledAt === 0 || this.stopped) return s;
    const now = Date.now() / 1000;
    const maxAge = (2 * this.opts.intervalMs + 1.25 * this.opts.timeoutMs) / 1000;
    if (now - s.polledAt <= maxAge) return s;
    if (this.stale?.of !== s) {
      const error: ClassifiedError = { reason: 'stale', message: `no poll has completed for ${Math.round(now - s.polledAt)}s (a poll is due every ${this.opts.intervalMs / 1000}s)` };
      this.stale = { of: s, snapshot: this.build(EMPTY_INFO, false, { extras: {}, ok: new Map() }, now, error, process.hrtime.bigint()) };
    }
    return this.stale.snapshot;
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
    // Shutdown and a removed target never wait out a hung Redis or a queue of polls.
    this.closing.abort();
    this.opts.source.reset();
    await Promise.all((this.opts.jobs ?? []).map((j) => j.stop()));
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    await this.opts.source.close();
  }

  /** Stops for good: the target is gone, so its self-metric series go too. */
  async retire(): Promise<void> {
    await this.stop();
    await this.opts.self.forget(this.opts.target);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const started = Date.now();
    // Rejects only when stop() cancelled a poll still waiting for its slot.
    await this.pollOnce().catch(() => undefined);
    if (this.stopped) return;
    // Schedule from the start of this poll so the cadence holds; a long poll never overlaps the next.
    const delay = Math.max(0, started + this.opts.intervalMs - Date.now());
    this.timer = setTimeout(() => void this.tick(), delay);
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

  private async poll(): Promise<Snapshot> {
    if (this.closing.signal.aborted) return this.current;
    const { self, target } = this.opts;
    self.polls.inc({ target });
    const startedNs = process.hrtime.bigint();
    const now = Date.now() / 1000;
    const deadlineAt = performance.now() + this.opts.timeoutMs;
    let info: ParsedInfo = EMPTY_INFO;
    let error: ClassifiedError | undefined;
    try {
      if (Date.now() < this.retryAt) throw this.lastError ?? new Error('backing off');
      info = parseInfo(await withDeadline(this.fetchRedis(), deadlineAt, this.opts.timeoutMs));
      this.warnIfSentinel(info);
      this.onSuccess();
      this.reportMissingSections(info);
    } catch (err) {
      error = this.onFailure(err);
    }
    const up = error === undefined;
    const ctx = { source: this.opts.source, info, config: this.config, redisUp: up, now, target, logger: this.opts.logger };
    const fetched = await runFetchers(this.opts.fetchers ?? [], ctx, deadlineAt, this.opts.timeoutMs);
    const snapshot = this.build(info, up, fetched, now, error, startedNs);
    self.pollDuration.observe({ target }, snapshot.durationSeconds);
    this.current = snapshot;
    // Counted as the snapshot is published, never before: a scrape must not see the error counted
    // while redis_up still shows the previous poll (fetchers run in between).
    if (error) self.pollErrors.inc({ target, reason: error.reason });
    this.completedPolls++;
    this.opts.onSnapshot?.(snapshot, fetched.extras);
    return snapshot;
  }

  /** INFO every poll, CONFIG every config interval; returns the INFO text. */
  private async fetchRedis(): Promise<string> {
    const { source } = this.opts;
    const info = await source.info();
    if (Date.now() - this.configFetchedAt >= this.opts.configIntervalMs) {
      try {
        this.config = await source.configGet();
      } catch (err) {
        // CONFIG renamed or forbidden (managed Redis): INFO still works, so keep polling without it.
        const c = classifyRedisError(err);
        if (c.reason !== 'command') throw err;
        if (this.configFetchedAt === -Infinity) {
          this.opts.logger.warn({ target: this.opts.target, error: c.message }, 'CONFIG GET refused; config metrics are off (set --config-command to its renamed name, or "-" to skip it)');
        }
        this.config = undefined;
      }
      this.configFetchedAt = Date.now();
    }
    return info;
  }

  private build(
    info: ParsedInfo,
    redisUp: boolean,
    fetched: Fetched,
    now: number,
    error: ClassifiedError | undefined,
    startedNs: bigint,
  ): Snapshot {
    const { self, target } = this.opts;
    // Host collectors still get the last known CONFIG (for the data dir) while Redis is down.
    const inputs = { info, config: this.config, now, redisUp, extras: fetched.extras };
    const result = collectSamples(inputs, {
      compat: this.opts.compat,
      ...(this.opts.collectors ? { collectors: this.opts.collectors } : {}),
      onError: (collector, err) => this.opts.logger.error({ target, collector, error: (err as Error).message }, 'collector failed'),
    });
    const findings = diagnose(
      { target, up: redisUp, error, info: redisUp ? info : undefined, config: this.config, extras: fetched.extras, previous: this.previousGood, now, thresholds: this.opts.thresholds ?? DEFAULT_THRESHOLDS },
      undefined,
      (rule, err) => this.opts.logger.error({ target, rule, error: (err as Error).message }, 'doctor rule failed'),
    );
    if (redisUp) this.previousGood = { info: previousForDoctor(info), polledAt: now };
    const sink = new SampleSink();
    addFindingSamples(findings, sink);
    const samples = [...result.samples, ...sink.samples];
    const collectors = new Map<string, boolean>([...fetched.ok, ...result.collectors]);
    // A fetcher's failure outranks its collector's success: the series it feeds are missing.
    for (const [name, ok] of fetched.ok) if (!ok) collectors.set(name, false);
    for (const [name, success] of collectors) self.collectorSuccess.set({ target, collector: name }, success ? 1 : 0);
    const durationSeconds = Number(process.hrtime.bigint() - startedNs) / 1e9;
    if (redisUp) self.lastPoll.set({ target }, now);
    const families = renderFamilies(samples, this.seriesLabels);
    return makeSnapshot({ target, up: redisUp, polledAt: now, durationSeconds, families, error, collectors, findings }, this.targetPair);
  }

  private sentinelWarned = false;

  /** A Sentinel answers INFO but holds no data: say once where to point the exporter instead. */
  private warnIfSentinel(info: ParsedInfo): void {
    if (this.sentinelWarned || info.fields.get('redis_mode') !== 'sentinel') return;
    this.sentinelWarned = true;
    this.opts.logger.warn({ target: this.opts.target }, 'this target is a Redis Sentinel, which holds no data: list the master and replicas it manages as targets instead (see docs/deploy.md#sentinel)');
  }

  private onSuccess(): void {
    if (this.failures > 0) this.opts.logger.info({ target: this.opts.target, failedPolls: this.failures }, 'Redis reachable again');
    else if (this.completedPolls === 0) this.opts.logger.info({ target: this.opts.target }, 'first poll succeeded');
    this.failures = 0;
    this.retryAt = 0;
    this.lastErrorReason = undefined;
    this.lastError = undefined;
  }

  /** One log line when the set of missing INFO sections changes, not one per poll. */
  private reportMissingSections(info: ParsedInfo): void {
    const missing = missingInfoSections(info);
    const key = missing.join(',');
    if (key === this.missingSections) return;
    this.missingSections = key;
    if (missing.length === 0) return;
    this.opts.logger.warn(
      { target: this.opts.target, sections: missing, redisVersion: info.fields.get('redis_version') ?? 'unknown' },
      `INFO has no ${missing.join(', ')} section${missing.length > 1 ? 's' : ''} (older Redis or a proxy?); the metrics read from ${missing.length > 1 ? 'them' : 'it'} are absent`,
    );
  }

  private onFailure(err: unknown): ClassifiedError {
    const { target, logger, source } = this.opts;
    const classified: ClassifiedError =
      source.tlsHandshakeStalled && (err instanceof DeadlineError || ['timeout', 'deadline'].includes(classifyRedisError(err).reason))
        ? { reason: 'tls', message: 'TLS handshake got no answer: is this port serving TLS? (rediss:// against a plain-TCP Redis hangs like this)' }
        : err instanceof DeadlineError
          ? { reason: 'deadline', message: err.message }
          : classifyRedisError(err);
    // A missed deadline may leave a reply pending on the socket; a fresh connection cannot pile up behind it.
    if (err instanceof DeadlineError) source.reset();
    const backingOff = err === this.lastError && Date.now() < this.retryAt;
    if (!backingOff) {
      this.failures++;
      this.lastError = err;
      // Reconnect attempts back off up to the poll interval, so a Redis that returns is seen within one interval.
      const delay = Math.min(this.opts.intervalMs, BACKOFF_BASE_MS * 2 ** Math.min(this.failures - 1, 16));
      this.retryAt = Date.now() + delay * (0.8 + Math.random() * 0.2);
      if (classified.reason !== this.lastErrorReason) {
        logger.warn({ target, reason: classified.reason, error: classified.message }, 'cannot poll Redis; retrying with backoff');
        this.lastErrorReason = classified.reason;
      }
    }
    return classified;
  }
}
