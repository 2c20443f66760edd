import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * The Prometheus rule file as data: loaded and shape-checked once, so the generator, the tests and
 * the end-to-end copy with shortened `for:` all read alerts/redis-vitals.rules.yml the same way.
 */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RULES_FILE = 'alerts/redis-vitals.rules.yml';

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export type Rule = AlertRule | RecordingRule;

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

export interface RuleFile {
  readonly groups: readonly RuleGroup[];
}

export function isAlert(rule: Rule): rule is AlertRule {
  return 'alert' in rule;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringMap(v: unknown, where: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v) || Object.values(v).some((x) => typeof x !== 'string')) throw new Error(`${where}: expected a map of strings`);
  return v as Record<string, string>;
}

function checkRule(raw: unknown, where: string): Rule {
  if (!isObject(raw)) throw new Error(`${where}: a rule must be a map`);
  if (typeof raw.expr !== 'string' || raw.expr.trim() === '') throw new Error(`${where}: expr must be a non-empty string`);
  const labels = stringMap(raw.labels, `${where}.labels`);
  if (typeof raw.record === 'string') return { record: raw.record, expr: raw.expr, ...(labels ? { labels } : {}) };
  if (typeof raw.alert !== 'string') throw new Error(`${where}: a rule needs "alert" or "record"`);
  if (raw.for !== undefined && typeof raw.for !== 'string') throw new Error(`${where}: for must be a duration string`);
  const annotations = stringMap(raw.annotations, `${where}.annotations`);
  return {
    alert: raw.alert,
    expr: raw.expr,
    ...(raw.for !== undefined ? { for: raw.for as string } : {}),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

/** Parses rule-file text into checked data; errors name the group and rule index. */
export function parseRules(text: string, source = RULES_FILE): RuleFile {
  const doc: unknown = parse(text);
  if (!isObject(doc) || !Array.isArray(doc.groups)) throw new Error(`${source}: expected a top-level "groups" list`);
  const groups = doc.groups.map((g: unknown, gi: number): RuleGroup => {
    if (!isObject(g) || typeof g.name !== 'string' || !Array.isArray(g.rules)) throw new Error(`${source}: groups[${gi}] needs a name and a rules list`);
    const rules = g.rules.map((r: unknown, ri: number) => checkRule(r, `${source}: ${g.name} rules[${ri}]`));
    return { name: g.name, ...(typeof g.interval === 'string' ? { interval: g.interval } : {}), rules };
  });
  return { groups };
}

export function loadRules(path = `${ROOT}${RULES_FILE}`): RuleFile {
  return parseRules(readFileSync(path, 'utf8'), path);
}

export function alerts(file: RuleFile): AlertRule[] {
  return file.groups.flatMap((g) => g.rules.filter(isAlert));
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** Prometheus duration ("1h30m", "5m", "250ms") in milliseconds. */
export function durationMs(text: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`not a Prometheus duration: "${text}"`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNITS[p[2] as string] as number), 0);
}

/** A copy of the file with every alert's `for:` replaced by `pick(rule)` (undefined drops it). */
export function withFor(file: RuleFile, pick: (rule: AlertRule) => string | undefined): RuleFile {
  return {
    groups: file.groups.map((g) => ({
      ...g,
      rules: g.rules.map((r) => {
        if (!isAlert(r)) return r;
        const { for: _old, ...rest } = r;
        const next = pick(r);
        return next === undefined ? rest : { ...rest, for: next };
      }),
    })),
  };
}
