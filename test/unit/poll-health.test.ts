import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { joinFamilies, renderFamilies, withFamilies } from '../../src/exposition/text-format.js';
import { PollHealth } from '../../src/poll/health.js';

const text = (samples: Parameters<typeof renderFamilies>[0], labels?: Record<string, string>) => joinFamilies(renderFamilies(samples, labels));

describe('per-poll health series', () => {
  it('counts polls as they start, errors by reason and durations in a histogram', () => {
    const h = new PollHealth();
    expect(text([h.start()])).toBe('# HELP redis_vitals_polls_total Polls started for the target.\n# TYPE redis_vitals_polls_total counter\nredis_vitals_polls_total 1\n');
    h.finish({ now: 100, up: true, durationSeconds: 0.003, error: undefined, collectors: new Map([['info_fields', { success: true, seconds: 0.001 }]]) });
    h.start();
    const out = text(h.finish({ now: 110, up: false, durationSeconds: 0.3, error: { reason: 'timeout', message: 'x' }, collectors: new Map([['host_memory', { success: false, seconds: 0.002 }]]) }));
    // The last successful poll's time stays while Redis is down: staleness shows.
    expect(out).toContain('redis_vitals_last_poll_timestamp_seconds 100\n');
    expect(out).toContain('redis_vitals_poll_duration_seconds_bucket{le="0.005"} 1\n');
    expect(out).toContain('redis_vitals_poll_duration_seconds_bucket{le="0.5"} 2\n');
    expect(out).toContain('redis_vitals_poll_duration_seconds_bucket{le="+Inf"} 2\n');
    expect(out).toContain('redis_vitals_poll_duration_seconds_count 2\n');
    expect(out).toContain('redis_vitals_polls_total 2\n');
    expect(out).toContain('redis_vitals_poll_errors_total{reason="timeout"} 1\n');
    // Only this poll's collectors: one skipped now has no stale value.
    expect(out).toContain('redis_vitals_collector_success{collector="host_memory"} 0\n');
    expect(out).not.toContain('collector="info_fields"');
    expect(out).toContain('# TYPE redis_vitals_poll_duration_seconds histogram\n');
  });

  it('carries the target labels the series of its target carry', () => {
    const h = new PollHealth();
    expect(text([h.start()], { target: 'cache-a' })).toContain('redis_vitals_polls_total{target="cache-a"} 1\n');
  });
});

describe('withFamilies', () => {
  const base = renderFamilies([
    { name: 'a', type: 'gauge', help: 'A', labels: {}, value: 1 },
    { name: 'b', type: 'counter', help: 'B', labels: { x: '1' }, value: 2 },
    { name: 'b', type: 'counter', help: 'B', labels: { x: '2' }, value: 3 },
    { name: 'c', type: 'gauge', help: 'C', labels: {}, value: 4 },
  ]);

  it('replaces a family in place and leaves the others as they were', () => {
    const next = withFamilies(base, renderFamilies([{ name: 'b', type: 'counter', help: 'B', labels: { x: '9' }, value: 10 }]));
    expect(joinFamilies(next)).toBe(
      joinFamilies(
        renderFamilies([
          { name: 'a', type: 'gauge', help: 'A', labels: {}, value: 1 },
          { name: 'b', type: 'counter', help: 'B', labels: { x: '9' }, value: 10 },
          { name: 'c', type: 'gauge', help: 'C', labels: {}, value: 4 },
        ]),
      ),
    );
    expect(joinFamilies(base)).toContain('b{x="2"} 3\n');
  });

  it('appends a family it does not have', () => {
    const next = withFamilies(base, renderFamilies([{ name: 'd', type: 'gauge', help: 'D', labels: {}, value: 5 }]));
    expect(joinFamilies(next)).toBe(`${joinFamilies(base)}# HELP d D\n# TYPE d gauge\nd 5\n`);
  });

  it('reads nothing of the render it updates until it is read (a render into bytes would decode its body)', () => {
    let reads = 0;
    const watched = {
      names: base.names,
      headers: base.headers,
      ends: base.ends,
      get series() {
        reads++;
        return base.series;
      },
    };
    const d = (v: number) => renderFamilies([{ name: 'd', type: 'gauge', help: 'D', labels: {}, value: v }]);
    const next = withFamilies(watched, d(5));
    expect(reads).toBe(0);
    // A poll that never completed leaves its pending update as the base of the next: worked out
    // then, so pending updates never pile up, and the later one wins.
    const after = withFamilies(next, d(6));
    expect(reads).toBe(1);
    expect(joinFamilies(after)).toBe(`${joinFamilies(base)}# HELP d D\n# TYPE d gauge\nd 6\n`);
    expect(joinFamilies(next)).toBe(`${joinFamilies(base)}# HELP d D\n# TYPE d gauge\nd 5\n`);
    expect(reads).toBe(1);
  });
});

describe('the stale stand-in', () => {
  const reasons = ['timeout', 'auth', 'dns'] as const;
  const poll = fc.record({
    up: fc.boolean(),
    durationSeconds: fc.double({ min: 0, max: 20, noNaN: true }),
    reason: fc.option(fc.constantFrom(...reasons), { nil: undefined }),
    intervalSeconds: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    collectors: fc.uniqueArray(fc.tuple(fc.constantFrom('info_fields', 'latency', 'host_memory', 'slowlog'), fc.boolean(), fc.double({ min: 0, max: 2, noNaN: true })), { selector: (t) => t[0] }),
    startsAfter: fc.integer({ min: 0, max: 3 }),
  });

  it('serves exactly what the last poll returned, with polls_total current', () => {
    fc.assert(
      fc.property(fc.array(poll, { minLength: 1, maxLength: 8 }), (polls) => {
        const h = new PollHealth();
        let now = 1000;
        for (const p of polls) {
          h.start();
          const out = h.finish({
            now: now++,
            up: p.up,
            durationSeconds: p.durationSeconds,
            error: p.reason ? { reason: p.reason, message: 'x' } : undefined,
            collectors: new Map(p.collectors.map(([name, success, seconds]) => [name, { success, seconds }])),
            ...(p.intervalSeconds === undefined ? {} : { intervalSeconds: p.intervalSeconds }),
          });
          // Polls that start and never finish (starved) move only polls_total.
          for (let i = 0; i < p.startsAfter; i++) h.start();
          const polls = h.start();
          const expected = out.map((s) => (s.name === polls.name ? polls : s));
          expect(text(h.current())).toBe(text(expected));
        }
      }),
    );
  });

  it('is polls_total alone before any poll finished', () => {
    const h = new PollHealth();
    h.start();
    expect(text(h.current())).toBe('# HELP redis_vitals_polls_total Polls started for the target.\n# TYPE redis_vitals_polls_total counter\nredis_vitals_polls_total 1\n');
  });
});
