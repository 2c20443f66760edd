import { describe, expect, it } from 'vitest';
import { latencyCollector } from '../../src/collectors/latency.js';
import { slowlogCollector } from '../../src/collectors/slowlog.js';
import type { PollInputs } from '../../src/collectors/types.js';
import { SampleSink } from '../../src/exposition/sample.js';
import { parseInfo } from '../../src/parse/info.js';
import { parseLatencyLatest } from '../../src/parse/latency.js';
import { parseSlowlogLength, parseSlowlogNewest } from '../../src/parse/slowlog.js';

// Replies as node-redis 6 returns them from redis-server 7.0.15 (captured).
const LATENCY_LATEST = [
  ['command', 1795465861, 100, 100],
  ['fork', 1795465000, 12, 40],
];
const SLOWLOG_GET_1 = [[0, 1795465861, 100205, ['DEBUG', 'SLEEP', '0.1'], '127.0.0.1:38112', '']];

function inputs(extras: PollInputs['extras']): PollInputs {
  return { info: parseInfo(''), config: undefined, now: 0, redisUp: true, extras };
}

describe('LATENCY LATEST', () => {
  it('parses each event and skips malformed rows', () => {
    expect(parseLatencyLatest(LATENCY_LATEST)).toEqual([
      { event: 'command', lastSpikeAt: 1795465861, latestMs: 100, maxMs: 100 },
      { event: 'fork', lastSpikeAt: 1795465000, latestMs: 12, maxMs: 40 },
    ]);
    expect(parseLatencyLatest([['x', 'nan', 1, 1], ['short', 1], 'junk', ['', 1, 2, 3]])).toEqual([]);
    expect(parseLatencyLatest(null)).toEqual([]);
    expect(parseLatencyLatest([])).toEqual([]);
  });

  it('emits redis_exporter names and conversions plus the clean twins', () => {
    const sink = new SampleSink();
    latencyCollector().collect(inputs({ latency: parseLatencyLatest(LATENCY_LATEST) }), sink);
    const get = (name: string, event: string) => sink.samples.find((s) => s.name === name && s.labels.event_name === event)?.value;
    expect(get('redis_latency_spike_last', 'fork')).toBe(1795465000);
    expect(get('redis_latency_spike_duration_seconds', 'fork')).toBe(0.012);
    expect(get('redis_latency_spike_last_timestamp_seconds', 'fork')).toBe(1795465000);
    expect(get('redis_latency_spike_max_seconds', 'fork')).toBe(0.04);
    expect(get('redis_latency_spike_duration_seconds', 'command')).toBe(0.1);
  });
});

describe('SLOWLOG', () => {
  it('keeps id and duration of the newest entry, never its arguments', () => {
    const e = parseSlowlogNewest(SLOWLOG_GET_1);
    expect(e).toEqual({ id: 0, durationUs: 100205 });
    expect(JSON.stringify(e)).not.toContain('SLEEP');
  });

  it('rejects what is not a slow log reply', () => {
    expect(parseSlowlogNewest([])).toBeUndefined();
    expect(parseSlowlogNewest([['x', 1, 2]])).toBeUndefined();
    expect(parseSlowlogNewest('OK')).toBeUndefined();
    expect(parseSlowlogLength(3)).toBe(3);
    expect(parseSlowlogLength(-1)).toBeUndefined();
    expect(parseSlowlogLength('x')).toBeUndefined();
  });

  it('an empty slow log has a length of 0 and 0 for the last entry, as redis_exporter 1.45 serves', () => {
    const sink = new SampleSink();
    slowlogCollector().collect(inputs({ slowlog: { length: 0, newest: undefined } }), sink);
    expect(sink.samples.map((s) => [s.name, s.value])).toEqual([
      ['redis_slowlog_length', 0],
      ['redis_slowlog_last_id', 0],
      ['redis_last_slow_execution_duration_seconds', 0],
    ]);
  });

  it('a refused or failed SLOWLOG gives no slow log series at all', () => {
    const sink = new SampleSink();
    slowlogCollector().collect(inputs({}), sink);
    expect(sink.samples).toEqual([]);
  });

  it('converts the newest duration from µs to seconds', () => {
    const sink = new SampleSink();
    slowlogCollector().collect(inputs({ slowlog: { length: 1, newest: parseSlowlogNewest(SLOWLOG_GET_1) } }), sink);
    expect(Object.fromEntries(sink.samples.map((s) => [s.name, s.value]))).toEqual({
      redis_slowlog_length: 1,
      redis_slowlog_last_id: 0,
      redis_last_slow_execution_duration_seconds: 0.100205,
    });
  });
});
