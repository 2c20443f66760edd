import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { DASHBOARDS, dashboardJson } from '../../scripts/dashboards/index.js';
import { ROOT, isAlert, loadRules } from '../../scripts/lib/rules.js';
import { dashboardQueries, grafanaVars, lintDashboard } from '../helpers/dashboard-lint.js';
import { PENDING_NAMES, PROMETHEUS_NAMES, documentedNames } from '../helpers/metric-names.js';
import { substituteGrafanaVariables } from '../helpers/promql.js';
import { requireBinary } from '../helpers/redis-server.js';

const { all: documented, compat } = documentedNames();
const recorded = new Set(loadRules().groups.flatMap((g) => g.rules.flatMap((r) => (isAlert(r) ? [] : [r.record]))));
const known = (name: string): string | undefined => {
  if (compat.has(name)) return `${name} is a (compat) name, gone with --compat.redis-exporter=false`;
  if (documented.has(name) || recorded.has(name) || PENDING_NAMES.has(name) || PROMETHEUS_NAMES.has(name)) return undefined;
  return `${name} is neither documented in docs/metrics.md nor pending`;
};

const ROWS: Record<string, string[]> = {
  'grafana/dashboards/redis-persistence-memory.json': ['Health overview', 'Persistence', 'Memory', 'Host', 'Replication', 'Doctor, log and restarts'],
  'grafana/dashboards/redis-fleet.json': ['Fleet', 'Every target, worst first'],
};

describe.each(DASHBOARDS.map((d) => [d.file, d] as const))('%s', (file, d) => {
  const committed = readFileSync(join(ROOT, file), 'utf8');
  const dashboard = JSON.parse(committed) as Record<string, unknown>;

  it('is what npm run gen:dashboards writes', () => {
    expect(committed, 'out of date: run npm run gen:dashboards').toBe(dashboardJson(d.build()));
  });

  it('passes the dashboard-linter rules: variables, datasource, units, descriptions, selectors, $__rate_interval, counters', () => {
    expect(lintDashboard(dashboard, known)).toEqual([]);
  });

  it('has the rows it is made of', () => {
    const rows = (dashboard.panels as { type: string; title: string }[]).filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows).toEqual(ROWS[file]);
  });

  it('every query is valid PromQL to Prometheus itself (promtool check rules)', async () => {
    requireBinary('promtool', 'prometheus');
    const queries = dashboardQueries(dashboard);
    const rules = queries.map((q, i) => ({ record: `dashboard_query_${i}`, expr: substituteGrafanaVariables(q.expr, grafanaVars({ job: '.+', instance: '.+', target: '.*' })) }));
    const dir = mkdtempSync(join(tmpdir(), 'rv-dash-'));
    try {
      writeFileSync(join(dir, 'queries.yml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
      const { stdout } = await promisify(execFile)('promtool', ['check', 'rules', '--lint=none', join(dir, 'queries.yml')]);
      expect(stdout).toContain(`SUCCESS: ${rules.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the doctor's series have panels", () => {
  const file = 'grafana/dashboards/redis-persistence-memory.json';
  const dashboard = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>;
  const exprs = dashboardQueries(dashboard).map((q) => q.expr);

  it.each([
    'redis_doctor_finding',
    'redis_log_events_total',
    'redis_restarts_observed_total',
    'redis_keys_before_last_restart',
    'redis_loading_loaded_bytes',
    'redis_loading_eta_seconds',
    'redis_host_data_dir_info',
    'redis_host_data_dir_disk_rotational',
  ])('%s is queried', (name) => {
    expect(exprs.some((e) => new RegExp(`\\b${name}\\{`).test(e))).toBe(true);
  });

  it('the fleet counts restarts and failing checks by check', () => {
    const fleet = dashboardQueries(JSON.parse(readFileSync(join(ROOT, 'grafana/dashboards/redis-fleet.json'), 'utf8')) as Record<string, unknown>).map((q) => q.expr);
    expect(fleet.some((e) => /redis_restarts_observed_total\{/.test(e))).toBe(true);
    expect(fleet.some((e) => /^sum by \(check\) \(redis_doctor_finding\{.*\} > bool 0\)$/.test(e))).toBe(true);
  });

  it('findings over time keep one series per check (no severity label to split it)', () => {
    const byCheck = exprs.find((e) => e.includes('redis_doctor_finding') && e.includes('by (check)'));
    expect(byCheck).toMatch(/^max by \(check\) \(redis_doctor_finding\{.*\}\)$/);
  });
});

describe('the dashboard lint', () => {
  it('reports the mistakes it is meant to catch', () => {
    const bad = {
      uid: '',
      editable: true,
      templating: { list: [] },
      annotations: { list: [] },
      panels: [
        {
          type: 'timeseries',
          title: 'x',
          gridPos: { x: 0, y: 0, w: 12, h: 5 },
          datasource: { uid: 'prom' },
          fieldConfig: { defaults: {} },
          targets: [
            {
              datasource: { uid: 'prom' },
              refId: 'A',
              expr: 'rate(redis_evicted_keys_total{job=~"$job"}[5m]) + redis_aof_delayed_fsync{job=~"$job",instance=~"$instance"} + redis_evicted_keys_total{job=~"$job",instance=~"$instance"} + redis_typo{job=~"$job",instance=~"$instance"}',
            },
          ],
        },
        {
          type: 'stat',
          title: 'y',
          description: 'd',
          gridPos: { x: 6, y: 2, w: 12, h: 5 },
          datasource: { uid: '${datasource}' },
          fieldConfig: { defaults: { unit: 'none' } },
          targets: [{ datasource: { uid: '${datasource}' }, refId: 'A', expr: 'sum(' }],
        },
      ],
    };
    const problems = lintDashboard(bad, known).join('\n');
    for (const expected of [
      'needs a uid',
      'should not be editable',
      'datasource variable',
      'missing the job variable',
      'missing the instance variable',
      'missing the target variable',
      'needs a title and a description',
      'unknown unit',
      'does not use $datasource',
      'lacks instance=~"$instance"',
      'lacks target=~"$target"',
      'should use $__rate_interval',
      'counter redis_evicted_keys_total not inside',
      '(compat) name',
      'redis_typo is neither',
      'syntax error',
      'overlaps',
    ]) {
      expect(problems).toContain(expected);
    }
  });
});

describe('grafana/provisioning', () => {
  it('provisions a Prometheus datasource and a file provider for the dashboards', () => {
    const ds = parse(readFileSync(join(ROOT, 'grafana/provisioning/datasources/prometheus.yaml'), 'utf8')) as { apiVersion: number; datasources: { type: string; url: string }[] };
    expect(ds.apiVersion).toBe(1);
    expect(ds.datasources.map((x) => x.type)).toEqual(['prometheus']);
    expect(ds.datasources[0]?.url).toMatch(/^http:\/\/prometheus:9090$/);
    const prov = parse(readFileSync(join(ROOT, 'grafana/provisioning/dashboards/redis-vitals.yaml'), 'utf8')) as { apiVersion: number; providers: { type: string; options: { path: string } }[] };
    expect(prov.apiVersion).toBe(1);
    expect(prov.providers[0]?.type).toBe('file');
    expect(prov.providers[0]?.options.path).toMatch(/^\/.+/);
  });
});

describe('"Redis fleet": every target, worst first, each linking to its own dashboard', () => {
  const fleet = JSON.parse(readFileSync(join(ROOT, 'grafana/dashboards/redis-fleet.json'), 'utf8')) as Record<string, unknown>;
  type Target = { refId: string; expr: string };
  type Panel = {
    title: string;
    targets?: Target[];
    transformations?: { id: string; options: Record<string, unknown> }[];
    fieldConfig?: { overrides: { matcher: { options: string }; properties: { id: string; value: unknown }[] }[] };
  };
  const table = (fleet.panels as Panel[]).find((p) => p.title === 'Every target') as Panel;
  const badness = table.targets?.find((t) => t.expr.startsWith('1000 * (1 - redis_up')) as Target;

  it('sorts the merged table by the badness query, descending', () => {
    expect(badness).toBeDefined();
    const ids = table.transformations?.map((t) => t.id);
    // Grafana names a merged table query's value column "Value #<refId>"; the sort must come after the merge.
    expect(ids?.indexOf('sortBy')).toBeGreaterThan(ids?.indexOf('merge') ?? Infinity);
    const sortBy = table.transformations?.find((t) => t.id === 'sortBy')?.options as { sort: { field: string; desc: boolean }[] };
    expect(sortBy.sort).toEqual([{ field: `Value #${badness.refId}`, desc: true }]);
  });

  it('ranks down, then critical findings, failing persistence, warnings, then memory share (Prometheus evaluates it)', () => {
    requireBinary('promtool', 'prometheus');
    const expr = substituteGrafanaVariables(badness.expr, grafanaVars({ job: '.+', instance: '.+', target: '.*' }));
    const at = (target: string) => `{job="redis",instance="exporter:9121",target="${target}"}`;
    const series: [string, string, number][] = [
      ['redis_up', 'down', 0],
      ...(['critical', 'persistence', 'warning', 'fullmem', 'idle'] as const).map((t) => ['redis_up', t, 1] as [string, string, number]),
      ['redis_doctor_finding', 'critical', 3],
      ['redis_doctor_finding', 'warning', 2],
      ['redis_doctor_finding', 'idle', 0],
      ...(['critical', 'warning', 'fullmem', 'idle'] as const).map((t) => ['redis_persistence_last_bgsave_status', t, 1] as [string, string, number]),
      ['redis_persistence_last_bgsave_status', 'persistence', 0],
      ...(['critical', 'persistence', 'warning', 'fullmem', 'idle'] as const).map((t) => ['redis_persistence_aof_last_write_status', t, 1] as [string, string, number]),
      ['redis_memory_used_bytes', 'critical', 50],
      ['redis_memory_used_bytes', 'persistence', 10],
      ['redis_memory_used_bytes', 'warning', 10],
      ['redis_memory_used_bytes', 'fullmem', 95],
      ['redis_memory_used_bytes', 'idle', 10],
      ...(['critical', 'persistence', 'warning', 'fullmem'] as const).map((t) => ['redis_memory_max_bytes', t, 100] as [string, string, number]),
      ['redis_memory_max_bytes', 'idle', 0],
      ['redis_total_system_memory_bytes', 'idle', 1000],
    ];
    const ranked: [string, number][] = [
      ['down', 1000],
      ['critical', 100.5],
      ['persistence', 100.1],
      ['warning', 10.1],
      ['fullmem', 0.95],
      ['idle', 0.01],
    ];
    const dir = mkdtempSync(join(tmpdir(), 'rv-fleet-'));
    try {
      writeFileSync(join(dir, 'none.yml'), stringify({ groups: [] }));
      const test = {
        rule_files: ['none.yml'],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: series.map(([name, t, v]) => ({ series: `${name}${at(t)}`, values: `${v}x5` })),
            promql_expr_test: [{ expr, eval_time: '2m', exp_samples: ranked.map(([t, value]) => ({ labels: at(t), value })) }],
          },
        ],
      };
      writeFileSync(join(dir, 'fleet.test.yml'), stringify(test));
      const r = spawnSync('promtool', ['test', 'rules', 'fleet.test.yml'], { cwd: dir, encoding: 'utf8' });
      expect(`${r.stdout}${r.stderr}`).toContain('SUCCESS');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The values above, sorted descending as the table does, are in the order the description promises.
    expect([...ranked].sort((a, b) => b[1] - a[1]).map(([t]) => t)).toEqual(['down', 'critical', 'persistence', 'warning', 'fullmem', 'idle']);
  });

  it("links target and instance cells to the per-instance dashboard with that row's job, instance and target", () => {
    const instance = DASHBOARDS.find((d) => d.file === 'grafana/dashboards/redis-persistence-memory.json')?.build() as { uid: string; templating: { list: { name: string }[] } };
    const vars = instance.templating.list.map((v) => v.name);
    for (const column of ['target', 'instance']) {
      const links = table.fieldConfig?.overrides.find((o) => o.matcher.options === column)?.properties.find((p) => p.id === 'links')?.value as { url: string }[];
      expect(links, column).toHaveLength(1);
      const url = new URL(links[0]?.url ?? '', 'http://grafana');
      expect(url.pathname).toBe(`/d/${instance.uid}`);
      for (const v of ['job', 'instance', 'target']) {
        expect(vars).toContain(v);
        expect(url.searchParams.get(`var-${v}`)).toBe(`\${__data.fields.${v}}`);
      }
    }
  });
});
