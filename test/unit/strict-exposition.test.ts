import { describe, expect, it } from 'vitest';
import { checkExposition } from '../helpers/strict-exposition.js';

/** The checker guards the fault suite, so it must itself catch what it claims to. */
describe('strict exposition checker', () => {
  it('accepts valid text with histograms, summaries, escapes and special values', () => {
    const text = [
      '# HELP a_seconds A histogram.',
      '# TYPE a_seconds histogram',
      'a_seconds_bucket{le="0.1"} 1',
      'a_seconds_bucket{le="+Inf"} 2',
      'a_seconds_sum 0.3',
      'a_seconds_count 2',
      '# TYPE s summary',
      's{quantile="0.5"} 1e-3',
      's_sum 4',
      's_count 2',
      '',
      '# HELP g Back\\\\slash and \\n newline.',
      '# TYPE g gauge',
      'g{x="q\\"\\\\\\n",y=""} -Inf',
      'g{x="2"} NaN',
      'g{x="3"} +1.5E+10 1700000000000',
      '',
    ].join('\n');
    expect(checkExposition(text)).toEqual([]);
  });

  it.each([
    ['duplicate series', '# TYPE a gauge\na{x="1"} 1\na{x="1"} 2\n', /duplicate series/],
    ['same labels in another order', 'a{x="1",y="2"} 1\na{y="2",x="1"} 2\n', /duplicate series/],
    ['NaN spelled wrong', 'a nan\n', /bad value/],
    ['unterminated label', 'a{x="1} 1\n', /unterminated/],
    ['bad escape', 'a{x="\\t"} 1\n', /bad escape/],
    ['bad escape in HELP', '# HELP a tab\\t\na 1\n', /bad escape in HELP/],
    ['split family', '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x="2"} 1\n', /appears again/],
    ['second TYPE', '# TYPE a gauge\n# TYPE a counter\na 1\n', /second TYPE/],
    ['missing final newline', 'a 1', /newline/],
    ['garbage line', 'a 1\n{} 2\n', /not a sample/],
    ['empty value', 'a \n', /bad value|expected/],
  ])('rejects %s', (_what, text, problem) => {
    const problems = checkExposition(text);
    expect(
      problems.some((p) => problem.test(p)),
      problems.join('; '),
    ).toBe(true);
  });
});
