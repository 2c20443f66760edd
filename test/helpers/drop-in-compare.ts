import { parseLabels } from './exposition.js';

/**
 * Side-by-side comparison of two exposition texts (redis_exporter's and ours) for the drop-in
 * test: families with their type and label names, and series with their values.
 */
export interface Families {
  /** family → TYPE */
  readonly types: Map<string, string>;
  /** family → label names seen on any of its series */
  readonly labels: Map<string, Set<string>>;
  /** `name{sorted labels}` → value */
  readonly series: Map<string, number>;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const SUFFIXES = ['_sum', '_count', '_bucket'];

export function readFamilies(text: string): Families {
  const types = new Map<string, string>();
  const labels = new Map<string, Set<string>>();
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      if (name && type) types.set(name, type);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`unparseable exposition line: ${line}`);
    const name = m[1] as string;
    // _sum/_count/_bucket lines belong to their summary or histogram family.
    const base = SUFFIXES.map((s) => (name.endsWith(s) ? name.slice(0, -s.length) : '')).find((b) => b !== '' && types.has(b)) ?? name;
    const own = parseLabels(m[2] ?? '');
    const set = labels.get(base) ?? new Set<string>();
    for (const k of Object.keys(own)) if (k !== 'quantile' && k !== 'le') set.add(k);
    labels.set(base, set);
    const key = `${name}{${Object.entries(own).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
    const raw = m[3] as string;
    series.set(key, raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw));
  }
  return { types, labels, series };
}

/** Family of a series key (`name{…}`), suffixes folded into their family. */
export function familyOf(key: string, types: ReadonlyMap<string, string>): string {
  const name = key.slice(0, key.indexOf('{'));
  return SUFFIXES.map((s) => (name.endsWith(s) ? name.slice(0, -s.length) : '')).find((b) => b !== '' && types.has(b)) ?? name;
}

/** What theirs serves that ours does not: missing families, other types, missing label names. */
export function schemaGaps(theirs: Families, ours: Families, skip: (family: string) => boolean): string[] {
  const gaps: string[] = [];
  for (const [family, type] of theirs.types) {
    if (skip(family) || !theirs.labels.has(family)) continue;
    const mine = ours.types.get(family);
    if (mine === undefined) {
      gaps.push(`${family}: missing`);
      continue;
    }
    if (mine !== type) gaps.push(`${family}: type ${mine}, redis_exporter ${type}`);
    const missing = [...(theirs.labels.get(family) ?? [])].filter((l) => !ours.labels.get(family)?.has(l));
    if (missing.length > 0) gaps.push(`${family}: no label ${missing.join(', ')}`);
  }
  return gaps.sort();
}

/**
 * Series whose value redis_exporter reported the same before and after our poll (so Redis held
 * it still) and that ours lacks or reports otherwise. `tolerance` gives families an absolute slack.
 */
export function valueGaps(before: Families, ours: Families, after: Families, skip: (family: string) => boolean, tolerance: ReadonlyMap<string, number> = new Map()): string[] {
  const gaps: string[] = [];
  for (const [key, value] of before.series) {
    const family = familyOf(key, before.types);
    if (skip(family) || after.series.get(key) !== value) continue;
    const mine = ours.series.get(key);
    const slack = tolerance.get(family) ?? Math.abs(value) * 1e-9;
    if (mine === undefined) gaps.push(`${key}: missing (redis_exporter ${value})`);
    else if (Math.abs(mine - value) > slack) gaps.push(`${key}: ${mine}, redis_exporter ${value}`);
  }
  return gaps.sort();
}
