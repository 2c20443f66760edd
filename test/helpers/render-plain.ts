import { formatValue, labelPairs, withoutCollisions } from '../../src/exposition/labels.js';
import { boundRecords, headerOf, internLayout, type RenderedFamilies } from '../../src/exposition/layout.js';
import type { Labels, Sample } from '../../src/exposition/sample.js';

/**
 * Groups samples by family in first-seen order (stable from poll to poll) and renders their lines.
 * `extraLabels` go first on every series (a target's `target` label and its configured labels).
 * A repeated series (a malformed INFO can repeat a field) keeps its first value: duplicates are
 * invalid exposition. The renderer as it was before lines were reused (session 6), one string per
 * line, nothing kept: the oracle renderFamilies is checked against (test/unit/render-reuse.test.ts).
 */
export function renderFamiliesPlain(samples: readonly Sample[], extraLabels?: Labels): RenderedFamilies {
  boundRecords();
  const prefix = extraLabels ? labelPairs(extraLabels) : '';
  const taken = extraLabels ? new Set(Object.keys(extraLabels)) : undefined;
  const families = new Map<string, Sample[]>();
  for (const s of samples) {
    const list = families.get(s.name);
    if (list) list.push(s);
    else families.set(s.name, [s]);
  }
  const names: string[] = [];
  const headers: string[] = [];
  const ends = new Uint32Array(families.size);
  const lines: string[] = [];
  let length = 0;
  for (const [name, list] of families) {
    const seen = list.length > 1 ? new Set<string>() : undefined;
    for (const s of list) {
      const own = labelPairs(taken && taken.size > 0 ? withoutCollisions(s.labels, taken) : s.labels);
      const suffix = s.suffix ?? '';
      if (seen) {
        // The prefix is the same on every line, so the own labels and suffix identify a series.
        const id = suffix ? `${suffix}|${own}` : own;
        if (seen.has(id)) continue;
        seen.add(id);
      }
      const labels = prefix && own ? `${prefix},${own}` : prefix || own;
      const line = labels ? `${name}${suffix}{${labels}} ${formatValue(s.value)}\n` : `${name}${suffix} ${formatValue(s.value)}\n`;
      lines.push(line);
      length += line.length;
    }
    ends[names.length] = length;
    names.push(name);
    headers.push(headerOf(list[0] as Sample));
  }
  const layout = internLayout(names, headers);
  return { names: layout.names, headers: layout.headers, series: lines.join(''), ends };
}
