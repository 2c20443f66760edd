import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { configCollector } from '../../src/collectors/config.js';
import { configValuesCollector } from '../../src/collectors/config-values.js';
import type { PollInputs } from '../../src/collectors/types.js';
import { SampleSink } from '../../src/exposition/sample.js';
import { parseInfo } from '../../src/parse/info.js';
import { RedisConfigValues } from '../../src/parse/config.js';

/**
 * CONFIG is fetched every --poll.config-interval and the same RedisConfigValues object is passed
 * to every poll until then: its series are converted once per object, not every poll.
 */
const pairs = Object.entries(JSON.parse(readFileSync(new URL('../fixtures/config/redis-7.0.json', import.meta.url), 'utf8')) as Record<string, string>);
const inputs = (config: RedisConfigValues): PollInputs => ({ info: parseInfo(''), config, now: 1, redisUp: true, extras: {} });

function collect(c: typeof configCollector, config: RedisConfigValues, compat = true) {
  const sink = new SampleSink(compat);
  c.collect(inputs(config), sink);
  return sink.samples;
}

describe('config collectors convert a CONFIG reply once', () => {
  for (const c of [configCollector, configValuesCollector]) {
    it(`${c.name}: the same series again without reading the values, anew for another reply or compat`, () => {
      const config = new RedisConfigValues(pairs, { exportAll: true });
      const first = collect(c, config);
      expect(first.length).toBeGreaterThan(5);
      const reads = [vi.spyOn(config, 'string'), vi.spyOn(config, 'number'), vi.spyOn(config, 'bytes'), vi.spyOn(config, 'flag')];
      let exportedReads = 0;
      const list = config.exported;
      Object.defineProperty(config, 'exported', {
        get: () => {
          exportedReads++;
          return list;
        },
      });
      const second = collect(c, config);
      expect(second).toEqual(first);
      for (const r of reads) expect(r).not.toHaveBeenCalled();
      expect(exportedReads).toBe(0);
      // compat off: made again (compat-only families are dropped at emission).
      collect(c, config, false);
      expect(reads.some((r) => r.mock.calls.length > 0) || exportedReads > 0).toBe(true);
      // Another reply (the next CONFIG GET) with another value: its own series.
      const changed = new RedisConfigValues(
        pairs.map(([k, v]) => [k, k === 'maxclients' ? '77' : v]),
        { exportAll: true },
      );
      const third = collect(c, changed);
      expect(third).not.toEqual(first);
      expect(third.some((s) => s.value === 77)).toBe(true);
    });
  }
});
