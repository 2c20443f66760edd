import { Gauge, Registry } from 'prom-client';
import { VERSION } from '../version.js';
import { LoopLag } from './loop-lag.js';
import { registerProcessMetrics } from './process-metrics.js';

/**
 * The exporter process's own series: build info and prom-client's default process and Node.js
 * metrics, in a private registry (never the global one). Per-target health (redis_vitals_polls_total,
 * …) is not here: it travels in each target's snapshot (poll/health.ts).
 */
export class SelfMetrics {
  readonly registry = new Registry();
  /** Poll timers are set through this: their lateness is the event-loop-lag metric. */
  readonly loopLag = new LoopLag();

  constructor(opts: { defaultMetrics: boolean } = { defaultMetrics: true }) {
    const info = new Gauge({
      name: 'redis_vitals_build_info',
      help: 'Version of redis-vitals and of Node.js running it; value is always 1.',
      labelNames: ['version', 'node_version'],
      registers: [this.registry],
    });
    info.set({ version: VERSION, node_version: process.version }, 1);
    // prom-client's defaults, but event-loop lag from the poll timers instead of a 10 ms monitor.
    if (opts.defaultMetrics) registerProcessMetrics(this.registry, this.loopLag);
  }

  async render(): Promise<string> {
    // prom-client spells NaN "Nan" (e.g. event-loop lag before its first sample). Prometheus
    // parses that, but the format and OpenMetrics parsers want "NaN".
    return (await this.registry.metrics()).replace(/ Nan$/gm, ' NaN');
  }
}
