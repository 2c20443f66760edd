import type { Sample } from '../exposition/sample.js';
import type { ClassifiedError } from '../redis/classify-error.js';
import type { CollectorHealth } from './run-poll.js';

const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const HELP = {
  lastPoll: 'Unix time the last successful poll of the target started (when its INFO was asked for); staleness shows here.',
  duration: 'Duration of polls of the target (INFO, CONFIG and collectors), failed ones included.',
  polls: 'Polls started for the target.',
  errors: 'Failed polls by reason (connection_refused, dns, timeout, deadline, auth, tls, connection_closed, loading, command, other).',
  success: '1 if the collector succeeded in the last poll, 0 if it failed.',
  collectorDuration: 'Seconds the collector took in the last poll (its fetch and collect).',
  interval: 'Poll interval in effect for the target: --poll.interval, or under auto the learned scrape interval of /metrics (5 s until it is known).',
};

export interface PollFacts {
  readonly now: number;
  readonly up: boolean;
  readonly durationSeconds: number;
  readonly error: ClassifiedError | undefined;
  readonly collectors: ReadonlyMap<string, CollectorHealth>;
  /** The poll interval in effect as the poll ends, in seconds. */
  readonly intervalSeconds?: number;
}

/**
 * The redis_vitals_* series of one target, kept with its polls rather than in a shared
 * prom-client registry: they go into the target's snapshot, so one /metrics body never shows
 * a poll's redis_up beside counters from another poll, and a removed target takes them along.
 */
export class PollHealth {
  private started = 0;
  private lastGood: number | undefined;
  private readonly errors = new Map<string, number>();
  private readonly buckets = DURATION_BUCKETS.map(() => 0);
  private durationSum = 0;
  private completed = 0;

  /** A poll starts: the polls_total series to serve while it runs. */
  start(): Sample {
    this.started++;
    return this.pollsSample();
  }

  /** A poll ended: counts it and returns every series of this target's health. */
  finish(p: PollFacts): Sample[] {
    if (p.up) this.lastGood = p.now;
    if (p.error) this.errors.set(p.error.reason, (this.errors.get(p.error.reason) ?? 0) + 1);
    DURATION_BUCKETS.forEach((le, i) => {
      if (p.durationSeconds <= le) this.buckets[i] = (this.buckets[i] ?? 0) + 1;
    });
    this.durationSum += p.durationSeconds;
    this.completed++;

    const out: Sample[] = [];
    if (this.lastGood !== undefined) out.push({ name: 'redis_vitals_last_poll_timestamp_seconds', type: 'gauge', help: HELP.lastPoll, labels: {}, value: this.lastGood });
    const h = { name: 'redis_vitals_poll_duration_seconds', type: 'histogram', help: HELP.duration } as const;
    DURATION_BUCKETS.forEach((le, i) => out.push({ ...h, suffix: '_bucket', labels: { le: String(le) }, value: this.buckets[i] ?? 0 }));
    out.push({ ...h, suffix: '_bucket', labels: { le: '+Inf' }, value: this.completed });
    out.push({ ...h, suffix: '_sum', labels: {}, value: this.durationSum });
    out.push({ ...h, suffix: '_count', labels: {}, value: this.completed });
    out.push(this.pollsSample());
    if (p.intervalSeconds !== undefined) out.push({ name: 'redis_vitals_poll_interval_seconds', type: 'gauge', help: HELP.interval, labels: {}, value: p.intervalSeconds });
    for (const [reason, n] of this.errors) out.push({ name: 'redis_vitals_poll_errors_total', type: 'counter', help: HELP.errors, labels: { reason }, value: n });
    for (const [collector, c] of p.collectors) out.push({ name: 'redis_vitals_collector_success', type: 'gauge', help: HELP.success, labels: { collector }, value: c.success ? 1 : 0 });
    for (const [collector, c] of p.collectors) out.push({ name: 'redis_vitals_collector_duration_seconds', type: 'gauge', help: HELP.collectorDuration, labels: { collector }, value: c.seconds });
    return out;
  }

  private pollsSample(): Sample {
    return { name: 'redis_vitals_polls_total', type: 'counter', help: HELP.polls, labels: {}, value: this.started };
  }
}
