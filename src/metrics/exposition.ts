import type { Labels, Sample } from './sample.js';

/**
 * One target's rendered exposition, kept per family so many targets can be merged into one
 * /metrics body by concatenation: a family's HELP/TYPE once, then every target's series of it.
 * This is the only form a snapshot keeps (samples are dropped once rendered): with hundreds of
 * targets, re-rendering every sample on each /metrics was most of the exporter's garbage.
 */
export interface FamilyChunk {
  readonly name: string;
  /** `# HELP …\n# TYPE …\n`, shared between targets and polls (see headerOf). */
  readonly header: string;
  /** The family's series lines, each ending in a newline. */
  readonly series: string;
}

export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function escapeLabelValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
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
  for (const key of Object.keys(labels)) out += `${out ? ',' : ''}${key}="${escapeLabelValue(labels[key] ?? '')}"`;
  return out;
}

// Family names and help texts come from code, so this stays small; the bound guards against a bug.
const HEADERS = new Map<string, string>();
const HEADER_CACHE_MAX = 20_000;

/** One header string per family for the whole process instead of one per target and poll. */
function headerOf(s: Sample): string {
  const key = `${s.name}\u0000${s.type}\u0000${s.help}`;
  let header = HEADERS.get(key);
  if (header === undefined) {
    if (HEADERS.size >= HEADER_CACHE_MAX) HEADERS.clear();
    header = `# HELP ${s.name} ${escapeHelp(s.help)}\n# TYPE ${s.name} ${s.type}\n`;
    HEADERS.set(key, header);
  }
  return header;
}

/**
 * Groups samples by family in first-seen order (stable from poll to poll) and renders their lines.
 * `extraLabels` go first on every series (a target's `target` label and its configured labels).
 * A repeated series (a malformed INFO can repeat a field) keeps its first value: duplicates are
 * invalid exposition.
 */
export function renderFamilies(samples: readonly Sample[], extraLabels?: Labels): FamilyChunk[] {
  const prefix = extraLabels ? labelPairs(extraLabels) : '';
  const families = new Map<string, Sample[]>();
  for (const s of samples) {
    const list = families.get(s.name);
    if (list) list.push(s);
    else families.set(s.name, [s]);
  }
  const out: FamilyChunk[] = [];
  for (const [name, list] of families) {
    const seen = list.length > 1 ? new Set<string>() : undefined;
    let series = '';
    for (const s of list) {
      const own = labelPairs(s.labels);
      const labels = prefix && own ? `${prefix},${own}` : prefix || own;
      const key = labels ? `${name}${s.suffix ?? ''}{${labels}}` : `${name}${s.suffix ?? ''}`;
      if (seen) {
        if (seen.has(key)) continue;
        seen.add(key);
      }
      series += `${key} ${formatValue(s.value)}\n`;
    }
    out.push({ name, header: headerOf(list[0] as Sample), series });
  }
  return out;
}

/** Several targets' families as one exposition: each family once, its series from every target in order. */
export function mergeFamilies(targets: readonly (readonly FamilyChunk[])[]): string {
  const merged = new Map<string, string[]>();
  for (const chunks of targets) {
    for (const c of chunks) {
      const parts = merged.get(c.name);
      if (parts) parts.push(c.series);
      else merged.set(c.name, [c.header, c.series]);
    }
  }
  const out: string[] = [];
  for (const parts of merged.values()) for (const p of parts) out.push(p);
  return out.join('');
}

/** The text of one target's families, as /metrics serves it for a single target. */
export function joinFamilies(chunks: readonly FamilyChunk[]): string {
  const out: string[] = [];
  for (const c of chunks) out.push(c.header, c.series);
  return out.join('');
}
