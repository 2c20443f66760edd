import type { FlagSpec } from './flags.js';
import { durationOf } from './values.js';

/** --poll.interval=auto: the interval while the scrape interval is unknown (before two scrapes, or after they stop). */
export const AUTO_FALLBACK_MS = 5000;
/** The learned scrape interval is kept within this range: below 1 s a poll is mostly overhead. */
export const AUTO_MIN_MS = 1000;
export const AUTO_MAX_MS = 60_000;

/** --poll.interval: `auto` (the default), or a duration within the flag's range. */
export function pollIntervalOf(spec: FlagSpec, raw: string): { readonly auto: boolean; readonly intervalMs: number } {
  if (raw.trim().toLowerCase() === 'auto') return { auto: true, intervalMs: AUTO_FALLBACK_MS };
  return { auto: false, intervalMs: durationOf(spec, raw) };
}
