import { AUTO_FALLBACK_MS } from '../config/poll-interval.js';
import type { ScrapeCadence } from './scrape-cadence.js';

/** A poll finishes at least this long before the scrape it is for, whatever its recent durations. */
export const MIN_LEAD_MS = 250;

/**
 * When a target's polls run. The interval can change while the exporter runs (auto), so its
 * consumers (staleness, backoff cap, the stale message, the doctor page refresh) ask for it each
 * time rather than keeping a copy.
 */
export interface PollSchedule {
  /** The interval in effect now, in ms. */
  intervalMs(): number;
  /**
   * When (on `now`'s clock) the next poll starts, after one that started at `startedAt`;
   * `slowestMs` is the slowest of the recent polls, counted from when each was due.
   */
  nextStart(startedAt: number, slowestMs: number): number;
  /** Called when the plan may have moved (auto: the scrape interval was learned or changed). */
  onChange(listener: () => void): () => void;
  readonly now: () => number;
  /** True when the interval follows the scrapes (--poll.interval=auto). */
  readonly auto: boolean;
}

/** --poll.interval=<duration>: a poll every interval, counted from the start of the last. */
export function fixedSchedule(intervalMs: number, now: () => number = () => Date.now()): PollSchedule {
  return {
    intervalMs: () => intervalMs,
    nextStart: (startedAt) => startedAt + intervalMs,
    onChange: () => () => undefined,
    now,
    auto: false,
  };
}

/**
 * --poll.interval=auto: one poll per scrape of /metrics, finishing shortly before the scrape is
 * expected, so what a scrape reads is at most `lead` old (a fixed 5 s poll served data up to 5 s
 * old, and polled three times per 15 s scrape). Until the scrape interval is known, or once
 * scrapes stop, a poll every 5 s as before.
 */
export function autoSchedule(cadence: ScrapeCadence): PollSchedule {
  return {
    intervalMs: () => cadence.interval() ?? AUTO_FALLBACK_MS,
    nextStart(startedAt, slowestMs) {
      const interval = cadence.interval();
      const last = cadence.lastScrapeAt();
      if (interval === undefined || last === undefined) return startedAt + AUTO_FALLBACK_MS;
      // Covers the poll's own time and how late its timer and the limiter let it start.
      const lead = Math.min(interval, Math.max(MIN_LEAD_MS, 2 * slowestMs));
      // The first expected scrape a poll can still be ready for, and not within half an
      // interval of the last poll (one poll per scrape, even right after learning the phase).
      const earliest = Math.max(cadence.now(), startedAt + interval / 2);
      const k = Math.max(1, Math.ceil((earliest + lead - last) / interval));
      return last + k * interval - lead;
    },
    onChange: (listener) => cadence.onChange(listener),
    now: cadence.now,
    auto: true,
  };
}

/** An interval given as a number, or asked for each time (auto). */
export function intervalNow(v: number | (() => number)): number {
  return typeof v === 'number' ? v : v();
}
