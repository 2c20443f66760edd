import { describe, expect, it } from 'vitest';
import type { Sample } from '../../src/exposition/sample.js';
import { capSamples, DroppedSeries, LABEL_VALUE_MAX_CHARS, SERIES_PER_FAMILY_MAX } from '../../src/poll/series-caps.js';

const s = (name: string, labels: Record<string, string> = {}, suffix?: '_sum'): Sample =>
  suffix ? { name, type: 'summary', help: 'h', labels, value: 1, suffix } : { name, type: 'gauge', help: 'h', labels, value: 1 };

describe('capSamples', () => {
  it('hands back the same list when no cap is hit (nothing copied)', () => {
    const list = [s('a'), s('b', { x: 'y' }), s('a', {}, '_sum')];
    const r = capSamples(list);
    expect(r.kept).toBe(list);
    expect(r.dropped.size).toBe(0);
  });

  it('still drops over-long label values and series past the per-family cap', () => {
    const list: Sample[] = [s('long', { k: 'x'.repeat(LABEL_VALUE_MAX_CHARS + 1) })];
    for (let i = 0; i < SERIES_PER_FAMILY_MAX + 3; i++) list.push(s('many', { i: String(i) }));
    list.push(s('many', {}, '_sum'));
    const r = capSamples(list);
    expect(r.kept.length).toBe(SERIES_PER_FAMILY_MAX + 1);
    expect(r.kept.at(-1)?.suffix).toBe('_sum');
    expect(Object.fromEntries(r.dropped)).toEqual({ label_too_long: 1, family_limit: 3 });
    const totals = new DroppedSeries();
    totals.count(r.dropped, undefined);
    const out: Sample[] = [s('first')];
    expect(totals.samples(out).map((x) => [x.labels.reason, x.value])).toEqual([
      [undefined, 1],
      ['label_too_long', 1],
      ['family_limit', 3],
    ]);
  });
});
