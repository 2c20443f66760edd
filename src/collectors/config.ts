import { parseOutputBufferLimits, parseSavePoints, type RedisConfigValues } from '../parse/config.js';
import type { Collector } from './types.js';
import { families, type Family } from '../exposition/family.js';
import type { MadeSamples, SampleSink } from '../exposition/sample.js';

const APPENDFSYNC = ['always', 'everysec', 'no'] as const;
const POLICIES = ['noeviction', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'] as const;

/** One 1/0 series per known value, so `== 1` selects the active one and a change is visible. */
function oneOf(sink: SampleSink, f: Family, label: string, known: readonly string[], active: string | undefined): void {
  if (active === undefined) return;
  const all = known.includes(active) ? known : [...known, active];
  for (const v of all) sink.emit(f, v === active ? 1 : 0, { [label]: v });
}

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'config', section: 'config' },
  {
    configMaxmemory: { name: 'redis_config_maxmemory', type: 'gauge', layer: 1, labels: [], help: 'maxmemory from CONFIG GET, in bytes.', doc: '`maxmemory` in bytes' },
    configMaxclients: { name: 'redis_config_maxclients', type: 'gauge', layer: 1, labels: [], help: 'maxclients from CONFIG GET.', doc: '`maxclients`' },
    configIoThreads: { name: 'redis_config_io_threads', type: 'gauge', layer: 1, labels: [], help: 'io-threads from CONFIG GET.', doc: '`io-threads`' },
    configClientOutputBufferLimitBytes: {
      name: 'redis_config_client_output_buffer_limit_bytes',
      type: 'gauge',
      layer: 1,
      labels: ['class', 'limit'],
      help: 'client-output-buffer-limit per client class, in bytes (0 = no limit).',
      doc: '`client-output-buffer-limit`, labels `class` (`normal`, `slave`, `pubsub`), `limit` (`hard`, `soft`)',
    },
    configClientOutputBufferLimitOvercommitSeconds: {
      name: 'redis_config_client_output_buffer_limit_overcommit_seconds',
      type: 'gauge',
      layer: 1,
      labels: ['class', 'limit'],
      help: 'Seconds a client may stay above the soft output buffer limit.',
      doc: '`client-output-buffer-limit` soft seconds, labels `class`, `limit="soft"`',
    },
    configAppendonly: { name: 'redis_config_appendonly', type: 'gauge', layer: 3, labels: [], help: '1 if appendonly is yes.', doc: '`appendonly` yes → 1' },
    configAppendfsync: {
      name: 'redis_config_appendfsync',
      type: 'gauge',
      layer: 3,
      labels: ['policy'],
      help: 'appendfsync policy: 1 for the active one.',
      doc: '`appendfsync`: label `policy` (`always`, `everysec`, `no`), 1 for the active one',
    },
    configMaxmemoryPolicy: {
      name: 'redis_config_maxmemory_policy',
      type: 'gauge',
      layer: 3,
      labels: ['policy'],
      help: 'maxmemory-policy: 1 for the active one.',
      doc: '`maxmemory-policy`: label `policy`, 1 for the active one, 0 for the other seven',
    },
    configSavePoints: {
      name: 'redis_config_save_points',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Number of RDB save points; 0 means automatic snapshots are off (save "").',
      doc: 'number of `save` points; 0 = RDB snapshots off (`save ""`)',
    },
    configSaveSeconds: {
      name: 'redis_config_save_seconds',
      type: 'gauge',
      layer: 3,
      labels: ['point'],
      help: 'Seconds of an RDB save point ("save <seconds> <changes>").',
      doc: '`save` point seconds, label `point` (0, 1, …)',
    },
    configSaveChanges: {
      name: 'redis_config_save_changes',
      type: 'gauge',
      layer: 3,
      labels: ['point'],
      help: 'Changes of an RDB save point ("save <seconds> <changes>").',
      doc: '`save` point changes, label `point`',
    },
    configStopWritesOnBgsaveError: {
      name: 'redis_config_stop_writes_on_bgsave_error',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: '1 if stop-writes-on-bgsave-error is yes (a failing BGSAVE then rejects writes with MISCONF).',
      doc: '`stop-writes-on-bgsave-error` yes → 1',
    },
    configAutoAofRewritePercentage: {
      name: 'redis_config_auto_aof_rewrite_percentage',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'auto-aof-rewrite-percentage.',
      doc: '`auto-aof-rewrite-percentage`',
    },
    configAutoAofRewriteMinSizeBytes: {
      name: 'redis_config_auto_aof_rewrite_min_size_bytes',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'auto-aof-rewrite-min-size in bytes.',
      doc: '`auto-aof-rewrite-min-size` in bytes',
    },
    configNoAppendfsyncOnRewrite: {
      name: 'redis_config_no_appendfsync_on_rewrite',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: '1 if no-appendfsync-on-rewrite is yes.',
      doc: '`no-appendfsync-on-rewrite` yes → 1',
    },
    configAofUseRdbPreamble: { name: 'redis_config_aof_use_rdb_preamble', type: 'gauge', layer: 3, labels: [], help: '1 if aof-use-rdb-preamble is yes.', doc: '`aof-use-rdb-preamble` yes → 1' },
    configReplBacklogSizeBytes: { name: 'redis_config_repl_backlog_size_bytes', type: 'gauge', layer: 3, labels: [], help: 'repl-backlog-size in bytes.', doc: '`repl-backlog-size` in bytes' },
    configReplBacklogTtlSeconds: { name: 'redis_config_repl_backlog_ttl_seconds', type: 'gauge', layer: 3, labels: [], help: 'repl-backlog-ttl in seconds.', doc: '`repl-backlog-ttl`' },
    configReplTimeoutSeconds: { name: 'redis_config_repl_timeout_seconds', type: 'gauge', layer: 3, labels: [], help: 'repl-timeout in seconds.', doc: '`repl-timeout`' },
    configActivedefrag: { name: 'redis_config_activedefrag', type: 'gauge', layer: 3, labels: [], help: '1 if activedefrag is yes.', doc: '`activedefrag` yes → 1' },
    configLatencyMonitorThresholdSeconds: {
      name: 'redis_config_latency_monitor_threshold_seconds',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'latency-monitor-threshold in seconds; 0 means the latency monitor is off.',
      doc: '`latency-monitor-threshold` ÷ 1000; 0 = latency monitor off',
    },
  },
);

const MADE = new WeakMap<RedisConfigValues, MadeSamples>();

function emitConfig(config: RedisConfigValues, sink: SampleSink): void {
  // Layer 1 (redis_exporter names).
  sink.emit(FAMILIES.configMaxmemory, config.bytes('maxmemory'));
  sink.emit(FAMILIES.configMaxclients, config.number('maxclients'));
  sink.emit(FAMILIES.configIoThreads, config.number('io-threads'));
  const limits = parseOutputBufferLimits(config.string('client-output-buffer-limit') ?? '');
  for (const l of limits ?? []) {
    sink.emit(FAMILIES.configClientOutputBufferLimitBytes, l.hardBytes, { class: l.clientClass, limit: 'hard' });
    sink.emit(FAMILIES.configClientOutputBufferLimitBytes, l.softBytes, { class: l.clientClass, limit: 'soft' });
    sink.emit(FAMILIES.configClientOutputBufferLimitOvercommitSeconds, l.softSeconds, { class: l.clientClass, limit: 'soft' });
  }
  // Layer 3: persistence and eviction settings as gauges.
  sink.emit(FAMILIES.configAppendonly, config.flag('appendonly'));
  oneOf(sink, FAMILIES.configAppendfsync, 'policy', APPENDFSYNC, config.string('appendfsync'));
  oneOf(sink, FAMILIES.configMaxmemoryPolicy, 'policy', POLICIES, config.string('maxmemory-policy'));
  const save = parseSavePoints(config.string('save') ?? '');
  if (save) {
    sink.emit(FAMILIES.configSavePoints, save.length);
    save.forEach((p, i) => {
      sink.emit(FAMILIES.configSaveSeconds, p.seconds, { point: String(i) });
      sink.emit(FAMILIES.configSaveChanges, p.changes, { point: String(i) });
    });
  }
  sink.emit(FAMILIES.configStopWritesOnBgsaveError, config.flag('stop-writes-on-bgsave-error'));
  sink.emit(FAMILIES.configAutoAofRewritePercentage, config.number('auto-aof-rewrite-percentage'));
  sink.emit(FAMILIES.configAutoAofRewriteMinSizeBytes, config.bytes('auto-aof-rewrite-min-size'));
  sink.emit(FAMILIES.configNoAppendfsyncOnRewrite, config.flag('no-appendfsync-on-rewrite'));
  sink.emit(FAMILIES.configAofUseRdbPreamble, config.flag('aof-use-rdb-preamble'));
  sink.emit(FAMILIES.configReplBacklogSizeBytes, config.bytes('repl-backlog-size'));
  sink.emit(FAMILIES.configReplBacklogTtlSeconds, config.number('repl-backlog-ttl'));
  sink.emit(FAMILIES.configReplTimeoutSeconds, config.number('repl-timeout'));
  sink.emit(FAMILIES.configActivedefrag, config.flag('activedefrag'));
  const threshold = config.number('latency-monitor-threshold');
  sink.emit(FAMILIES.configLatencyMonitorThresholdSeconds, threshold === undefined ? undefined : threshold / 1000);
}

/** CONFIG GET values that decide whether persistence and eviction can work (guide steps 2–5). */
export const configCollector: Collector = {
  name: 'config',
  needsRedis: true,
  collect({ config }, sink) {
    // The same CONFIG object comes back every poll until the next CONFIG GET: converted once.
    if (config) sink.emitFrom(MADE, config, emitConfig);
  },
};
