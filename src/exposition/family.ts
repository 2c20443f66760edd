import { NO_LABELS, type Labels, type MetricType, type Sample } from './sample.js';

/** 1: redis_exporter's name and conversion; 2: a name the guide's alert rules query; 3: new or convention-clean. */
export type Layer = 1 | 2 | 3;

/** The docs/metrics.md section a family is listed under (each has a `<!-- families: id -->` table there). */
export type Section =
  | 'identity'
  | 'info'
  | 'keyspace'
  | 'cluster'
  | 'sentinel'
  | 'replication'
  | 'commands'
  | 'latency'
  | 'bigkeys'
  | 'config'
  | 'keychecks'
  | 'clients'
  | 'host'
  | 'doctor'
  | 'self'
  | 'self-compat'
  | 'runtime';

/**
 * One metric family, declared once next to the code that emits it: samples take their name,
 * type and help from here (SampleSink.emit, sampleOf), and docs/metrics.md is generated from
 * these (`npm run docs:metrics`), so neither can drift from the other.
 */
export interface Family {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  /** Label names its series may carry (a summary's quantile and a histogram's le are implied; target labels are added on top). */
  readonly labels: readonly string[];
  readonly layer: Layer;
  /** An inherited redis_exporter name that breaks naming conventions: not served with --compat.redis-exporter=false. */
  readonly compat?: true;
  /** A counter redis_exporter 1.45 types as a gauge: typed so while compat is on. */
  readonly compatType?: 'gauge';
  /** A `_bytes` family that is a difference, so a negative value is served (other sizes drop it). */
  readonly signed?: true;
  /** The collector that emits it (its `collector` label), or `poll`, `doctor`, `process`. */
  readonly collector: string;
  readonly section: Section;
  /** The docs/metrics.md "source" column: where the value comes from, in a reader's words. */
  readonly doc: string;
}

export type FamilySpec = Omit<Family, 'collector' | 'section'>;

/** Declares the families of one collector (or poll part) for one docs section. */
export function families<K extends string>(where: { readonly collector: string; readonly section: Section }, specs: Record<K, FamilySpec>): Readonly<Record<K, Family>> {
  const out = {} as Record<K, Family>;
  for (const key in specs) out[key] = Object.freeze({ ...specs[key], ...where });
  return Object.freeze(out);
}

/** A sample of `f` built outside a sink (poll health, dropped-series counts): name, type and help from the declaration. */
export function sampleOf(f: Family, value: number, labels: Labels = NO_LABELS, suffix?: Sample['suffix']): Sample {
  return suffix ? { name: f.name, type: f.type, help: f.help, labels, value, suffix } : { name: f.name, type: f.type, help: f.help, labels, value };
}
