import { describe, expect, it } from 'vitest';
import { renderSamples } from '../../src/metrics/render.js';
import { SampleSink } from '../../src/metrics/sample.js';

describe('exposition renderer', () => {
  it('groups a family under one HELP/TYPE and escapes label values', () => {
    const s = new SampleSink();
    s.gauge('a', 'help with \\ and\nnewline', 1, { x: 'q"uote\\back\nline' });
    s.counter('b_total', 'b', 2);
    s.gauge('a', 'ignored', 3, { x: 'y' });
    expect(renderSamples(s.samples)).toBe(
      '# HELP a help with \\\\ and\\nnewline\n# TYPE a gauge\na{x="q\\"uote\\\\back\\nline"} 1\na{x="y"} 3\n# HELP b_total b\n# TYPE b_total counter\nb_total 2\n',
    );
  });

  it('never emits NaN, undefined or a duplicate series', () => {
    const s = new SampleSink();
    s.gauge('a', 'h', Number.NaN);
    s.gauge('a', 'h', undefined);
    s.gauge('b', 'h', 1);
    s.gauge('b', 'h', 2);
    expect(renderSamples(s.samples)).toBe('# HELP b h\n# TYPE b gauge\nb 1\n');
  });

  it('prepends extra labels to every series', () => {
    const s = new SampleSink();
    s.gauge('a', 'h', 1, { db: 'db0' });
    expect(renderSamples(s.samples, { target: 't1' })).toContain('a{target="t1",db="db0"} 1');
  });
});
