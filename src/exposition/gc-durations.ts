import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import type { Labels } from './sample.js';
import type { SelfFamily, SelfSeries } from './self-text.js';

/** prom-client's default buckets for this histogram, kept so dashboards' `le` values still match. */
export const GC_BUCKETS = [0.001, 0.01, 0.1, 1, 2, 5] as const;

const KINDS: Readonly<Record<number, string>> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

interface Kind {
  /** Label sets of its bucket, sum and count series, made once (self-text.ts escapes each once). */
  readonly labels: { readonly le: readonly Labels[]; readonly kind: Labels };
  readonly counts: number[];
  sum: number;
  count: number;
}

/**
 * nodejs_gc_duration_seconds: every garbage collection V8 reports, by kind, in the buckets
 * prom-client used. Node hands the entries over in batches; all are counted (prom-client took
 * the first of each batch).
 */
export class GcDurations {
  private readonly kinds = new Map<string, Kind>();
  private readonly observer: PerformanceObserver;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) this.observe((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind, entry.duration / 1000);
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  observe(kindCode: number | undefined, seconds: number): void {
    const name = (kindCode !== undefined && KINDS[kindCode]) || 'unknown';
    let k = this.kinds.get(name);
    if (!k) {
      const labels = { le: [...GC_BUCKETS.map(String), '+Inf'].map((le) => Object.freeze({ le, kind: name })), kind: Object.freeze({ kind: name }) };
      this.kinds.set(name, (k = { labels, counts: GC_BUCKETS.map(() => 0), sum: 0, count: 0 }));
    }
    GC_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) (k.counts[i] as number)++;
    });
    k.sum += seconds;
    k.count++;
  }

  stop(): void {
    this.observer.disconnect();
  }

  /** The histogram, `le` first as prom-client wrote it, each kind in the order first seen. */
  collect(family: SelfFamily['family']): SelfFamily {
    const series: SelfSeries[] = [];
    for (const k of this.kinds.values()) {
      GC_BUCKETS.forEach((_, i) => series.push({ suffix: '_bucket', labels: k.labels.le[i] as Labels, value: k.counts[i] as number }));
      series.push({ suffix: '_bucket', labels: k.labels.le[GC_BUCKETS.length] as Labels, value: k.count });
      series.push({ suffix: '_sum', labels: k.labels.kind, value: k.sum });
      series.push({ suffix: '_count', labels: k.labels.kind, value: k.count });
    }
    return { family, series };
  }
}
