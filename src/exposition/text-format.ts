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

// UTF-8 bytes of all of a layout's headers: layouts are shared and kept poll after poll, so
// this is measured once per layout, not with a call into C++ per family and poll.
const HEADER_BYTES = new WeakMap<readonly string[], number>();

function headerBytes(headers: readonly string[]): number {
  let n = HEADER_BYTES.get(headers);
  if (n === undefined) {
    n = 0;
    for (let i = 0; i < headers.length; i++) n += Buffer.byteLength(headers[i] as string, 'utf8');
    HEADER_BYTES.set(headers, n);
  }
  return n;
}

/**
 * What joinFamilies(r) returns, encoded as UTF-8 straight into one Buffer. The joined string was
 * the largest thing a poll left on V8's heap (as long as the body, kept until the next poll, so
 * promoted to the old generation every poll); the Buffer lives outside the heap. Joining and
 * writing once costs half the CPU but ~45 KiB more allocation a poll (bench/poll-alloc.mjs), so
 * more nursery page faults on a cold poll: each family is written in place instead.
 */
export function encodeFamilies(r: RenderedFamilies): Buffer {
  const bytes = Buffer.byteLength(r.series, 'utf8') + headerBytes(r.headers);
  const out = Buffer.allocUnsafeSlow(bytes);
  // Buffer's own utf8Write: write() goes through argument checks that made an array per call
  // (~37 KiB a poll, bench/poll-alloc.mjs).
  const w = out as unknown as Utf8Writer;
  let at = 0;
  let from = 0;
  for (let i = 0; i < r.names.length; i++) {
    const to = r.ends[i] as number;
    at += w.utf8Write(r.headers[i] as string, at, bytes - at);
    if (to > from) at += w.utf8Write(r.series.slice(from, to), at, bytes - at);
    from = to;
  }
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
