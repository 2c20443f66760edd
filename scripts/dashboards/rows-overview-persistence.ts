import { m, type RowSpec } from './builder.js';

const OK_FAILED = { 0: ['FAILED', 'red'], 1: ['ok', 'green'] } as const;

export const overviewRow: RowSpec = {
  title: 'Health overview',
  panels: [
    {
      type: 'stat', title: 'Redis up', w: 4, h: 5, unit: 'none', mappings: { 0: ['DOWN', 'red'], 1: ['UP', 'green'] },
      description: 'Whether the last poll by redis-vitals reached Redis (redis_up). While it is down, every other Redis series is absent.',
      targets: [{ expr: m('redis_up'), legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'stat', title: 'Role', w: 4, h: 5, unit: 'string', showLabel: 'role',
      description: 'Replication role reported by INFO (master or slave).',
      targets: [{ expr: m('redis_instance_info'), table: true }],
    },
    {
      type: 'stat', title: 'Snapshot age', w: 4, h: 5, unit: 's', thresholds: [[30, 'orange'], [180, 'red']],
      description: 'Seconds since redis-vitals last polled Redis successfully; scrapes serve this snapshot. It grows while Redis is down or the poller is stuck.',
      targets: [{ expr: `time() - ${m('redis_vitals_last_poll_timestamp_seconds')}`, legend: '{{target}}' }],
    },
    {
      type: 'stat', title: 'Firing Redis alerts', w: 4, h: 5, unit: 'none', thresholds: [[1, 'red']],
      description: 'Alerts from alerts/redis-vitals.rules.yml firing now, by severity. The time series below carry them as annotations.',
      targets: [{ expr: `count by (severity) (${m('ALERTS', 'alertstate="firing"', 'alertname=~"Redis.*"')})`, legend: '{{severity}}' }],
    },
    {
      type: 'timeseries', title: 'Poll errors', w: 8, h: 5, unit: 'ops',
      description: 'Failed polls per second by reason (connection_refused, timeout, auth, …).',
      targets: [{ expr: `sum by (instance, reason) (rate(${m('redis_vitals_poll_errors_total')}[$__rate_interval]))`, legend: '{{instance}} {{reason}}' }],
    },
    {
      type: 'table', title: 'Doctor findings', w: 24, h: 8, unit: 'none', mappings: { 0: ['passing', 'green'], 1: ['info', 'blue'], 2: ['WARNING', 'orange'], 3: ['CRITICAL', 'red'] },
      hideColumns: ['Time', '__name__', 'job'],
      description: 'Every doctor check evaluated on the last poll: 0 passing, else its severity (1 info, 2 warning, 3 critical), worst first. The exporter\'s /doctor page shows the evidence and the guide\'s remedy for each.',
      targets: [{ expr: `sort_desc(${m('redis_doctor_finding')})`, table: true }],
    },
  ],
};

export const persistenceRow: RowSpec = {
  title: 'Persistence',
  panels: [
    {
      type: 'stat', title: 'Last BGSAVE', w: 4, h: 5, unit: 'none', mappings: OK_FAILED,
      description: 'rdb_last_bgsave_status. FAILED means nothing written since the last good snapshot survives a restart; with stop-writes-on-bgsave-error yes, writes get MISCONF.',
      targets: [{ expr: m('redis_persistence_last_bgsave_status'), legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'stat', title: 'Last AOF write', w: 4, h: 5, unit: 'none', mappings: OK_FAILED,
      description: 'aof_last_write_status. FAILED means Redis refuses writes until an AOF write succeeds again.',
      targets: [{ expr: m('redis_persistence_aof_last_write_status'), legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'stat', title: 'Last AOF rewrite', w: 4, h: 5, unit: 'none', mappings: OK_FAILED,
      description: 'aof_last_bgrewrite_status. A failing rewrite lets the AOF grow without bound.',
      targets: [{ expr: m('redis_aof_last_bgrewrite_status'), legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'stat', title: 'AOF', w: 4, h: 5, unit: 'none', mappings: { 0: ['off', 'text'], 1: ['on', 'green'] },
      description: 'Whether the append-only file is enabled (aof_enabled).',
      targets: [{ expr: m('redis_aof_enabled'), legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'timeseries', title: 'Last successful save age', w: 8, h: 5, unit: 's',
      description: 'Seconds since the last successful RDB save (rdb_last_save_time). With changes pending, this is how much would be lost on a restart.',
      targets: [{ expr: `time() - ${m('redis_rdb_last_save_timestamp_seconds')}`, legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'timeseries', title: 'Changes since last save', unit: 'short',
      description: 'Writes not yet in an RDB snapshot (rdb_changes_since_last_save).',
      targets: [{ expr: m('redis_rdb_changes_since_last_save'), legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'timeseries', title: 'BGSAVE and AOF rewrite duration', unit: 's',
      description: 'Duration of the last and the current (-1 when none) BGSAVE and AOF rewrite. Past a few seconds, look for big keys and slow disks.',
      targets: [
        { expr: m('redis_rdb_last_bgsave_duration_seconds'), legend: '{{instance}} last bgsave' },
        { expr: m('redis_rdb_current_bgsave_duration_seconds'), legend: '{{instance}} current bgsave' },
        { expr: m('redis_aof_last_rewrite_duration_seconds'), legend: '{{instance}} last rewrite' },
        { expr: m('redis_aof_current_rewrite_duration_seconds'), legend: '{{instance}} current rewrite' },
      ],
    },
    {
      type: 'timeseries', title: 'Fork time and latency events', unit: 's',
      description: 'Duration of the latest fork (Redis serves nothing meanwhile) and the latest LATENCY events (fork, aof-fsync-always, aof-write-pending-fsync, …).',
      targets: [
        { expr: m('redis_latest_fork_seconds'), legend: '{{instance}} latest fork' },
        { expr: m('redis_latency_spike_duration_seconds'), legend: '{{instance}} {{event_name}}' },
      ],
    },
    {
      type: 'timeseries', title: 'Copy-on-write', unit: 'bytes',
      description: 'Memory copied on write by the last RDB save, the last AOF rewrite, and the fork child running now. Large COW means memory pressure during every save.',
      targets: [
        { expr: m('redis_rdb_last_cow_size_bytes'), legend: '{{instance}} last bgsave' },
        { expr: m('redis_aof_last_cow_size_bytes'), legend: '{{instance}} last rewrite' },
        { expr: m('redis_current_cow_size_bytes'), legend: '{{instance}} current child' },
      ],
    },
    {
      type: 'timeseries', title: 'AOF and RDB size', unit: 'bytes',
      description: 'AOF size now and after the last rewrite (Redis\'s view), AOF files on disk by part, and the RDB file.',
      targets: [
        { expr: m('redis_aof_current_size_bytes'), legend: '{{instance}} AOF' },
        { expr: m('redis_aof_base_size_bytes'), legend: '{{instance}} AOF at last rewrite' },
        { expr: m('redis_aof_files_size_bytes'), legend: '{{instance}} AOF {{type}} file' },
        { expr: m('redis_rdb_file_size_bytes'), legend: '{{instance}} RDB file' },
      ],
    },
    {
      type: 'timeseries', title: 'AOF growth', unit: 'Bps',
      description: 'How fast the AOF grows (bytes per second); a rewrite shrinks it back. Steady growth with failing rewrites fills the disk.',
      targets: [{ expr: `deriv(${m('redis_aof_current_size_bytes')}[$__rate_interval])`, legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'timeseries', title: 'AOF delayed fsyncs', unit: 'ops',
      description: 'Writes per second that waited because the previous background fsync was still running ("Asynchronous AOF fsync is taking too long"): the disk is too slow.',
      targets: [{ expr: `rate(${m('redis_aof_delayed_fsync_total')}[$__rate_interval])`, legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'timeseries', title: 'Writes rejected (MISCONF)', unit: 'ops',
      description: 'Commands refused because Redis cannot persist (errorstat MISCONF).',
      targets: [{ expr: `rate(${m('redis_errors_total', 'err="MISCONF"')}[$__rate_interval])`, legend: '{{instance}} {{target}}' }],
    },
  ],
};
