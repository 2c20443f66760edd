import type { Sample } from './sample.js';

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
  /** joinFamilies of this as UTF-8, when the render made it (a target serving its own bytes: RenderReuse.bytes). */
  readonly body?: Buffer;
}

export const NO_FAMILIES: RenderedFamilies = Object.freeze({ names: [], headers: [], series: '', ends: new Uint32Array(0) });

export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/**
 * A family's header and, for the buffer renderer, where its samples are in the render under way
 * (`epoch` says which render the other fields belong to). One per family name for the process.
 */
export interface FamilyRecord {
  /** The family's name (a repeated render checks a sample against it: render-repeat.ts). */
  readonly name: string;
  type: string;
  help: string;
  header: string;
  epoch: number;
  first: number;
  last: number;
  count: number;
}

// Family names and help texts come from code, so this stays small; the bound guards against a bug.
const HEADERS = new Map<string, FamilyRecord>();
const HEADER_CACHE_MAX = 20_000;

/** Forgets every record when there are too many; only between renders (records carry a render's state). */
export function boundRecords(): void {
  if (HEADERS.size >= HEADER_CACHE_MAX) HEADERS.clear();
}

/**
 * The record of `s`'s family, its header matching `s`'s type and help: one header string per
 * family for the whole process instead of one per target and poll. Keyed by name and checked by
 * type and help: hashing "name+help" was a third of render's CPU.
 */
export function recordOf(s: Sample): FamilyRecord {
  const hit = HEADERS.get(s.name);
  if (hit) {
    if (hit.type !== s.type || hit.help !== s.help) {
      hit.type = s.type;
      hit.help = s.help;
      hit.header = `${helpAndType(s.name, s.help, s.type)}\n`;
    }
    return hit;
  }
  const rec: FamilyRecord = { name: s.name, type: s.type, help: s.help, header: `${helpAndType(s.name, s.help, s.type)}\n`, epoch: 0, first: -1, last: -1, count: 0 };
  HEADERS.set(s.name, rec);
  return rec;
}

/** A family's `# HELP` and `# TYPE` lines, without the final newline (the process metrics' renderer adds its own). */
export function helpAndType(name: string, help: string, type: string): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}`;
}

/** The record of family `name` if there is one (no check of type or help). */
export function peekRecord(name: string): FamilyRecord | undefined {
  return HEADERS.get(name);
}

export function headerOf(s: Sample): string {
  return recordOf(s).header;
}

export interface Layout {
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

function promote(i: number): Layout {
  const l = LAYOUTS[i] as Layout;
  // Most recent first, so the common layouts are found at once.
  if (i > 0) {
    LAYOUTS.splice(i, 1);
    LAYOUTS.unshift(l);
  }
  return l;
}

function add(names: string[], headers: string[]): Layout {
  const layout = Object.freeze({ names: Object.freeze(names), headers: Object.freeze(headers) });
  LAYOUTS.unshift(layout);
  if (LAYOUTS.length > LAYOUTS_MAX) LAYOUTS.pop();
  return layout;
}

export function internLayout(names: string[], headers: string[]): Layout {
  for (let i = 0; i < LAYOUTS.length; i++) {
    const l = LAYOUTS[i] as Layout;
    if (sameList(l.names, names) && sameList(l.headers, headers)) return promote(i);
  }
  return add(names, headers);
}

/**
 * The shared layout of `n` families named `names[i]` with `records[i].header`, without building
 * the two lists unless no kept layout matches (a poll's families are almost always a kept layout).
 */
export function layoutOf(names: readonly string[], records: readonly FamilyRecord[], n: number): Layout {
  for (let i = 0; i < LAYOUTS.length; i++) {
    const l = LAYOUTS[i] as Layout;
    if (l.names.length !== n) continue;
    let k = 0;
    while (k < n && l.names[k] === names[k] && l.headers[k] === (records[k] as FamilyRecord).header) k++;
    if (k === n) return promote(i);
  }
  return add(
    names.slice(0, n),
    records.slice(0, n).map((r) => r.header),
  );
}
