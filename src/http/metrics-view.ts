import { mergeFamilies } from '../metrics/exposition.js';
import type { Snapshot } from '../snapshot.js';
import type { TargetSet } from '../target-set.js';

/**
 * The Redis part of /metrics. One target: its text as is (no extra label, as with
 * redis_exporter). Several: their families merged (each poller rendered its series with the
 * `target` label), redone only when a snapshot or the target list changed since the last
 * scrape, so scrapes between polls cost a copy.
 */
export class MetricsView {
  private cachedFor: readonly Snapshot[] = [];
  private cachedVersion = -1;
  private cached = '';

  constructor(
    private readonly targets: TargetSet,
    private readonly multiTarget: boolean,
  ) {}

  text(): string {
    const entries = this.targets.list();
    if (!this.multiTarget && entries.length === 1) return entries[0]?.poller.snapshot.text ?? '';
    const snapshots = entries.map((e) => e.poller.snapshot);
    const same = this.cachedVersion === this.targets.changes && snapshots.every((s, i) => s === this.cachedFor[i]);
    if (same) return this.cached;
    this.cached = mergeFamilies(snapshots.map((s) => s.families));
    this.cachedFor = snapshots;
    this.cachedVersion = this.targets.changes;
    return this.cached;
  }
}
