import { describe, expect, it } from 'vitest';
import type { FetchContext } from '../../src/collectors/types.js';
import { parseRedisAddress } from '../../src/config/address.js';
import type { HostArea } from '../../src/host/areas.js';
import { HostFetchers } from '../../src/host/fetcher.js';
import { parseInfo } from '../../src/parse/info.js';
import { RedisSource } from '../../src/redis/connection.js';
import type { Logger } from '../../src/log.js';
import { pino } from 'pino';

const source = new RedisSource({
  address: parseRedisAddress('redis://127.0.0.1:1'),
  user: '',
  password: '',
  tls: { caFile: '', certFile: '', keyFile: '', serverName: '', skipVerify: false },
  connectTimeoutMs: 1,
  configCommand: null,
});
const silent = pino({ level: 'silent' });
const ctx = (logger: Logger = silent): FetchContext => ({ source, info: parseInfo(''), config: undefined, redisUp: true, now: 0, target: 'redis://127.0.0.1:6379', logger });
const roots = { procfs: '/nonexistent/proc', sysfs: '/nonexistent/sys', rootfs: '/nonexistent' };

/** In-memory areas: the grouping and guarding logic is what is under test here, not file reading. */
const area = (name: string, read: HostArea['read']): HostArea => ({ name, withoutRedis: true, read });

describe('HostFetchers', () => {
  it('builds one extras.host per poll from all areas; a failed area costs only its own fields', async () => {
    const host = new HostFetchers({ roots, dataDir: null });
    const [a, b, c] = host.fetchers([
      area('a', async () => ({ overcommitMemory: 1 })),
      area('b', async () => {
        throw new Error('b is unreadable');
      }),
      area('c', async ({ so }) => ({ anonHugePagesBytes: (so.overcommitMemory ?? -1) * 10 })),
    ]);
    if (!a || !b || !c) throw new Error('three fetchers expected');
    const poll1 = ctx();
    const ra = await a.fetch(poll1);
    await expect(b.fetch(poll1)).rejects.toThrow('b is unreadable');
    const rc = await c.fetch(poll1);
    // c saw what a read in the same poll, and its result carries a's field too.
    expect(rc.host).toEqual({ overcommitMemory: 1, anonHugePagesBytes: 10 });
    // Results are frozen snapshots: a's earlier object was not changed by c.
    expect(ra.host).toEqual({ overcommitMemory: 1 });
    expect(Object.isFrozen(rc.host)).toBe(true);
    // A new poll starts from nothing.
    expect((await c.fetch(ctx())).host).toEqual({ anonHugePagesBytes: -10 });
  });

  it('fails an area at once while its previous read is still hanging, and recovers after', async () => {
    let release: (() => void) | undefined;
    let calls = 0;
    const host = new HostFetchers({ roots, dataDir: null });
    const [slow] = host.fetchers([
      area('slow', async () => {
        calls++;
        if (calls === 1) await new Promise<void>((r) => (release = r));
        return { overcommitMemory: calls };
      }),
    ]);
    if (!slow) throw new Error('no fetcher');
    const first = slow.fetch(ctx());
    await expect(slow.fetch(ctx())).rejects.toThrow(/previous read has not finished/);
    expect(calls).toBe(1);
    release?.();
    await first;
    expect((await slow.fetch(ctx())).host).toEqual({ overcommitMemory: 2 });
  });

  it('logs a failing area once per reason, and its recovery', async () => {
    const lines: { level: string; msg: string; area?: string; error?: string }[] = [];
    const logger = {
      warn: (o: object, msg: string) => lines.push({ level: 'warn', msg, ...o }),
      info: (o: object, msg: string) => lines.push({ level: 'info', msg, ...o }),
    };
    let fail = true;
    const host = new HostFetchers({ roots, dataDir: null });
    const [f] = host.fetchers([
      area('flaky', async () => {
        if (fail) throw new Error('cannot read x: EACCES');
        return {};
      }),
    ]);
    if (!f) throw new Error('no fetcher');
    for (let i = 0; i < 3; i++) await f.fetch(ctx(logger as never)).catch(() => undefined);
    fail = false;
    await f.fetch(ctx(logger as never));
    expect(lines.map((l) => [l.level, l.area, l.error])).toEqual([
      ['warn', 'flaky', 'cannot read x: EACCES'],
      ['info', 'flaky', undefined],
    ]);
  });
});
