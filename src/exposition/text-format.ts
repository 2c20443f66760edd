import { renderFamiliesReusing, type RenderReuse } from './render-reuse.js';
import type { RenderedFamilies } from './layout.js';
import type { Labels, Sample } from './sample.js';

export { escapeLabelValue, formatValue, labelPairs, withoutCollisions } from './labels.js';
export { escapeHelp, NO_FAMILIES, sameList, type RenderedFamilies } from './layout.js';
export { RenderReuse } from './render-reuse.js';

/**
 * Groups samples by family in first-seen order (stable from poll to poll) and renders their lines.
 * `extraLabels` go first on every series (a target's `target` label and its configured labels).
 * A repeated series (a malformed INFO can repeat a field) keeps its first value: duplicates are
 * invalid exposition. `reuse`: a target's previous render, whose lines are reused where the same
 * (see renderFamiliesReusing).
 */
export function renderFamilies(samples: readonly Sample[], extraLabels?: Labels, reuse?: RenderReuse): RenderedFamilies {
  return renderFamiliesReusing(samples, extraLabels, reuse);
}

/** Family i's series lines. */
export function seriesOf(r: RenderedFamilies, i: number): string {
  return r.series.slice(i === 0 ? 0 : r.ends[i - 1], r.ends[i]);
}

/**
 * The text of one target's families, as /metrics serves it for a single target; `mapSeries`
 * rewrites each family's lines (the snapshot drops the target label with it).
 */
export function joinFamilies(r: RenderedFamilies, mapSeries: (series: string) => string = (x) => x): string {
  const out: string[] = [];
  for (let i = 0; i < r.names.length; i++) out.push(r.headers[i] as string, mapSeries(seriesOf(r, i)));
  return out.join('');
}

/**
 * What joinFamilies(r) returns, encoded as UTF-8 into one Buffer. The joined string was the
 * largest thing a poll left on V8's heap when the snapshot kept it (as long as the body, kept
 * until the next poll, so promoted to the old generation every poll); here it is garbage as soon
 * as it is encoded, and the Buffer lives outside the heap. One join and one write: a header and a
 * slice written per family were two calls into C++ each, 2.4x the CPU (bench/render-cost.mjs).
 */
export function encodeFamilies(r: RenderedFamilies): Buffer {
  const n = r.names.length;
  const parts: string[] = new Array<string>(2 * n);
  let from = 0;
  for (let i = 0; i < n; i++) {
    const to = r.ends[i] as number;
    parts[2 * i] = r.headers[i] as string;
    parts[2 * i + 1] = r.series.slice(from, to);
    from = to;
  }
  const body = parts.join('');
  const bytes = Buffer.byteLength(body, 'utf8');
  const out = Buffer.allocUnsafeSlow(bytes);
  // Buffer's own utf8Write: write() goes through argument checks that made an array per call.
  (out as unknown as Utf8Writer).utf8Write(body, 0, bytes);
  return out;
}

interface Utf8Writer {
  utf8Write(text: string, offset: number, length: number): number;
}

/**
 * `r` with the families of `update` put in: a family `r` has gets its lines replaced in place,
 * a new one is appended. Cheaper than rendering again: one string copy, no samples needed.
 */
export function withFamilies(r: RenderedFamilies, update: RenderedFamilies): RenderedFamilies {
  let out = r;
  update.names.forEach((name, j) => {
    const lines = seriesOf(update, j);
    const i = out.names.indexOf(name);
    if (i < 0) {
      const ends = new Uint32Array(out.ends.length + 1);
      ends.set(out.ends);
      ends[out.ends.length] = out.series.length + lines.length;
      out = { names: [...out.names, name], headers: [...out.headers, update.headers[j] as string], series: out.series + lines, ends };
      return;
    }
    const start = i === 0 ? 0 : (out.ends[i - 1] as number);
    const end = out.ends[i] as number;
    const delta = lines.length - (end - start);
    const ends = out.ends.slice();
    for (let k = i; k < ends.length; k++) ends[k] = (ends[k] as number) + delta;
    out = { names: out.names, headers: out.headers, series: out.series.slice(0, start) + lines + out.series.slice(end), ends };
  });
  return out;
}
