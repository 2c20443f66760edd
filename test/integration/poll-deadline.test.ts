import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { Fetcher } from '../../src/collectors/types.js';
import { parseRedisAddress } from '../../src/config/address.js';
import { Poller } from '../../src/poll/poller.js';
import { SelfMetrics } from '../../src/exposition/self-metrics.js';
import { RedisSource } from '../../src/redis/connection.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';

/** One deadline per poll, shared by INFO and every fetcher, against a real Redis. */
afterAll(stopAllRedis);

function pollerWith(url: string, fetchers: Fetcher[]) {
  const source = new RedisSource({ address: parseRedisAddress(url), user: '', password: '', connectTimeoutMs: 2000, configCommand: 'CONFIG', tls: { caFile: '', certFile: '', keyFile: '', serverName: '', skipVerify: false } });
  return new Poller({
    target: 't', source, intervalMs: 60_000, timeoutMs: 300, configIntervalMs: 60_000, compat: false,
    logger: pino({ level: 'silent' }), self: new SelfMetrics({ defaultMetrics: false }), fetchers,
  });
}

describe('poll deadline', () => {
  it('a fetcher that outlasts the deadline uses it up: later Redis fetchers are not started, host fetchers still run', async () => {
    const redis = await startRedis();
    let release: () => void = () => undefined;
    const started: string[] = [];
    const fetcher = (name: string, withoutRedis: boolean, work: () => Promise<object>): Fetcher => ({
      name, withoutRedis, fetch: () => (started.push(name), work()),
    });
    const poller = pollerWith(redis.url, [
      // Answers only when the test lets it, long after the 300 ms deadline.
      fetcher('stuck', false, () => new Promise((r) => (release = () => r({})))),
      fetcher('after_stuck', false, async () => ({})),
      fetcher('host_like', true, async () => ({})),
    ]);
    try {
      const snap = await poller.pollOnce();
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
    const poller = pollerWith(redis.url, [
      { name: 'a', withoutRedis: false, fetch: async (ctx) => (await ctx.source.command(['PING']), {}) },
      { name: 'b', withoutRedis: true, fetch: async () => ({}) },
    ]);
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
    const poller = pollerWith(redis.url, [{
      name: 'blocking', withoutRedis: false,
      // BLPOP blocks only its own connection, for 3 s: far past the 300 ms deadline.
      fetch: async (ctx) => (calls++ === 0 ? await ctx.source.command(['BLPOP', 'never-pushed', '3']) : undefined, {}),
    }]);
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
