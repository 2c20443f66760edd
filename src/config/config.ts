import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.js';
import { parseRedisAddress, parseListenAddress, type ListenAddress, type RedisAddress } from './address.js';
import { parseDuration } from './duration.js';
import { FLAGS, FLAG_BY_NAME, type FlagSpec } from './flags.js';
import { resolveHostConfig, type HostConfig } from './host.js';

export type LogFormat = 'json' | 'txt';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The one validated, frozen configuration every part of the process reads. */
export interface Config {
  readonly redis: {
    readonly address: RedisAddress;
    readonly user: string;
    readonly password: string;
    /** null: CONFIG is skipped (`--config-command -`). */
    readonly configCommand: string | null;
    readonly connectTimeoutMs: number;
  };
  readonly web: { readonly listen: ListenAddress; readonly telemetryPath: string };
  readonly log: { readonly format: LogFormat; readonly level: LogLevel };
  readonly poll: { readonly intervalMs: number; readonly timeoutMs: number; readonly configIntervalMs: number };
  readonly compatRedisExporter: boolean;
  readonly host: HostConfig;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Flattens `{redis: {addr: x}}` to `redis.addr`, so a file may nest keys or write them dotted. */
function flatten(obj: unknown, prefix: string, out: Map<string, string>, file: string): void {
  if (obj === null || obj === undefined) return;
  if (typeof obj !== 'object' || Array.isArray(obj)) {
    out.set(prefix, String(obj));
    return;
  }
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !FLAG_BY_NAME.has(key)) flatten(v, key, out, file);
    else if (Array.isArray(v)) throw new ConfigError(`${file}: key "${key}" must be a single value, not a list`);
    else out.set(key, String(v));
  }
}

export function readConfigFile(path: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`--config.file: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`--config.file: ${path} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const out = new Map<string, string>();
  if (doc !== null && doc !== undefined && (typeof doc !== 'object' || Array.isArray(doc))) {
    throw new ConfigError(`--config.file: ${path} must be a mapping of flag names to values`);
  }
  flatten(doc, '', out, path);
  for (const key of out.keys()) {
    if (!FLAG_BY_NAME.has(key) || key === 'config.file') throw new ConfigError(`--config.file: ${path}: unknown key "${key}"`);
  }
  return out;
}

function durationOf(spec: FlagSpec, raw: string): number {
  const ms = parseDuration(raw);
  if (ms === undefined || ms <= 0) throw new ConfigError(`--${spec.name}: "${raw}" is not a positive duration (e.g. 500ms, 5s, 1m)`);
  return ms;
}

function boolOf(spec: FlagSpec, raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  throw new ConfigError(`--${spec.name}: "${raw}" is not true or false`);
}

function enumOf<T extends string>(spec: FlagSpec, raw: string): T {
  if (!spec.choices?.includes(raw)) throw new ConfigError(`--${spec.name}: "${raw}" is not one of ${spec.choices?.join(', ')}`);
  return raw as T;
}

function readPasswordFile(path: string): string {
  try {
    return (readFileSync(path, 'utf8').split(/\r?\n/)[0] ?? '').trim();
  } catch (err) {
    throw new ConfigError(`--redis.password-file: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** Resolves flags > env > config file > defaults, validates everything, and freezes the result. */
export function loadConfig(flags: ReadonlyMap<string, string>, env: Env): Config {
  const filePath = flags.get('config.file') ?? env.REDIS_VITALS_CONFIG_FILE ?? '';
  const file = filePath ? readConfigFile(filePath) : new Map<string, string>();
  const raw = (name: string): string => {
    const spec = FLAG_BY_NAME.get(name);
    if (!spec) throw new Error(`no flag ${name}`);
    return flags.get(name) ?? env[spec.env] ?? file.get(name) ?? spec.def;
  };
  const spec = (name: string): FlagSpec => FLAG_BY_NAME.get(name) as FlagSpec;

  const address = parseRedisAddress(raw('redis.addr'));
  const passwordFile = raw('redis.password-file');
  const password = raw('redis.password') || (passwordFile ? readPasswordFile(passwordFile) : '') || address.password;
  const path = raw('web.telemetry-path');
  if (!path.startsWith('/') || /\s/.test(path)) throw new ConfigError(`--web.telemetry-path: "${path}" must start with / and contain no spaces`);
  const configCommand = raw('config-command').trim();
  if (configCommand === '') throw new ConfigError('--config-command: must be a command name, or "-" to skip CONFIG');

  const intervalMs = durationOf(spec('poll.interval'), raw('poll.interval'));
  const timeoutMs = durationOf(spec('poll.timeout'), raw('poll.timeout'));
  const config: Config = {
    redis: {
      address,
      user: raw('redis.user') || address.user,
      password,
      configCommand: configCommand === '-' ? null : configCommand,
      connectTimeoutMs: Math.min(durationOf(spec('connection-timeout'), raw('connection-timeout')), timeoutMs),
    },
    web: { listen: parseListenAddress(raw('web.listen-address')), telemetryPath: path },
    log: { format: enumOf<LogFormat>(spec('log-format'), raw('log-format')), level: enumOf<LogLevel>(spec('log-level'), raw('log-level')) },
    poll: { intervalMs, timeoutMs, configIntervalMs: durationOf(spec('poll.config-interval'), raw('poll.config-interval')) },
    compatRedisExporter: boolOf(spec('compat.redis-exporter'), raw('compat.redis-exporter')),
    host: resolveHostConfig(raw, address),
  };
  return deepFreeze(config);
}

function deepFreeze<T>(obj: T): T {
  if (obj && typeof obj === 'object') {
    for (const v of Object.values(obj)) deepFreeze(v);
    Object.freeze(obj);
  }
  return obj;
}

/** `--help` text: every flag with its env var and default. */
export function helpText(): string {
  const lines = FLAGS.map((f) => {
    const def = f.kind === 'secret' ? '' : f.def === '' ? '' : ` (default ${f.def})`;
    return `  --${f.name}\n      ${f.help}${def}\n      env: ${f.env}`;
  });
  return lines.join('\n');
}
