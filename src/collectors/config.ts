import { parseOutputBufferLimits, parseSavePoints } from '../parse/config.js';
import type { Collector } from './types.js';

const APPENDFSYNC = ['always', 'everysec', 'no'] as const;
const POLICIES = [
  'noeviction', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random',
  'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl',
] as const;

/** One 1/0 series per known value, so `== 1` selects the active one and a change is visible. */
function oneOf(sink: Parameters<Collector['collect']>[1], name: string, help: string, label: string, known: readonly string[], active: string | undefined): void {
  if (active === undefined) return;
  const all = known.includes(active) ? known : [...known, active];
  for (const v of all) sink.gauge(name, help, v === active ? 1 : 0, { [label]: v });
}

/** CONFIG GET values that decide whether persistence and eviction can work (guide steps 2–5). */
export const configCollector: Collector = {
  name: 'config',
  needsRedis: true,
  collect({ config }, sink) {
    if (!config) return;
    // Layer 1 (redis_exporter names).
    sink.gauge('redis_config_maxmemory', 'maxmemory from CONFIG GET, in bytes.', config.bytes('maxmemory'));
    sink.gauge('redis_config_maxclients', 'maxclients from CONFIG GET.', config.number('maxclients'));
    sink.gauge('redis_config_io_threads', 'io-threads from CONFIG GET.', config.number('io-threads'));
    const limits = parseOutputBufferLimits(config.string('client-output-buffer-limit') ?? '');
    for (const l of limits ?? []) {
      const help = 'client-output-buffer-limit per client class, in bytes (0 = no limit).';
      sink.gauge('redis_config_client_output_buffer_limit_bytes', help, l.hardBytes, { class: l.clientClass, limit: 'hard' });
      sink.gauge('redis_config_client_output_buffer_limit_bytes', help, l.softBytes, { class: l.clientClass, limit: 'soft' });
      sink.gauge('redis_config_client_output_buffer_limit_overcommit_seconds', 'Seconds a client may stay above the soft output buffer limit.', l.softSeconds, { class: l.clientClass, limit: 'soft' });
    }
    // Layer 3: persistence and eviction settings as gauges.
    sink.gauge('redis_config_appendonly', '1 if appendonly is yes.', config.flag('appendonly'));
    oneOf(sink, 'redis_config_appendfsync', 'appendfsync policy: 1 for the active one.', 'policy', APPENDFSYNC, config.string('appendfsync'));
    oneOf(sink, 'redis_config_maxmemory_policy', 'maxmemory-policy: 1 for the active one.', 'policy', POLICIES, config.string('maxmemory-policy'));
    const save = parseSavePoints(config.string('save') ?? '');
    if (save) {
      sink.gauge('redis_config_save_points', 'Number of RDB save points; 0 means automatic snapshots are off (save "").', save.length);
      save.forEach((p, i) => {
        sink.gauge('redis_config_save_seconds', 'Seconds of an RDB save point ("save <seconds> <changes>").', p.seconds, { point: String(i) });
        sink.gauge('redis_config_save_changes', 'Changes of an RDB save point ("save <seconds> <changes>").', p.changes, { point: String(i) });
      });
    }
    sink.gauge('redis_config_stop_writes_on_bgsave_error', '1 if stop-writes-on-bgsave-error is yes (a failing BGSAVE then rejects writes with MISCONF).', config.flag('stop-writes-on-bgsave-error'));
    sink.gauge('redis_config_auto_aof_rewrite_percentage', 'auto-aof-rewrite-percentage.', config.number('auto-aof-rewrite-percentage'));
    sink.gauge('redis_config_auto_aof_rewrite_min_size_bytes', 'auto-aof-rewrite-min-size in bytes.', config.bytes('auto-aof-rewrite-min-size'));
    sink.gauge('redis_config_no_appendfsync_on_rewrite', '1 if no-appendfsync-on-rewrite is yes.', config.flag('no-appendfsync-on-rewrite'));
    sink.gauge('redis_config_aof_use_rdb_preamble', '1 if aof-use-rdb-preamble is yes.', config.flag('aof-use-rdb-preamble'));
    sink.gauge('redis_config_repl_backlog_size_bytes', 'repl-backlog-size in bytes.', config.bytes('repl-backlog-size'));
    sink.gauge('redis_config_repl_backlog_ttl_seconds', 'repl-backlog-ttl in seconds.', config.number('repl-backlog-ttl'));
    sink.gauge('redis_config_repl_timeout_seconds', 'repl-timeout in seconds.', config.number('repl-timeout'));
    sink.gauge('redis_config_activedefrag', '1 if activedefrag is yes.', config.flag('activedefrag'));
    const threshold = config.number('latency-monitor-threshold');
    sink.gauge('redis_config_latency_monitor_threshold_seconds', 'latency-monitor-threshold in seconds; 0 means the latency monitor is off.', threshold === undefined ? undefined : threshold / 1000);
  },
};
