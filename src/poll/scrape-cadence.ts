import { AUTO_MAX_MS, AUTO_MIN_MS } from '../config/poll-interval.js';

/** How many recent gaps between scrapes the estimate is the median of. */
const GAPS = 8;
/** No scrape for this many learned intervals: the scrapes stopped, and polling falls back. */
export const LAPSE_INTERVALS = 3;
/** Listeners hear of a change of the learned interval larger than this share (jitter is not news). */
const CHANGE_SHARE = 0.1;

/**
 * When /metrics is scraped (--poll.interval=auto): the interval Prometheus scrapes at, learned
 * as the median of the last few gaps between requests, and when the last one came. The median
 * ignores a one-off manual request; two Prometheus replicas make the gaps shorter, which only
 * polls more often. Ad-hoc /scrape?target= requests are not recorded: they poll on their own.
 */
export class ScrapeCadence {
  private last: number | undefined;
  private readonly gaps: number[] = [];
  private learned: number | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(readonly now: () => number = () => performance.now()) {}

  /** A scrape of /metrics arrived. */
  scraped(): void {
    const t = this.now();
    if (this.last !== undefined) {
      const gap = t - this.last;
      // The first scrape after a silence starts over: the silence is not the cadence.
      if (this.learned !== undefined && gap > LAPSE_INTERVALS * this.learned) this.gaps.length = 0;
      else {
        this.gaps.push(gap);
        if (this.gaps.length > GAPS) this.gaps.shift();
      }
    }
    this.last = t;
    const before = this.learned;
    this.learned = this.gaps.length > 0 ? Math.min(AUTO_MAX_MS, Math.max(AUTO_MIN_MS, median(this.gaps))) : undefined;
    const moved = before === undefined || this.learned === undefined ? before !== this.learned : Math.abs(this.learned - before) > CHANGE_SHARE * before;
    if (moved) for (const l of this.listeners) l();
  }

  /**
   * The scrape interval in ms while scrapes come at a learned pace; undefined before two
   * scrapes, and once none came for LAPSE_INTERVALS of it.
   */
  interval(): number | undefined {
    if (this.learned === undefined || this.last === undefined) return undefined;
    return this.now() - this.last > LAPSE_INTERVALS * this.learned ? undefined : this.learned;
  }

  /** When the last scrape came (this clock), if any. */
  lastScrapeAt(): number | undefined {
    return this.last;
  }

  /** Called when the learned interval appears, goes, or moves by more than jitter; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
