import { formatValue } from './labels.js';
import type { FamilyRecord, Layout, RenderedFamilies } from './layout.js';
import type { Labels, Sample } from './sample.js';

/** A sample's suffix as a number, so a target keeps one byte per sample for it. */
export function suffixCode(suffix: Sample['suffix']): number {
  return suffix === undefined ? 0 : suffix === '_sum' ? 1 : suffix === '_count' ? 2 : 3;
}

/**
 * What one target keeps between renders so the next can reuse its text (~20 bytes a sample; the
 * series is the one its snapshot keeps anyway). Per family: its record; per sample of the last
 * render: its suffix and labels object; per line of the last series: the sample it shows, where it starts,
 * where its value starts, and the value. `shape` is false until a render has filled it, and
 * while the last render had a repeated series (then lines and samples do not pair up).
 */
export class RenderReuse {
  series = '';
  /** The last series has no backslash, so a line's text can be checked against raw label values (render-reuse.ts reusedEnd). */
  plain = true;
  count = 0;
  /** Per family of the last render: its record (every line of family f is one of its samples). */
  recs: FamilyRecord[] = [];
  labels: Labels[] = [];
  suffixes: Uint8Array = new Uint8Array(0);
  lines = 0;
  order: Int32Array = new Int32Array(0);
  /** lines + 1 entries: line k is series[starts[k], starts[k + 1]). */
  starts: Uint32Array = new Uint32Array(0);
  valueAt: Uint32Array = new Uint32Array(0);
  values: Float64Array = new Float64Array(0);
  /** Per family: the line after its last. */
  familyEnd: Uint32Array = new Uint32Array(0);
  layout: Layout | undefined;
  extra: Labels | undefined;
  shape = false;
}

// Built here, copied into the target's arrays only when the whole render succeeded.
let nextStarts = new Uint32Array(1024);
let nextValueAt = new Uint32Array(1024);
let nextValues = new Float64Array(1024);
const pieces: string[] = [];

/**
 * A poll shaped like the last one (same families, suffixes and label objects in the same order,
 * no repeated series): its lines are the last lines with new values, in the same order, so no
 * grouping, label text or name lookups are needed, and a line whose value is unchanged is reused
 * whole (runs of them as one slice). Undefined when the poll is shaped otherwise: the caller
 * renders it in full. A labels object that is not the same object as last time is checked by
 * its text (`sameHead`), which must then be the last render's text exactly.
 */
export function renderRepeat(samples: readonly Sample[], extra: Labels | undefined, reuse: RenderReuse, sameHead: (prev: string, at: number, s: Sample) => number): RenderedFamilies | undefined {
  const lines = reuse.lines;
  if (!reuse.shape || reuse.extra !== extra || reuse.count !== samples.length || lines !== samples.length || !reuse.layout) return undefined;
  if (nextStarts.length <= lines) {
    nextStarts = new Uint32Array(lines * 2 + 1);
    nextValueAt = new Uint32Array(lines * 2);
    nextValues = new Float64Array(lines * 2);
  }
  const { series: prev, order, starts, valueAt, values, recs, labels, suffixes } = reuse;
  const familyEnd = reuse.familyEnd;
  let from = -1;
  let to = -1;
  let length = 0;
  let f = 0;
  let rec = recs[0] as FamilyRecord;
  for (let k = 0; k < lines; k++) {
    // Every family has a line, so one step reaches the family of line k.
    if (k === familyEnd[f]) rec = recs[++f] as FamilyRecord;
    const i = order[k] as number;
    const s = samples[i] as Sample;
    if (s.name !== rec.name || s.type !== rec.type || s.help !== rec.help || suffixCode(s.suffix) !== suffixes[i]) return fail();
    const at = starts[k] as number;
    const vAt = valueAt[k] as number;
    if (s.labels !== labels[i]) {
      if (!reuse.plain || sameHead(prev, at, s) !== vAt) return fail();
      labels[i] = s.labels;
    }
    const end = starts[k + 1] as number;
    nextStarts[k] = length;
    nextValueAt[k] = length + vAt - at;
    const v = s.value;
    nextValues[k] = v;
    if (v === values[k]) {
      if (from < 0 || to !== at) {
        if (from >= 0) pieces.push(prev.slice(from, to));
        from = at;
      }
      to = end;
      length += end - at;
      continue;
    }
    if (from < 0 || to !== at) {
      if (from >= 0) pieces.push(prev.slice(from, to));
      from = at;
    }
    pieces.push(prev.slice(from, vAt));
    from = -1;
    const text = formatValue(v);
    pieces.push(text, '\n');
    length += vAt - at + text.length + 1;
  }
  if (from >= 0) pieces.push(prev.slice(from, to));
  nextStarts[lines] = length;
  const series = pieces.join('');
  pieces.length = 0;
  starts.set(nextStarts.subarray(0, lines + 1));
  valueAt.set(nextValueAt.subarray(0, lines));
  values.set(nextValues.subarray(0, lines));
  reuse.series = series;
  const ends = new Uint32Array(familyEnd.length);
  for (let f = 0; f < ends.length; f++) ends[f] = starts[familyEnd[f] as number] as number;
  return { names: reuse.layout.names, headers: reuse.layout.headers, series, ends };
}

function fail(): undefined {
  pieces.length = 0;
  return undefined;
}
