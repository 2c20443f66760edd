import { describe, expect, it } from 'vitest';
import { HostReader, type HostCollector } from '../../src/collectors/host-reader.js';
import type { Collector, FetchContext } from '../../src/collectors/types.js';
import { parseInfo } from '../../src/parse/info.js';
import { NO_REDIS } from '../../src/poll/run-poll.js';
import type { Logger } from '../../src/log.js';
import { pino } from 'pino';

const silent = pino({ level: 'silent' });
const ctx = (logger: Logger = silent): FetchContext => ({ source: NO_REDIS, info: parseInfo(''), infoAtMs: 0, config: undefined, redisUp: true, now: 0, target: 'redis://127.0.0.1:6379', logger });
const roots = { procfs: '/nonexistent/proc', sysfs: '/nonexistent/sys', rootfs: '/nonexistent' };

/** In-memory host collectors: the grouping and guarding logic is what is under test here, not file reading. */
const area = (name: string, read: HostCollector['read']): HostCollector => ({ name, needsRedis: false, read, collect: () => undefined });
const fetchOf = (c: Collector | undefined) => {
  const fetch = c?.fetch;
  if (!fetch) throw new Error('a host collector always fetches');
  return async (x: FetchContext) => fetch(x);
};

describe('HostReader', () => {
  it('builds one extras.host per poll from all areas; a failed area costs only its own fields', async () => {
    const host = new HostReader({ roots, dataDir: null });
    const [a, b, c] = host.collectors([
      area('a', async () => ({ overcommitMemory: 1 })),
      area('b', async () => {
        throw new Error('b is unreadable');
      }),
      area('c', async ({ so }) => ({ anonHugePagesBytes: (so.overcommitMemory ?? -1) * 10 })),
    ]);
    const [fa, fb, fc] = [fetchOf(a), fetchOf(b), fetchOf(c)];
    const poll1 = ctx();
    const ra = await fa(poll1);
    await expect(fb(poll1)).rejects.toThrow('b is unreadable');
    const rc = await fc(poll1);
    // c saw what a read in the same poll, and its result carries a's field too.
    expect(rc.host).toEqual({ overcommitMemory: 1, anonHugePagesBytes: 10 });
    // Results are frozen snapshots: a's earlier object was not changed by c.
    expect(ra.host).toEqual({ overcommitMemory: 1 });
    expect(Object.isFrozen(rc.host)).toBe(true);
    // A new poll starts from nothing.
    expect((await fc(ctx())).host).toEqual({ anonHugePagesBytes: -10 });
  });

  it('fails an area at once while its previous read is still hanging, and recovers after', async () => {
    let release: (() => void) | undefined;
    let calls = 0;
    const host = new HostReader({ roots, dataDir: null });
    const [slowCollector] = host.collectors([
      area('slow', async () => {
        calls++;
        if (calls === 1) await new Promise<void>((r) => (release = r));
        return { overcommitMemory: calls };
      }),
    ]);
    const slow = fetchOf(slowCollector);
    const first = slow(ctx());
    await expect(slow(ctx())).rejects.toThrow(/previous read has not finished/);
    expect(calls).toBe(1);
    release?.();
    await first;
    expect((await slow(ctx())).host).toEqual({ overcommitMemory: 2 });
  });

  it('logs a failing area once per reason, and its recovery', async () => {
    const lines: { level: string; msg: string; area?: string; error?: string }[] = [];
    const logger = {
      warn: (o: object, msg: string) => lines.push({ level: 'warn', msg, ...o }),
      info: (o: object, msg: string) => lines.push({ level: 'info', msg, ...o }),
    };
    let fail = true;
    const host = new HostReader({ roots, dataDir: null });
    const [flaky] = host.collectors([
      area('flaky', async () => {
        if (fail) throw new Error('cannot read x: EACCES');
        return {};
      }),
    ]);
    const f = fetchOf(flaky);
    for (let i = 0; i < 3; i++) await f(ctx(logger as never)).catch(() => undefined);
    fail = false;
    await f(ctx(logger as never));
    expect(lines.map((l) => [l.level, l.area, l.error])).toEqual([
      ['warn', 'flaky', 'cannot read x: EACCES'],
      ['info', 'flaky', undefined],
    ]);
  });
});
