import { ConfigError } from '../errors.js';
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
  // Where each target's scan runs (the target, or its replica) is TargetConfig.bigkeysReplica.
}

/** Reads and checks the bigkeys.* flags; `raw` resolves flag > env > file > default. */
export function loadBigKeysConfig(raw: (name: string) => string, spec: (name: string) => FlagSpec, multiTarget: boolean): BigKeysConfig {
  const int = (name: string, min: number, max: number) => intOf(spec(name), raw(name).trim(), min, max);
  const duration = (name: string) => durationOf(spec(name), raw(name));
  if (multiTarget && raw('bigkeys.replica-addr').trim() !== '') {
    throw new ConfigError('--bigkeys.replica-addr names the replica of --redis.addr; with a targets list, give each target its own "bigkeys-replica" instead');
  }
  const config: BigKeysConfig = {
    enabled: boolOf(spec('bigkeys.enabled'), raw('bigkeys.enabled')),
    intervalMs: duration('bigkeys.interval'),
    cycleIntervalMs: duration('bigkeys.cycle-interval'),
    cycleKeys: int('bigkeys.cycle-keys', 1, 100_000),
    cycleTimeMs: duration('bigkeys.cycle-time'),
    scanCount: int('bigkeys.scan-count', 1, 10_000),
    // SAMPLES 0 walks every element of a key: the one MEMORY USAGE form that can block Redis.
    samples: int('bigkeys.samples', 1, 10_000),
    top: int('bigkeys.top', 1, 1000),
    redactNames: boolOf(spec('bigkeys.redact-names'), raw('bigkeys.redact-names')),
  };
  // A cycle that may run longer than the pause between cycles would keep Redis busy back to back.
  if (config.cycleTimeMs > config.cycleIntervalMs) {
    throw new ConfigError(`--bigkeys.cycle-time (${raw('bigkeys.cycle-time')}) must not exceed --bigkeys.cycle-interval (${raw('bigkeys.cycle-interval')})`);
  }
  if (config.cycleTimeMs > 10_000) throw new ConfigError(`--bigkeys.cycle-time: "${raw('bigkeys.cycle-time')}" is over 10s; a cycle is meant to be short`);
  return config;
}
