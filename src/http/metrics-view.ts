import { mergeFamilies } from '../metrics/exposition.js';
import type { TargetEntry } from '../target-set.js';

/**
 * The Redis part of /metrics. One target: its text as is (no extra label, as with
 * redis_exporter). Several: their families merged (each poller rendered its series with the
 * `target` label). Not cached here: MetricsBody keeps the encoded body until a poll completes.
 */
export function metricsText(entries: readonly TargetEntry[], multiTarget: boolean): string {
  if (!multiTarget && entries.length === 1) return entries[0]?.poller.snapshot.text ?? '';
  return mergeFamilies(entries.map((e) => e.poller.snapshot.families));
}
