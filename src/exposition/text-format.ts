import type { Labels, Sample } from './sample.js';

/**
 * One target's rendered exposition, laid out so many targets can be merged into one /metrics
 * body by slicing and concatenation: a family's HELP/TYPE once, then every target's series of it.
 * This is the only form a snapshot keeps (samples are dropped once rendered). All series lines
 * are one flat string: per-family strings were cons-string ropes (V8 keeps `a + b` as a tree
 * until read), 50 MB of rope nodes at 500 targets.
 */
export interface RenderedFamilies {
  readonly names: readonly string[];
  /** `# HELP …\n# TYPE …\n` per family, shared between targets and polls (see headerOf). */
  readonly headers: readonly string[];
  /** Every family's series lines, in family order, each ending in a newline. */
  readonly series: string;
  /** Where family i's lines end in `series`; they start where family i-1's end. */
  readonly ends: Uint32Array;
}

export const NO_FAMILIES: RenderedFamilies = Object.freeze({ names: [], headers: [], series: '', ends: new Uint32Array(0) });

export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\\"\x00-\x1f\x7f]/;
// eslint-disable-next-line no-control-regex
const ESCAPES = /[\\"\x00-\x1f\x7f]/g;

function escapeChar(c: string): string {
  if (c === '\\') return '\\\\';
  if (c === '"') return '\\"';
  if (c === '\n') return '\\n';
  // Other control characters (from key names, command names, …) are shown as the text \xHH.
  return `\\\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

export function escapeLabelValue(text: string): string {
  // Almost no value needs escaping; one test first (render is most of a poll's CPU).
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPES, escapeChar);
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** `k="v",…` without braces; '' for no labels. */
export function labelPairs(labels: Labels): string {
  let out = '';
  for (const key in labels) out += `${out === '' ? '' : ','}${key}="${escapeLabelValue(labels[key] ?? '')}"`;
  return out;
}

// Family names and help texts come from code, so this stays small; the bound guards against a bug.
const HEADERS = new Map<string, { readonly type: string; readonly help: string; readonly header: string }>();
const HEADER_CACHE_MAX = 20_000;

/**
 * One header string per family for the whole process instead of one per target and poll. Keyed
 * by name and checked by type and help: hashing "name+help" was a third of render's CPU.
 */
function headerOf(s: Sample): string {
  const hit = HEADERS.get(s.name);
  if (hit && hit.type === s.type && hit.help === s.help) return hit.header;
  if (HEADERS.size >= HEADER_CACHE_MAX) HEADERS.clear();
  const header = `# HELP ${s.name} ${escapeHelp(s.help)}\n# TYPE ${s.name} ${s.type}\n`;
  HEADERS.set(s.name, { type: s.type, help: s.help, header });
  return header;
}

/**
 * A series' own labels, renamed where a target label (`taken`) has the same name: `role` becomes
 * `exported_role` (`exported_exported_role` if that is taken too), as Prometheus renames scraped
 * labels that collide with target labels. A label name twice on one series would make
 * Prometheus reject the whole scrape (docs/limits.md).
 */
export function withoutCollisions(own: Labels, taken: ReadonlySet<string>): Labels {
  let hit = false;
  for (const k in own) if (taken.has(k)) hit = true;
  if (!hit) return own;
  const out: Record<string, string> = {};
  for (const k in own) {
    let name = k;
    if (taken.has(k)) {
      name = `exported_${k}`;
      while (taken.has(name) || name in own || name in out) name = `exported_${name}`;
    }
    out[name] = own[k] ?? '';
  }
  return out;
}

/**
 * Groups samples by family in first-seen order (stable from poll to poll) and renders their lines.
 * `extraLabels` go first on every series (a target's `target` label and its configured labels).
 * A repeated series (a malformed INFO can repeat a field) keeps its first value: duplicates are
 * invalid exposition.
 */
export function renderFamilies(samples: readonly Sample[], extraLabels?: Labels): RenderedFamilies {
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

interface Layout {
  readonly names: readonly string[];
  readonly headers: readonly string[];
}

// Targets of one Redis version and role render the same families in the same order, poll after
// poll: a few shared lists serve them all instead of two arrays per target kept per poll.
const LAYOUTS: Layout[] = [];
const LAYOUTS_MAX = 32;

/** Same length and the same elements (by ===) in the same order. */
export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function internLayout(names: string[], headers: string[]): Layout {
  for (let i = 0; i < LAYOUTS.length; i++) {
    const l = LAYOUTS[i] as Layout;
    if (sameList(l.names, names) && sameList(l.headers, headers)) {
      // Most recent first, so the common layouts are found at once.
      if (i > 0) LAYOUTS.unshift(...LAYOUTS.splice(i, 1));
      return l;
    }
  }
  const layout = Object.freeze({ names: Object.freeze(names), headers: Object.freeze(headers) });
  LAYOUTS.unshift(layout);
  if (LAYOUTS.length > LAYOUTS_MAX) LAYOUTS.pop();
  return layout;
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
 * What joinFamilies(r) returns, encoded as UTF-8 straight into one Buffer. The joined string was
 * the largest thing a poll left on V8's heap (as long as the body, kept until the next poll, so
 * promoted to the old generation every poll, bringing the next full collection closer);
 * the Buffer lives outside the heap.
 */
export function encodeFamilies(r: RenderedFamilies): Buffer {
  let bytes = Buffer.byteLength(r.series, 'utf8');
  for (const h of r.headers) bytes += Buffer.byteLength(h, 'utf8');
  const out = Buffer.allocUnsafeSlow(bytes);
  let at = 0;
  for (let i = 0; i < r.names.length; i++) {
    at += out.write(r.headers[i] as string, at, 'utf8');
    at += out.write(seriesOf(r, i), at, 'utf8');
  }
  return out;
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
