import { renderFamiliesReusing, type RenderReuse } from './render-reuse.js';
import type { RenderedFamilies } from './layout.js';
import type { Labels, Sample } from './sample.js';

export { escapeLabelValue, formatValue, labelPairs, withoutCollisions } from './labels.js';
export { escapeHelp, NO_FAMILIES, sameList, type RenderedFamilies } from './layout.js';
export { RenderReuse } from './render-reuse.js';
export { encodeFamilies } from './encode.js';

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

// withFamilies results not worked out yet, with what works each out.
const PENDING = new WeakMap<RenderedFamilies, () => RenderedFamilies>();

/**
 * `r` with the families of `update` put in: a family `r` has gets its lines replaced in place,
 * a new one is appended. Worked out when first read: a poll's first snapshot (its polls_total
 * counting the poll in flight) is read only by a scrape during the poll, and reading `r.series`
 * of a render that made only bytes would decode the whole body every poll.
 */
export function withFamilies(r: RenderedFamilies, update: RenderedFamilies): RenderedFamilies {
  // A pending base is worked out first, so a chain of them never grows.
  const base = PENDING.get(r)?.() ?? r;
  let done: RenderedFamilies | undefined;
  const get = (): RenderedFamilies => (done ??= merged(base, update));
  const lazy: RenderedFamilies = {
    get names() {
      return get().names;
    },
    get headers() {
      return get().headers;
    },
    get series() {
      return get().series;
    },
    get ends() {
      return get().ends;
    },
  };
  PENDING.set(lazy, get);
  return lazy;
}

function merged(r: RenderedFamilies, update: RenderedFamilies): RenderedFamilies {
  let out: RenderedFamilies = { names: r.names, headers: r.headers, series: r.series, ends: r.ends };
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
