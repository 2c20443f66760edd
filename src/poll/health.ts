import { families, sampleOf } from '../exposition/family.js';
import { LabelSets } from '../exposition/labels.js';
import { NO_LABELS, type Sample } from '../exposition/sample.js';
import type { ClassifiedError } from '../redis/classify-error.js';
import type { CollectorHealth } from './run-poll.js';

const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_FLOATS = new Float64Array(0);
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// The same labels objects every poll: the render reuses a series' text when they are (render-repeat.ts).
const BUCKET_LABELS = DURATION_BUCKETS.map((le) => Object.freeze({ le: String(le) }));
const INF_LABELS = Object.freeze({ le: '+Inf' });
const COLLECTOR = new LabelSets('collector');
const REASON = new LabelSets('reason');

/** This target's poll health (docs/metrics.md "Exporter self-metrics"). */
export const FAMILIES = families(
  { collector: 'poll', section: 'self' },
  {
    lastPoll: {
      name: 'redis_vitals_last_poll_timestamp_seconds',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Unix time the last successful poll of the target started (when its INFO was asked for); staleness shows here.',
      doc: 'Unix time of the last successful poll; `time() - this` is the staleness',
    },
    duration: {
      name: 'redis_vitals_poll_duration_seconds',
      type: 'histogram',
      layer: 3,
      labels: [],
      help: 'Duration of polls of the target (INFO, CONFIG and collectors), failed ones included.',
      doc: 'duration of each poll, failed ones included',
    },
    polls: { name: 'redis_vitals_polls_total', type: 'counter', layer: 3, labels: [], help: 'Polls started for the target.', doc: 'polls started' },
    errors: {
      name: 'redis_vitals_poll_errors_total',
      type: 'counter',
      layer: 3,
      labels: ['reason'],
      help: 'Failed polls by reason (connection_refused, dns, timeout, deadline, auth, tls, connection_closed, loading, command, other).',
      doc: 'failed polls, label `reason`: `connection_refused`, `dns`, `timeout`, `deadline`, `auth`, `tls`, `connection_closed`, `loading`, `command`, `protocol` (a reply of the wrong type, e.g. INFO that is not text), `other`',
    },
    success: {
      name: 'redis_vitals_collector_success',
      type: 'gauge',
      layer: 3,
      labels: ['collector'],
      help: '1 if the collector succeeded in the last poll, 0 if it failed.',
      doc: '1 if the collector (label `collector`) succeeded in the last poll: its fetch (if it has one) and its collect',
    },
    collectorDuration: {
      name: 'redis_vitals_collector_duration_seconds',
      type: 'gauge',
      layer: 3,
      labels: ['collector'],
      help: 'Seconds the collector took in the last poll (its fetch and collect).',
      doc: 'seconds the collector (label `collector`) took in the last poll, fetch and collect together',
    },
    interval: {
      name: 'redis_vitals_poll_interval_seconds',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Poll interval in effect for the target: --poll.interval, or under auto the learned scrape interval of /metrics (5 s until it is known).',
      doc: 'poll interval in effect for the target: `--poll.interval`, or under `--poll.interval=auto` (the default) the learned scrape interval of `/metrics` (median of the last 8 gaps, 1–60 s), 5 until two scrapes have come and whenever none has for 3 intervals (see [deploy](deploy.md#poll-interval))',
    },
  },
);

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
  /**
   * What the last poll alone decided, for a stale snapshot to keep serving its series: the
   * counters above already hold the rest. Kept as names and numbers, not ~80 Sample objects a
   * target between polls (docs/performance.md "Session 6: per-target memory").
   */
  private lastInterval: number | undefined;
  private lastNames: readonly string[] = [];
  private lastSuccess: Uint8Array = EMPTY_BYTES;
  private lastSeconds: Float64Array = EMPTY_FLOATS;

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
    this.keepLast(p);
    return this.series();
  }

  /**
   * The series as the last poll left them, for a snapshot no poll refreshed in time: counters
   * must not vanish, and last_poll_timestamp is what tells how stale it is. Rebuilt from what
   * finish kept: nothing it counts changes between polls but polls_total, which is current here.
   */
  current(): Sample[] {
    return this.completed > 0 ? this.series() : [this.pollsSample()];
  }

  private keepLast(p: PollFacts): void {
    this.lastInterval = p.intervalSeconds;
    const n = p.collectors.size;
    if (this.lastSeconds.length !== n) {
      this.lastSuccess = new Uint8Array(n);
      this.lastSeconds = new Float64Array(n);
    }
    // The same collectors poll after poll: keep one names array rather than one a poll.
    let same = this.lastNames.length === n;
    let i = 0;
    p.collectors.forEach((c, name) => {
      if (same && this.lastNames[i] !== name) same = false;
      this.lastSuccess[i] = c.success ? 1 : 0;
      this.lastSeconds[i] = c.seconds;
      i++;
    });
    if (!same) this.lastNames = [...p.collectors.keys()];
  }

  /** Every series of this target's health from the counters and what the last poll left. */
  private series(): Sample[] {
    const out: Sample[] = [];
    if (this.lastGood !== undefined) out.push(sampleOf(FAMILIES.lastPoll, this.lastGood));
    for (let i = 0; i < BUCKET_LABELS.length; i++) out.push(sampleOf(FAMILIES.duration, this.buckets[i] ?? 0, BUCKET_LABELS[i], '_bucket'));
    out.push(sampleOf(FAMILIES.duration, this.completed, INF_LABELS, '_bucket'));
    out.push(sampleOf(FAMILIES.duration, this.durationSum, NO_LABELS, '_sum'));
    out.push(sampleOf(FAMILIES.duration, this.completed, NO_LABELS, '_count'));
    out.push(this.pollsSample());
    if (this.lastInterval !== undefined) out.push(sampleOf(FAMILIES.interval, this.lastInterval));
    // forEach, not for-of over entries: no entry array and iterator result each (unoptimised code).
    this.errors.forEach((n, reason) => out.push(sampleOf(FAMILIES.errors, n, REASON.of(reason))));
    const names = this.lastNames;
    for (let i = 0; i < names.length; i++) out.push(sampleOf(FAMILIES.success, this.lastSuccess[i] ?? 0, COLLECTOR.of(names[i] as string)));
    for (let i = 0; i < names.length; i++) out.push(sampleOf(FAMILIES.collectorDuration, this.lastSeconds[i] ?? 0, COLLECTOR.of(names[i] as string)));
    return out;
  }

  private pollsSample(): Sample {
    return sampleOf(FAMILIES.polls, this.started);
  }
}
