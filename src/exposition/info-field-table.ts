/**
 * INFO field → metric name table, the drop-in contract (DESIGN.md "Metric names").
 *
 * Layer 1: redis_exporter's exact names and conversions (facts from its public field map).
 * Layer 2: names the troubleshooting guide's alert rules query.
 * Layer 3: convention-clean twins of inherited names and fields no exporter had before.
 * `compat` marks inherited names that break Prometheus conventions; they are dropped
 * when `--compat.redis-exporter=false`.
 */
import type { MetricType } from './sample.js';

export type Layer = 1 | 2 | 3;

export interface FieldMetric {
  readonly field: string;
  readonly name: string;
  readonly type: MetricType;
  readonly layer: Layer;
  readonly help: string;
  /** Multiply the INFO value by this (µs → s, ms → s). */
  readonly scale?: number;
  readonly compat?: boolean;
}

type Row = [field: string, name: string, type: 'g' | 'c', layer: Layer, help: string, opts?: { scale?: number; compat?: boolean }];

const USEC = { scale: 1e-6 };
const MSEC = { scale: 1e-3 };
const COMPAT = { compat: true };

const rows: Row[] = [
  // Server
  ['uptime_in_seconds', 'redis_uptime_in_seconds', 'g', 1, 'Seconds since the Redis server started (INFO uptime_in_seconds).'],
  ['process_id', 'redis_process_id', 'g', 1, 'PID of the Redis server process (INFO process_id).'],
  ['io_threads_active', 'redis_io_threads_active', 'g', 1, 'Whether Redis I/O threads are active (INFO io_threads_active).'],
  // Clients
  ['connected_clients', 'redis_connected_clients', 'g', 1, 'Client connections, replicas excluded (INFO connected_clients).'],
  ['cluster_connections', 'redis_cluster_connections', 'g', 1, 'Cluster bus connections (INFO cluster_connections).'],
  ['maxclients', 'redis_max_clients', 'g', 1, 'Configured maximum number of clients (INFO maxclients).'],
  ['client_recent_max_input_buffer', 'redis_client_recent_max_input_buffer_bytes', 'g', 1, 'Largest client input buffer seen recently (INFO client_recent_max_input_buffer).'],
  ['client_recent_max_output_buffer', 'redis_client_recent_max_output_buffer_bytes', 'g', 1, 'Largest client output buffer seen recently (INFO client_recent_max_output_buffer).'],
  ['blocked_clients', 'redis_blocked_clients', 'g', 1, 'Clients blocked on a blocking command (INFO blocked_clients).'],
  ['tracking_clients', 'redis_tracking_clients', 'g', 1, 'Clients using client-side caching tracking (INFO tracking_clients).'],
  ['pubsub_clients', 'redis_pubsub_clients', 'g', 1, 'Clients in pub/sub mode (INFO pubsub_clients).'],
  ['watching_clients', 'redis_watching_clients', 'g', 1, 'Clients in WATCH (INFO watching_clients).'],
  ['clients_in_timeout_table', 'redis_clients_in_timeout_table', 'g', 1, 'Clients in the timeout table (INFO clients_in_timeout_table).'],
  ['total_watched_keys', 'redis_total_watched_keys', 'g', 1, 'Keys being watched (INFO total_watched_keys).'],
  ['total_blocking_keys', 'redis_total_blocking_keys', 'g', 1, 'Keys with blocked clients (INFO total_blocking_keys).'],
  ['total_blocking_keys_on_nokey', 'redis_total_blocking_keys_on_nokey', 'g', 1, 'Keys with clients blocked until deletion (INFO total_blocking_keys_on_nokey).'],
  // Memory
  ['used_memory', 'redis_memory_used_bytes', 'g', 1, 'Bytes allocated by Redis (INFO used_memory).'],
  ['used_memory_rss', 'redis_memory_used_rss_bytes', 'g', 1, 'Resident set size of Redis as the OS sees it (INFO used_memory_rss).'],
  ['used_memory_peak', 'redis_memory_used_peak_bytes', 'g', 1, 'Peak bytes allocated by Redis (INFO used_memory_peak).'],
  ['used_memory_peak_perc', 'redis_memory_used_peak_ratio', 'g', 3, 'used_memory as a ratio of used_memory_peak (INFO used_memory_peak_perc / 100).', { scale: 0.01 }],
  ['used_memory_overhead', 'redis_memory_used_overhead_bytes', 'g', 1, 'Bytes used for internal structures (INFO used_memory_overhead).'],
  ['used_memory_startup', 'redis_memory_used_startup_bytes', 'g', 1, 'Bytes used at startup (INFO used_memory_startup).'],
  ['used_memory_dataset', 'redis_memory_used_dataset_bytes', 'g', 1, 'Bytes used by the dataset (INFO used_memory_dataset).'],
  ['used_memory_dataset_perc', 'redis_memory_used_dataset_ratio', 'g', 3, 'Dataset share of net memory (INFO used_memory_dataset_perc / 100).', { scale: 0.01 }],
  ['allocator_allocated', 'redis_allocator_allocated_bytes', 'g', 1, 'Bytes allocated by the allocator (INFO allocator_allocated).'],
  ['allocator_active', 'redis_allocator_active_bytes', 'g', 1, 'Bytes in active allocator pages (INFO allocator_active).'],
  ['allocator_resident', 'redis_allocator_resident_bytes', 'g', 1, 'Bytes resident in the allocator (INFO allocator_resident).'],
  ['allocator_muzzy', 'redis_allocator_muzzy_bytes', 'g', 1, 'Muzzy allocator bytes (INFO allocator_muzzy).'],
  ['total_system_memory', 'redis_total_system_memory_bytes', 'g', 1, 'Memory of the host as Redis sees it (INFO total_system_memory).'],
  ['used_memory_lua', 'redis_memory_used_lua_bytes', 'g', 1, 'Bytes used by the Lua engine (INFO used_memory_lua).'],
  ['used_memory_vm_eval', 'redis_memory_used_vm_eval_bytes', 'g', 1, 'Bytes used by the EVAL engine (INFO used_memory_vm_eval).'],
  ['used_memory_scripts_eval', 'redis_memory_used_scripts_eval_bytes', 'g', 1, 'Bytes used by EVAL scripts (INFO used_memory_scripts_eval).'],
  ['number_of_cached_scripts', 'redis_number_of_cached_scripts', 'g', 1, 'Cached EVAL scripts (INFO number_of_cached_scripts).'],
  ['number_of_functions', 'redis_number_of_functions', 'g', 1, 'Loaded functions (INFO number_of_functions).'],
  ['number_of_libraries', 'redis_number_of_libraries', 'g', 1, 'Loaded function libraries (INFO number_of_libraries).'],
  ['used_memory_vm_functions', 'redis_memory_used_vm_functions_bytes', 'g', 1, 'Bytes used by the functions engine (INFO used_memory_vm_functions).'],
  ['used_memory_vm_total', 'redis_memory_used_vm_total', 'g', 1, 'Bytes used by all script engines (INFO used_memory_vm_total).', COMPAT],
  ['used_memory_vm_total', 'redis_memory_used_vm_total_bytes', 'g', 3, 'Bytes used by all script engines (INFO used_memory_vm_total).'],
  ['used_memory_functions', 'redis_memory_used_functions_bytes', 'g', 1, 'Bytes of function overhead (INFO used_memory_functions).'],
  ['used_memory_scripts', 'redis_memory_used_scripts_bytes', 'g', 1, 'Bytes of script overhead (INFO used_memory_scripts).'],
  ['maxmemory', 'redis_memory_max_bytes', 'g', 1, 'Configured maxmemory; 0 means no limit (INFO maxmemory).'],
  ['allocator_frag_ratio', 'redis_allocator_frag_ratio', 'g', 1, 'Allocator fragmentation ratio (INFO allocator_frag_ratio).'],
  ['allocator_frag_bytes', 'redis_allocator_frag_bytes', 'g', 1, 'Allocator fragmentation bytes (INFO allocator_frag_bytes).'],
  ['allocator_rss_ratio', 'redis_allocator_rss_ratio', 'g', 1, 'Allocator RSS ratio (INFO allocator_rss_ratio).'],
  ['allocator_rss_bytes', 'redis_allocator_rss_bytes', 'g', 1, 'Allocator RSS bytes (INFO allocator_rss_bytes).'],
  ['rss_overhead_ratio', 'redis_rss_overhead_ratio', 'g', 3, 'RSS overhead ratio outside the allocator (INFO rss_overhead_ratio).'],
  ['rss_overhead_bytes', 'redis_rss_overhead_bytes', 'g', 3, 'RSS overhead bytes outside the allocator (INFO rss_overhead_bytes).'],
  ['mem_fragmentation_ratio', 'redis_mem_fragmentation_ratio', 'g', 1, 'used_memory_rss / used_memory; above 1.5 is fragmented, below 1 means swapping (INFO mem_fragmentation_ratio).'],
  ['mem_fragmentation_ratio', 'redis_memory_fragmentation_ratio', 'g', 2, 'Same value as redis_mem_fragmentation_ratio, under the name the guide\'s alert rules use.'],
  ['mem_fragmentation_bytes', 'redis_mem_fragmentation_bytes', 'g', 1, 'used_memory_rss - used_memory (INFO mem_fragmentation_bytes).'],
  ['mem_not_counted_for_evict', 'redis_mem_not_counted_for_eviction_bytes', 'g', 1, 'Bytes not counted for eviction (INFO mem_not_counted_for_evict).'],
  ['mem_replication_backlog', 'redis_mem_replication_backlog_bytes', 'g', 1, 'Bytes used by the replication backlog (INFO mem_replication_backlog).'],
  ['mem_total_replication_buffers', 'redis_mem_total_replication_buffers_bytes', 'g', 1, 'Bytes used by replication buffers (INFO mem_total_replication_buffers).'],
  ['mem_clients_slaves', 'redis_mem_clients_slaves', 'g', 1, 'Bytes used by replica clients (INFO mem_clients_slaves).'],
  ['mem_clients_normal', 'redis_mem_clients_normal', 'g', 1, 'Bytes used by normal clients (INFO mem_clients_normal).'],
  ['mem_cluster_links', 'redis_mem_cluster_links_bytes', 'g', 1, 'Bytes used by cluster links (INFO mem_cluster_links).'],
  ['mem_aof_buffer', 'redis_mem_aof_buffer_bytes', 'g', 1, 'Bytes used by the AOF buffer (INFO mem_aof_buffer).'],
  ['mem_overhead_db_hashtable_rehashing', 'redis_mem_overhead_db_hashtable_rehashing_bytes', 'g', 1, 'Bytes used by rehashing db hashtables (INFO mem_overhead_db_hashtable_rehashing).'],
  ['active_defrag_running', 'redis_active_defrag_running', 'g', 1, 'Active defragmentation CPU percentage in use (INFO active_defrag_running).'],
  ['lazyfree_pending_objects', 'redis_lazyfree_pending_objects', 'g', 1, 'Objects waiting to be freed lazily (INFO lazyfree_pending_objects).'],
  ['lazyfreed_objects', 'redis_lazyfreed_objects', 'g', 1, 'Objects freed lazily (INFO lazyfreed_objects).'],
  // Persistence
  ['loading', 'redis_loading_dump_file', 'g', 1, 'Whether Redis is loading a dump file (INFO loading).'],
  ['async_loading', 'redis_async_loading', 'g', 1, 'Whether Redis is loading a dump asynchronously (INFO async_loading).'],
  ['current_cow_peak', 'redis_current_cow_peak_bytes', 'g', 3, 'Peak copy-on-write bytes of the running fork child (INFO current_cow_peak).'],
  ['current_cow_size', 'redis_current_cow_size_bytes', 'g', 3, 'Copy-on-write bytes of the running fork child (INFO current_cow_size).'],
  ['current_cow_size_age', 'redis_current_cow_size_age_seconds', 'g', 3, 'Age of the current_cow_size reading (INFO current_cow_size_age).'],
  ['current_fork_perc', 'redis_current_fork_ratio', 'g', 3, 'Progress of the running fork child, 0-1 (INFO current_fork_perc / 100).', { scale: 0.01 }],
  ['current_save_keys_processed', 'redis_current_save_keys_processed', 'g', 3, 'Keys written by the running save (INFO current_save_keys_processed).'],
  ['current_save_keys_total', 'redis_current_save_keys_total_keys', 'g', 3, 'Keys at the start of the running save (INFO current_save_keys_total).'],
  ['rdb_changes_since_last_save', 'redis_rdb_changes_since_last_save', 'g', 1, 'Writes since the last successful RDB save (INFO rdb_changes_since_last_save).'],
  ['rdb_bgsave_in_progress', 'redis_rdb_bgsave_in_progress', 'g', 1, 'Whether an RDB BGSAVE is running (INFO rdb_bgsave_in_progress).'],
  ['rdb_bgsave_in_progress', 'redis_persistence_rdb_bgsave_in_progress', 'g', 2, 'Same value as redis_rdb_bgsave_in_progress, under the guide\'s name.'],
  ['rdb_last_save_time', 'redis_rdb_last_save_timestamp_seconds', 'g', 1, 'Unix time of the last successful RDB save (INFO rdb_last_save_time).'],
  ['rdb_last_bgsave_status', 'redis_rdb_last_bgsave_status', 'g', 1, '1 if the last BGSAVE succeeded, 0 if it failed (INFO rdb_last_bgsave_status).'],
  ['rdb_last_bgsave_status', 'redis_persistence_last_bgsave_status', 'g', 2, 'Same value as redis_rdb_last_bgsave_status, under the guide\'s name.'],
  ['rdb_last_bgsave_time_sec', 'redis_rdb_last_bgsave_duration_sec', 'g', 1, 'Duration of the last BGSAVE in seconds (INFO rdb_last_bgsave_time_sec).', COMPAT],
  ['rdb_last_bgsave_time_sec', 'redis_rdb_last_bgsave_duration_seconds', 'g', 3, 'Duration of the last BGSAVE (INFO rdb_last_bgsave_time_sec); -1 if none yet.'],
  ['rdb_current_bgsave_time_sec', 'redis_rdb_current_bgsave_duration_sec', 'g', 1, 'Duration of the running BGSAVE in seconds (INFO rdb_current_bgsave_time_sec).', COMPAT],
  ['rdb_current_bgsave_time_sec', 'redis_rdb_current_bgsave_duration_seconds', 'g', 3, 'Duration of the running BGSAVE (INFO rdb_current_bgsave_time_sec); -1 if none.'],
  ['rdb_saves', 'redis_rdb_saves_total', 'c', 1, 'RDB saves since startup (INFO rdb_saves).'],
  ['rdb_last_cow_size', 'redis_rdb_last_cow_size_bytes', 'g', 1, 'Copy-on-write bytes of the last RDB save (INFO rdb_last_cow_size).'],
  ['rdb_last_load_keys_expired', 'redis_rdb_last_load_expired_keys', 'g', 1, 'Keys expired while loading the last RDB (INFO rdb_last_load_keys_expired).'],
  ['rdb_last_load_keys_loaded', 'redis_rdb_last_load_loaded_keys', 'g', 1, 'Keys loaded from the last RDB (INFO rdb_last_load_keys_loaded).'],
  ['aof_enabled', 'redis_aof_enabled', 'g', 1, 'Whether AOF is on (INFO aof_enabled).'],
  ['aof_rewrite_in_progress', 'redis_aof_rewrite_in_progress', 'g', 1, 'Whether an AOF rewrite is running (INFO aof_rewrite_in_progress).'],
  ['aof_rewrite_in_progress', 'redis_persistence_aof_rewrite_in_progress', 'g', 2, 'Same value as redis_aof_rewrite_in_progress, under the guide\'s name.'],
  ['aof_rewrite_scheduled', 'redis_aof_rewrite_scheduled', 'g', 1, 'Whether an AOF rewrite is scheduled (INFO aof_rewrite_scheduled).'],
  ['aof_last_rewrite_time_sec', 'redis_aof_last_rewrite_duration_sec', 'g', 1, 'Duration of the last AOF rewrite in seconds (INFO aof_last_rewrite_time_sec).', COMPAT],
  ['aof_last_rewrite_time_sec', 'redis_aof_last_rewrite_duration_seconds', 'g', 3, 'Duration of the last AOF rewrite (INFO aof_last_rewrite_time_sec); -1 if none yet.'],
  ['aof_current_rewrite_time_sec', 'redis_aof_current_rewrite_duration_sec', 'g', 1, 'Duration of the running AOF rewrite in seconds (INFO aof_current_rewrite_time_sec).', COMPAT],
  ['aof_current_rewrite_time_sec', 'redis_aof_current_rewrite_duration_seconds', 'g', 3, 'Duration of the running AOF rewrite (INFO aof_current_rewrite_time_sec); -1 if none.'],
  ['aof_last_bgrewrite_status', 'redis_aof_last_bgrewrite_status', 'g', 1, '1 if the last AOF rewrite succeeded, 0 if it failed (INFO aof_last_bgrewrite_status).'],
  ['aof_rewrites', 'redis_aof_rewrites_total', 'c', 3, 'AOF rewrites since startup (INFO aof_rewrites).'],
  ['aof_rewrites_consecutive_failures', 'redis_aof_rewrites_consecutive_failures', 'g', 3, 'AOF rewrites that failed in a row (INFO aof_rewrites_consecutive_failures).'],
  ['aof_last_write_status', 'redis_aof_last_write_status', 'g', 1, '1 if the last AOF write succeeded, 0 if it failed (INFO aof_last_write_status).'],
  ['aof_last_write_status', 'redis_persistence_aof_last_write_status', 'g', 2, 'Same value as redis_aof_last_write_status, under the guide\'s name.'],
  ['aof_last_cow_size', 'redis_aof_last_cow_size_bytes', 'g', 1, 'Copy-on-write bytes of the last AOF rewrite (INFO aof_last_cow_size).'],
  ['module_fork_in_progress', 'redis_module_fork_in_progress', 'g', 1, 'Whether a module fork is running (INFO module_fork_in_progress).'],
  ['module_fork_last_cow_size', 'redis_module_fork_last_cow_size', 'g', 1, 'Copy-on-write bytes of the last module fork (INFO module_fork_last_cow_size).'],
  ['aof_current_size', 'redis_aof_current_size_bytes', 'g', 1, 'Current AOF size (INFO aof_current_size).'],
  ['aof_base_size', 'redis_aof_base_size_bytes', 'g', 1, 'AOF size at the last rewrite or startup (INFO aof_base_size).'],
  ['aof_pending_rewrite', 'redis_aof_pending_rewrite', 'g', 1, 'Whether a rewrite waits for a BGSAVE to finish (INFO aof_pending_rewrite).'],
  ['aof_buffer_length', 'redis_aof_buffer_length', 'g', 1, 'AOF buffer length (INFO aof_buffer_length).'],
  ['aof_pending_bio_fsync', 'redis_aof_pending_bio_fsync', 'g', 1, 'fsync jobs waiting in the background I/O queue (INFO aof_pending_bio_fsync).'],
  ['aof_delayed_fsync', 'redis_aof_delayed_fsync', 'g', 1, 'Times a write waited on a slow fsync (INFO aof_delayed_fsync).', COMPAT],
  ['aof_delayed_fsync', 'redis_aof_delayed_fsync_total', 'c', 3, 'Times a write was delayed by a slow AOF fsync (INFO aof_delayed_fsync); grows when "AOF fsync is taking too long".'],
  ['loading_start_time', 'redis_loading_start_timestamp_seconds', 'g', 3, 'Unix time the running load started (INFO loading_start_time).'],
  ['loading_total_bytes', 'redis_loading_total_bytes', 'g', 3, 'Size of the file being loaded (INFO loading_total_bytes).'],
  ['loading_loaded_bytes', 'redis_loading_loaded_bytes', 'g', 3, 'Bytes loaded so far (INFO loading_loaded_bytes).'],
  ['loading_eta_seconds', 'redis_loading_eta_seconds', 'g', 3, 'Estimated seconds until the load finishes (INFO loading_eta_seconds).'],
  // Stats
  ['total_connections_received', 'redis_connections_received_total', 'c', 1, 'Connections accepted (INFO total_connections_received).'],
  ['total_commands_processed', 'redis_commands_processed_total', 'c', 1, 'Commands processed (INFO total_commands_processed).'],
  ['total_net_input_bytes', 'redis_net_input_bytes_total', 'c', 1, 'Bytes read from the network (INFO total_net_input_bytes).'],
  ['total_net_output_bytes', 'redis_net_output_bytes_total', 'c', 1, 'Bytes written to the network (INFO total_net_output_bytes).'],
  ['total_net_repl_input_bytes', 'redis_net_repl_input_bytes_total', 'c', 1, 'Replication bytes read (INFO total_net_repl_input_bytes).'],
  ['total_net_repl_output_bytes', 'redis_net_repl_output_bytes_total', 'c', 1, 'Replication bytes written (INFO total_net_repl_output_bytes).'],
  ['rejected_connections', 'redis_rejected_connections_total', 'c', 1, 'Connections rejected at maxclients (INFO rejected_connections).'],
  ['sync_full', 'redis_replica_resyncs_full', 'g', 1, 'Full resyncs with replicas (INFO sync_full).', COMPAT],
  ['sync_full', 'redis_sync_full_total', 'c', 3, 'Full resyncs with replicas (INFO sync_full); growth means the backlog is too small or replicas drop.'],
  ['sync_partial_ok', 'redis_replica_partial_resync_accepted', 'g', 1, 'Accepted partial resyncs (INFO sync_partial_ok).', COMPAT],
  ['sync_partial_ok', 'redis_sync_partial_ok_total', 'c', 3, 'Accepted partial resync requests (INFO sync_partial_ok).'],
  ['sync_partial_err', 'redis_replica_partial_resync_denied', 'g', 1, 'Denied partial resyncs (INFO sync_partial_err).', COMPAT],
  ['sync_partial_err', 'redis_sync_partial_err_total', 'c', 3, 'Denied partial resync requests (INFO sync_partial_err).'],
  ['expired_subkeys', 'redis_expired_subkeys_total', 'c', 1, 'Hash fields expired (INFO expired_subkeys).'],
  ['expired_keys', 'redis_expired_keys_total', 'c', 1, 'Keys expired (INFO expired_keys).'],
  ['expired_stale_perc', 'redis_expired_stale_percentage', 'g', 1, 'Estimated percentage of logically expired keys (INFO expired_stale_perc).'],
  ['expired_time_cap_reached_count', 'redis_expired_time_cap_reached_total', 'c', 1, 'Active expire cycles stopped early (INFO expired_time_cap_reached_count).'],
  ['expire_cycle_cpu_milliseconds', 'redis_expire_cycle_cpu_time_ms_total', 'c', 1, 'CPU milliseconds spent in active expiry (INFO expire_cycle_cpu_milliseconds).', COMPAT],
  ['expire_cycle_cpu_milliseconds', 'redis_expire_cycle_cpu_seconds_total', 'c', 3, 'CPU time spent in active expiry (INFO expire_cycle_cpu_milliseconds).', MSEC],
  ['evicted_keys', 'redis_evicted_keys_total', 'c', 1, 'Keys evicted because of maxmemory (INFO evicted_keys).'],
  ['evicted_clients', 'redis_evicted_clients_total', 'c', 1, 'Clients evicted because of maxmemory-clients (INFO evicted_clients).'],
  ['evicted_scripts', 'redis_evicted_scripts_total', 'c', 1, 'Scripts evicted (INFO evicted_scripts).'],
  ['total_eviction_exceeded_time', 'redis_eviction_exceeded_time_ms_total', 'c', 1, 'Milliseconds used_memory spent above maxmemory (INFO total_eviction_exceeded_time).', COMPAT],
  ['total_eviction_exceeded_time', 'redis_eviction_exceeded_seconds_total', 'c', 3, 'Time used_memory spent above maxmemory (INFO total_eviction_exceeded_time).', MSEC],
  ['current_eviction_exceeded_time', 'redis_current_eviction_exceeded_time_ms', 'g', 1, 'Milliseconds since used_memory went above maxmemory (INFO current_eviction_exceeded_time).', COMPAT],
  ['current_eviction_exceeded_time', 'redis_current_eviction_exceeded_seconds', 'g', 3, 'Time since used_memory went above maxmemory (INFO current_eviction_exceeded_time).', MSEC],
  ['keyspace_hits', 'redis_keyspace_hits_total', 'c', 1, 'Successful key lookups (INFO keyspace_hits).'],
  ['keyspace_misses', 'redis_keyspace_misses_total', 'c', 1, 'Failed key lookups (INFO keyspace_misses).'],
  ['pubsub_channels', 'redis_pubsub_channels', 'g', 1, 'Pub/sub channels with subscribers (INFO pubsub_channels).'],
  ['pubsub_patterns', 'redis_pubsub_patterns', 'g', 1, 'Pub/sub patterns with subscribers (INFO pubsub_patterns).'],
  ['pubsubshard_channels', 'redis_pubsubshard_channels', 'g', 1, 'Shard channels with subscribers (INFO pubsubshard_channels).'],
  ['latest_fork_usec', 'redis_latest_fork_seconds', 'g', 1, 'Duration of the latest fork (INFO latest_fork_usec / 1e6).', USEC],
  ['total_forks', 'redis_forks_total', 'c', 3, 'Fork operations since startup (INFO total_forks).'],
  ['migrate_cached_sockets', 'redis_migrate_cached_sockets_total', 'g', 1, 'Sockets open for MIGRATE (INFO migrate_cached_sockets).', COMPAT],
  ['migrate_cached_sockets', 'redis_migrate_cached_sockets', 'g', 3, 'Sockets open for MIGRATE (INFO migrate_cached_sockets).'],
  ['slave_expires_tracked_keys', 'redis_slave_expires_tracked_keys', 'g', 1, 'Keys tracked for expiry on a writable replica (INFO slave_expires_tracked_keys).'],
  ['active_defrag_hits', 'redis_defrag_hits', 'g', 1, 'Value reallocations by active defrag (INFO active_defrag_hits).', COMPAT],
  ['active_defrag_hits', 'redis_active_defrag_hits_total', 'c', 3, 'Value reallocations by active defrag (INFO active_defrag_hits).'],
  ['active_defrag_misses', 'redis_defrag_misses', 'g', 1, 'Aborted value reallocations by active defrag (INFO active_defrag_misses).', COMPAT],
  ['active_defrag_misses', 'redis_active_defrag_misses_total', 'c', 3, 'Aborted value reallocations by active defrag (INFO active_defrag_misses).'],
  ['active_defrag_key_hits', 'redis_defrag_key_hits', 'g', 1, 'Keys actively defragmented (INFO active_defrag_key_hits).', COMPAT],
  ['active_defrag_key_hits', 'redis_active_defrag_key_hits_total', 'c', 3, 'Keys actively defragmented (INFO active_defrag_key_hits).'],
  ['active_defrag_key_misses', 'redis_defrag_key_misses', 'g', 1, 'Keys skipped by active defrag (INFO active_defrag_key_misses).', COMPAT],
  ['active_defrag_key_misses', 'redis_active_defrag_key_misses_total', 'c', 3, 'Keys skipped by active defrag (INFO active_defrag_key_misses).'],
  ['total_active_defrag_time', 'redis_active_defrag_seconds_total', 'c', 3, 'Time spent in active defrag (INFO total_active_defrag_time, ms).', MSEC],
  ['tracking_total_keys', 'redis_tracking_total_keys', 'g', 1, 'Keys tracked for client-side caching (INFO tracking_total_keys).'],
  ['tracking_total_items', 'redis_tracking_total_items', 'g', 1, 'Items tracked for client-side caching (INFO tracking_total_items).'],
  ['tracking_total_prefixes', 'redis_tracking_total_prefixes', 'g', 1, 'Prefixes tracked for client-side caching (INFO tracking_total_prefixes).'],
  ['unexpected_error_replies', 'redis_unexpected_error_replies', 'c', 1, 'Unexpected error replies, e.g. AOF load or replication errors (INFO unexpected_error_replies).', COMPAT],
  ['unexpected_error_replies', 'redis_unexpected_error_replies_total', 'c', 3, 'Unexpected error replies (INFO unexpected_error_replies).'],
  ['total_error_replies', 'redis_total_error_replies', 'c', 1, 'Error replies sent (INFO total_error_replies).', COMPAT],
  ['total_error_replies', 'redis_error_replies_total', 'c', 3, 'Error replies sent to clients (INFO total_error_replies).'],
  ['dump_payload_sanitizations', 'redis_dump_payload_sanitizations', 'c', 1, 'Deep payload integrity checks (INFO dump_payload_sanitizations).', COMPAT],
  ['dump_payload_sanitizations', 'redis_dump_payload_sanitizations_total', 'c', 3, 'Deep payload integrity checks (INFO dump_payload_sanitizations).'],
  ['total_reads_processed', 'redis_total_reads_processed', 'c', 1, 'Read events processed (INFO total_reads_processed).', COMPAT],
  ['total_reads_processed', 'redis_reads_processed_total', 'c', 3, 'Read events processed (INFO total_reads_processed).'],
  ['total_writes_processed', 'redis_total_writes_processed', 'c', 1, 'Write events processed (INFO total_writes_processed).', COMPAT],
  ['total_writes_processed', 'redis_writes_processed_total', 'c', 3, 'Write events processed (INFO total_writes_processed).'],
  ['io_threaded_reads_processed', 'redis_io_threaded_reads_processed', 'c', 1, 'Reads handled by I/O threads (INFO io_threaded_reads_processed).', COMPAT],
  ['io_threaded_reads_processed', 'redis_io_threaded_reads_processed_total', 'c', 3, 'Reads handled by I/O threads (INFO io_threaded_reads_processed).'],
  ['io_threaded_writes_processed', 'redis_io_threaded_writes_processed', 'c', 1, 'Writes handled by I/O threads (INFO io_threaded_writes_processed).', COMPAT],
  ['io_threaded_writes_processed', 'redis_io_threaded_writes_processed_total', 'c', 3, 'Writes handled by I/O threads (INFO io_threaded_writes_processed).'],
  ['client_query_buffer_limit_disconnections', 'redis_client_query_buffer_limit_disconnections_total', 'c', 1, 'Clients dropped for exceeding the query buffer limit (INFO client_query_buffer_limit_disconnections).'],
  ['client_output_buffer_limit_disconnections', 'redis_client_output_buffer_limit_disconnections_total', 'c', 1, 'Clients (replicas included) dropped for exceeding client-output-buffer-limit (INFO client_output_buffer_limit_disconnections).'],
  ['reply_buffer_shrinks', 'redis_reply_buffer_shrinks_total', 'c', 1, 'Reply buffer shrinks (INFO reply_buffer_shrinks).'],
  ['reply_buffer_expands', 'redis_reply_buffer_expands_total', 'c', 1, 'Reply buffer expansions (INFO reply_buffer_expands).'],
  ['eventloop_cycles', 'redis_eventloop_cycles_total', 'c', 1, 'Event loop cycles (INFO eventloop_cycles).'],
  ['eventloop_duration_sum', 'redis_eventloop_duration_sum_usec_total', 'c', 1, 'Microseconds spent in the event loop (INFO eventloop_duration_sum).', COMPAT],
  ['eventloop_duration_sum', 'redis_eventloop_duration_seconds_total', 'c', 3, 'Time spent in the event loop (INFO eventloop_duration_sum).', USEC],
  ['eventloop_duration_cmd_sum', 'redis_eventloop_duration_cmd_sum_usec_total', 'c', 1, 'Microseconds spent running commands (INFO eventloop_duration_cmd_sum).', COMPAT],
  ['eventloop_duration_cmd_sum', 'redis_eventloop_duration_cmd_seconds_total', 'c', 3, 'Time the event loop spent running commands (INFO eventloop_duration_cmd_sum).', USEC],
  ['instantaneous_eventloop_cycles_per_sec', 'redis_instantaneous_eventloop_cycles_per_sec', 'g', 1, 'Event loop cycles per second (INFO instantaneous_eventloop_cycles_per_sec).'],
  ['instantaneous_eventloop_duration_usec', 'redis_instantaneous_eventloop_duration_usec', 'g', 1, 'Mean event loop cycle duration in µs (INFO instantaneous_eventloop_duration_usec).', COMPAT],
  ['acl_access_denied_auth', 'redis_acl_access_denied_auth_total', 'c', 1, 'Failed authentications (INFO acl_access_denied_auth).'],
  ['acl_access_denied_cmd', 'redis_acl_access_denied_cmd_total', 'c', 1, 'Commands denied by ACL (INFO acl_access_denied_cmd).'],
  ['acl_access_denied_key', 'redis_acl_access_denied_key_total', 'c', 1, 'Key accesses denied by ACL (INFO acl_access_denied_key).'],
  ['acl_access_denied_channel', 'redis_acl_access_denied_channel_total', 'c', 1, 'Channel accesses denied by ACL (INFO acl_access_denied_channel).'],
  // Replication (master side; replica-side fields carry master labels, see collectors/replication.ts)
  ['connected_slaves', 'redis_connected_slaves', 'g', 1, 'Replicas connected to this master (INFO connected_slaves).'],
  ['slave_priority', 'redis_slave_priority', 'g', 1, 'Replica priority for failover (INFO slave_priority).'],
  ['master_repl_offset', 'redis_master_repl_offset', 'g', 1, 'Replication offset of this server (INFO master_repl_offset).'],
  ['second_repl_offset', 'redis_second_repl_offset', 'g', 1, 'Offset up to which the previous replication ID is accepted (INFO second_repl_offset).'],
  ['repl_backlog_active', 'redis_repl_backlog_is_active', 'g', 1, 'Whether the replication backlog is active (INFO repl_backlog_active).'],
  ['repl_backlog_size', 'redis_replication_backlog_bytes', 'g', 1, 'Replication backlog size (INFO repl_backlog_size).'],
  ['repl_backlog_first_byte_offset', 'redis_repl_backlog_first_byte_offset', 'g', 1, 'First offset held in the backlog (INFO repl_backlog_first_byte_offset).'],
  ['repl_backlog_histlen', 'redis_repl_backlog_history_bytes', 'g', 1, 'Bytes of history in the backlog (INFO repl_backlog_histlen).'],
  ['min_slaves_good_slaves', 'redis_min_slaves_good_slaves', 'g', 3, 'Replicas counted as good for min-replicas-to-write (INFO min_slaves_good_slaves).'],
  // CPU
  ['used_cpu_sys', 'redis_cpu_sys_seconds_total', 'c', 1, 'System CPU of the Redis server (INFO used_cpu_sys).'],
  ['used_cpu_user', 'redis_cpu_user_seconds_total', 'c', 1, 'User CPU of the Redis server (INFO used_cpu_user).'],
  ['used_cpu_sys_children', 'redis_cpu_sys_children_seconds_total', 'c', 1, 'System CPU of fork children, e.g. BGSAVE (INFO used_cpu_sys_children).'],
  ['used_cpu_user_children', 'redis_cpu_user_children_seconds_total', 'c', 1, 'User CPU of fork children, e.g. BGSAVE (INFO used_cpu_user_children).'],
  ['used_cpu_sys_main_thread', 'redis_cpu_sys_main_thread_seconds_total', 'c', 1, 'System CPU of the main thread (INFO used_cpu_sys_main_thread).'],
  ['used_cpu_user_main_thread', 'redis_cpu_user_main_thread_seconds_total', 'c', 1, 'User CPU of the main thread (INFO used_cpu_user_main_thread).'],
  // Cluster
  ['cluster_enabled', 'redis_cluster_enabled', 'g', 1, 'Whether cluster mode is on (INFO cluster_enabled).'],
];

export const FIELD_METRICS: readonly FieldMetric[] = rows.map(([field, name, t, layer, help, opts]) => ({
  field,
  name,
  type: t === 'c' ? 'counter' : 'gauge',
  layer,
  help,
  ...(opts?.scale !== undefined ? { scale: opts.scale } : {}),
  ...(opts?.compat ? { compat: true } : {}),
}));

/** Field → its metrics, for the collector's single pass over INFO. */
export const METRICS_BY_FIELD: ReadonlyMap<string, readonly FieldMetric[]> = (() => {
  const map = new Map<string, FieldMetric[]>();
  for (const m of FIELD_METRICS) {
    const list = map.get(m.field);
    if (list) list.push(m);
    else map.set(m.field, [m]);
  }
  return map;
})();
