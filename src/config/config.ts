import { ConfigError } from '../errors.js';
import { FIXED_ROUTES, TELEMETRY_PATH } from './routes.js';
import { parseThresholds, type Thresholds } from './thresholds.js';
import { loadWebConfig } from './web-config.js';
import { parseDisabledChecks } from './doctor-disable.js';
import { parseRedisAddress, parseListenAddress, type ListenAddress } from './address.js';
import { parseAllowList, type AllowList } from './allow-list.js';
import { loadBigKeysConfig, type BigKeysConfig } from './bigkeys.js';
import { compatWarnings, connectTimeoutOf, loadWebTlsFlags, logFormatOf, parseNamespace, type WebTlsFlags } from './compat.js';
import { loadKeyChecksConfig, type KeyChecksConfig } from './key-checks.js';
import { readConfigFile, type ConfigFile } from './file.js';
import { FLAGS, FLAG_BY_NAME, type FlagSpec } from './flags.js';
import { resolveHostConfig, type HostConfig } from './host.js';
import { parseShard, shardOf } from './shard.js';
import { checkTlsFiles, parseTargets, passwordOf, type TargetConfig, type TlsOptions } from './targets.js';
import { pollIntervalOf } from './poll-interval.js';
import { boolOf, durationOf, enumOf, intOf, nonNegativeDurationOf } from './values.js';

export type { TargetConfig, TlsOptions } from './targets.js';
export type LogFormat = 'json' | 'txt';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The one validated, frozen configuration every part of the process reads. */
export interface Config {
  /** At least one. From the flags (single-target mode) or the config file's `targets:` list. */
  readonly targets: readonly TargetConfig[];
  /** True when targets come from a file: series then carry a `target` label. */
  readonly multiTarget: boolean;
  readonly redis: {
    /** null: CONFIG is skipped (`--config-command -`). */
    readonly configCommand: string | null;
    readonly connectTimeoutMs: number;
    /** --include-config-metrics: CONFIG GET * and every (non-secret) setting as a series. */
    readonly includeConfigMetrics: boolean;
    /** --export-client-list / --export-client-port: CLIENT LIST each poll. */
    readonly clientList: { readonly enabled: boolean; readonly port: boolean };
  };
  readonly web: { readonly listen: ListenAddress; readonly telemetryPath: string; readonly configFile: string; readonly tlsFlags: WebTlsFlags | undefined };
  /** Metric-name prefix in place of "redis" (--namespace); redis_vitals_* self-metrics keep theirs. */
  readonly namespace: string;
  /** --check-keys, --check-single-keys, --count-keys. */
  readonly keyChecks: KeyChecksConfig;
  /** One line each, logged at startup: redis_exporter flags accepted but not applied, and the like. */
  readonly warnings: readonly string[];
  readonly log: { readonly format: LogFormat; readonly level: LogLevel };
  readonly poll: {
    /** --poll.interval; under auto, the interval used until the scrape interval is known (5 s). */
    readonly intervalMs: number;
    /** --poll.interval=auto: polls follow the scrapes of /metrics (poll/schedule.ts). */
    readonly auto: boolean;
    readonly timeoutMs: number;
    readonly configIntervalMs: number;
    readonly concurrency: number;
  };
  /** Ad-hoc /scrape: who may be polled, and its own budget (never the configured targets'). */
  readonly scrape: { readonly allow: AllowList; readonly concurrency: number; readonly queue: number };
  /** Discovery: at most maxNodes per seed, only at addresses `allow` admits (empty: any). */
  readonly cluster: { readonly discover: boolean; readonly maxNodes: number; readonly allow: AllowList };
  /** This replica's share of the targets list: targets whose name hashes to `index` mod `count`. */
  readonly shard: { readonly index: number; readonly count: number };
  readonly compatRedisExporter: boolean;
  readonly host: HostConfig;
  /** `disable`: check ids turned off for every target (a target may add its own with doctor-disable). */
  readonly doctor: { readonly thresholds: Thresholds; readonly disable: readonly string[] };
  /** check/doctor commands: output format and the gap between their two polls. */
  /** failOn: the least severe status that makes `check` exit non-zero (UNKNOWN always does). */
  readonly check: { readonly format: 'text' | 'json'; readonly windowMs: number; readonly failOn: 'warning' | 'critical' };
  readonly bigkeys: BigKeysConfig;
}

/** Flags that only make sense without a `targets:` list. */
const SINGLE_TARGET_FLAGS = ['redis.addr', 'redis.user', 'redis.password', 'redis.password-file'];

export type Env = Readonly<Record<string, string | undefined>>;

/** Resolves flags > env > config file > defaults, validates everything, and freezes the result. */
export function loadConfig(flags: ReadonlyMap<string, string>, env: Env): Config {
  const filePath = flags.get('config.file') ?? env.REDIS_VITALS_CONFIG_FILE ?? '';
  const file: ConfigFile | undefined = filePath ? readConfigFile(filePath) : undefined;
  // An empty env var counts as unset: `REDIS_EXPORTER_DEBUG=` in an EnvironmentFile or compose
  // file means "not set" there, and redis_exporter 1.45 falls back to the default for it too.
  const fromEnv = (name: string): string | undefined => {
    const value = env[(FLAG_BY_NAME.get(name) as FlagSpec).env];
    return value === '' ? undefined : value;
  };
  const raw = (name: string): string => {
    const spec = FLAG_BY_NAME.get(name);
    if (!spec) throw new Error(`no flag ${name}`);
    return flags.get(name) ?? fromEnv(name) ?? file?.values.get(name) ?? spec.def;
  };
  const spec = (name: string): FlagSpec => FLAG_BY_NAME.get(name) as FlagSpec;
  const explicit = (name: string): boolean => flags.has(name) || fromEnv(name) !== undefined || file?.values.has(name) === true;
  const warnings: string[] = compatWarnings(raw, explicit);
  const warn = (line: string) => warnings.push(line);

  const path = raw('web.telemetry-path');
  if (!TELEMETRY_PATH.test(path)) throw new ConfigError(`--web.telemetry-path: "${path}" must start with / and use only letters, digits and . _ ~ - /`);
  if (FIXED_ROUTES.includes(path)) throw new ConfigError(`--web.telemetry-path: "${path}" is already a route of redis-vitals (${FIXED_ROUTES.join(', ')})`);
  const webConfigFile = raw('web.config.file');
  // Checked here, so a bad file is a config error (exit 2, 3 for check/doctor) before anything starts.
  if (webConfigFile !== '') loadWebConfig(webConfigFile);
  const configCommand = raw('config-command').trim();
  if (configCommand === '') throw new ConfigError('--config-command: must be a command name, or "-" to skip CONFIG');
  const { auto: autoInterval, intervalMs } = pollIntervalOf(spec('poll.interval'), raw('poll.interval'));
  const timeoutMs = durationOf(spec('poll.timeout'), raw('poll.timeout'));
  const tls: TlsOptions = {
    caFile: raw('tls-ca-cert-file'),
    certFile: raw('tls-client-cert-file'),
    keyFile: raw('tls-client-key-file'),
    serverName: raw('tls-server-name'),
    skipVerify: boolOf(spec('skip-tls-verification'), raw('skip-tls-verification')),
  };
  if ((tls.certFile === '') !== (tls.keyFile === '')) throw new ConfigError('--tls-client-cert-file and --tls-client-key-file go together');
  // --is-cluster is redis_exporter's switch for the same thing: every node of the cluster is polled.
  const discover = boolOf(spec('cluster.discover'), raw('cluster.discover')) || boolOf(spec('is-cluster'), raw('is-cluster'));
  // Discovered cluster nodes are several targets too, so their series need the target label.
  const multiTarget = file?.targets !== undefined || discover;
  if (file?.targets !== undefined) {
    // These describe the one target of single-target mode; beside a list they would be ignored.
    const given = SINGLE_TARGET_FLAGS.filter((n) => flags.has(n) || fromEnv(n) !== undefined || file.values.has(n));
    if (given.length > 0) throw new ConfigError(`--${given[0]} is for a single target and is ignored when ${file.path} lists targets: give each entry of "targets" its own addr/user/password instead`);
  }
  const listed = file?.targets !== undefined ? parseTargets(file.targets, file.path, { tls }, warn) : [flagTarget(raw, tls, warn)];
  const shard = parseShard(raw('shard.index'), intOf(spec('shard.count'), raw('shard.count'), 1, 1024));
  const targets = listed.filter((t) => shardOf(t.name, shard.count) === shard.index);
  for (const t of targets) checkTlsFiles(t);

  const config: Config = {
    targets,
    multiTarget,
    redis: {
      configCommand: configCommand === '-' ? null : configCommand,
      connectTimeoutMs: connectTimeoutOf(spec('connection-timeout'), raw('connection-timeout'), timeoutMs),
      includeConfigMetrics: boolOf(spec('include-config-metrics'), raw('include-config-metrics')),
      clientList: { enabled: boolOf(spec('export-client-list'), raw('export-client-list')), port: boolOf(spec('export-client-port'), raw('export-client-port')) },
    },
    web: { listen: parseListenAddress(raw('web.listen-address')), telemetryPath: path, configFile: webConfigFile, tlsFlags: loadWebTlsFlags(raw, spec, warn) },
    namespace: parseNamespace(raw('namespace')),
    keyChecks: loadKeyChecksConfig(raw, spec),
    warnings,
    log: {
      format: logFormatOf(raw('log-format'), warn),
      // --debug is redis_exporter's spelling of --log-level debug.
      level: boolOf(spec('debug'), raw('debug')) ? 'debug' : enumOf<LogLevel>(spec('log-level'), raw('log-level')),
    },
    poll: {
      intervalMs,
      auto: autoInterval,
      timeoutMs,
      configIntervalMs: durationOf(spec('poll.config-interval'), raw('poll.config-interval')),
      concurrency: intOf(spec('poll.concurrency'), raw('poll.concurrency'), 1, 1024),
    },
    scrape: {
      allow: parseAllowList(raw('scrape.allow-addresses')),
      concurrency: intOf(spec('scrape.concurrency'), raw('scrape.concurrency'), 1, 256),
      queue: intOf(spec('scrape.queue'), raw('scrape.queue'), 0, 4096),
    },
    cluster: {
      discover,
      maxNodes: intOf(spec('cluster.max-nodes'), raw('cluster.max-nodes'), 1, 4096),
      allow: parseAllowList(raw('cluster.allow-addresses'), 'cluster.allow-addresses'),
    },
    shard,
    compatRedisExporter: boolOf(spec('compat.redis-exporter'), raw('compat.redis-exporter')),
    host: resolveHostConfig(raw),
    doctor: { thresholds: parseThresholds(raw('doctor.thresholds')), disable: parseDisabledChecks(raw('doctor.disable'), '--doctor.disable') },
    check: {
      format: enumOf<'text' | 'json'>(spec('format'), raw('format')),
      windowMs: nonNegativeDurationOf(spec('check.window'), raw('check.window')),
      failOn: enumOf<'warning' | 'critical'>(spec('fail-on'), raw('fail-on')),
    },
    bigkeys: loadBigKeysConfig(raw, spec, multiTarget),
  };
  return deepFreeze(config);
}

/** The single target named by --redis.addr and its credential flags. */
function flagTarget(raw: (name: string) => string, tls: TlsOptions, warn: (line: string) => void): TargetConfig {
  const address = parseRedisAddress(raw('redis.addr'));
  const secret = passwordOf(raw('redis.password'), { path: raw('redis.password-file'), raw: raw('redis.addr'), display: address.display }, address.password, '--redis.password-file', warn);
  const replica = raw('bigkeys.replica-addr').trim();
  const bigkeysReplica = replica === '' ? {} : { bigkeysReplica: parseRedisAddress(replica, 'bigkeys.replica-addr') };
  const logFile = raw('redis.log-file').trim();
  return { name: address.display, address, user: raw('redis.user') || address.user, ...secret, tls, labels: {}, ...bigkeysReplica, ...(logFile ? { logFile } : {}) };
}

function deepFreeze<T>(obj: T): T {
  if (obj && typeof obj === 'object' && !Object.isFrozen(obj)) {
    for (const v of Object.values(obj)) deepFreeze(v);
    Object.freeze(obj);
  }
  return obj;
}

/** `--help` text: every flag with its env var and default. */
export function helpText(): string {
  const lines = FLAGS.map((f) => {
    const def = f.kind === 'secret' ? '' : f.def === '' ? '' : ` (default ${f.def})${f.range ? ` (from ${f.range[0]} to ${f.range[1]})` : ''}`;
    return `  --${f.name}\n      ${f.help}${def}\n      env: ${f.env}`;
  });
  return lines.join('\n');
}

/** Every secret in the config, for the log scrubber. */
export function secretsOf(config: Config): string[] {
  const replicas = config.targets.map((t) => t.bigkeysReplica?.password ?? '');
  return [...config.targets.map((t) => t.password), ...replicas].filter((p) => p !== '');
}
