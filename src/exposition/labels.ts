import type { Labels } from './sample.js';

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

/** Whether escapeLabelValue would change `text` (almost no value needs it). */
export function needsEscape(text: string): boolean {
  return NEEDS_ESCAPE.test(text);
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

/**
 * Whether `a` and `b` render to the same text: the same keys in the same order, with the same
 * values. Lets a repeated render keep a line when a collector made a new labels object for it.
 */
export function sameLabels(a: Labels, b: Labels): boolean {
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k] || !Object.hasOwn(b, k)) return false;
    n++;
  }
  let m = 0;
  for (const _ in b) m++;
  if (n !== m) return false;
  if (n < 2) return true;
  // Same keys; the order decides the text too.
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return false;
  return true;
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
 * A copy of `s` that keeps nothing else alive. V8 cuts a substring of 13 or more characters as a
 * slice of its parent, so a label value read from INFO and kept for the process would keep that
 * whole reply (6 KB a target) with it. The join flattens into a new string; its slice refers to that.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** How many label sets one LabelSets keeps; past it each call makes a fresh object (a hostile Redis can name 50,000 commands). */
export const LABEL_SETS_MAX = 4096;

/**
 * The label sets `{ [key]: value }` of one label, one object per value for the process: a
 * collector that passes the same object poll after poll lets the render reuse the series' text
 * without reading its labels (render-repeat.ts compares them by identity).
 */
export class LabelSets {
  private readonly sets = new Map<string, Labels>();

  constructor(private readonly key: string) {}

  of(value: string): Labels {
    let set = this.sets.get(value);
    if (set === undefined) {
      const own = detached(value);
      set = Object.freeze({ [this.key]: own });
      if (this.sets.size < LABEL_SETS_MAX) this.sets.set(own, set);
    }
    return set;
  }
}

/** The same for two labels, `first` then `second` (in that order on the series). */
export class LabelPairSets {
  private readonly sets = new Map<string, Map<string, Labels>>();
  private size = 0;

  constructor(
    private readonly first: string,
    private readonly second: string,
  ) {}

  of(a: string, b: string): Labels {
    let inner = this.sets.get(a);
    let set = inner?.get(b);
    if (set === undefined) {
      const [ownA, ownB] = [detached(a), detached(b)];
      set = Object.freeze({ [this.first]: ownA, [this.second]: ownB });
      if (this.size < LABEL_SETS_MAX) {
        if (!inner) this.sets.set(ownA, (inner = new Map()));
        inner.set(ownB, set);
        this.size++;
      }
    }
    return set;
  }
}
