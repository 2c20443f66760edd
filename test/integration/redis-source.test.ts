import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { parseRedisAddress } from '../../src/config/address.js';
import { RedisSource } from '../../src/redis/connection.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

afterAll(stopAllRedis);

const NO_TLS = { caFile: '', certFile: '', keyFile: '', serverName: '', skipVerify: false };

describe('RedisSource', () => {
  it('closes a connection whose handshake completes after close(): nothing of ours is left on Redis', async () => {
    const redis = await startRedis();
    const admin = createClient({ url: redis.url });
    await admin.connect();
    const ours = async () =>
      String(await admin.sendCommand(['CLIENT', 'LIST']))
        .split('\n')
        .filter((l) => l.includes('name=redis-vitals')).length;
    try {
      // Redis answers nothing, the handshake included, while DEBUG SLEEP runs.
      const sleeper = createClient({ url: redis.url });
      await sleeper.connect();
      const slept = sleeper.sendCommand(['DEBUG', 'SLEEP', '1']);
      const source = new RedisSource({ address: parseRedisAddress(redis.url), user: '', password: '', connectTimeoutMs: 5000, callTimeoutMs: 5000, configCommand: 'CONFIG', tls: NO_TLS });
      const ready = source.ready();
      await source.close();
      await expect(ready).rejects.toThrow(/dropped while it was being set up/);
      await slept;
      await sleeper.close();
      await waitFor(ours, (n) => n === 0, { timeoutMs: 5000, what: 'no redis-vitals connection left' });
      expect(await ours()).toBe(0);
    } finally {
      await admin.close();
    }
  });

  it('after reset() during a handshake, the next ready() connects afresh and works', async () => {
    const redis = await startRedis();
    const source = new RedisSource({ address: parseRedisAddress(redis.url), user: '', password: '', connectTimeoutMs: 5000, callTimeoutMs: 5000, configCommand: 'CONFIG', tls: NO_TLS });
    try {
      const first = source.ready();
      source.reset();
      await expect(first).rejects.toThrow(/dropped/);
      expect(await source.command(['PING'])).toBe('PONG');
    } finally {
      await source.close();
    }
  });
});
