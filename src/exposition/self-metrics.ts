import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { VERSION } from '../version.js';

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
    help: 'Failed polls by reason (connection_refused, dns, timeout, deadline, auth, tls, connection_closed, loading, command, protocol, other).',
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

  constructor(opts: { defaultMetrics: boolean } = { defaultMetrics: true }) {
    const info = new Gauge({
      name: 'redis_vitals_build_info',
      help: 'Version of redis-vitals and of Node.js running it; value is always 1.',
      labelNames: ['version', 'node_version'],
      registers: [this.registry],
    });
    info.set({ version: VERSION, node_version: process.version }, 1);
    // prom-client's event-loop-delay monitor (a 10 ms timer) costs ~0.5 CPU s/min at idle; a coarser
    // period would save most of that but shifts every nodejs_eventloop_lag_* value up by the period.
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry });
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
