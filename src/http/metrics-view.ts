import type { TargetEntry } from '../targets/target-set.js';
import { mergedBytes } from './merged-bytes.js';
import { mergedLength } from '../exposition/merge.js';

/**
 * The Redis part of /metrics. One target: its text as is (no extra label, as with
 * redis_exporter). Several: their families merged (each poller rendered its series with the
 * `target` label), as Buffers to join or stream. Not cached here: MetricsBody keeps small bodies.
 */
export function metricsBody(entries: readonly TargetEntry[], multiTarget: boolean): { approxBytes: number; chunks: Iterable<string | Buffer> } {
  if (!multiTarget && entries.length === 1 && entries[0]) {
    // The snapshot's own Buffer: every request streams the same bytes, none makes a copy.
    const bytes = entries[0].poller.snapshot.bytes;
    return { approxBytes: bytes.length, chunks: [bytes] };
  }
  // Taken now: the pieces come from these snapshots even if polls complete while streaming.
  const families = entries.map((e) => e.poller.snapshot.families);
  return { approxBytes: mergedLength(families), chunks: mergedBytes(families) };
}
