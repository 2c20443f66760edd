import { seriesOf, type RenderedFamilies } from './text-format.js';

// Family name → position, per layout. Layouts are shared between targets (see internLayout), so
// this is built once per distinct layout, not per target or scrape.
const INDEXES = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/** Family name → position in `r`'s layout (also used by http/merged-bytes.ts). */
export function familyIndex(r: RenderedFamilies): ReadonlyMap<string, number> {
  let index = INDEXES.get(r.names);
  if (!index) {
    index = new Map(r.names.map((n, i) => [n, i]));
    INDEXES.set(r.names, index);
  }
  return index;
}

/**
 * Several targets' families as one exposition, a family at a time: its HELP/TYPE once, then
 * every target's series of it, in target order. Families come in first-seen order. Yielding per
 * family lets a large body be streamed instead of built whole (13 MB at 500 targets).
 */
export function* mergedChunks(targets: readonly RenderedFamilies[]): Generator<string> {
  const order = new Map<string, string>();
  const layouts = new Set<readonly string[]>();
  for (const r of targets) {
    if (layouts.has(r.names)) continue;
    layouts.add(r.names);
    r.names.forEach((name, i) => {
      if (!order.has(name)) order.set(name, r.headers[i] as string);
    });
  }
  const indexes = targets.map(familyIndex);
  for (const [name, header] of order) {
    const parts = [header];
    targets.forEach((r, t) => {
      const i = indexes[t]?.get(name);
      if (i !== undefined) parts.push(seriesOf(r, i));
    });
    yield parts.join('');
  }
}

/** What merging these targets will weigh, in UTF-16 units (= bytes for ASCII), without merging. */
export function mergedLength(targets: readonly RenderedFamilies[]): number {
  let n = 0;
  for (const r of targets) n += r.series.length;
  return n;
}
