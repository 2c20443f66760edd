/** One exposition line's worth of data, plus the family metadata it belongs to. */
export type MetricType = 'gauge' | 'counter' | 'summary' | 'histogram' | 'untyped';

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  /** Family name (for a summary: the base name; `suffix` adds _sum/_count). */
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labels: Labels;
  readonly value: number;
  /** For summary parts: '' (quantile line), '_sum' or '_count'; for histogram parts also '_bucket'. */
  readonly suffix?: '_bucket' | '_sum' | '_count';
}

/** `_bytes` families that are differences, so legitimately negative (RSS below the allocator's view, …). */
const SIGNED_SIZES = new Set([
  'redis_mem_fragmentation_bytes',
  'redis_allocator_frag_bytes',
  'redis_allocator_rss_bytes',
  'redis_rss_overhead_bytes',
  'redis_connected_slave_lag_bytes',
]);

/**
 * A size or a count: a negative value is a broken or hostile reply, and is dropped rather than
 * exported (docs/limits.md), like a non-finite one.
 */
export function isSize(name: string): boolean {
  return (name.endsWith('_bytes') && !SIGNED_SIZES.has(name)) || name.startsWith('redis_db_keys');
}

/** Small builder so collectors read as a list of facts rather than object literals. */
export class SampleSink {
  readonly samples: Sample[] = [];

  add(name: string, type: MetricType, help: string, value: number | undefined, labels: Labels = {}): void {
    // Missing or non-finite inputs produce no series: a fake 0 would be a lie on a dashboard.
    if (value === undefined || !Number.isFinite(value)) return;
    if (value < 0 && (type === 'counter' || isSize(name))) return;
    this.samples.push({ name, type, help, labels, value });
  }

  gauge(name: string, help: string, value: number | undefined, labels?: Labels): void {
    this.add(name, 'gauge', help, value, labels);
  }

  counter(name: string, help: string, value: number | undefined, labels?: Labels): void {
    this.add(name, 'counter', help, value, labels);
  }

  summaryPart(name: string, help: string, suffix: '_sum' | '_count' | undefined, value: number | undefined, labels: Labels): void {
    if (value === undefined || !Number.isFinite(value)) return;
    this.samples.push(suffix ? { name, type: 'summary', help, labels, value, suffix } : { name, type: 'summary', help, labels, value });
  }
}
