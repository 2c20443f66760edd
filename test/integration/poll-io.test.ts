import { createHook } from 'node:async_hooks';
import pino from 'pino';
import { createClient } from 'redis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { redisCollectors } from '../../src/collectors/index.js';
import { parseRedisAddress } from '../../src/config/address.js';
import { Poller } from '../../src/poll/poller.js';
import { TargetPoll } from '../../src/poll/target-poll.js';
import { RedisSource } from '../../src/redis/connection.js';
import { startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';

/**
 * What a poll costs in I/O hand-offs, counted against a real redis-server: round trips (the
 * server's own count of socket reads) and timers armed. Counts, not times: they do not depend on
 * the machine's load.
 */
afterAll(stopAllRedis);
afterEach(() => vi.restoreAllMocks());

async function pollerFor(redis: RedisHandle, configIntervalMs: number) {
  const source = new RedisSource({
    address: parseRedisAddress(redis.url),
    user: '',
    password: '',
    connectTimeoutMs: 5000,
    callTimeoutMs: 5000,
    configCommand: 'CONFIG',
    tls: { caFile: '', certFile: '', keyFile: '', serverName: '', skipVerify: false },
  });
  const targetPoll = new TargetPoll({
    target: 't',
    source,
    intervalMs: 60_000,
    timeoutMs: 5000,
    configIntervalMs,
    compat: true,
    logger: pino({ level: 'silent' }),
    collectors: redisCollectors(),
  });
  return new Poller({ target: 't', intervalMs: 60_000, poll: (current, swap) => targetPoll.run(current, swap), close: () => source.close() });
}

/** Socket reads the server processed for one poll, each a round trip of ours, read over one kept admin connection (one read per INFO of its own). */
async function readsOf(redis: RedisHandle, poll: () => Promise<unknown>): Promise<number> {
  const admin = createClient({ socket: { host: '127.0.0.1', port: redis.port, reconnectStrategy: false } });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    const reads = async () => Number(/^total_reads_processed:(\d+)/m.exec(String(await admin.sendCommand(['INFO', 'stats'])))?.[1]);
    const before = await reads();
    await poll();
    // The second INFO's own read is counted in its reply.
    return (await reads()) - before - 1;
  } finally {
    admin.destroy();
  }
}

describe('a poll’s I/O', () => {
  it('INFO, CONFIG GET and the collectors’ commands in one write: one round trip a poll', async () => {
    const redis = await startRedis();
    // CONFIG due on every poll: the costliest case (INFO, CONFIG GET, LATENCY LATEST, SLOWLOG LEN and GET 1).
    const poller = await pollerFor(redis, 0);
    try {
      // Connects (CLIENT SETNAME); LATENCY and SLOWLOG wait for its INFO (no run_id known yet): two writes.
      expect(await readsOf(redis, () => poller.pollOnce())).toBe(3);
      const calls0 = await redis.info('commandstats');
      const reads = await readsOf(redis, () => poller.pollOnce());
      expect(reads).toBe(1);
      // All five commands were still sent (and each answered): fewer writes, not fewer commands.
      const calls1 = await redis.info('commandstats');
      const count = (text: string, cmd: string) => Number(new RegExp(`^cmdstat_${cmd}:calls=(\\d+)`, 'm').exec(text)?.[1] ?? 0);
      for (const cmd of ['info', 'config\\|get', 'latency\\|latest', 'slowlog\\|len', 'slowlog\\|get']) {
        expect(count(calls1, cmd) - count(calls0, cmd), cmd).toBeGreaterThanOrEqual(1);
      }
      const snap = poller.snapshot;
      expect([snap.up, snap.collectors.get('latency'), snap.collectors.get('slowlog'), snap.collectors.get('config')]).toEqual([true, true, true, true]);
    } finally {
      await poller.stop();
    }
  });

  it('arms two timers a poll (the poll’s deadline, the calls’ bound), not one per fetch and per command', async () => {
    const redis = await startRedis();
    const poller = await pollerFor(redis, 0);
    try {
      await poller.pollOnce();
      const armed = vi.spyOn(globalThis, 'setTimeout');
      await poller.pollOnce();
      expect(poller.snapshot.up).toBe(true);
      expect(armed.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      await poller.stop();
    }
  });

  it('makes at most 60 promises a poll of the Redis collectors on an open connection, not 97 (each one is paid unoptimised)', async () => {
    const redis = await startRedis();
    const poller = await pollerFor(redis, 60_000);
    try {
      for (let i = 0; i < 3; i++) await poller.pollOnce();
      let promises = 0;
      const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && promises++) });
      hook.enable();
      try {
        await poller.pollOnce();
      } finally {
        hook.disable();
      }
      expect(poller.snapshot.up).toBe(true);
      expect(promises).toBeLessThanOrEqual(60);
    } finally {
      await poller.stop();
    }
  });

  it('a refused command sent ahead costs only its own collector, and is not sent ahead again', async () => {
    const redis = await startRedis({ config: ['rename-command LATENCY ""'] });
    const poller = await pollerFor(redis, 60_000);
    try {
      for (let i = 0; i < 3; i++) await poller.pollOnce();
      const snap = poller.snapshot;
      expect([snap.up, snap.collectors.get('latency'), snap.collectors.get('slowlog')]).toEqual([true, true, true]);
      const body = snap.text;
      expect(body).toMatch(/^redis_slowlog_length \d+$/m);
      expect(body).not.toMatch(/^redis_latency_spike/m);
      // One unknown-command error: the first poll's; the gate kept the next two from sending it.
      expect(await redis.info('errorstats')).toMatch(/^errorstat_ERR:count=1\b/m);
    } finally {
      await poller.stop();
    }
  });
});
