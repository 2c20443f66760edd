import { ConfigError } from '../errors.js';
import { parseDuration } from './duration.js';
import type { FlagSpec } from './flags.js';

/** Typed readers for one flag's raw value; each names the flag in its error. */

export function durationOf(spec: FlagSpec, raw: string): number {
  const ms = parseDuration(raw);
  if (ms === undefined || ms <= 0) throw new ConfigError(`--${spec.name}: "${raw}" is not a positive duration (e.g. 500ms, 5s, 1m)`);
  return ms;
}

export function boolOf(spec: FlagSpec, raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  throw new ConfigError(`--${spec.name}: "${raw}" is not true or false`);
}

/** A whole number within the flag's [min, max]. */
export function intOf(spec: FlagSpec, raw: string): number {
  const text = raw.trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  const min = spec.min ?? 0;
  const max = spec.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(`--${spec.name}: "${raw}" is not a whole number from ${min} to ${max}`);
  }
  return n;
}
