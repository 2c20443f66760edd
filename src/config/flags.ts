/**
 * Every flag redis-vitals accepts: name (as on the command line), env var, default, kind, help.
 * Names and env vars of the redis_exporter flags are kept so existing deployments carry over.
 */
export type FlagKind = 'string' | 'duration' | 'bool' | 'secret' | 'enum';

export interface FlagSpec {
  readonly name: string;
  readonly env: string;
  readonly kind: FlagKind;
  readonly def: string;
  readonly help: string;
  readonly choices?: readonly string[];
  /**
   * A redis_exporter 1.45 flag whose feature redis-vitals does not have: set (flag, env or file) to
   * anything but one of `quietValues` (default: its default), it logs this one warning line.
   */
  readonly notApplied?: string;
  readonly quietValues?: readonly string[];
  /** Durations: least and greatest value accepted (docs/limits.md); all below Node's 2^31 ms timer limit. */
  readonly range?: readonly [min: string, max: string];
}

// One row per flag, kept as a table (docs/flags.md and --help are generated from it).
// prettier-ignore
export const FLAGS: readonly FlagSpec[] = [
  { name: 'redis.addr', env: 'REDIS_ADDR', kind: 'string', def: 'redis://localhost:6379', help: 'Redis to watch: redis://, rediss://, unix:///path or host:port.' },
  { name: 'redis.user', env: 'REDIS_USER', kind: 'string', def: '', help: 'ACL user name (Redis 6+).' },
  { name: 'redis.password', env: 'REDIS_PASSWORD', kind: 'secret', def: '', help: 'Password; prefer --redis.password-file or the env var so it stays out of `ps`.' },
  { name: 'redis.log-file', env: 'REDIS_VITALS_REDIS_LOG_FILE', kind: 'string', def: '', help: 'Redis log file to follow for the doctor (default: CONFIG GET logfile when the target is local; a targets file uses log-file per target).' },
  { name: 'redis.password-file', env: 'REDIS_PASSWORD_FILE', kind: 'string', def: '', help: 'Either a file whose first line, exactly as written, is the password, or (redis_exporter\'s form) a JSON object mapping Redis URIs to passwords; told apart by content. Re-read at every reconnect.' },
  { name: 'tls-ca-cert-file', env: 'REDIS_EXPORTER_TLS_CA_CERT_FILE', kind: 'string', def: '', help: 'CA certificate that signed the Redis server certificate (rediss://).' },
  { name: 'tls-client-cert-file', env: 'REDIS_EXPORTER_TLS_CLIENT_CERT_FILE', kind: 'string', def: '', help: 'Client certificate, when Redis requires TLS client authentication.' },
  { name: 'tls-client-key-file', env: 'REDIS_EXPORTER_TLS_CLIENT_KEY_FILE', kind: 'string', def: '', help: 'Client private key for --tls-client-cert-file.' },
  { name: 'tls-server-name', env: 'REDIS_VITALS_TLS_SERVER_NAME', kind: 'string', def: '', help: 'Name expected in the Redis server certificate (default: the host of --redis.addr).' },
  { name: 'skip-tls-verification', env: 'REDIS_EXPORTER_SKIP_TLS_VERIFICATION', kind: 'bool', def: 'false', help: 'Do not verify the Redis server certificate (insecure; logged as a warning).' },
  { name: 'web.listen-address', env: 'REDIS_EXPORTER_WEB_LISTEN_ADDRESS', kind: 'string', def: ':9121', help: 'Address to listen on, [host]:port.' },
  { name: 'web.telemetry-path', env: 'REDIS_EXPORTER_WEB_TELEMETRY_PATH', kind: 'string', def: '/metrics', help: 'Path of the metrics endpoint.' },
  { name: 'web.config.file', env: 'REDIS_VITALS_WEB_CONFIG_FILE', kind: 'string', def: '', help: 'Web config (Prometheus exporter-toolkit format): TLS and basic auth for this exporter\'s HTTP.' },
  { name: 'log-format', env: 'REDIS_EXPORTER_LOG_FORMAT', kind: 'enum', def: 'txt', choices: ['txt', 'json'], help: 'Log format: txt (logfmt, readable in a terminal) or json (one object a line); levels are words either way.' },
  { name: 'log-level', env: 'REDIS_EXPORTER_LOG_LEVEL', kind: 'enum', def: 'info', choices: ['debug', 'info', 'warn', 'error'], help: 'Least severe level logged.' },
  { name: 'config-command', env: 'REDIS_EXPORTER_CONFIG_COMMAND', kind: 'string', def: 'CONFIG', help: 'Name of the CONFIG command (if renamed); "-" skips CONFIG entirely.' },
  { name: 'connection-timeout', env: 'REDIS_EXPORTER_CONNECTION_TIMEOUT', kind: 'duration', def: '15s', range: ['10ms', '24h'], help: 'Timeout for connecting to Redis (capped by --poll.timeout).' },
  { name: 'poll.interval', env: 'REDIS_VITALS_POLL_INTERVAL', kind: 'duration', def: 'auto', range: ['100ms', '1h'], help: 'How often Redis and the host are polled: a duration, or auto (once per scrape of /metrics, finishing just before the next scrape is due; every 5s until two scrapes have come and whenever none has for 3 intervals; learned interval kept within 1s to 60s).' },
  { name: 'poll.timeout', env: 'REDIS_VITALS_POLL_TIMEOUT', kind: 'duration', def: '4s', range: ['10ms', '10m'], help: 'Deadline of one poll, INFO and every extra command together; a poll past it fails and its series are dropped. Host readings get a quarter more when Redis used it all.' },
  { name: 'poll.config-interval', env: 'REDIS_VITALS_POLL_CONFIG_INTERVAL', kind: 'duration', def: '60s', range: ['100ms', '24h'], help: 'How often CONFIG GET is refreshed.' },
  { name: 'poll.concurrency', env: 'REDIS_VITALS_POLL_CONCURRENCY', kind: 'string', def: '16', help: 'At most this many targets are polled at once.' },
  { name: 'scrape.allow-addresses', env: 'REDIS_VITALS_SCRAPE_ALLOW_ADDRESSES', kind: 'string', def: '', help: 'Comma-separated CIDRs/hosts that /scrape?target=ADDR may poll ad hoc, without credentials (default: none).' },
  { name: 'scrape.concurrency', env: 'REDIS_VITALS_SCRAPE_CONCURRENCY', kind: 'string', def: '4', help: 'At most this many ad-hoc /scrape polls run at once, apart from the configured targets\' polls (1-256).' },
  { name: 'scrape.queue', env: 'REDIS_VITALS_SCRAPE_QUEUE', kind: 'string', def: '32', help: 'At most this many ad-hoc /scrape polls wait for a slot; more get 503 (0-4096).' },
  { name: 'shard.count', env: 'REDIS_VITALS_SHARD_COUNT', kind: 'string', def: '1', help: 'Split the targets list over this many exporter replicas (hash of the target name).' },
  { name: 'shard.index', env: 'REDIS_VITALS_SHARD_INDEX', kind: 'string', def: '0', help: 'This replica\'s shard, 0-based; a StatefulSet pod name such as redis-vitals-2 works too.' },
  { name: 'cluster.discover', env: 'REDIS_VITALS_CLUSTER_DISCOVER', kind: 'bool', def: 'false', help: 'Read CLUSTER NODES from each target and poll every node of its cluster.' },
  { name: 'cluster.max-nodes', env: 'REDIS_VITALS_CLUSTER_MAX_NODES', kind: 'string', def: '128', help: 'Most nodes polled per seed with --cluster.discover; nodes listed beyond it are skipped, with a warning (1-4096).' },
  { name: 'cluster.allow-addresses', env: 'REDIS_VITALS_CLUSTER_ALLOW_ADDRESSES', kind: 'string', def: '', help: 'Comma-separated CIDRs/hosts that discovered cluster nodes must be in to be polled (they get the seed\'s credentials); default: any.' },
  { name: 'compat.redis-exporter', env: 'REDIS_VITALS_COMPAT_REDIS_EXPORTER', kind: 'bool', def: 'true', help: 'Also serve redis_exporter\'s convention-breaking names (false: only the clean set).' },
  { name: 'host.collect', env: 'REDIS_VITALS_HOST_COLLECT', kind: 'enum', def: 'auto', choices: ['auto', 'on', 'off'], help: 'Host metrics (memory, THP, overcommit, data-dir disk, persistence files): auto = on for loopback and unix-socket targets only.' },
  { name: 'host.data-dir', env: 'REDIS_VITALS_HOST_DATA_DIR', kind: 'string', def: '', help: 'Redis data directory as Redis sees it, if CONFIG GET dir is unavailable or wrong (resolved under --path.rootfs).' },
  { name: 'path.procfs', env: 'REDIS_VITALS_PATH_PROCFS', kind: 'string', def: '/proc', help: 'Mount point of the host\'s procfs (e.g. /host/proc in a container).' },
  { name: 'path.sysfs', env: 'REDIS_VITALS_PATH_SYSFS', kind: 'string', def: '/sys', help: 'Mount point of the host\'s sysfs (e.g. /host/sys in a container).' },
  { name: 'path.rootfs', env: 'REDIS_VITALS_PATH_ROOTFS', kind: 'string', def: '/', help: 'Where the host\'s root filesystem is mounted; the data directory is resolved under it.' },
  { name: 'doctor.thresholds', env: 'REDIS_VITALS_DOCTOR_THRESHOLDS', kind: 'string', def: '', help: 'Override doctor thresholds: name=value,… (see docs/doctor.md).' },
  { name: 'doctor.disable', env: 'REDIS_VITALS_DOCTOR_DISABLE', kind: 'string', def: '', help: 'Doctor checks to turn off, by id: a,b,… (a target in --config.file may add its own with doctor-disable). A disabled check has no finding and no series.' },
  { name: 'format', env: 'REDIS_VITALS_FORMAT', kind: 'enum', def: 'text', choices: ['text', 'json'], help: 'Output of the check and doctor commands.' },
  { name: 'check.window', env: 'REDIS_VITALS_CHECK_WINDOW', kind: 'duration', def: '1s', range: ['0s', '10m'], help: 'check/doctor poll twice this far apart, so "grew since the last poll" rules can be judged; 0s polls once (a fast probe; those rules are then not judged).' },
  { name: 'fail-on', env: 'REDIS_VITALS_FAIL_ON', kind: 'enum', def: 'warning', choices: ['warning', 'critical'], help: 'check/doctor: the least severe status that exits non-zero (critical: a WARNING exits 0; UNKNOWN always exits 3).' },
  { name: 'bigkeys.enabled', env: 'REDIS_VITALS_BIGKEYS_ENABLED', kind: 'bool', def: 'false', help: 'Run the budgeted big-key scan (SCAN + TYPE + MEMORY USAGE) in the background; see docs/bigkeys.md.' },
  { name: 'bigkeys.interval', env: 'REDIS_VITALS_BIGKEYS_INTERVAL', kind: 'duration', def: '5m', range: ['1s', '168h'], help: 'A new full pass over the keyspace starts at most this often.' },
  { name: 'bigkeys.cycle-interval', env: 'REDIS_VITALS_BIGKEYS_CYCLE_INTERVAL', kind: 'duration', def: '1s', range: ['10ms', '1h'], help: 'Pause between the budgeted cycles of a pass.' },
  { name: 'bigkeys.cycle-keys', env: 'REDIS_VITALS_BIGKEYS_CYCLE_KEYS', kind: 'string', def: '1000', help: 'Most keys examined in one cycle (1-100000).' },
  { name: 'bigkeys.cycle-time', env: 'REDIS_VITALS_BIGKEYS_CYCLE_TIME', kind: 'duration', def: '50ms', range: ['1ms', '10s'], help: 'A cycle starts no new batch once it has spent this long waiting on Redis.' },
  { name: 'bigkeys.scan-count', env: 'REDIS_VITALS_BIGKEYS_SCAN_COUNT', kind: 'string', def: '100', help: 'SCAN COUNT hint and batch size, keys per pipeline (1-10000).' },
  { name: 'bigkeys.samples', env: 'REDIS_VITALS_BIGKEYS_SAMPLES', kind: 'string', def: '5', help: 'MEMORY USAGE … SAMPLES n, nested elements sampled per key (1-10000; 0, "all", is refused: it walks whole keys).' },
  { name: 'bigkeys.top', env: 'REDIS_VITALS_BIGKEYS_TOP', kind: 'string', def: '10', help: 'How many of the largest keys are exported (1-1000; bounds the series count).' },
  { name: 'bigkeys.redact-names', env: 'REDIS_VITALS_BIGKEYS_REDACT_NAMES', kind: 'bool', def: 'false', help: 'Export "sha256:" + 16 hex digits of each key name instead of the name.' },
  { name: 'bigkeys.replica-addr', env: 'REDIS_VITALS_BIGKEYS_REPLICA_ADDR', kind: 'string', def: '', help: 'Scan this replica of --redis.addr instead (single-target mode; in a targets file use bigkeys-replica per target).' },
  // redis_exporter 1.45 features redis-vitals implements (docs/migrate-from-redis_exporter.md).
  { name: 'namespace', env: 'REDIS_EXPORTER_NAMESPACE', kind: 'string', def: 'redis', help: 'Prefix of the Redis metric names instead of "redis" (redis_vitals_* self-metrics keep theirs).' },
  { name: 'is-cluster', env: 'REDIS_EXPORTER_IS_CLUSTER', kind: 'bool', def: 'false', help: 'redis_exporter\'s name for --cluster.discover: poll every node of the cluster (key checks then run on the node that holds each key).' },
  { name: 'check-keys', env: 'REDIS_EXPORTER_CHECK_KEYS', kind: 'string', def: '', help: 'Key patterns ([dbN=]pattern,…) whose keys get redis_key_size / redis_key_value, found with SCAN by a background job.' },
  { name: 'check-single-keys', env: 'REDIS_EXPORTER_CHECK_SINGLE_KEYS', kind: 'string', def: '', help: 'Single keys ([dbN=]key,…) that get redis_key_size / redis_key_value, read by a background job.' },
  { name: 'count-keys', env: 'REDIS_EXPORTER_COUNT_KEYS', kind: 'string', def: '', help: 'Patterns ([dbN=]pattern,…) whose matching keys are counted into redis_keys_count by a background job.' },
  { name: 'check-streams', env: 'REDIS_EXPORTER_CHECK_STREAMS', kind: 'string', def: '', help: 'Stream patterns ([dbN=]pattern,…) whose streams, consumer groups and consumers get redis_stream_*, read by the key-check job.' },
  { name: 'check-single-streams', env: 'REDIS_EXPORTER_CHECK_SINGLE_STREAMS', kind: 'string', def: '', help: 'Single streams ([dbN=]key,…) that get redis_stream_*, read by the key-check job.' },
  { name: 'check-keys-batch-size', env: 'REDIS_EXPORTER_CHECK_KEYS_BATCH_SIZE', kind: 'string', def: '1000', help: 'SCAN COUNT of the key-check job (1-100000).' },
  { name: 'check-keys.interval', env: 'REDIS_VITALS_CHECK_KEYS_INTERVAL', kind: 'duration', def: '15s', range: ['1s', '24h'], help: 'A new key-check pass (--check-keys, --check-single-keys, --count-keys, --check-streams) starts at most this often.' },
  { name: 'check-keys.max-keys', env: 'REDIS_VITALS_CHECK_KEYS_MAX_KEYS', kind: 'string', def: '10000', help: 'Most keys one key-check pass reads per pattern list (bounds series and Redis work; 1-1000000).' },
  { name: 'export-client-list', env: 'REDIS_EXPORTER_EXPORT_CLIENT_LIST', kind: 'bool', def: 'false', help: 'Read CLIENT LIST each poll and serve redis_connected_clients_details (one series per client).' },
  { name: 'export-client-port', env: 'REDIS_EXPORTER_EXPORT_CLIENT_PORT', kind: 'bool', def: 'false', help: 'Add the client\'s port to redis_connected_clients_details (many more series).' },
  { name: 'include-config-metrics', env: 'REDIS_EXPORTER_INCL_CONFIG_METRICS', kind: 'bool', def: 'false', help: 'Read CONFIG GET * and serve every setting as redis_config_key_value{key,value} (and redis_config_value{key} when numeric); passwords are never served.' },
  { name: 'redact-config-metrics', env: 'REDIS_EXPORTER_REDACT_CONFIG_METRICS', kind: 'bool', def: 'true', help: 'Accepted for redis_exporter; config secrets are always redacted here.', notApplied: 'config secrets (requirepass, masterauth, TLS key passphrases) are always redacted here; redis_config_key_value never carries them' },
  { name: 'debug', env: 'REDIS_EXPORTER_DEBUG', kind: 'bool', def: 'false', help: 'redis_exporter\'s switch for --log-level debug.' },
  { name: 'tls-server-cert-file', env: 'REDIS_EXPORTER_TLS_SERVER_CERT_FILE', kind: 'string', def: '', help: 'Serve this exporter\'s HTTP over TLS with this certificate (or use --web.config.file).' },
  { name: 'tls-server-key-file', env: 'REDIS_EXPORTER_TLS_SERVER_KEY_FILE', kind: 'string', def: '', help: 'Private key for --tls-server-cert-file.' },
  { name: 'tls-server-ca-cert-file', env: 'REDIS_EXPORTER_TLS_SERVER_CA_CERT_FILE', kind: 'string', def: '', help: 'Require scrapers to present a client certificate signed by this CA.' },
  { name: 'tls-server-min-version', env: 'REDIS_EXPORTER_TLS_SERVER_MIN_VERSION', kind: 'enum', def: 'TLS1.2', choices: ['TLS1.0', 'TLS1.1', 'TLS1.2', 'TLS1.3'], help: 'Oldest TLS version the exporter\'s HTTPS accepts.' },
  // redis_exporter 1.45 features that do not apply here: accepted, and one warning line each.
  { name: 'check-key-groups', env: 'REDIS_EXPORTER_CHECK_KEY_GROUPS', kind: 'string', def: '', help: 'Accepted for redis_exporter; not applied.', notApplied: 'key groups (redis_key_group_*, a Lua script over every key on each scrape) are not served; --bigkeys.enabled reports the largest keys with a budgeted scan' },
  { name: 'max-distinct-key-groups', env: 'REDIS_EXPORTER_MAX_DISTINCT_KEY_GROUPS', kind: 'string', def: '100', help: 'Accepted for redis_exporter; not applied.', notApplied: 'key groups are not served (see --check-key-groups)' },
  { name: 'script', env: 'REDIS_EXPORTER_SCRIPT', kind: 'string', def: '', help: 'Accepted for redis_exporter; not applied.', notApplied: 'Lua scripts (redis_script_values) are not run: a script of unknown cost on every poll is outside the poll budget' },
  { name: 'is-tile38', env: 'REDIS_EXPORTER_IS_TILE38', kind: 'bool', def: 'false', help: 'Accepted for redis_exporter; not applied.', notApplied: 'Tile38 metrics are not served (redis-vitals watches Redis persistence and memory)' },
  { name: 'ping-on-connect', env: 'REDIS_EXPORTER_PING_ON_CONNECT', kind: 'bool', def: 'false', help: 'Accepted for redis_exporter; not applied.', notApplied: 'redis_exporter_last_scrape_ping_time_seconds is not served: the connection stays open between polls, and redis_vitals_poll_duration_seconds times each poll' },
  { name: 'set-client-name', env: 'REDIS_EXPORTER_SET_CLIENT_NAME', kind: 'bool', def: 'true', help: 'Accepted for redis_exporter; the connection is always named redis-vitals.', notApplied: 'the connection is always named redis-vitals (CLIENT SETNAME)' },
  { name: 'redis-only-metrics', env: 'REDIS_EXPORTER_REDIS_ONLY_METRICS', kind: 'bool', def: 'false', help: 'Accepted for redis_exporter; not applied.', notApplied: 'there are no go_* metrics here; the exporter\'s own process_* and nodejs_* metrics are still served' },
  { name: 'include-system-metrics', env: 'REDIS_EXPORTER_INCL_SYSTEM_METRICS', kind: 'bool', def: 'false', quietValues: ['true'], help: 'Accepted for redis_exporter; redis_total_system_memory_bytes is always served.', notApplied: 'redis_total_system_memory_bytes is always served' },
  { name: 'config.file', env: 'REDIS_VITALS_CONFIG_FILE', kind: 'string', def: '', help: 'YAML file with the same keys as these flags (flags and env win).' },
];

export const FLAG_BY_NAME: ReadonlyMap<string, FlagSpec> = new Map(FLAGS.map((f) => [f.name, f]));
