import { ConfigError } from '../errors.js';
import { parseKeyArg, type DbKey } from '../parse/key-args.js';
import type { FlagSpec } from './flags.js';
import { durationOf, intOf } from './values.js';

/** redis_exporter's key and stream checks, read by a background job per target (src/keychecks/). */
export interface KeyChecksConfig {
  /** --check-keys: patterns (SCAN MATCH) and plain keys. */
  readonly checkKeys: readonly DbKey[];
  /** --check-single-keys: keys read without SCAN. */
  readonly singleKeys: readonly DbKey[];
  /** --count-keys: patterns whose matches are counted. */
  readonly countKeys: readonly DbKey[];
  /** --check-streams: stream patterns (SCAN MATCH) and plain keys. */
  readonly checkStreams: readonly DbKey[];
  /** --check-single-streams. */
  readonly singleStreams: readonly DbKey[];
  /** SCAN COUNT (--check-keys-batch-size). */
  readonly batchSize: number;
  readonly intervalMs: number;
  /** Most keys one pass reads for --check-keys; more matches are left out and logged. */
  readonly maxKeys: number;
}

export function keyChecksEnabled(k: KeyChecksConfig): boolean {
  return k.checkKeys.length + k.singleKeys.length + k.countKeys.length + k.checkStreams.length + k.singleStreams.length > 0;
}

export function loadKeyChecksConfig(raw: (name: string) => string, spec: (name: string) => FlagSpec): KeyChecksConfig {
  const keys = (name: string): DbKey[] => {
    try {
      return parseKeyArg(raw(name));
    } catch (err) {
      throw new ConfigError(`--${name}: ${(err as Error).message}`);
    }
  };
  return {
    checkKeys: keys('check-keys'),
    singleKeys: keys('check-single-keys'),
    countKeys: keys('count-keys'),
    checkStreams: keys('check-streams'),
    singleStreams: keys('check-single-streams'),
    batchSize: intOf(spec('check-keys-batch-size'), raw('check-keys-batch-size').trim(), 1, 100_000),
    intervalMs: durationOf(spec('check-keys.interval'), raw('check-keys.interval')),
    maxKeys: intOf(spec('check-keys.max-keys'), raw('check-keys.max-keys').trim(), 1, 1_000_000),
  };
}
