import { readFileSync } from 'node:fs';
import { Counter, Gauge, Registry } from 'prom-client';
import { BUILD, VERSION } from '../version.js';
import { families } from './family.js';
import { LoopLag } from './loop-lag.js';
import { registerProcessMetrics } from './process-metrics.js';

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

export const FAMILIES = families(
  { collector: 'process', section: 'self' },
  {
    buildInfo: {
      name: 'redis_vitals_build_info',
      type: 'gauge',
      layer: 3,
      labels: ['version', 'node_version'],
      help: 'Version of redis-vitals and of Node.js running it; value is always 1.',
      doc: 'labels `version`, `node_version`; value 1',
    },
  },
);

/** redis_exporter's exporter-wide names, served under compat. */
export const COMPAT_FAMILIES = families(
  { collector: 'process', section: 'self-compat' },
  {
    buildInfo: {
      name: 'redis_exporter_build_info',
      type: 'gauge',
      layer: 1,
      compat: true,
      labels: ['version', 'commit_sha', 'build_date', 'golang_version'],
      help: 'redis-vitals build (redis_exporter compat): version, and the runtime in golang_version; value is always 1.',
      doc: 'exporter-wide, no `target`: labels `version` (redis-vitals), `commit_sha` and `build_date` (the git commit built and its date, stamped into the bundle, binary and packages; empty when run from source), `golang_version` (the runtime: `node vX.Y.Z`); value 1',
    },
    scrapeRequestErrors: {
      name: 'redis_target_scrape_request_errors_total',
      type: 'counter',
      layer: 1,
      compat: true,
      labels: [],
      help: 'Requests to /scrape?target= that were refused (unknown or not allowed target) or failed (redis_exporter compat).',
      doc: 'exporter-wide: `/scrape?target=` requests refused (unknown or not allowed target) or failed',
    },
  },
);

/**
 * The exporter process's own series: build info and prom-client's default process and Node.js
 * metrics, in a private registry (never the global one). Per-target health (redis_vitals_polls_total,
 * …) is not here: it travels in each target's snapshot (poll/health.ts).
 */
export class SelfMetrics {
  readonly registry = new Registry();
  /** Poll timers are set through this: their lateness is the event-loop-lag metric. */
  readonly loopLag = new LoopLag();

  /** redis_exporter's `redis_target_scrape_request_errors_total`, under compat only. */
  readonly scrapeRequestErrors: Counter | undefined;

  /** `namespace` (--namespace) replaces `redis` in the two redis_exporter names, as redis_exporter does. */
  constructor(opts: { defaultMetrics: boolean; compat?: boolean; namespace?: string } = { defaultMetrics: true }) {
    const info = new Gauge({
      name: FAMILIES.buildInfo.name,
      help: FAMILIES.buildInfo.help,
      labelNames: FAMILIES.buildInfo.labels,
      registers: [this.registry],
    });
    info.set({ version: VERSION, node_version: process.version }, 1);
    if (opts.compat) {
      // redis_exporter's exporter-wide names, so its "exporter down" alerts and version panels keep working.
      const ns = (name: string) => (opts.namespace && opts.namespace !== 'redis' ? `${opts.namespace}_${name.slice('redis_'.length)}` : name);
      const compatInfo = new Gauge({
        name: ns(COMPAT_FAMILIES.buildInfo.name),
        help: COMPAT_FAMILIES.buildInfo.help,
        labelNames: COMPAT_FAMILIES.buildInfo.labels,
        registers: [this.registry],
      });
      compatInfo.set({ version: VERSION, commit_sha: BUILD.commitSha, build_date: BUILD.date, golang_version: `node ${process.version}` }, 1);
      this.scrapeRequestErrors = new Counter({
        name: ns(COMPAT_FAMILIES.scrapeRequestErrors.name),
        help: COMPAT_FAMILIES.scrapeRequestErrors.help,
        registers: [this.registry],
      });
    }
    // prom-client's defaults, but event-loop lag from the poll timers instead of a 10 ms monitor.
    if (opts.defaultMetrics) {
      registerProcessMetrics(this.registry, this.loopLag);
      // The one process_* series Go's client serves and prom-client does not; read once, as limits rarely change.
      const max = addressSpaceLimit();
      if (max !== undefined) new Gauge({ name: 'process_virtual_memory_max_bytes', help: 'Maximum amount of virtual memory available in bytes.', registers: [this.registry] }).set(max);
    }
  }

  async render(): Promise<string> {
    // prom-client spells NaN "Nan" (e.g. event-loop lag before its first sample). Prometheus
    // parses that, but the format and OpenMetrics parsers want "NaN".
    return (await this.registry.metrics()).replace(/ Nan$/gm, ' NaN');
  }
}
