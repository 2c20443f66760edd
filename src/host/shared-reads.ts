import { monotonicMs } from './clock.js';

/**
 * Host-wide readings (meminfo, overcommit, THP, diskstats, which disk holds a device) are the
 * same for every target on the host. With hundreds of local targets each read its own copy every
 * poll: a fifth of the exporter's CPU at 500 targets, mostly file open/read/close. One reading
 * per window now serves every target; the window is at most half the poll interval (and 1 s), so
 * no target sees a reading older than half its interval.
 */
export class SharedHostReads {
  private readonly entries = new Map<string, { readonly atMs: number; readonly value: Promise<unknown> }>();

  constructor(
    readonly maxAgeMs: number,
    private readonly now: () => number = monotonicMs,
    /** Window of the `slow` readings: kernel settings and the disk behind a device number. */
    readonly slowMaxAgeMs = maxAgeMs,
  ) {}

  /**
   * Slow readings (THP, overcommit, which disk a device number is) change only when an
   * administrator changes them, so they are re-read on the CONFIG GET cadence, as Redis's own
   * settings are, not every poll.
   */
  static forInterval(intervalMs: number, configIntervalMs = intervalMs): SharedHostReads {
    const window = Math.min(1000, intervalMs / 2);
    return new SharedHostReads(window, monotonicMs, Math.max(window, configIntervalMs));
  }

  /** The value of `key` read within the window, or a new read; concurrent callers share one. */
  async get<T>(key: string, load: () => Promise<T>, slow = false): Promise<{ readonly value: T; readonly atMs: number }> {
    const now = this.now();
    let entry = this.entries.get(key);
    if (!entry || now - entry.atMs >= (slow ? this.slowMaxAgeMs : this.maxAgeMs)) {
      // A failure is shared for the window too: the next window reads again.
      entry = { atMs: now, value: load() };
      entry.value.catch(() => undefined);
      this.entries.set(key, entry);
    }
    return { value: (await entry.value) as T, atMs: entry.atMs };
  }

  /** Drops a reading, so the next get() reads again (a cached value proved wrong). */
  forget(key: string): void {
    this.entries.delete(key);
  }
}
