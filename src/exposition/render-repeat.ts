import { formatValue, sameLabels } from './labels.js';
import type { FamilyRecord, Layout, RenderedFamilies } from './layout.js';
import { headerBytes } from './encode.js';
import { repeatBody, type BodyEdits } from './repeat-body.js';
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
 * `bytes` (a target that serves its own body, no merging): renders also make the UTF-8 body,
 * and a repeat writes it from the last body (repeat-body.ts) instead of making the series text.
 */
export class RenderReuse {
  /** The last series, or '' when `last` only has it lazily (a repeat into bytes). */
  series = '';
  /** The last render when it was a repeat into bytes (its series text is made when asked). */
  last: RenderedFamilies | undefined;
  /** The last render's body when its series are ASCII (a byte per character; headers may be UTF-8), for a repeat into bytes. */
  body: Buffer | undefined;
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

  constructor(readonly bytes = false) {}

  /** The last render's series text (made from its body if a repeat did not make it). */
  lastSeries(): string {
    if (this.series === '' && this.last !== undefined) this.series = this.last.series;
    return this.series;
  }
}

/** The lines whose value changed: where the old value is in the last series, its length, the new text. */
const edits: BodyEdits & { line: Uint32Array } = { count: 0, at: new Uint32Array(256), bodyAt: new Uint32Array(256), oldLength: new Uint32Array(256), text: [], line: new Uint32Array(256) };
const pieces: string[] = [];

function grown(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

function addEdit(at: number, bodyAt: number, oldLength: number, text: string, line: number): void {
  const n = edits.count;
  if (n === edits.at.length) {
    edits.line = grown(edits.line);
    edits.at = grown(edits.at);
    edits.bodyAt = grown(edits.bodyAt);
    edits.oldLength = grown(edits.oldLength);
  }
  edits.at[n] = at;
  edits.line[n] = line;
  edits.bodyAt[n] = bodyAt;
  edits.oldLength[n] = oldLength;
  edits.text[n] = text;
  edits.count = n + 1;
}

/** The last series with the edits made: the unchanged runs as slices, one join. */
function editedSeries(prev: string): string {
  let from = 0;
  for (let c = 0; c < edits.count; c++) {
    const at = edits.at[c] as number;
    pieces.push(prev.slice(from, at), edits.text[c] as string);
    from = at + (edits.oldLength[c] as number);
  }
  pieces.push(prev.slice(from));
  const series = pieces.join('');
  pieces.length = 0;
  return series;
}

/**
 * A poll shaped like the last one (same families, suffixes and label sets in the same order,
 * no repeated series): its lines are the last lines with new values, in the same order, so no
 * grouping, label text or name lookups are needed, and only a changed value is formatted.
 * Undefined when the poll is shaped otherwise: the caller renders it in full. A labels object
 * that is not the same object as last time must have the same keys in the same order with the
 * same values (then its text is the same).
 */
export function renderRepeat(samples: readonly Sample[], extra: Labels | undefined, reuse: RenderReuse): RenderedFamilies | undefined {
  const lines = reuse.lines;
  const layout = reuse.layout;
  if (!reuse.shape || reuse.extra !== extra || reuse.count !== samples.length || lines !== samples.length || !layout) return undefined;
  const { order, starts, valueAt, values, recs, labels, suffixes } = reuse;
  const familyEnd = reuse.familyEnd;
  const headerSize = headerBytes(layout.headers);
  let shift = 0;
  /** The first line whose value changed length (lines after it move), or -1. */
  let moved = -1;
  let f = 0;
  let rec = recs[0] as FamilyRecord;
  // Header bytes up to and with family f: where series text (ASCII) is in the body.
  let headerAll = headerSize[0] as number;
  edits.count = 0;
  for (let k = 0; k < lines; k++) {
    // Every family has a line, so one step reaches the family of line k.
    if (k === familyEnd[f]) {
      rec = recs[++f] as FamilyRecord;
      headerAll += headerSize[f] as number;
    }
    const i = order[k] as number;
    const s = samples[i] as Sample;
    const suffix = s.suffix;
    if (s.name !== rec.name || s.type !== rec.type || s.help !== rec.help || (suffix === undefined ? suffixes[i] !== 0 : suffixCode(suffix) !== suffixes[i])) return fail(reuse);
    if (s.labels !== labels[i]) {
      if (!sameLabels(s.labels, labels[i] as Labels)) return fail(reuse);
      labels[i] = s.labels;
    }
    const v = s.value;
    if (v === values[k]) continue;
    // Written in place: a repeat that fails leaves `shape` false, so a full render writes them all.
    values[k] = v;
    const vAt = valueAt[k] as number;
    // The value runs to the line's newline.
    const oldLength = (starts[k + 1] as number) - 1 - vAt;
    const text = formatValue(v);
    addEdit(vAt, vAt + headerAll, oldLength, text, k);
    if (text.length !== oldLength) {
      if (moved < 0) moved = k;
      shift += text.length - oldLength;
    }
  }
  // Lines after a value that changed length move by the changes before them (their starts and
  // value positions are read by the next repeat and, in a full render, against the new series).
  if (moved >= 0) {
    let c = 0;
    let by = 0;
    for (let k = moved + 1; k <= lines; k++) {
      for (; c < edits.count && (edits.line[c] as number) < k; c++) by += (edits.text[c] as string).length - (edits.oldLength[c] as number);
      starts[k] = (starts[k] as number) + by;
      if (k < lines) valueAt[k] = (valueAt[k] as number) + by;
    }
  }
  const ends = new Uint32Array(familyEnd.length);
  for (let f = 0; f < ends.length; f++) ends[f] = starts[familyEnd[f] as number] as number;
  let out: RenderedFamilies;
  if (reuse.body) {
    const body = repeatBody(reuse.body, edits, reuse.body.length + shift);
    out = bodyFamilies(layout, ends, body);
    reuse.body = body;
    reuse.series = '';
  } else {
    const series = editedSeries(reuse.lastSeries());
    out = { names: layout.names, headers: layout.headers, series, ends };
    reuse.series = series;
  }
  edits.text.length = 0;
  // Only a render into bytes leaves its series text to be made later.
  reuse.last = reuse.body ? out : undefined;
  return out;
}

/** The kept values may be written in part: no repeat until a full render has written them all. */
function fail(reuse: RenderReuse): undefined {
  reuse.shape = false;
  edits.count = 0;
  edits.text.length = 0;
  return undefined;
}

/**
 * A render whose series text is made only if something asks for it (a merge of targets, a
 * withFamilies): a target that serves its own bytes never does. The series are ASCII (checked
 * when the body was first made), so each family's series is its bytes after its header.
 */
function bodyFamilies(layout: Layout, ends: Uint32Array, body: Buffer): RenderedFamilies {
  let text: string | undefined;
  return {
    names: layout.names,
    headers: layout.headers,
    ends,
    body,
    get series(): string {
      if (text === undefined) {
        // Latin-1: a character per byte, so byte offsets index it; the series bytes are ASCII.
        const all = body.toString('latin1');
        const size = headerBytes(layout.headers);
        const parts: string[] = [];
        let pos = 0;
        let from = 0;
        for (let f = 0; f < ends.length; f++) {
          pos += size[f] as number;
          const to = ends[f] as number;
          parts.push(all.slice(pos, pos + to - from));
          pos += to - from;
          from = to;
        }
        text = parts.join('');
      }
      return text;
    },
  };
}
