import { describe, expect, it } from 'vitest';
import { replBacklogCollector } from '../../src/collectors/repl-backlog.js';
import type { Collector, FetchContext, PollExtras } from '../../src/collectors/types.js';
import { createLogger } from '../../src/log.js';
import { SampleSink } from '../../src/exposition/sample.js';
import { parseInfo } from '../../src/parse/info.js';
import { NO_REDIS } from '../../src/poll/run-poll.js';

const logger = createLogger({ format: 'json', level: 'error', secrets: [] });

/** performance.now() of the INFO reply: the rate divides by the time between two of them. */
let t = 0;

function ctx(offset: number, replid = 'r1', active = '1') {
  const info = parseInfo(`# Replication\r\nrole:master\r\nmaster_replid:${replid}\r\nmaster_repl_offset:${offset}\r\nrepl_backlog_active:${active}\r\nrepl_backlog_size:1048576\r\n`);
  // The rate reads INFO only; any command would fail.
  return { source: NO_REDIS, info, infoAtMs: t, config: undefined, redisUp: true, now: 0, target: 't', logger } satisfies FetchContext;
}

function fetcher(): (c: FetchContext) => Promise<PollExtras> {
  const collector: Collector = replBacklogCollector();
  return async (c) => (await (collector.fetch as NonNullable<Collector['fetch']>)(c)) as PollExtras;
}

function seconds(c: ReturnType<typeof ctx>, extras: PollExtras): number | undefined {
  const sink = new SampleSink();
  replBacklogCollector().collect({ info: c.info, config: undefined, now: 0, redisUp: true, extras }, sink);
  return sink.samples.find((s) => s.name === 'redis_repl_backlog_seconds')?.value;
}

describe('redis_repl_backlog_seconds', () => {
  it('is backlog size over the offset rate between polls; absent on the first poll', async () => {
    t = 0;
    const f = fetcher();
    const first = ctx(1000);
    const e1 = await f(first);
    expect(e1).toEqual({});
    expect(seconds(first, e1)).toBeUndefined();

    t = 2000; // 2 s later, 65536 bytes more: 32 KiB/s → 1 MiB lasts 32 s
    const second = ctx(1000 + 65536);
    const e2 = await f(second);
    expect(e2.replWriteRate).toBe(32768);
    expect(seconds(second, e2)).toBe(32);
  });

  it('is absent when nothing was written (rate 0) or the backlog is inactive', async () => {
    t = 0;
    const f = fetcher();
    await f(ctx(500));
    t = 5000;
    const idle = ctx(500);
    expect(seconds(idle, await f(idle))).toBeUndefined();
    t = 10000;
    const inactive = ctx(900, 'r1', '0');
    const e = await f(inactive);
    expect(e.replWriteRate).toBeGreaterThan(0);
    expect(seconds(inactive, e)).toBeUndefined();
  });

  it('restarts after a replication ID change or an offset that went back', async () => {
    t = 0;
    const f = fetcher();
    await f(ctx(10_000));
    t = 1000;
    expect(await f(ctx(20_000, 'r2'))).toEqual({});
    t = 2000;
    expect(await f(ctx(5, 'r2'))).toEqual({});
    t = 3000;
    expect((await f(ctx(1005, 'r2'))).replWriteRate).toBe(1000);
  });
});
