import { parseExposition } from './exposition.js';

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

const SUFFIXES = ['_sum', '_count', '_bucket'];

/** A series name's family: _sum/_count/_bucket lines belong to their summary or histogram. */
function baseOf(name: string, types: ReadonlyMap<string, string>): string {
  return SUFFIXES.map((s) => (name.endsWith(s) ? name.slice(0, -s.length) : '')).find((b) => b !== '' && types.has(b)) ?? name;
}

/** The families of an exposition text, read with the tests' one exposition parser. */
export function readFamilies(text: string): Families {
  const exp = parseExposition(text);
  const types = new Map(exp.types);
  const labels = new Map<string, Set<string>>();
  const series = new Map<string, number>();
  for (const name of exp.names()) {
    const base = baseOf(name, types);
    const set = labels.get(base) ?? new Set<string>();
    labels.set(base, set);
    for (const { labels: own, value } of exp.all(name)) {
      for (const k of Object.keys(own)) if (k !== 'quantile' && k !== 'le') set.add(k);
      const key = `${name}{${Object.entries(own)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}}`;
      series.set(key, value);
    }
  }
  return { types, labels, series };
}

/** Family of a series key (`name{…}`), suffixes folded into their family. */
export function familyOf(key: string, types: ReadonlyMap<string, string>): string {
  return baseOf(key.slice(0, key.indexOf('{')), types);
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
