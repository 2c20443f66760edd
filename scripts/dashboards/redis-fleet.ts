import { layout, m, standardVariables, type RowSpec } from './builder.js';
import { UID as INSTANCE_UID } from './redis-persistence-memory.js';

export const FILE = 'grafana/dashboards/redis-fleet.json';

/** The labels one Redis server is known by: the exporter (job, instance) and its `target`. */
const BY = 'job, instance, target';
/** `expr`, or 0 for every target that has no such series (a down Redis has none). */
const orZero = (expr: string) => `(${expr} or on(${BY}) (0 * ${m('redis_up')}))`;
const up = m('redis_up');
/** redis_doctor_finding is 0 while a check passes, else its severity: 1 info, 2 warning, 3 critical. */
const critical = `count by (${BY}) (${m('redis_doctor_finding')} == 3)`;
const warning = `count by (${BY}) (${m('redis_doctor_finding')} == 2)`;
/** 1 when the last BGSAVE and the last AOF write both succeeded. */
const persistenceOk = `(${m('redis_persistence_last_bgsave_status')} * on(${BY}) ${m('redis_persistence_aof_last_write_status')})`;
/** used_memory over maxmemory, or over the host's memory where maxmemory is 0. */
const memoryShare = `(${m('redis_memory_used_bytes')} / on(${BY}) (${m('redis_memory_max_bytes')} > 0) or on(${BY}) ${m('redis_memory_used_bytes')} / on(${BY}) ${m('redis_total_system_memory_bytes')})`;
/** Worst first: down, then critical findings, failing persistence, warnings, then memory. */
const badness = [`1000 * (1 - ${up})`, `100 * ${orZero(critical)}`, `100 * ${orZero(`1 - ${persistenceOk}`)}`, `10 * ${orZero(warning)}`, `${orZero(memoryShare)}`].join(` + on(${BY}) `);

/** A row's link to the per-instance dashboard, for that exporter and target, same time range. */
const rowLink = {
  title: 'Open this Redis in "Redis persistence & memory"',
  url: `/d/${INSTANCE_UID}?var-datasource=\${datasource}&var-job=\${__data.fields.job}&var-instance=\${__data.fields.instance}&var-target=\${__data.fields.target}&\${__url_time_range}`,
};
const linkOn = (column: string) => ({ matcher: { id: 'byName', options: column }, properties: [{ id: 'links', value: [rowLink] }] });
const column = (name: string, unit: string, extra: Record<string, unknown>[] = []) => ({
  matcher: { id: 'byName', options: name },
  properties: [{ id: 'unit', value: unit }, ...extra],
});
const okFailed = (ok: string, bad: string) => ({ id: 'mappings', value: [{ type: 'value', options: { 0: { text: bad, color: 'red', index: 0 }, 1: { text: ok, color: 'green', index: 1 } } }] });
const colorCell = { id: 'custom.cellOptions', value: { type: 'color-background' } };

const overview: RowSpec = {
  title: 'Fleet',
  panels: [
    {
      type: 'stat',
      title: 'Targets',
      w: 4,
      h: 4,
      unit: 'none',
      description: 'Redis servers the selected exporters poll (one redis_up series each).',
      targets: [{ expr: `count(${up})` }],
    },
    {
      type: 'stat',
      title: 'Down',
      w: 4,
      h: 4,
      unit: 'none',
      thresholds: [[1, 'red']],
      description: 'Targets whose last poll failed (redis_up 0); their other series are absent.',
      targets: [{ expr: `count(${up} == 0) or vector(0)` }],
    },
    {
      type: 'stat',
      title: 'Persistence failing',
      w: 4,
      h: 4,
      unit: 'none',
      thresholds: [[1, 'red']],
      description: 'Targets whose last BGSAVE or last AOF write failed: Redis refuses writes (MISCONF) while stop-writes-on-bgsave-error is on.',
      targets: [{ expr: `count(${persistenceOk} == 0) or vector(0)` }],
    },
    {
      type: 'stat',
      title: 'With critical findings',
      w: 4,
      h: 4,
      unit: 'none',
      thresholds: [[1, 'red']],
      description: 'Targets with at least one failing critical doctor check (redis_doctor_finding).',
      targets: [{ expr: `count(${critical} > 0) or vector(0)` }],
    },
    {
      type: 'stat',
      title: 'With warnings',
      w: 4,
      h: 4,
      unit: 'none',
      thresholds: [[1, 'orange']],
      description: 'Targets with at least one failing warning-level doctor check.',
      targets: [{ expr: `count(${warning} > 0) or vector(0)` }],
    },
    {
      type: 'stat',
      title: 'Highest memory share',
      w: 4,
      h: 4,
      unit: 'percentunit',
      thresholds: [
        [0.8, 'orange'],
        [0.9, 'red'],
      ],
      description: 'The fullest target: used_memory over maxmemory (over host memory where maxmemory is 0).',
      targets: [{ expr: `max(${memoryShare})` }],
    },
    {
      type: 'stat',
      title: 'Restarted',
      w: 4,
      h: 6,
      unit: 'none',
      thresholds: [[1, 'orange']],
      description: 'Targets the exporters saw restart in the selected time range (run_id changed or uptime went back; redis_restarts_observed_total). A restart without persistence loses the dataset.',
      targets: [{ expr: `count(increase(${m('redis_restarts_observed_total')}[$__range]) > 0) or vector(0)` }],
    },
    {
      type: 'timeseries',
      title: 'Failing doctor checks across the fleet',
      w: 20,
      h: 6,
      unit: 'none',
      description:
        'How many targets fail each doctor check over time (redis_doctor_finding > bool 0, summed by check): a check failing on many targets at once points at a shared cause (a host setting, a config rollout).',
      targets: [{ expr: `sum by (check) (${m('redis_doctor_finding')} > bool 0)`, legend: '{{check}}' }],
    },
  ],
};

const table: RowSpec = {
  title: 'Every target, worst first',
  panels: [
    {
      type: 'table',
      title: 'Every target',
      w: 24,
      h: 20,
      unit: 'none',
      description:
        'One row per Redis: up, role, memory share, persistence and failing doctor checks, sorted worst first (down, critical, persistence failing, warnings, memory). Click a target or instance to open it in the per-instance dashboard.',
      targets: [
        { expr: up, table: true },
        { expr: `max by (${BY}, role) (${m('redis_instance_info')})`, table: true },
        { expr: memoryShare, table: true },
        { expr: persistenceOk, table: true },
        { expr: orZero(critical), table: true },
        { expr: orZero(warning), table: true },
        { expr: badness, table: true },
      ],
      transformations: [
        { id: 'merge', options: {} },
        { id: 'sortBy', options: { fields: {}, sort: [{ field: 'Value #G', desc: true }] } },
        {
          id: 'organize',
          options: {
            excludeByName: { Time: true, 'Value #B': true },
            indexByName: { target: 0, instance: 1, role: 2, 'Value #A': 3, 'Value #C': 4, 'Value #D': 5, 'Value #E': 6, 'Value #F': 7, 'Value #G': 8, job: 9 },
            renameByName: { 'Value #A': 'Up', 'Value #C': 'Memory', 'Value #D': 'Persistence', 'Value #E': 'Critical findings', 'Value #F': 'Warnings', 'Value #G': 'Badness' },
          },
        },
      ],
      overrides: [
        linkOn('target'),
        linkOn('instance'),
        column('Up', 'none', [okFailed('UP', 'DOWN'), colorCell]),
        column('Persistence', 'none', [okFailed('ok', 'FAILING'), colorCell]),
        column('Memory', 'percentunit', [
          {
            id: 'thresholds',
            value: {
              mode: 'absolute',
              steps: [
                { color: 'green', value: null },
                { color: 'orange', value: 0.8 },
                { color: 'red', value: 0.9 },
              ],
            },
          },
          colorCell,
        ]),
        column('Critical findings', 'none', [
          {
            id: 'thresholds',
            value: {
              mode: 'absolute',
              steps: [
                { color: 'green', value: null },
                { color: 'red', value: 1 },
              ],
            },
          },
          colorCell,
        ]),
        column('Warnings', 'none', [
          {
            id: 'thresholds',
            value: {
              mode: 'absolute',
              steps: [
                { color: 'green', value: null },
                { color: 'orange', value: 1 },
              ],
            },
          },
          colorCell,
        ]),
      ],
    },
  ],
};

/** "Redis fleet": dozens to hundreds of Redis servers on one screen, worst first. */
export function redisFleet(): Record<string, unknown> {
  return {
    uid: 'redis-vitals-fleet',
    title: 'Redis fleet',
    description: 'Every Redis the selected redis-vitals exporters poll: up, role, memory, persistence and doctor findings, worst first, each linking to the per-instance dashboard.',
    tags: ['redis', 'redis-vitals'],
    editable: false,
    graphTooltip: 0,
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-1h', to: 'now' },
    timepicker: {},
    refresh: '1m',
    timezone: 'browser',
    links: [{ title: 'Redis persistence & memory', type: 'link', url: `/d/${INSTANCE_UID}`, keepTime: true, includeVars: true }],
    annotations: { list: [] },
    templating: { list: standardVariables('redis_up') },
    panels: layout([overview, table]),
  };
}
