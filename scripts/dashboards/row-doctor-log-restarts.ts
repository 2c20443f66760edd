import { m, type RowSpec } from './builder.js';

/**
 * The doctor's own series and the causes it reads beyond INFO: each check's state over time, the
 * Redis log's events, restarts and what Redis lost in them, loading progress, the data dir.
 */
export const doctorRow: RowSpec = {
  title: 'Doctor, log and restarts',
  panels: [
    {
      type: 'timeseries',
      title: 'Doctor findings by check',
      w: 12,
      h: 7,
      unit: 'none',
      min: 0,
      max: 3,
      description:
        'Each doctor check over time: 0 passing, 1 info, 2 warning, 3 critical (redis_doctor_finding, one series per check whatever its severity). Checks that read "since the last poll" are held 10 minutes so a scrape sees them. The /doctor page has the evidence and remedy.',
      targets: [{ expr: `max by (check) (${m('redis_doctor_finding')})`, legend: '{{check}}' }],
    },
    {
      type: 'timeseries',
      title: 'Redis log events',
      w: 12,
      h: 7,
      unit: 'short',
      description:
        "Lines of the followed Redis log that match the guide's patterns, per event (fork_failed, rdb_save_failed, aof_write_failed, oom, load_failed, replica_buffer_overrun, …), counted per interval. Empty when no log file is followed (docs/doctor.md, Log events).",
      targets: [{ expr: `sum by (event) (increase(${m('redis_log_events_total')}[$__rate_interval]))`, legend: '{{event}}' }],
    },
    {
      type: 'stat',
      title: 'Restarts seen',
      w: 4,
      h: 5,
      unit: 'none',
      thresholds: [[1, 'orange']],
      description: 'Restarts the exporter observed in the selected time range (run_id changed or uptime went back; redis_restarts_observed_total).',
      targets: [{ expr: `sum by (instance, target) (increase(${m('redis_restarts_observed_total')}[$__range]))`, legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'timeseries',
      title: 'Keys now and before the last restart',
      w: 8,
      h: 5,
      unit: 'short',
      description: 'Keys Redis holds now against the keys it had at the last poll before its last restart: far fewer after a restart is the guide\'s "persistence lost" (dataset-lost-on-restart).',
      targets: [
        { expr: `sum by (instance, target) (${m('redis_db_keys')})`, legend: '{{instance}} {{target}} now' },
        { expr: m('redis_keys_before_last_restart'), legend: '{{instance}} {{target}} before restart' },
      ],
    },
    {
      type: 'timeseries',
      title: 'Loading progress',
      w: 6,
      h: 5,
      unit: 'percentunit',
      min: 0,
      max: 1,
      description:
        'Share of the RDB/AOF loaded while Redis loads it after a restart or full resync (loading_loaded_bytes / loading_total_bytes); commands other than INFO get LOADING errors meanwhile (redis-loading).',
      targets: [{ expr: `${m('redis_loading_loaded_bytes')} / ${m('redis_loading_total_bytes')} and ${m('redis_loading_dump_file')} == 1`, legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'timeseries',
      title: 'Loading ETA',
      w: 6,
      h: 5,
      unit: 's',
      description: "Redis's own estimate of the seconds left in the running load (loading_eta_seconds).",
      targets: [{ expr: `${m('redis_loading_eta_seconds')} and ${m('redis_loading_dump_file')} == 1`, legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'table',
      title: 'Data directory',
      w: 18,
      h: 5,
      unit: 'none',
      hideColumns: ['Time', '__name__', 'job', 'Value'],
      description: "Where Redis keeps its data on this host: the data dir, the mount point and file system it is on (redis_host_data_dir_info). The doctor's disk remedies use these paths.",
      targets: [{ expr: m('redis_host_data_dir_info'), table: true }],
    },
    {
      type: 'stat',
      title: 'Data dir disk',
      w: 6,
      h: 5,
      unit: 'none',
      mappings: { 0: ['SSD / non-rotational', 'green'], 1: ['rotational', 'orange'] },
      description: "Whether the data directory's block device reports itself rotational (queue/rotational; data-dir-on-rotational-disk). The guide: use SSDs for the Redis data directory.",
      targets: [{ expr: m('redis_host_data_dir_disk_rotational'), legend: '{{instance}} {{target}}' }],
    },
  ],
};
