import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantileOf, quantileText } from '../../src/collectors/commandstats.js';

describe('quantile labels of latency percentiles', () => {
  it('are the same text whether worked out once for the process or every time', () => {
    const percentile = fc.oneof(
      fc.constantFrom('50', '99', '99.9', '0', '100', '99.99', '33.333333', '1'),
      fc.tuple(fc.integer({ min: 0, max: 100 }), fc.option(fc.integer({ min: 0, max: 999_999 }))).map(([i, f]) => (f === null ? String(i) : `${i}.${f}`)),
    );
    fc.assert(
      fc.property(fc.array(percentile, { maxLength: 100 }), (ps) => {
        for (const p of ps) expect(quantileOf(p)).toBe(quantileText(p));
      }),
      { seed: 20261208, numRuns: 200 },
    );
    expect([quantileOf('50'), quantileOf('99'), quantileOf('99.9')]).toEqual(['0.5', '0.99', '0.999']);
  });
});
