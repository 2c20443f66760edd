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
]);

export function dropCompatNames(samples: readonly Sample[]): Sample[] {
  return samples.filter((s) => !COMPAT_ONLY_NAMES.has(s.name));
}
