import { ConfigError } from '../errors.js';
import { parseRedisAddress, type RedisAddress } from './address.js';
import type { FlagSpec } from './flags.js';
import { boolOf, durationOf, intOf } from './values.js';

/** The big-key job's settings (docs/bigkeys.md explains the budget model). */
export interface BigKeysConfig {
  readonly enabled: boolean;
  /** A new full pass starts at most this often. */
  readonly intervalMs: number;
  /** Pause between the cycles of a pass. */
  readonly cycleIntervalMs: number;
  /** Per-cycle budget: keys examined (TYPE + MEMORY USAGE each). */
  readonly cycleKeys: number;
  /** Per-cycle budget: time spent waiting on Redis; no new batch starts past it. */
  readonly cycleTimeMs: number;
  readonly scanCount: number;
  readonly samples: number;
  readonly top: number;
  readonly redactNames: boolean;
  /** Scan this replica instead of the target; null scans the target itself. */
  readonly replica: RedisAddress | null;
}

/** Reads and checks the bigkeys.* flags; `raw` resolves flag > env > file > default. */
export function loadBigKeysConfig(raw: (name: string) => string, spec: (name: string) => FlagSpec): BigKeysConfig {
  const int = (name: string) => intOf(spec(name), raw(name));
  const duration = (name: string) => durationOf(spec(name), raw(name));
  const replicaRaw = raw('bigkeys.replica-addr').trim();
  const config: BigKeysConfig = {
    enabled: boolOf(spec('bigkeys.enabled'), raw('bigkeys.enabled')),
    intervalMs: duration('bigkeys.interval'),
    cycleIntervalMs: duration('bigkeys.cycle-interval'),
    cycleKeys: int('bigkeys.cycle-keys'),
    cycleTimeMs: duration('bigkeys.cycle-time'),
    scanCount: int('bigkeys.scan-count'),
    samples: int('bigkeys.samples'),
    top: int('bigkeys.top'),
    redactNames: boolOf(spec('bigkeys.redact-names'), raw('bigkeys.redact-names')),
    replica: replicaRaw === '' ? null : parseRedisAddress(replicaRaw, 'bigkeys.replica-addr'),
  };
  // A cycle that may run longer than the pause between cycles would keep Redis busy back to back.
  if (config.cycleTimeMs > config.cycleIntervalMs) {
    throw new ConfigError(`--bigkeys.cycle-time (${raw('bigkeys.cycle-time')}) must not exceed --bigkeys.cycle-interval (${raw('bigkeys.cycle-interval')})`);
  }
  if (config.cycleTimeMs > 10_000) throw new ConfigError(`--bigkeys.cycle-time: "${raw('bigkeys.cycle-time')}" is over 10s; a cycle is meant to be short`);
  return config;
}
