import { renderGroups } from '../metrics/render.js';
import type { Poller } from '../poller.js';
import type { Snapshot } from '../snapshot.js';

/**
 * The Redis part of /metrics. One target: its pre-rendered text as is (no extra label, as with
 * redis_exporter). Several: one exposition with a `target` label, re-rendered only when some
 * snapshot changed since the last scrape, so scrapes between polls cost a string copy.
 */
export class MetricsView {
  private cachedFor: readonly Snapshot[] = [];
  private cached = '';

  constructor(
    private readonly pollers: readonly Poller[],
    private readonly multiTarget: boolean,
    private readonly labelsOf: (p: Poller) => Readonly<Record<string, string>>,
  ) {}

  text(): string {
    if (!this.multiTarget && this.pollers.length === 1) return this.pollers[0]?.snapshot.text ?? '';
    const snapshots = this.pollers.map((p) => p.snapshot);
    if (snapshots.length === this.cachedFor.length && snapshots.every((s, i) => s === this.cachedFor[i])) return this.cached;
    this.cached = renderGroups(this.pollers.map((p, i) => ({ samples: snapshots[i]?.samples ?? [], extraLabels: { target: p.snapshot.target, ...this.labelsOf(p) } })));
    this.cachedFor = snapshots;
    return this.cached;
  }
}
