import { emitPollRecord, type PollRecord } from '../collectors/exporter-compat.js';
import type { Collector, FetchContext, PollExtras } from '../collectors/types.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../config/thresholds.js';
import { addFindingSamples, diagnose } from '../doctor/index.js';
import { DoctorMemory } from '../doctor/hold.js';
import type { DoctorAddress, Rule } from '../doctor/types.js';
import { withNamespace } from '../exposition/namespace.js';
import { SampleSink, type Sample } from '../exposition/sample.js';
import { labelPairs, renderFamilies, RenderReuse, withFamilies } from '../exposition/text-format.js';
import type { Logger } from '../log.js';
import type { ParsedInfo } from '../parse/info.js';
import { refusalText, type ClassifiedError } from '../redis/classify-error.js';
import type { RedisSource } from '../redis/connection.js';
import { deadlineIn } from './deadline.js';
import { keptForNextPoll } from './kept-info.js';
import { PollHealth } from './health.js';
import { PollNotices } from './notices.js';
import { EMPTY_INFO, RedisReads, type RedisRead } from './redis-reads.js';
import { commandsWithInfo } from './send-ahead.js';
import { FAMILIES as POLL_FAMILIES, runPoll, type PollResult } from './run-poll.js';
import { intervalNow } from './schedule.js';
import { capSamples, DroppedSeries } from './series-caps.js';
import { fieldsOf, makeSnapshot, type Snapshot } from './snapshot.js';

export interface TargetPollOptions {
  readonly target: string;
  readonly source: RedisSource;
  /** The poll interval, or how to ask for it now (--poll.interval=auto moves it at run time). */
  readonly intervalMs: number | (() => number);
  readonly timeoutMs: number;
  readonly configIntervalMs: number;
  readonly compat: boolean;
  /** --namespace: prefix in place of `redis` on the Redis series (default redis). */
  readonly namespace?: string;
  readonly logger: Logger;
  readonly collectors: readonly Collector[];
  /** Doctor thresholds (defaults when omitted). */
  readonly thresholds?: Thresholds;
  /** Doctor rules to run (all when omitted; --doctor.disable removes some). */
  readonly rules?: readonly Rule[];
  /** Where the target is, for remedies that name its host, port and paths. */
  readonly address?: DoctorAddress;
  /** Configured labels of this target, on every series it serves. */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Render series with `target="<name>"` first, so /metrics can merge this target with others by
   * concatenation (multi-target and cluster discovery); /scrape?target= still serves it without.
   */
  readonly targetLabel?: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface PollOutcome {
  readonly snapshot: Snapshot;
  /** What the collectors fetched (cluster discovery reads CLUSTER NODES from it). */
  readonly extras: PollExtras;
}

/**
 * One poll of one target, start to snapshot: INFO/CONFIG, the collectors (runPoll), the doctor,
 * the poll's own health, rendering. It keeps what must outlive a poll: the Redis reads' state
 * (backoff, CONFIG age), the health counters, and the previous good INFO for the doctor's
 * "grew since the last poll" rules.
 */
export class TargetPoll {
  private readonly reads: RedisReads;
  private readonly notices: PollNotices;
  private readonly health = new PollHealth();
  private previousGood: { info: ParsedInfo; polledAt: number } | undefined;
  /** Held doctor verdicts ("grew since the last poll" rules stay failing long enough to be scraped). */
  private readonly doctorMemory = new DoctorMemory();
  private readonly seriesLabels: Readonly<Record<string, string>> | undefined;
  private readonly targetPair: string | undefined;
  private readonly dropped: DroppedSeries;
  /** The last poll's redis_exporter_* record: a stale snapshot serves it as failed (compat). */
  private lastPoll: PollRecord | undefined;
  /** run_id of the last successful poll: which commands can go with INFO (undefined after a failed poll). */
  private lastRunId: string | undefined;
  /** The last poll's render, whose lines the next reuses where they are the same. */
  private readonly renderReuse: RenderReuse;

  constructor(private readonly opts: TargetPollOptions) {
    this.dropped = new DroppedSeries();
    this.notices = new PollNotices(opts.logger, opts.target);
    this.reads = new RedisReads(opts.source, opts, this.notices);
    const labels = opts.labels ?? {};
    if (opts.targetLabel) {
      this.seriesLabels = { target: opts.target, ...labels };
      this.targetPair = labelPairs({ target: opts.target });
    } else {
      this.seriesLabels = Object.keys(labels).length > 0 ? labels : undefined;
    }
    // A target served on its own (no target label to strip) renders its bytes directly.
    this.renderReuse = new RenderReuse(!opts.targetLabel);
  }

  /**
   * One poll. `current` is the snapshot being served; `swap` replaces it at once with the same
   * series and polls_total counting this poll, so a poll in flight shows (polls_total ahead of
   * redis_vitals_poll_duration_seconds_count) while every other series stays the last poll's.
   */
  async run(current: Snapshot, swap: (s: Snapshot) => void): Promise<PollOutcome> {
    const { target, logger, source } = this.opts;
    swap(makeSnapshot({ ...fieldsOf(current), families: withFamilies(current.families, renderFamilies([this.health.start()], this.seriesLabels)) }, this.targetPair));
    const startedNs = process.hrtime.bigint();
    const now = Date.now() / 1000;
    const deadline = deadlineIn(this.opts.timeoutMs);
    let read: RedisRead;
    let result: PollResult;
    try {
      const withInfo = this.lastRunId === undefined ? [] : commandsWithInfo(this.opts.collectors, this.lastRunId, source, this.opts);
      read = await this.reads.read(deadline, withInfo);
      // Host collectors still get the last known CONFIG (for the data dir) while Redis is down.
      // Echoed command arguments can hold key names: they never reach the err label.
      const poll = { startedNs, error: read.error ? refusalText(read.error.message) : undefined, connectSeconds: source.takeConnectSeconds() };
      const ctx: Mutable<FetchContext> = { source, info: read.info, infoAtMs: read.infoAtMs, config: read.config, redisUp: read.error === undefined, now, target, logger, poll };
      try {
        result = await runPoll(this.opts.collectors, ctx, deadline, { compat: this.opts.compat });
      } finally {
        // The context outlives the poll (HostReader keeps the last one to tell polls apart): it lets
        // go of INFO, whose values are slices keeping the whole reply text alive between polls.
        ctx.info = EMPTY_INFO;
      }
    } finally {
      // The poll's one deadline timer (armed by INFO) goes with the fetching, and so do replies sent ahead that no fetch took.
      deadline.end();
      source.forgetAhead();
    }
    const up = read.error === undefined;
    this.lastRunId = up ? (read.info.fields.get('run_id') ?? '') : undefined;
    const findings = diagnose(
      {
        target,
        ...(this.opts.address ? { address: this.opts.address } : {}),
        up,
        error: read.error,
        info: up ? read.info : undefined,
        config: read.config,
        extras: result.extras,
        previous: this.previousGood,
        now,
        thresholds: this.opts.thresholds ?? DEFAULT_THRESHOLDS,
        memory: this.doctorMemory,
      },
      this.opts.rules,
      (rule, err) => logger.error({ target, rule, error: (err as Error).message }, 'doctor rule failed'),
    );
    if (up) this.previousGood = { info: keptForNextPoll(read.info), polledAt: now };
    this.lastPoll = result.extras.poll ?? this.lastPoll;
    // The doctor's series go after the collectors', in the same list (no copies of the list).
    addFindingSamples(findings, new SampleSink(true, result.samples));
    const durationSeconds = Number(process.hrtime.bigint() - startedNs) / 1e9;
    const capped = capSamples(result.samples);
    this.dropped.count(capped.dropped, result.extras.bigkeys?.lastPass);
    // --namespace renames the Redis series only; the exporter's own redis_vitals_* health keeps its name.
    const samples = withNamespace(capped.kept, this.opts.namespace ?? 'redis');
    const health = this.health.finish({ now, up, durationSeconds, error: read.error, collectors: result.collectors, intervalSeconds: intervalNow(this.opts.intervalMs) / 1000 });
    for (let i = 0; i < health.length; i++) samples.push(health[i] as Sample);
    this.dropped.samples(samples);
    const families = renderFamilies(samples, this.seriesLabels, this.renderReuse);
    const collectors = new Map<string, boolean>();
    result.collectors.forEach((h, name) => collectors.set(name, h.success));
    const snapshot = makeSnapshot({ target, up, polledAt: now, durationSeconds, families, error: read.error, collectors, findings }, this.targetPair);
    return { snapshot, extras: result.extras };
  }

  /** Shutdown is about to cut the poll in flight: its failure is ours, not Redis's, and is not logged. */
  closing(): void {
    this.notices.close();
  }

  /**
   * What stands in for a snapshot no poll refreshed in time (Poller.snapshot): redis_up 0 and
   * the doctor's verdict on a target that cannot be polled, reason `stale`. Nothing is fetched.
   */
  stale(ageSeconds: number): Snapshot {
    const { target, logger } = this.opts;
    const now = Date.now() / 1000;
    const error: ClassifiedError = { reason: 'stale', message: `no poll has completed for ${Math.round(ageSeconds)}s (one is due every ${intervalNow(this.opts.intervalMs) / 1000}s)` };
    const findings = diagnose(
      {
        target,
        ...(this.opts.address ? { address: this.opts.address } : {}),
        up: false,
        error,
        info: undefined,
        config: undefined,
        extras: {},
        previous: undefined,
        now,
        thresholds: this.opts.thresholds ?? DEFAULT_THRESHOLDS,
      },
      this.opts.rules,
      (rule, err) => logger.error({ target, rule, error: (err as Error).message }, 'doctor rule failed'),
    );
    const sink = new SampleSink(this.opts.compat);
    sink.emit(POLL_FAMILIES.up, 0);
    // redis_exporter's "exporter failing" alerts must see this as a failed scrape, not lose the series.
    if (this.lastPoll) emitPollRecord({ ...this.lastPoll, error: error.message }, sink);
    addFindingSamples(findings, sink);
    // The health series stay, as the last poll left them: time() - last_poll_timestamp is the age.
    const families = renderFamilies([...withNamespace(sink.samples, this.opts.namespace ?? 'redis'), ...this.health.current(), ...this.dropped.samples()], this.seriesLabels);
    return makeSnapshot({ target, up: false, polledAt: now, durationSeconds: 0, families, error, collectors: new Map(), findings }, this.targetPair);
  }
}
