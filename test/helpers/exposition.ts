import { familyIndex, familyOrder } from '../../src/exposition/merge.js';
import type { Labels, Sample } from '../../src/exposition/sample.js';
import { joinFamilies, renderFamilies, seriesOf, type RenderedFamilies } from '../../src/exposition/text-format.js';

/** Minimal exposition-text reader for assertions: series key → value, plus family TYPEs. */
export interface Exposition {
  readonly series: ReadonlyMap<string, number>;
  readonly types: ReadonlyMap<string, string>;
  /** Value of `name` whose labels include all of `labels`; undefined if none. */
  get(name: string, labels?: Record<string, string>): number | undefined;
  /** Every series of a metric name, with parsed labels. */
  all(name: string): { labels: Record<string, string>; value: number }[];
  names(): Set<string>;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(LABEL)) out[m[1] as string] = (m[2] as string).replace(/\\"/g, '"').replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
  return out;
}

export function parseExposition(text: string): Exposition {
  const series = new Map<string, number>();
  const types = new Map<string, string>();
  const rows: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      if (name && type) types.set(name, type);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`unparseable exposition line: ${line}`);
    const value = m[4] === '+Inf' ? Infinity : m[4] === '-Inf' ? -Infinity : Number(m[4]);
    series.set(`${m[1]}${m[2] ?? ''}`, value);
    rows.push({ name: m[1] as string, labels: parseLabels(m[3] ?? ''), value });
  }
  return {
    series,
    types,
    get(name, labels = {}) {
      const hit = rows.find((r) => r.name === name && Object.entries(labels).every(([k, v]) => r.labels[k] === v));
      return hit?.value;
    },
    all(name) {
      return rows.filter((r) => r.name === name).map(({ labels, value }) => ({ labels, value }));
    },
    names() {
      return new Set(rows.map((r) => r.name));
    },
  };
}

/** One target's samples as exposition text, exactly as a one-target /metrics serves them. */
export function renderText(samples: readonly Sample[], extraLabels?: Labels): string {
  return joinFamilies(renderFamilies(samples, extraLabels));
}

/**
 * Several targets' families merged into one body, as /metrics serves them, built the plain way
 * (a string per family, joined): the oracle src/http/merged-bytes.ts is checked against.
 */
export function mergedText(targets: readonly RenderedFamilies[]): string {
  const indexes = targets.map(familyIndex);
  const parts: string[] = [];
  for (const [name, header] of familyOrder(targets)) {
    parts.push(header);
    targets.forEach((r, t) => {
      const i = indexes[t]?.get(name);
      if (i !== undefined) parts.push(seriesOf(r, i));
    });
  }
  return parts.join('');
}
