import { describe, expect, it } from 'vitest';
import { collectSamples } from '../../src/poll/collect.js';
import { exporterCompatCollector } from '../../src/collectors/exporter-compat.js';
import type { PollInputs } from '../../src/collectors/types.js';
import { parseInfo } from '../../src/parse/info.js';
import { PollTally } from '../../src/poll/poll-record.js';
import { addressSpaceLimit } from '../../src/exposition/self-metrics.js';
import { SelfMetrics } from '../../src/exposition/self-metrics.js';

const down = (extras: PollInputs['extras']): PollInputs => ({ info: parseInfo(''), config: undefined, now: 0, redisUp: false, extras });

describe('redis_exporter self-metrics mapped to polls', () => {
  it('counts polls, sums their durations and says why the last one failed, while Redis is down too', () => {
    const tally = new PollTally();
    tally.next(undefined, 0.5, 0.1);
    const record = tally.next('connection refused (is Redis running and listening on this address?)', 0.25, 0.05);
    const { samples } = collectSamples(down({ poll: record }), { compat: true, collectors: [exporterCompatCollector] });
    const get = (name: string, suffix?: string) => samples.find((s) => s.name === name && s.suffix === suffix);
    expect(get('redis_exporter_scrapes_total')?.value).toBe(2);
    expect(get('redis_exporter_last_scrape_error')).toMatchObject({ value: 1, labels: { err: 'connection refused (is Redis running and listening on this address?)' } });
    expect(get('redis_exporter_last_scrape_duration_seconds')?.value).toBe(0.25);
    expect(get('redis_exporter_last_scrape_connect_time_seconds')?.value).toBe(0.05);
    expect(get('redis_exporter_scrape_duration_seconds', '_sum')?.value).toBe(0.75);
    expect(get('redis_exporter_scrape_duration_seconds', '_count')?.value).toBe(2);
  });

  it('a successful poll has err="" and 0; compat off serves none of them', () => {
    const record = new PollTally().next(undefined, 0.1, 0);
    const on = collectSamples(down({ poll: record }), { compat: true, collectors: [exporterCompatCollector] }).samples;
    expect(on.find((s) => s.name === 'redis_exporter_last_scrape_error')).toMatchObject({ value: 0, labels: { err: '' } });
    const off = collectSamples(down({ poll: record }), { compat: false, collectors: [exporterCompatCollector] }).samples;
    expect(off.filter((s) => s.name.startsWith('redis_exporter_'))).toEqual([]);
  });

  it('exporter-wide build info and /scrape errors exist only under compat', async () => {
    const on = await new SelfMetrics({ defaultMetrics: false, compat: true }).render();
    expect(on).toMatch(/^redis_exporter_build_info\{version="[^"]+",commit_sha="",build_date="",golang_version="node v[^"]+"\} 1$/m);
    expect(on).toMatch(/^redis_target_scrape_request_errors_total 0$/m);
    const off = await new SelfMetrics({ defaultMetrics: false }).render();
    expect(off).not.toContain('redis_exporter_');
  });

  it('reads the address-space limit as Go does: unlimited is 2^64-1', () => {
    expect(addressSpaceLimit('Max address space         unlimited            unlimited            bytes\n')).toBe(1.8446744073709552e19);
    expect(addressSpaceLimit('Max address space         4096            unlimited            bytes\n')).toBe(4096);
    expect(addressSpaceLimit('nothing\n')).toBeUndefined();
  });
});
