/** One exposition line's worth of data, plus the family metadata it belongs to. */
export type MetricType = 'gauge' | 'counter' | 'summary' | 'histogram' | 'untyped';

export type Labels = Readonly<Record<string, string>>;

/** The label set of a series without labels, shared (a `{}` per sample was ~30 bytes each). */
export const NO_LABELS: Labels = Object.freeze({});

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

/**
 * A size or a count: a negative value is a broken or hostile reply, and is dropped rather than
 * exported (docs/limits.md), like a non-finite one. `signed`: the family's declaration says it is
 * a difference (allocator and RSS overheads), which may well be negative.
 */
export function isSize(name: string, signed = false): boolean {
  return (name.endsWith('_bytes') && !signed) || name.startsWith('redis_db_keys');
}

/** What the sink needs of a declared family (exposition/family.ts). */
export interface FamilyRef {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly compat?: true;
  readonly compatType?: 'gauge';
  /** A difference: negative values are served (family.ts). */
  readonly signed?: true;
}

/** Missing or non-finite inputs produce no series (a fake 0 would be a lie on a dashboard), nor do negative sizes and counters. */
function valid(name: string, type: MetricType, value: number | undefined, signed?: boolean): value is number {
  return value !== undefined && Number.isFinite(value) && !(value < 0 && (type === 'counter' || isSize(name, signed)));
}

/** What SampleSink.emitFrom keeps per input object. */
export interface MadeSamples {
  readonly compat: boolean;
  readonly samples: readonly Sample[];
}

/**
 * Collects one poll's samples. Code emits through a declared Family (`emit`, `part`), so a
 * family's name, type and help are written once; `compat` (--compat.redis-exporter) decides here
 * whether compat-only families are served and whether the counters redis_exporter types as
 * gauges are typed so.
 */
export class SampleSink {
  /** `samples`: appended to (a poll's collectors and its doctor fill one list). */
  constructor(
    readonly compat = true,
    readonly samples: Sample[] = [],
  ) {}

  /**
   * The series `emit` makes from `input`, made once per input object and compat setting and
   * appended again while the same object comes back (CONFIG is fetched every config interval,
   * its object kept between). Samples are immutable, so polls can share them; the same objects
   * also let the render reuse their lines (render-repeat.ts).
   */
  emitFrom<T extends object>(made: WeakMap<T, MadeSamples>, input: T, emit: (input: T, sink: SampleSink) => void): void {
    let m = made.get(input);
    if (m === undefined || m.compat !== this.compat) {
      const own = new SampleSink(this.compat);
      emit(input, own);
      m = { compat: this.compat, samples: own.samples };
      made.set(input, m);
    }
    const list = m.samples;
    for (let i = 0; i < list.length; i++) this.samples.push(list[i] as Sample);
  }

  emit(f: FamilyRef, value: number | undefined, labels: Labels = NO_LABELS): void {
    if ((f.compat && !this.compat) || !valid(f.name, f.type, value, f.signed)) return;
    this.samples.push({ name: f.name, type: this.compat && f.compatType ? f.compatType : f.type, help: f.help, labels, value });
  }

  /** A summary's quantile line (no suffix) or its _sum/_count. */
  part(f: FamilyRef, suffix: '_sum' | '_count' | undefined, value: number | undefined, labels: Labels): void {
    if ((f.compat && !this.compat) || value === undefined || !Number.isFinite(value)) return;
    this.samples.push(suffix ? { name: f.name, type: f.type, help: f.help, labels, value, suffix } : { name: f.name, type: f.type, help: f.help, labels, value });
  }

  /** Raw: a sample by name (tests of rendering); code under src/ emits declared families. */
  add(name: string, type: MetricType, help: string, value: number | undefined, labels: Labels = NO_LABELS): void {
    if (valid(name, type, value)) this.samples.push({ name, type, help, labels, value });
  }
}
