import { FIELD_METRICS } from './info-field-table.js';
import type { Sample } from './sample.js';

/**
 * Inherited redis_exporter names that break Prometheus conventions. Served by default for
 * drop-in compatibility; `--compat.redis-exporter=false` drops them (each has a clean twin).
 */
export const COMPAT_ONLY_NAMES: ReadonlySet<string> = new Set([
  ...FIELD_METRICS.filter((m) => m.compat).map((m) => m.name),
  'redis_latency_percentiles_usec',
  // No unit in the name; its twin is redis_latency_spike_last_timestamp_seconds.
  'redis_latency_spike_last',
  // redis_exporter's per-scrape self-metrics, mapped to polls; ours are redis_vitals_*.
  'redis_exporter_scrapes_total',
  'redis_exporter_last_scrape_error',
  'redis_exporter_last_scrape_duration_seconds',
  'redis_exporter_last_scrape_connect_time_seconds',
  'redis_exporter_scrape_duration_seconds',
]);

/**
 * Counters redis_exporter 1.45 types as gauges. Their names already end in `_total`, so there is
 * no clean twin to add: compat serves its type (a dashboard or recording rule may check it), the
 * clean set the right one.
 */
export const COMPAT_GAUGE_COUNTERS: ReadonlySet<string> = new Set([
  'redis_expired_time_cap_reached_total',
  'redis_cluster_messages_sent_total',
  'redis_cluster_messages_received_total',
]);

/** Compat on: the listed counters typed gauge, as redis_exporter 1.45 serves them. */
export function withCompatTypes(samples: Sample[]): Sample[] {
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as Sample;
    if (s.type === 'counter' && COMPAT_GAUGE_COUNTERS.has(s.name)) samples[i] = { ...s, type: 'gauge' };
  }
  return samples;
}

export function dropCompatNames(samples: readonly Sample[]): Sample[] {
  return samples.filter((s) => !COMPAT_ONLY_NAMES.has(s.name));
}
