/**
 * A small dashboard builder: panels declared as data, laid out on Grafana's 24-column grid, with
 * the conventions grafana/dashboard-linter checks built in (templated datasource on every panel
 * and target, job/instance variables, a unit and a description per panel).
 */
export const DS = { type: 'prometheus', uid: '${datasource}' } as const;

/**
 * `name{job=~"$job",instance=~"$instance",target=~"$target",…extra}`: every series selector goes
 * through here. `target` tells apart the Redis servers one exporter (one `instance`) polls.
 */
export function m(name: string, ...extra: string[]): string {
  return `${name}{${['job=~"$job"', 'instance=~"$instance"', 'target=~"$target"', ...extra].join(',')}}`;
}

export interface TargetSpec {
  readonly expr: string;
  readonly legend?: string;
  /** Instant table query (stat panels showing a label, tables). */
  readonly table?: boolean;
}

export interface PanelSpec {
  readonly type: 'stat' | 'timeseries' | 'table';
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly targets: readonly TargetSpec[];
  readonly w?: number;
  readonly h?: number;
  /** Value → text/colour, e.g. { 0: ['FAILED', 'red'], 1: ['ok', 'green'] }. */
  readonly mappings?: Readonly<Record<number, readonly [string, string]>>;
  /** Show this label's value instead of the number (stat panels). */
  readonly showLabel?: string;
  readonly min?: number;
  readonly max?: number;
  /** Threshold steps above the base colour: [[value, colour], …]. */
  readonly thresholds?: readonly (readonly [number, string])[];
  /** Extra table options: columns to hide. */
  readonly hideColumns?: readonly string[];
  /** Grafana transformations run before the column hiding (e.g. merge, sortBy). */
  readonly transformations?: readonly Record<string, unknown>[];
  /** Per-field overrides (links, units, mappings of one column). */
  readonly overrides?: readonly Record<string, unknown>[];
}

export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

type Json = Record<string, unknown>;

function target(t: TargetSpec, i: number): Json {
  return {
    datasource: DS,
    refId: String.fromCharCode(65 + i),
    expr: t.expr,
    legendFormat: t.legend ?? '__auto',
    range: !t.table,
    instant: Boolean(t.table),
    ...(t.table ? { format: 'table' } : {}),
  };
}

function mappings(spec: PanelSpec): Json[] {
  if (!spec.mappings) return [];
  const options: Json = {};
  for (const [value, [text, color]] of Object.entries(spec.mappings)) options[value] = { text, color, index: Object.keys(options).length };
  return [{ type: 'value', options }];
}

function fieldConfig(spec: PanelSpec): Json {
  const steps = [{ color: spec.thresholds ? 'green' : 'text', value: null }, ...(spec.thresholds ?? []).map(([value, color]) => ({ value, color }))];
  const custom = spec.type === 'timeseries' ? { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'never', spanNulls: false } : {};
  return {
    defaults: {
      unit: spec.unit,
      mappings: mappings(spec),
      thresholds: { mode: 'absolute', steps },
      color: { mode: spec.type === 'timeseries' ? 'palette-classic' : 'thresholds' },
      ...(spec.min !== undefined ? { min: spec.min } : {}),
      ...(spec.max !== undefined ? { max: spec.max } : {}),
      custom,
    },
    overrides: spec.overrides ?? [],
  };
}

function options(spec: PanelSpec): Json {
  if (spec.type === 'stat') {
    const fields = spec.showLabel ? `/^${spec.showLabel}$/` : '';
    return { reduceOptions: { calcs: ['lastNotNull'], fields, values: false }, colorMode: 'background', graphMode: 'none', textMode: spec.showLabel ? 'value' : 'auto' };
  }
  if (spec.type === 'table') return { showHeader: true, cellHeight: 'sm', footer: { show: false } };
  return { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } };
}

function transformations(spec: PanelSpec): Json[] {
  const extra = [...(spec.transformations ?? [])];
  if (!spec.hideColumns) return extra;
  return [...extra, { id: 'organize', options: { excludeByName: Object.fromEntries(spec.hideColumns.map((c) => [c, true])) } }];
}

/** Lays rows out top to bottom, panels left to right, wrapping at 24 columns. */
export function layout(rows: readonly RowSpec[]): Json[] {
  const out: Json[] = [];
  let id = 1;
  let y = 0;
  for (const row of rows) {
    out.push({ type: 'row', id: id++, title: row.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const p of row.panels) {
      const w = p.w ?? 8;
      const h = p.h ?? 7;
      if (x + w > 24) {
        y += rowHeight;
        x = 0;
        rowHeight = 0;
      }
      out.push({
        type: p.type,
        id: id++,
        title: p.title,
        description: p.description,
        datasource: DS,
        gridPos: { h, w, x, y },
        targets: p.targets.map(target),
        fieldConfig: fieldConfig(p),
        options: options(p),
        transformations: transformations(p),
      });
      x += w;
      rowHeight = Math.max(rowHeight, h);
    }
    y += rowHeight;
  }
  return out;
}

function queryVariable(name: string, label: string, query: string, allValue = '.+'): Json {
  return {
    name,
    label,
    type: 'query',
    datasource: DS,
    query: { query, refId: `${name}-query` },
    definition: query,
    refresh: 2,
    multi: true,
    includeAll: true,
    allValue,
    sort: 1,
    current: {},
    options: [],
    hide: 0,
  };
}

/**
 * The linter's variables: `datasource` (Prometheus), `job` and `instance` (multi, allValue .+,
 * reload on time change), and `target`: the Redis servers of those exporters. Its "All" is `.*`,
 * because an exporter watching one Redis labels nothing with `target`.
 */
export function standardVariables(upMetric: string): Json[] {
  return [
    { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0, refresh: 1, regex: '', options: [] },
    queryVariable('job', 'Job', `label_values(${upMetric}, job)`),
    queryVariable('instance', 'Instance', `label_values(${upMetric}{job=~"$job"}, instance)`),
    queryVariable('target', 'Target', `label_values(${upMetric}{job=~"$job",instance=~"$instance"}, target)`, '.*'),
  ];
}
