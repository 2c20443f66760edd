import { escapeLabelValue, formatValue, labelPairs, withoutCollisions } from './labels.js';
import { boundRecords, layoutOf, peekRecord, recordOf, type FamilyRecord, type RenderedFamilies } from './layout.js';
import { renderRepeat, RenderReuse, suffixCode } from './render-repeat.js';
import { encodeFamilies, headerBytes } from './encode.js';
import type { Labels, Sample } from './sample.js';

export { RenderReuse } from './render-repeat.js';

// Reused from render to render (one process renders one thing at a time, synchronously).
let nextOf = new Int32Array(1024);
const orderNames: string[] = [];
const orderRecords: FamilyRecord[] = [];
const heads: string[] = [];
/** Per line of the family being written: where its reused `name…{labels} ` is in the last series (end -1: built). */
let headAt = new Int32Array(256);
let headEnd = new Int32Array(256);
let epoch = 0;
/** Where sample i's line started in the last series (+1; 0: no line), from the target's RenderReuse. */
let prevAt = new Uint32Array(1024);

interface Extra {
  readonly prefix: string;
  readonly taken: ReadonlySet<string> | undefined;
}
const NO_EXTRA: Extra = { prefix: '', taken: undefined };
// A target passes the same labels object every poll.
const EXTRAS = new WeakMap<Labels, Extra>();

function extraOf(labels: Labels | undefined): Extra {
  if (!labels) return NO_EXTRA;
  let e = EXTRAS.get(labels);
  if (!e) {
    const taken = new Set(Object.keys(labels));
    e = { prefix: labelPairs(labels), taken: taken.size > 0 ? taken : undefined };
    EXTRAS.set(labels, e);
  }
  return e;
}

/** Groups samples by family in first-seen order: a linked list through nextOf, heads in the records. */
function group(samples: readonly Sample[]): number {
  epoch++;
  if (nextOf.length < samples.length) nextOf = new Int32Array(samples.length * 2);
  let families = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as Sample;
    nextOf[i] = -1;
    let rec = peekRecord(s.name);
    if (rec !== undefined && rec.epoch === epoch) {
      nextOf[rec.last] = i;
      rec.last = i;
      rec.count++;
      continue;
    }
    // A family's header is its first sample's, as in renderFamiliesPlain.
    rec = recordOf(s);
    rec.epoch = epoch;
    rec.first = i;
    rec.last = i;
    rec.count = 1;
    orderNames[families] = s.name;
    orderRecords[families] = rec;
    families++;
  }
  return families;
}

/**
 * Where the line at `at` of `prev` ends its `name…{labels} ` part if that part is exactly what
 * this sample renders to, else -1. Exact because `prev` has no backslash (the caller checks):
 * escaping only adds backslashes, so a value equal to the text between its quotes (with no quote
 * in it) needed no escaping and renders to that same text.
 */
export function reusedEnd(prev: string, at: number, name: string, suffix: string | undefined, prefix: string, own: Labels): number {
  if (!prev.startsWith(name, at)) return -1;
  let pos = at + name.length;
  if (suffix) {
    if (!prev.startsWith(suffix, pos)) return -1;
    pos += suffix.length;
  }
  let open = false;
  if (prefix !== '') {
    if (prev.charCodeAt(pos) !== 123 || !prev.startsWith(prefix, pos + 1)) return -1;
    pos += 1 + prefix.length;
    open = true;
  }
  for (const k in own) {
    if (prev.charCodeAt(pos) !== (open ? 44 : 123) || !prev.startsWith(k, pos + 1)) return -1;
    open = true;
    pos += 1 + k.length;
    if (prev.charCodeAt(pos) !== 61 || prev.charCodeAt(pos + 1) !== 34) return -1;
    pos += 2;
    const v = own[k] ?? '';
    if (!prev.startsWith(v, pos) || prev.indexOf('"', pos) !== pos + v.length) return -1;
    pos += v.length + 1;
  }
  if (open) {
    if (prev.charCodeAt(pos) !== 125) return -1;
    pos++;
  }
  return prev.charCodeAt(pos) === 32 ? pos + 1 : -1;
}

/**
 * The series text being put together: reused text that lay contiguous in the last series (a run
 * of lines whose labels and values are unchanged) becomes one slice, not a piece per line.
 */
class Pieces {
  readonly list: string[] = [];
  length = 0;
  private from = -1;
  private to = -1;

  constructor(private readonly prev: string) {}

  /** A line whose `name…{labels} ` is prev[at, end), with this value. */
  reused(at: number, end: number, value: string): void {
    const prev = this.prev;
    const same = prev.startsWith(value, end) && prev.charCodeAt(end + value.length) === 10;
    const to = same ? end + value.length + 1 : end;
    if (this.from >= 0 && this.to === at) this.to = to;
    else {
      this.flush();
      this.from = at;
      this.to = to;
    }
    this.length += to - at;
    if (!same) this.value(value);
  }

  built(head: string, value: string): void {
    this.flush();
    this.list.push(head);
    this.length += head.length;
    this.value(value);
  }

  join(): string {
    this.flush();
    return this.list.join('');
  }

  private value(value: string): void {
    this.flush();
    this.list.push(value, '\n');
    this.length += value.length + 1;
  }

  private flush(): void {
    if (this.from < 0) return;
    this.list.push(this.prev.slice(this.from, this.to));
    this.from = -1;
  }
}

function headOf(name: string, suffix: string | undefined, prefix: string, own: Labels): string {
  let labels = prefix;
  for (const k in own) labels += `${labels === '' ? '' : ','}${k}="${escapeLabelValue(own[k] ?? '')}"`;
  return labels === '' ? `${name}${suffix ?? ''} ` : `${name}${suffix ?? ''}{${labels}} `;
}

/** Where each sample's line started in the last series, from the lines the target kept. */
function previousStarts(reuse: RenderReuse, n: number): number {
  if (!reuse.plain || reuse.count === 0) return 0;
  if (prevAt.length < reuse.count) prevAt = new Uint32Array(reuse.count * 2);
  prevAt.fill(0, 0, reuse.count);
  for (let k = 0; k < reuse.lines; k++) prevAt[reuse.order[k] as number] = (reuse.starts[k] as number) + 1;
  return Math.min(n, reuse.count);
}

/** Makes room in `reuse` for a render of `n` samples (its typed arrays are replaced only when too small). */
function sized(reuse: RenderReuse, n: number, families: number): void {
  if (reuse.starts.length <= n) {
    const room = n + 16;
    reuse.suffixes = new Uint8Array(room);
    reuse.order = new Int32Array(room);
    reuse.starts = new Uint32Array(room + 1);
    reuse.valueAt = new Uint32Array(room);
    reuse.values = new Float64Array(room);
  }
  if (reuse.familyEnd.length !== families) reuse.familyEnd = new Uint32Array(families);
  reuse.recs.length = families;
  reuse.labels.length = n;
}

/**
 * What renderFamiliesPlain returns. With `reuse` (one per target, passed every poll), a poll
 * shaped like the last is rendered by renderRepeat; otherwise a line whose name and labels
 * render as the same line did last time reuses that text (a slice of the last series) instead
 * of building it: most series keep their labels poll to poll.
 */
export function renderFamiliesReusing(samples: readonly Sample[], extraLabels?: Labels, reuse?: RenderReuse): RenderedFamilies {
  boundRecords();
  if (reuse) {
    const repeated = renderRepeat(samples, extraLabels, reuse);
    if (repeated) return repeated;
  }
  const { prefix, taken } = extraOf(extraLabels);
  const families = group(samples);
  const prev = reuse ? reuse.lastSeries() : '';
  const prevCount = reuse ? previousStarts(reuse, samples.length) : 0;
  if (reuse) sized(reuse, samples.length, families);
  let lines = 0;
  const ends = new Uint32Array(families);
  const out = new Pieces(prev);
  for (let f = 0; f < families; f++) {
    const name = orderNames[f] as string;
    const rec = orderRecords[f] as FamilyRecord;
    if (headAt.length < rec.count) {
      headAt = new Int32Array(rec.count * 2);
      headEnd = new Int32Array(rec.count * 2);
    }
    let n = 0;
    let built = 0;
    for (let i = rec.first; i !== -1; i = nextOf[i] as number, n++) {
      const s = samples[i] as Sample;
      const own = taken ? withoutCollisions(s.labels, taken) : s.labels;
      const at = i < prevCount ? (prevAt[i] as number) - 1 : -1;
      const end = at < 0 ? -1 : reusedEnd(prev, at, name, s.suffix, prefix, own);
      headAt[n] = at;
      headEnd[n] = end;
      if (end < 0) {
        heads[n] = headOf(name, s.suffix, prefix, own);
        built++;
      }
      if (reuse) {
        reuse.labels[i] = s.labels;
        reuse.suffixes[i] = suffixCode(s.suffix);
      }
    }
    // Reused lines were distinct last time; a built one may repeat any line of its family.
    const seen = built > 0 && n > 1 ? new Set<string>() : undefined;
    let k = 0;
    for (let i = rec.first; i !== -1; i = nextOf[i] as number, k++) {
      const end = headEnd[k] as number;
      if (seen) {
        const head = end < 0 ? (heads[k] as string) : prev.slice(headAt[k], end);
        if (seen.has(head)) continue;
        seen.add(head);
      }
      const value = (samples[i] as Sample).value;
      if (reuse) {
        reuse.order[lines] = i;
        reuse.starts[lines] = out.length;
        reuse.valueAt[lines] = out.length + (end < 0 ? (heads[k] as string).length : end - (headAt[k] as number));
        reuse.values[lines] = value;
      }
      lines++;
      if (end < 0) out.built(heads[k] as string, formatValue(value));
      else out.reused(headAt[k] as number, end, formatValue(value));
    }
    ends[f] = out.length;
    if (reuse) {
      reuse.familyEnd[f] = lines;
      reuse.recs[f] = rec;
    }
  }
  // Built heads must not outlive this render.
  heads.fill('');
  const series = out.join();
  const layout = layoutOf(orderNames, orderRecords, families);
  const result: RenderedFamilies = { names: layout.names, headers: layout.headers, series, ends };
  if (!reuse) return result;
  const body = reuse.bytes ? encodeFamilies(result) : undefined;
  // A repeat writes the next body from this one only if its series are ASCII (a byte per character).
  reuse.body = body && body.length === series.length + (headerBytes(layout.headers)[families] as number) ? body : undefined;
  const rendered = body ? { ...result, body } : result;
  reuse.last = undefined;
  reuse.starts[lines] = series.length;
  reuse.series = series;
  reuse.plain = series.indexOf('\\') < 0;
  reuse.count = samples.length;
  reuse.lines = lines;
  reuse.layout = layout;
  reuse.extra = extraLabels;
  reuse.shape = lines === samples.length;
  return rendered;
}
