import { describe, expect, it } from 'vitest';
import { exporterCompatCollector, type PollRecord } from '../../src/collectors/exporter-compat.js';
import type { FetchContext } from '../../src/collectors/types.js';
import { parseInfo } from '../../src/parse/info.js';
import { deadlineIn } from '../../src/poll/deadline.js';
import { NO_REDIS, runPoll } from '../../src/poll/run-poll.js';
import { pino } from 'pino';
import { replayPoll } from '../helpers/replay.js';
import { addressSpaceLimit } from '../../src/exposition/process-metrics.js';
import { SelfMetrics } from '../../src/exposition/self-metrics.js';

/** Only `poll` of the context is read by this collector's fetch. */
const ctxWith = (error: string | undefined, connectSeconds: number) => ({ poll: { startedNs: process.hrtime.bigint(), error, connectSeconds } }) as unknown as FetchContext;
const samplesOf = async (poll: PollRecord, compat: boolean) => (await replayPoll({ info: '', extras: { poll }, compat, collectors: [exporterCompatCollector()] })).samples;

describe('redis_exporter self-metrics mapped to polls', () => {
  it('counts polls, sums their durations and says why the last one failed', async () => {
    const c = exporterCompatCollector();
    const first = (await c.fetch?.(ctxWith(undefined, 0.1)))?.poll;
    const second = (await c.fetch?.(ctxWith('connection refused (is Redis running and listening on this address?)', 0.05)))?.poll as PollRecord;
    expect(second.polls).toBe(2);
    expect(second.durationSumSeconds).toBeCloseTo((first?.durationSeconds ?? NaN) + second.durationSeconds, 12);
    const samples = await samplesOf(second, true);
    const get = (name: string, suffix?: string) => samples.find((s) => s.name === name && s.suffix === suffix);
    expect(get('redis_exporter_scrapes_total')?.value).toBe(2);
    expect(get('redis_exporter_last_scrape_error')).toMatchObject({ value: 1, labels: { err: 'connection refused (is Redis running and listening on this address?)' } });
    expect(get('redis_exporter_last_scrape_duration_seconds')?.value).toBe(second.durationSeconds);
    expect(get('redis_exporter_last_scrape_connect_time_seconds')?.value).toBe(0.05);
    expect(get('redis_exporter_scrape_duration_seconds', '_sum')?.value).toBe(second.durationSumSeconds);
    expect(get('redis_exporter_scrape_duration_seconds', '_count')?.value).toBe(2);
  });

  it('runs while Redis is down; a successful poll has err="" and 0; compat off serves none of them', async () => {
    expect(exporterCompatCollector().needsRedis).toBe(false);
    const record = { polls: 1, error: undefined, durationSeconds: 0.1, durationSumSeconds: 0.1, connectSeconds: 0 };
    expect((await samplesOf(record, true)).find((s) => s.name === 'redis_exporter_last_scrape_error')).toMatchObject({ value: 0, labels: { err: '' } });
    expect((await samplesOf(record, false)).filter((s) => s.name.startsWith('redis_exporter_'))).toEqual([]);
  });

  it('a poll that ran past its deadline still serves its failure (exporter_compat is always started)', async () => {
    // A host collector that hangs (a stuck filesystem) uses up the host reserve after Redis failed.
    const hung = { name: 'hung_host', needsRedis: false, fetch: () => new Promise<never>(() => undefined), collect: () => undefined };
    const ctx = {
      source: NO_REDIS,
      info: parseInfo(''),
      infoAtMs: 0,
      config: undefined,
      redisUp: false,
      now: 1_800_000_000,
      target: 't',
      logger: pino({ level: 'silent' }),
      poll: { startedNs: process.hrtime.bigint(), error: 'Redis did not answer within 40ms', connectSeconds: 0 },
    };
    const r = await runPoll([hung, exporterCompatCollector()], ctx, deadlineIn(40), { compat: true });
    expect(r.collectors.get('hung_host')?.success).toBe(false);
    expect(r.collectors.get('exporter_compat')?.success).toBe(true);
    expect(r.samples.find((s) => s.name === 'redis_exporter_last_scrape_error')).toMatchObject({ value: 1, labels: { err: 'Redis did not answer within 40ms' } });
  });

  it('exporter-wide build info and /scrape errors exist only under compat', async () => {
    const on = await new SelfMetrics({ defaultMetrics: false, compat: true }).render();
    expect(on).toMatch(/^redis_exporter_build_info\{version="[^"]+",commit_sha="",build_date="",golang_version="node v[^"]+"\} 1$/m);
    expect(on).toMatch(/^redis_target_scrape_request_errors_total 0$/m);
    const off = await new SelfMetrics({ defaultMetrics: false }).render();
    expect(off).not.toContain('redis_exporter_');
    // --namespace renames them as redis_exporter does.
    const ns = await new SelfMetrics({ defaultMetrics: false, compat: true, namespace: 'cache' }).render();
    expect(ns).toMatch(/^cache_exporter_build_info\{/m);
    expect(ns).toMatch(/^cache_target_scrape_request_errors_total 0$/m);
  });

  it('reads the address-space limit as Go does: unlimited is 2^64-1', () => {
    expect(addressSpaceLimit('Max address space         unlimited            unlimited            bytes\n')).toBe(1.8446744073709552e19);
    expect(addressSpaceLimit('Max address space         4096            unlimited            bytes\n')).toBe(4096);
    expect(addressSpaceLimit('nothing\n')).toBeUndefined();
  });
});
