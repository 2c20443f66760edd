import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { Collector, FetchContext } from '../../src/collectors/types.js';
import { parseRedisAddress } from '../../src/config/address.js';
import { Poller } from '../../src/poll/poller.js';
import { TargetPoll } from '../../src/poll/target-poll.js';
import { RedisSource } from '../../src/redis/connection.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';

/** One deadline per poll, shared by INFO and every collector's fetch, against a real Redis. */
afterAll(stopAllRedis);

async function pollerWith(url: string, collectors: Collector[]) {
  const source = new RedisSource({
    address: parseRedisAddress(url),
    user: '',
    password: '',
    connectTimeoutMs: 2000,
    callTimeoutMs: 5000,
    configCommand: 'CONFIG',
    tls: { caFile: '', certFile: '', keyFile: '', serverName: '', skipVerify: false },
  });
  // Connected before the first poll: on a loaded machine the first connect alone can take most of
  // the 300 ms deadline, and what is under test is the collectors' share of it, not INFO's.
  await source.info();
  const targetPoll = new TargetPoll({
    target: 't',
    source,
    intervalMs: 60_000,
    timeoutMs: 300,
    configIntervalMs: 60_000,
    compat: false,
    logger: pino({ level: 'silent' }),
    collectors,
  });
  return new Poller({ target: 't', intervalMs: 60_000, poll: (current, swap) => targetPoll.run(current, swap), close: () => source.close() });
}

/** A collector with only a fetch: what it fetches is beside the point here, only when. */
function collector(name: string, needsRedis: boolean, fetch: (ctx: FetchContext) => Promise<object>): Collector {
  return { name, needsRedis, fetch, collect: () => undefined };
}

describe('poll deadline', () => {
  it('a fetcher that outlasts the deadline uses it up: later Redis fetchers are not started, host fetchers still run', async () => {
    const redis = await startRedis();
    let release: () => void = () => undefined;
    const started: string[] = [];
    const fetcher = (name: string, needsRedis: boolean, work: () => Promise<object>) => collector(name, needsRedis, () => (started.push(name), work()));
    const poller = await pollerWith(redis.url, [
      // Answers only when the test lets it, long after the 300 ms deadline.
      fetcher('stuck', true, () => new Promise((r) => (release = () => r({})))),
      fetcher('after_stuck', true, async () => ({})),
      fetcher('host_like', false, async () => ({})),
    ]);
    try {
      const snap = await poller.pollOnce();
      expect(snap.error).toBeUndefined();
      expect(snap.up).toBe(true);
      expect(started).toEqual(['stuck', 'host_like']);
      expect(snap.collectors.get('stuck')).toBe(false);
      expect(snap.collectors.get('after_stuck')).toBe(false);
      expect(snap.collectors.get('host_like')).toBe(true);
    } finally {
      release();
      await poller.stop();
    }
  });

  it('fetchers that finish in time all succeed (the deadline does not cut a healthy poll)', async () => {
    const redis = await startRedis();
    const poller = await pollerWith(redis.url, [collector('a', true, async (ctx) => (await ctx.source.command(['PING']), {})), collector('b', false, async () => ({}))]);
    try {
      const snap = await poller.pollOnce();
      expect([snap.up, snap.collectors.get('a'), snap.collectors.get('b')]).toEqual([true, true, true]);
    } finally {
      await poller.stop();
    }
  });

  it('a Redis fetcher past the deadline drops the connection, so the next poll does not queue behind its reply', async () => {
    const redis = await startRedis();
    let calls = 0;
    const poller = await pollerWith(redis.url, [
      // BLPOP blocks only its own connection, for 3 s: far past the 300 ms deadline.
      collector('blocking', true, async (ctx) => (calls++ === 0 ? await ctx.source.command(['BLPOP', 'never-pushed', '3']) : undefined, {})),
    ]);
    try {
      const first = await poller.pollOnce();
      expect([first.up, first.collectors.get('blocking')]).toEqual([true, false]);
      const second = await poller.pollOnce();
      expect([second.up, second.collectors.get('blocking')]).toEqual([true, true]);
    } finally {
      await poller.stop();
    }
  });
});
