import { parsePromQL, substituteGrafanaVariables } from './promql.js';

/**
 * grafana/dashboard-linter's rules, as far as they can be checked without Grafana, plus this
 * project's own (known, convention-clean metric names). Returns the problems found, one line each.
 */
export interface Query {
  readonly where: string;
  readonly expr: string;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Units Grafana knows, of the kinds these dashboards use (the linter's list has them all). */
export const GRAFANA_UNITS = new Set([
  'none',
  'string',
  'short',
  'percent',
  'percentunit',
  'bytes',
  'decbytes',
  'Bps',
  'binBps',
  'ops',
  'reqps',
  'iops',
  's',
  'ms',
  'µs',
  'ns',
  'dtdurations',
  'dateTimeAsIso',
  'dateTimeFromNow',
  'bool',
  'bool_yes_no',
  'bool_on_off',
]);

/** What a dashboard sends for its variables over a time range, for parsing and querying. */
export const RATE_INTERVAL_SENTINEL = '4242s';
export function grafanaVars(overrides: Record<string, string> = {}): Record<string, string> {
  return { __rate_interval: RATE_INTERVAL_SENTINEL, __interval: '15s', __range: '6h', ...overrides };
}

export function dashboardQueries(d: Json): Query[] {
  const out: Query[] = [];
  for (const p of d.panels ?? []) for (const [i, t] of (p.targets ?? []).entries()) out.push({ where: `panel "${p.title}" target ${i}`, expr: t.expr });
  for (const a of d.annotations?.list ?? []) if (a.expr) out.push({ where: `annotation "${a.name}"`, expr: a.expr });
  return out;
}

const dsUid = (ds: Json | undefined) => ds?.uid;
const isTemplated = (uid: unknown) => uid === '$datasource' || uid === '${datasource}';

function lintVariables(d: Json, problems: string[]): void {
  const vars: Json[] = d.templating?.list ?? [];
  const ds = vars.filter((v) => v.type === 'datasource');
  if (ds.length !== 1 || ds[0]?.name !== 'datasource' || ds[0]?.query !== 'prometheus') problems.push('needs exactly one datasource variable "datasource" for prometheus');
  if (ds[0] && ds[0].label !== 'Data source') problems.push('datasource variable should be labelled "Data source"');
  // target: "All" must also match series without the label (an exporter watching one Redis).
  for (const [name, label, all] of [
    ['job', 'Job', '.+'],
    ['instance', 'Instance', '.+'],
    ['target', 'Target', '.*'],
  ] as const) {
    const v = vars.find((x) => x.name === name);
    if (!v) {
      problems.push(`missing the ${name} variable`);
      continue;
    }
    if (v.type !== 'query' || !isTemplated(dsUid(v.datasource))) problems.push(`${name}: must be a query on $datasource`);
    if (v.label !== label) problems.push(`${name}: label should be "${label}"`);
    if (!v.multi || !v.includeAll || v.allValue !== all) problems.push(`${name}: must be multi-select with allValue "${all}"`);
    if (v.refresh !== 2) problems.push(`${name}: must reload on time range change (refresh 2)`);
    const q = typeof v.query === 'string' ? v.query : v.query?.query;
    const inner = /^label_values\((.+),\s*(\w+)\)$/.exec(q ?? '');
    if (!inner || parsePromQL(substituteGrafanaVariables(inner[1] as string, grafanaVars())).errors.length > 0) problems.push(`${name}: query "${q}" is not label_values(<valid selector>, label)`);
  }
}

function lintQuery(q: Query, problems: string[], known: (name: string) => string | undefined): void {
  const { errors, selectors } = parsePromQL(substituteGrafanaVariables(q.expr, grafanaVars()));
  for (const e of errors) problems.push(`${q.where}: ${e}`);
  if (selectors.length === 0) problems.push(`${q.where}: selects no series`);
  for (const s of selectors) {
    const has = (label: string, value: string) => s.matchers.some((mm) => mm.label === label && mm.op === '=~' && mm.value === value);
    if (!has('job', '$job')) problems.push(`${q.where}: ${s.text} lacks job=~"$job"`);
    if (!has('instance', '$instance')) problems.push(`${q.where}: ${s.text} lacks instance=~"$instance"`);
    if (!has('target', '$target')) problems.push(`${q.where}: ${s.text} lacks target=~"$target"`);
    if ((s.fn === 'rate' || s.fn === 'irate') && s.range !== RATE_INTERVAL_SENTINEL) problems.push(`${q.where}: ${s.fn}() should use $__rate_interval, not ${s.range}`);
    if (s.name?.endsWith('_total') && !['rate', 'irate', 'increase'].includes(s.fn ?? '')) problems.push(`${q.where}: counter ${s.name} not inside rate/irate/increase`);
    const bad = known(s.name ?? '');
    if (bad) problems.push(`${q.where}: ${bad}`);
  }
}

function lintPanels(d: Json, problems: string[]): void {
  const boxes: { title: string; x: number; y: number; w: number; h: number }[] = [];
  for (const p of d.panels ?? []) {
    const { x, y, w, h } = p.gridPos ?? {};
    if (x + w > 24) problems.push(`panel "${p.title}" is wider than the grid`);
    for (const b of boxes) if (x < b.x + b.w && b.x < x + w && y < b.y + b.h && b.y < y + h) problems.push(`panel "${p.title}" overlaps "${b.title}"`);
    boxes.push({ title: p.title, x, y, w, h });
    if (p.type === 'row') continue;
    if (!p.title || !p.description) problems.push(`panel "${p.title}" needs a title and a description`);
    if (!GRAFANA_UNITS.has(p.fieldConfig?.defaults?.unit)) problems.push(`panel "${p.title}" has no or an unknown unit: "${p.fieldConfig?.defaults?.unit}"`);
    if (!isTemplated(dsUid(p.datasource))) problems.push(`panel "${p.title}" does not use $datasource`);
    if ((p.targets ?? []).length === 0) problems.push(`panel "${p.title}" has no targets`);
    for (const t of p.targets ?? []) if (!isTemplated(dsUid(t.datasource))) problems.push(`panel "${p.title}" target ${t.refId} does not use $datasource`);
  }
}

/** `known(name)` returns why a metric name may not be used, or undefined when it may. */
export function lintDashboard(d: Json, known: (name: string) => string | undefined): string[] {
  const problems: string[] = [];
  if (typeof d.uid !== 'string' || d.uid === '') problems.push('dashboard needs a uid');
  if (d.editable !== false) problems.push('dashboard should not be editable (it is generated)');
  lintVariables(d, problems);
  lintPanels(d, problems);
  for (const q of dashboardQueries(d)) lintQuery(q, problems, known);
  return problems;
}
