import { escapeLabelValue, formatValue, labelPairs, withoutCollisions } from './labels.js';
import { boundRecords, layoutOf, peekRecord, recordOf, type FamilyRecord, type RenderedFamilies } from './layout.js';
import type { Labels, Sample } from './sample.js';

/**
 * What one target keeps between renders so the next can reuse its text: the last series and
 * where sample i's line started in it (+1; 0: no line). A few KB per target, the series being
 * the one its snapshot keeps anyway.
 */
export class RenderReuse {
  series = '';
  lineAt: Uint32Array = new Uint32Array(0);
  spare: Uint32Array = new Uint32Array(0);
  count = 0;
}

// Reused from render to render (one process renders one thing at a time, synchronously).
let nextOf = new Int32Array(1024);
const orderNames: string[] = [];
const orderRecords: FamilyRecord[] = [];
const heads: string[] = [];
/** Per line of the family being written: where its reused `name…{labels} ` is in the last series (end -1: built). */
let headAt = new Int32Array(256);
let headEnd = new Int32Array(256);
let epoch = 0;

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
function reusedEnd(prev: string, at: number, name: string, suffix: string | undefined, prefix: string, own: Labels): number {
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

/**
 * What renderFamiliesPlain returns. With `reuse` (one per target, passed every poll), a line
 * whose name and labels render as the same line did last time reuses that text (a slice of the
 * last series) instead of building it: most series keep their labels poll to poll.
 */
export function renderFamiliesReusing(samples: readonly Sample[], extraLabels?: Labels, reuse?: RenderReuse): RenderedFamilies {
  boundRecords();
  const { prefix, taken } = extraOf(extraLabels);
  const families = group(samples);
  const prev = reuse ? reuse.series : '';
  const prevCount = reuse && prev.indexOf('\\') < 0 ? reuse.count : 0;
  const prevAt = reuse ? reuse.lineAt : undefined;
  let nextAt: Uint32Array | undefined;
  if (reuse) {
    nextAt = reuse.spare.length >= samples.length ? reuse.spare : new Uint32Array(samples.length + 16);
    nextAt.fill(0, 0, samples.length);
  }
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
      const at = i < prevCount ? ((prevAt as Uint32Array)[i] as number) - 1 : -1;
      const end = at < 0 ? -1 : reusedEnd(prev, at, name, s.suffix, prefix, own);
      headAt[n] = at;
      headEnd[n] = end;
      if (end < 0) {
        heads[n] = headOf(name, s.suffix, prefix, own);
        built++;
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
      if (nextAt) nextAt[i] = out.length + 1;
      const value = formatValue((samples[i] as Sample).value);
      if (end < 0) out.built(heads[k] as string, value);
      else out.reused(headAt[k] as number, end, value);
    }
    ends[f] = out.length;
  }
  // Built heads must not outlive this render.
  heads.fill('');
  const series = out.join();
  if (reuse && nextAt) {
    reuse.spare = reuse.lineAt;
    reuse.lineAt = nextAt;
    reuse.count = samples.length;
    reuse.series = series;
  }
  const layout = layoutOf(orderNames, orderRecords, families);
  return { names: layout.names, headers: layout.headers, series, ends };
}
