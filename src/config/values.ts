import { ConfigError } from '../errors.js';
import { parseDuration } from './duration.js';
import type { FlagSpec } from './flags.js';

/** Typed readers for flag values; each error names the flag and the accepted form on one line. */
export function durationOf(spec: FlagSpec, raw: string): number {
  const ms = parseDuration(raw);
  if (ms === undefined || ms <= 0) throw new ConfigError(`--${spec.name}: "${raw}" is not a positive duration (e.g. 500ms, 5s, 1m)`);
  return inRange(spec, raw, ms);
}

/** The flag's declared range (docs/limits.md), so no timer ever gets 2^31 ms or more. */
function inRange(spec: FlagSpec, raw: string, ms: number): number {
  const [min = '', max = ''] = spec.range ?? [];
  if (spec.range && !(ms >= (parseDuration(min) ?? NaN) && ms <= (parseDuration(max) ?? NaN))) {
    throw new ConfigError(`--${spec.name}: "${raw}" is outside ${min} to ${max}`);
  }
  return ms;
}

/** A duration that may be 0 (e.g. --check.window=0s: one poll, no wait). */
export function nonNegativeDurationOf(spec: FlagSpec, raw: string): number {
  const ms = parseDuration(raw);
  if (ms === undefined || ms < 0) throw new ConfigError(`--${spec.name}: "${raw}" is not a duration (e.g. 0s, 500ms, 5s)`);
  return inRange(spec, raw, ms);
}

/** Go's strconv.ParseBool words (redis_exporter reads its flags and env vars with it), plus yes/no. */
const TRUE_WORDS = ['true', '1', 't', 'yes'];
const FALSE_WORDS = ['false', '0', 'f', 'no'];

export function boolOf(spec: FlagSpec, raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (TRUE_WORDS.includes(v)) return true;
  if (FALSE_WORDS.includes(v)) return false;
  throw new ConfigError(`--${spec.name}: "${raw}" is not true or false`);
}

export function enumOf<T extends string>(spec: FlagSpec, raw: string): T {
  if (!spec.choices?.includes(raw)) throw new ConfigError(`--${spec.name}: "${raw}" is not one of ${spec.choices?.join(', ')}`);
  return raw as T;
}

export function intOf(spec: FlagSpec, raw: string, min: number, max: number): number {
  // Plain digits only: Number() would also take 0x10, 1e1, 1.0 and the empty string.
  const n = /^\s*\d{1,15}\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`--${spec.name}: "${raw}" is not a whole number from ${min} to ${max}`);
  return n;
}
