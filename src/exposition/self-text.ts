import type { FamilyRef, Labels } from './sample.js';
import { formatValue, labelPairs } from './text-format.js';
import { helpAndType } from './layout.js';

/** One series of a process-wide family; `suffix` for a histogram's parts. */
export interface SelfSeries {
  readonly labels?: Labels;
  readonly value: number;
  readonly suffix?: '_bucket' | '_sum' | '_count';
}

/** A process-wide family and its current series (none: HELP and TYPE only). */
export interface SelfFamily {
  readonly family: Pick<FamilyRef, 'name' | 'type' | 'help'>;
  readonly series: readonly SelfSeries[];
}

/**
 * The exporter's own series as text, in the layout prom-client gave them when it served them
 * (until 0.2.x): a blank line between families, and a family without series keeps its HELP and
 * TYPE lines. The format ignores both; keeping them leaves this part of /metrics byte-for-byte
 * as it was, values apart.
 */
export function renderSelf(list: readonly SelfFamily[]): string {
  const parts: string[] = [];
  for (const { family: f, series } of list) {
    let text = header(f);
    for (const s of series) {
      const labels = s.labels ? pairsOf(s.labels) : '';
      text += `\n${f.name}${s.suffix ?? ''}${labels ? `{${labels}}` : ''} ${formatValue(s.value)}`;
    }
    parts.push(text);
  }
  return `${parts.join('\n\n')}\n`;
}

/** HELP and TYPE of each family, built once: the same ~30 families are rendered at every scrape. */
const headers = new WeakMap<SelfFamily['family'], string>();

function header(f: SelfFamily['family']): string {
  let h = headers.get(f);
  if (h === undefined) headers.set(f, (h = helpAndType(f.name, f.help, f.type)));
  return h;
}

/** Label text of label sets the producers keep from render to render (GC kinds, heap spaces, handle types). */
const pairs = new WeakMap<Labels, string>();

function pairsOf(labels: Labels): string {
  let p = pairs.get(labels);
  if (p === undefined) pairs.set(labels, (p = labelPairs(labels)));
  return p;
}

/** The same frozen label set for the same key, so its text is escaped once (pairsOf). */
export function labelSet(cache: Map<string, Labels>, key: string, make: () => Labels): Labels {
  let l = cache.get(key);
  if (l === undefined) cache.set(key, (l = Object.freeze(make())));
  return l;
}

/** One unlabelled series. */
export function single(family: SelfFamily['family'], value: number): SelfFamily {
  return { family, series: [{ value }] };
}

/** Series counted by a `type` label, in first-seen order, as prom-client's active-handle gauges were. */
const typeLabels = new Map<string, Labels>();

export function countedByType(family: SelfFamily['family'], types: readonly string[]): SelfFamily {
  const counts = new Map<string, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  return { family, series: [...counts].map(([type, value]) => ({ labels: labelSet(typeLabels, type, () => ({ type })), value })) };
}
