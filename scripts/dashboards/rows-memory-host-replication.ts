import { m, type RowSpec } from './builder.js';

export const memoryRow: RowSpec = {
  title: 'Memory',
  panels: [
    {
      type: 'timeseries', title: 'Memory used, RSS, peak and maxmemory', w: 12, unit: 'bytes',
      description: 'used_memory (what Redis allocated), RSS (what the OS gives it), the peak, and maxmemory (0 = no limit).',
      targets: [
        { expr: m('redis_memory_used_bytes'), legend: '{{instance}} used' },
        { expr: m('redis_memory_used_rss_bytes'), legend: '{{instance}} RSS' },
        { expr: m('redis_memory_used_peak_bytes'), legend: '{{instance}} peak' },
        { expr: m('redis_memory_max_bytes'), legend: '{{instance}} maxmemory' },
      ],
    },
    {
      type: 'timeseries', title: 'Used share of maxmemory', w: 6, unit: 'percentunit', min: 0, max: 1, thresholds: [[0.8, 'orange'], [0.9, 'red']],
      description: 'used_memory / maxmemory (recording rule instance:redis_memory_used:ratio; no series when maxmemory is 0). RedisMemoryHigh fires above 90%.',
      targets: [{ expr: m('instance:redis_memory_used:ratio'), legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'stat', title: 'Eviction policy', w: 6, unit: 'string', showLabel: 'policy',
      description: 'maxmemory-policy. noeviction turns a full Redis into OOM errors; volatile-* only evicts keys with a TTL.',
      targets: [{ expr: `${m('redis_config_maxmemory_policy')} == 1`, table: true }],
    },
    {
      type: 'timeseries', title: 'Fragmentation ratio', w: 6, unit: 'none', thresholds: [[1.5, 'orange']],
      description: 'RSS / used_memory. Above 1.5 with much memory wasted: consider activedefrag; below 1.0: Redis is swapping.',
      targets: [{ expr: m('redis_memory_fragmentation_ratio'), legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'timeseries', title: 'Fragmentation bytes', w: 6, unit: 'bytes',
      description: 'RSS minus used memory: the memory fragmentation costs. Small instances show a high ratio but few bytes.',
      targets: [{ expr: `${m('redis_memory_used_rss_bytes')} - ${m('redis_memory_used_bytes')}`, legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'timeseries', title: 'Evictions and expirations', w: 6, unit: 'ops',
      description: 'Keys evicted to stay under maxmemory and keys expired by TTL, per second. Evictions outside a cache mean data loss.',
      targets: [
        { expr: `rate(${m('redis_evicted_keys_total')}[$__rate_interval])`, legend: '{{instance}} evicted' },
        { expr: `rate(${m('redis_expired_keys_total')}[$__rate_interval])`, legend: '{{instance}} expired' },
      ],
    },
    {
      type: 'timeseries', title: 'OOM rejects', w: 6, unit: 'ops',
      description: 'Commands refused with "OOM command not allowed when used memory > \'maxmemory\'" (errorstat OOM), and rejected calls per command.',
      targets: [
        { expr: `rate(${m('redis_errors_total', 'err="OOM"')}[$__rate_interval])`, legend: '{{instance}} OOM errors' },
        { expr: `sum by (instance, cmd) (rate(${m('redis_commands_rejected_calls_total')}[$__rate_interval]))`, legend: '{{instance}} {{cmd}} rejected' },
      ],
    },
    {
      type: 'timeseries', title: 'Keys and keys with a TTL', w: 12, unit: 'short',
      description: 'Keys across databases and those with a TTL. A volatile-* policy with few TTL keys cannot evict and ends in OOM.',
      targets: [
        { expr: `sum by (instance) (${m('redis_db_keys')})`, legend: '{{instance}} keys' },
        { expr: `sum by (instance) (${m('redis_db_keys_expiring')})`, legend: '{{instance}} with TTL' },
      ],
    },
  ],
};

export const hostRow: RowSpec = {
  title: 'Host',
  panels: [
    {
      type: 'stat', title: 'vm.overcommit_memory', w: 4, h: 5, unit: 'none', mappings: { 0: ['0 (heuristic)', 'orange'], 1: ['1 (always)', 'green'], 2: ['2 (never)', 'orange'] },
      description: 'The guide\'s first fix for "fork: Cannot allocate memory" is vm.overcommit_memory=1.',
      targets: [{ expr: m('redis_host_vm_overcommit_memory'), legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'stat', title: 'Transparent Huge Pages', w: 4, h: 5, unit: 'string', showLabel: 'mode',
      description: 'Active mode of /sys/kernel/mm/transparent_hugepage/enabled. "always" makes forks slow and copy-on-write heavy; set never.',
      targets: [{ expr: `${m('redis_host_transparent_hugepage_enabled')} == 1`, table: true }],
    },
    {
      type: 'stat', title: 'Data dir writable', w: 4, h: 5, unit: 'none', mappings: { 0: ['NO', 'red'], 1: ['yes', 'green'] },
      description: 'Whether the user running Redis can create files in its dir (permissions, read-only mounts).',
      targets: [{ expr: m('redis_host_data_dir_writable'), legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'timeseries', title: 'Data dir free', w: 12, h: 5, unit: 'percentunit', min: 0, max: 1,
      description: 'Free share of the filesystem holding the Redis dir (recording rule instance:redis_host_data_dir_filesystem_avail:ratio). Saves fail with ENOSPC when it runs out.',
      targets: [{ expr: m('instance:redis_host_data_dir_filesystem_avail:ratio'), legend: '{{instance}} {{target}}' }],
    },
    {
      type: 'timeseries', title: 'Data dir space', unit: 'bytes',
      description: 'Size and space available to Redis on the data directory\'s filesystem.',
      targets: [
        { expr: m('redis_host_data_dir_filesystem_avail_bytes'), legend: '{{instance}} available' },
        { expr: m('redis_host_data_dir_filesystem_size_bytes'), legend: '{{instance}} size' },
      ],
    },
    {
      type: 'timeseries', title: 'Data dir disk utilization', unit: 'percentunit', min: 0, max: 1,
      description: 'Share of time the block device under the data dir was busy (iostat %util). Consistently above 80% with AOF fsync: the disk is saturated.',
      targets: [{ expr: `rate(${m('redis_host_data_dir_disk_io_time_seconds_total')}[$__rate_interval])`, legend: '{{instance}} {{device}}' }],
    },
    {
      type: 'timeseries', title: 'Host memory, swap and commit', unit: 'bytes',
      description: 'MemAvailable vs total, swap used, Redis\'s own swapped memory, and Committed_AS vs CommitLimit (what a fork needs under overcommit 2).',
      targets: [
        { expr: m('redis_host_memory_available_bytes'), legend: '{{instance}} available' },
        { expr: m('redis_host_memory_total_bytes'), legend: '{{instance}} total' },
        { expr: `${m('redis_host_swap_total_bytes')} - ${m('redis_host_swap_free_bytes')}`, legend: '{{instance}} swap used' },
        { expr: m('redis_process_swap_bytes'), legend: '{{instance}} Redis swapped' },
        { expr: m('redis_host_committed_as_bytes'), legend: '{{instance}} committed' },
        { expr: m('redis_host_commit_limit_bytes'), legend: '{{instance}} commit limit' },
      ],
    },
  ],
};

export const replicationRow: RowSpec = {
  title: 'Replication',
  panels: [
    {
      type: 'timeseries', title: 'Replicas and link', unit: 'short',
      description: 'On a master: connected replicas. On a replica: master link (1 up, 0 down).',
      targets: [
        { expr: m('redis_connected_slaves'), legend: '{{instance}} replicas' },
        { expr: m('redis_master_link_up'), legend: '{{instance}} link to {{master_host}}:{{master_port}}' },
      ],
    },
    {
      type: 'timeseries', title: 'Replica lag', unit: 'bytes',
      description: 'Bytes each replica is behind the master (master_repl_offset minus its offset).',
      targets: [{ expr: m('redis_connected_slave_lag_bytes'), legend: '{{instance}} {{slave_ip}}:{{slave_port}}' }],
    },
    {
      type: 'timeseries', title: 'Replica output buffers vs limits', unit: 'bytes',
      description: 'Output buffer per replica next to client-output-buffer-limit replica (hard and soft); the master drops a replica at the hard limit. Also all replication buffers.',
      targets: [
        { expr: m('redis_replica_output_buffer_bytes'), legend: '{{instance}} {{slave_ip}}:{{slave_port}}' },
        { expr: m('redis_config_client_output_buffer_limit_bytes', 'class="slave"'), legend: '{{instance}} {{limit}} limit' },
        { expr: m('redis_mem_total_replication_buffers_bytes'), legend: '{{instance}} all replication buffers' },
      ],
    },
    {
      type: 'timeseries', title: 'Replication backlog', unit: 'bytes',
      description: 'repl-backlog-size and how much of it holds data. A replica further behind than this needs a full resync.',
      targets: [
        { expr: m('redis_replication_backlog_bytes'), legend: '{{instance}} size' },
        { expr: m('redis_repl_backlog_history_bytes'), legend: '{{instance}} filled' },
      ],
    },
    {
      type: 'timeseries', title: 'Backlog time vs repl-timeout', unit: 's',
      description: 'How many seconds of writes the backlog holds at the current write rate, next to repl-timeout. Below it, a replica that drops out cannot resume.',
      targets: [
        { expr: m('redis_repl_backlog_seconds'), legend: '{{instance}} backlog' },
        { expr: m('redis_config_repl_timeout_seconds'), legend: '{{instance}} repl-timeout' },
      ],
    },
    {
      type: 'timeseries', title: 'Resyncs per hour', unit: 'short',
      description: 'Full resyncs and accepted/refused partial resyncs in the last hour. Full resyncs fork and copy everything.',
      targets: [
        { expr: `increase(${m('redis_sync_full_total')}[1h])`, legend: '{{instance}} full' },
        { expr: `increase(${m('redis_sync_partial_ok_total')}[1h])`, legend: '{{instance}} partial ok' },
        { expr: `increase(${m('redis_sync_partial_err_total')}[1h])`, legend: '{{instance}} partial refused' },
      ],
    },
  ],
};
