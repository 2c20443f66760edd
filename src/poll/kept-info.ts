import { previousForDoctor } from '../doctor/read.js';
import type { ParsedInfo } from '../parse/info.js';

/**
 * What a target keeps of a poll's INFO until the next poll, for the doctor's "grew since the
 * last poll" rules (grewBy): the few counters they compare, copied out of the reply.
 *
 * Keeping the whole fields map (~170 entries) kept every value, and values of 13 characters or
 * more are slices of the INFO text, so the 6 KB reply stayed alive too: at 500 targets ~8 MB of
 * old-generation heap marked by every full collection (docs/performance.md, session 7).
 * test/unit/kept-info.test.ts runs every doctor rule on a recording previous INFO and checks
 * that these are exactly the fields they read.
 */
export const KEPT_FIELDS = ['aof_delayed_fsync', 'evicted_keys', 'sync_full'] as const;
/** errorstats entries the rules compare (errorstat_OOM). */
export const KEPT_ERRORSTATS = ['OOM'] as const;

const NO_SECTIONS: ReadonlySet<string> = new Set();

export function keptForNextPoll(info: ParsedInfo): ParsedInfo {
  const fields = new Map<string, string>();
  for (const k of KEPT_FIELDS) {
    const v = info.fields.get(k);
    if (v !== undefined) fields.set(k, detached(v));
  }
  const errorstats = new Map<string, number>();
  for (const k of KEPT_ERRORSTATS) {
    const v = info.errorstats.get(k);
    if (v !== undefined) errorstats.set(k, v);
  }
  return { ...previousForDoctor(info), fields, errorstats, sections: NO_SECTIONS };
}

/**
 * A copy of `s` that does not point into the string it was cut from. V8 makes a substring of
 * 13+ characters a slice that keeps its parent alive; a number parsed back to text never does.
 * Counters are what is kept, so a non-number (never seen from Redis) is copied by JSON instead.
 */
export function detached(s: string): string {
  const n = Number(s);
  if (s !== '' && String(n) === s) return String(n);
  return JSON.parse(JSON.stringify(s)) as string;
}
