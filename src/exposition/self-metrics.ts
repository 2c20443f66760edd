import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { readFileSync } from 'node:fs';
import { VERSION } from '../version.js';

/** Soft RLIMIT_AS from /proc/self/limits; "unlimited" is 2^64-1 as Go's procfs reports it. */
export function addressSpaceLimit(text?: string): number | undefined {
  let limits = text;
  try {
    limits ??= readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return undefined;
  }
  const soft = /^Max address space\s+(\S+)/m.exec(limits)?.[1];
  if (soft === undefined) return undefined;
  if (soft === 'unlimited') return 2 ** 64; // float64(2^64-1) rounds to this
  const n = Number(soft);
  return Number.isFinite(n) ? n : undefined;
}

/** The exporter's own health: prom-client metrics in a private registry (never the global one). */
export class SelfMetrics {
  readonly registry = new Registry();
  readonly lastPoll = new Gauge({
    name: 'redis_vitals_last_poll_timestamp_seconds',
    help: 'Unix time the last successful poll of the target started (when its INFO was asked for); staleness shows here.',
    labelNames: ['target'],
    registers: [this.registry],
  });
  readonly pollDuration = new Histogram({
    name: 'redis_vitals_poll_duration_seconds',
    help: 'Duration of polls of the target (INFO, CONFIG and collectors), failed ones included.',
    labelNames: ['target'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly polls = new Counter({
    name: 'redis_vitals_polls_total',
    help: 'Polls started for the target.',
    labelNames: ['target'],
    registers: [this.registry],
  });
  readonly pollErrors = new Counter({
    name: 'redis_vitals_poll_errors_total',
    help: 'Failed polls by reason (connection_refused, dns, timeout, deadline, auth, tls, connection_closed, loading, command, other).',
    labelNames: ['target', 'reason'],
    registers: [this.registry],
  });
  readonly collectorSuccess = new Gauge({
    name: 'redis_vitals_collector_success',
    help: '1 if the collector succeeded in the last poll, 0 if it failed.',
    labelNames: ['target', 'collector'],
    registers: [this.registry],
  });
  readonly collectorDuration = new Gauge({
    name: 'redis_vitals_collector_duration_seconds',
    help: 'Seconds the collector took in the last poll (its fetch and collect).',
    labelNames: ['target', 'collector'],
    registers: [this.registry],
  });

  /** redis_exporter's `redis_target_scrape_request_errors_total`, under compat only. */
  readonly scrapeRequestErrors: Counter | undefined;

  /** `namespace` (--namespace) replaces `redis` in the two redis_exporter names, as redis_exporter does. */
  constructor(opts: { defaultMetrics: boolean; compat?: boolean; namespace?: string } = { defaultMetrics: true }) {
    const info = new Gauge({
      name: 'redis_vitals_build_info',
      help: 'Version of redis-vitals and of Node.js running it; value is always 1.',
      labelNames: ['version', 'node_version'],
      registers: [this.registry],
    });
    info.set({ version: VERSION, node_version: process.version }, 1);
    if (opts.compat) {
      // redis_exporter's exporter-wide names, so its "exporter down" alerts and version panels keep working.
      const ns = (name: string) => (opts.namespace && opts.namespace !== 'redis' ? `${opts.namespace}_${name.slice('redis_'.length)}` : name);
      const compatInfo = new Gauge({
        name: ns('redis_exporter_build_info'),
        help: 'redis-vitals build (redis_exporter compat): version, and the runtime in golang_version; value is always 1.',
        labelNames: ['version', 'commit_sha', 'build_date', 'golang_version'],
        registers: [this.registry],
      });
      compatInfo.set({ version: VERSION, commit_sha: '', build_date: '', golang_version: `node ${process.version}` }, 1);
      this.scrapeRequestErrors = new Counter({
        name: ns('redis_target_scrape_request_errors_total'),
        help: 'Requests to /scrape?target= that were refused (unknown or not allowed target) or failed (redis_exporter compat).',
        registers: [this.registry],
      });
    }
    // prom-client's event-loop-delay monitor (a 10 ms timer) costs ~0.5 CPU s/min at idle; a coarser
    // period would save most of that but shifts every nodejs_eventloop_lag_* value up by the period.
    if (opts.defaultMetrics) {
      collectDefaultMetrics({ register: this.registry });
      // The one process_* series Go's client serves and prom-client does not; read once, as limits rarely change.
      const max = addressSpaceLimit();
      if (max !== undefined) new Gauge({ name: 'process_virtual_memory_max_bytes', help: 'Maximum amount of virtual memory available in bytes.', registers: [this.registry] }).set(max);
    }
  }

  /**
   * Removes every series of a target that is gone (a cluster node no longer listed), so neither
   * its stale last-poll time nor its memory stays behind. Label sets are read back from the
   * metrics, since pollErrors and collectorSuccess carry labels only known when they were set.
   */
  async forget(target: string): Promise<void> {
    const metrics = [this.lastPoll, this.pollDuration, this.polls, this.pollErrors, this.collectorSuccess, this.collectorDuration];
    for (const metric of metrics) {
      const seen = new Set<string>();
      for (const { labels } of (await metric.get()).values) {
        if (labels.target !== target) continue;
        // A histogram lists each bucket (`le`) apart; its series are removed by the target's labels.
        const { le: _le, ...own } = labels as Record<string, string | number>;
        const key = JSON.stringify(own);
        if (seen.has(key)) continue;
        seen.add(key);
        metric.remove(own as Record<string, string>);
      }
    }
  }

  async render(): Promise<string> {
    // prom-client spells NaN "Nan" (e.g. event-loop lag before its first sample). Prometheus
    // parses that, but the format and OpenMetrics parsers want "NaN".
    return (await this.registry.metrics()).replace(/ Nan$/gm, ' NaN');
  }
}
