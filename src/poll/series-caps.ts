import { families, sampleOf } from '../exposition/family.js';
import { NO_LABELS, type Sample } from '../exposition/sample.js';
export { BIGKEYS_TYPE_SLOTS_MAX } from '../bigkeys/top.js';

/**
 * Bounds on what one target's poll may publish, whatever Redis replies (docs/limits.md): a
 * hostile or broken server could list 50,000 databases or commands, or a 100 KB field, and make
 * every scrape megabytes. Generous for any real Redis (16 databases by default, a few hundred
 * commands, errorstats capped at 128 by Redis itself).
 */
export const SERIES_PER_FAMILY_MAX = 2000;
export const LABEL_VALUE_MAX_CHARS = 1024;

export type DropReason = 'family_limit' | 'label_too_long' | 'bigkeys_type_limit';

const NOTHING_DROPPED: ReadonlyMap<DropReason, number> = new Map();

/**
 * Keeps the first SERIES_PER_FAMILY_MAX series of each family and drops over-long label values.
 * A poll almost never hits a cap: then `samples` itself comes back, and no family is counted
 * when there are not even SERIES_PER_FAMILY_MAX samples in all (the common case).
 */
export function capSamples(samples: Sample[]): { kept: Sample[]; dropped: ReadonlyMap<DropReason, number> } {
  let i = 0;
  while (i < samples.length && !tooLong(samples[i] as Sample)) i++;
  if (i === samples.length && samples.length <= SERIES_PER_FAMILY_MAX) return { kept: samples, dropped: NOTHING_DROPPED };
  const dropped = new Map<DropReason, number>();
  const count = (r: DropReason) => dropped.set(r, (dropped.get(r) ?? 0) + 1);
  const perFamily = new Map<string, number>();
  const kept: Sample[] = [];
  for (const s of samples) {
    if (tooLong(s)) {
      count('label_too_long');
      continue;
    }
    // A summary's _sum and _count lines belong to its series, so they do not count apart.
    const n = s.suffix ? 0 : (perFamily.get(s.name) ?? 0) + 1;
    if (n > SERIES_PER_FAMILY_MAX) {
      count('family_limit');
      continue;
    }
    if (!s.suffix) perFamily.set(s.name, n);
    kept.push(s);
  }
  return { kept, dropped };
}

function tooLong(s: Sample): boolean {
  const labels = s.labels;
  // Most series have no labels (INFO fields): no for-in over an empty object for them.
  if (labels === NO_LABELS) return false;
  for (const k in labels) if ((labels[k] ?? '').length > LABEL_VALUE_MAX_CHARS) return true;
  return false;
}

export const FAMILIES = families(
  { collector: 'poll', section: 'self' },
  {
    dropped: {
      name: 'redis_vitals_series_dropped_total',
      type: 'counter',
      layer: 3,
      labels: ['reason'],
      help: 'Series of the target not served because a cap was hit (reason: family_limit, label_too_long, bigkeys_type_limit; see docs/limits.md).',
      doc: 'series of the target not served because a cap was hit, label `reason`: `family_limit`, `label_too_long`, `bigkeys_type_limit` (see [limits](limits.md#caps-on-what-redis-can-make-the-exporter-serve))',
    },
  },
);

/** redis_vitals_series_dropped_total of one target: every poll's cuts, and each big-key pass's once. */
export class DroppedSeries {
  private countedPassAt = 0;
  private readonly totals = new Map<DropReason, number>();

  count(dropped: ReadonlyMap<DropReason, number>, pass: { readonly finishedAt: number; readonly droppedTypeKeys?: number } | undefined): void {
    dropped.forEach((n, reason) => this.add(reason, n));
    if (pass && pass.finishedAt !== this.countedPassAt) {
      this.countedPassAt = pass.finishedAt;
      if (pass.droppedTypeKeys) this.add('bigkeys_type_limit', pass.droppedTypeKeys);
    }
  }

  /** The counter's series, one per reason seen so far (none while nothing was ever cut), appended to `out`. */
  samples(out: Sample[] = []): Sample[] {
    this.totals.forEach((value, reason) => out.push(sampleOf(FAMILIES.dropped, value, { reason })));
    return out;
  }

  private add(reason: DropReason, n: number): void {
    this.totals.set(reason, (this.totals.get(reason) ?? 0) + n);
  }
}
