import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { VERSION } from '../version.js';

/**
 * The exporter process's own series: build info and prom-client's default process and Node.js
 * metrics, in a private registry (never the global one). Per-target health (redis_vitals_polls_total,
 * …) is not here: it travels in each target's snapshot (poll/health.ts).
 */
export class SelfMetrics {
  readonly registry = new Registry();

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

  async render(): Promise<string> {
    // prom-client spells NaN "Nan" (e.g. event-loop lag before its first sample). Prometheus
    // parses that, but the format and OpenMetrics parsers want "NaN".
    return (await this.registry.metrics()).replace(/ Nan$/gm, ' NaN');
  }
}
