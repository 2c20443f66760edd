import type { RenderedFamilies } from './text-format.js';

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
 * Every family name of these targets with its HELP/TYPE header, in first-seen order: the order
 * of a multi-target body, each family's header once, then every target's series of it.
 */
export function familyOrder(targets: readonly RenderedFamilies[]): Map<string, string> {
  const order = new Map<string, string>();
  const layouts = new Set<readonly string[]>();
  for (const r of targets) {
    // Layouts are shared between targets of one version and role: each is walked once.
    if (layouts.has(r.names)) continue;
    layouts.add(r.names);
    for (let i = 0; i < r.names.length; i++) if (!order.has(r.names[i] as string)) order.set(r.names[i] as string, r.headers[i] as string);
  }
  return order;
}

/** What merging these targets will weigh, in UTF-16 units (= bytes for ASCII), without merging. */
export function mergedLength(targets: readonly RenderedFamilies[]): number {
  let n = 0;
  for (const r of targets) n += r.series.length;
  return n;
}
