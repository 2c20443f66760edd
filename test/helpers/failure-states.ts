import { startRedis, type RedisHandle } from './redis-server.js';
import { waitFor } from './wait.js';

/** Drives a real Redis into the guide's failure states; shared by the metric, doctor and page tests. */

/** On a full tmpfs data dir: BGSAVE fails (rdb_last_bgsave_status:err); with save points, MISCONF follows. */
export async function failBgsave(redis: RedisHandle): Promise<void> {
  await redis.cmd('DEBUG', 'POPULATE', '20000', 'key', '100');
  await redis.cmd('BGSAVE');
  await waitFor(
    () => redis.info('persistence'),
    (i) => i.includes('rdb_last_bgsave_status:err'),
    { what: 'BGSAVE to fail' },
  );
}

/** With appendonly on a full tmpfs data dir: writes until an AOF write fails. */
export async function failAofWrite(redis: RedisHandle): Promise<void> {
  const big = 'x'.repeat(32 * 1024);
  await waitFor(
    async () => {
      await redis.cmd('SET', `k${Math.random()}`, big).catch(() => undefined);
      return redis.info('persistence');
    },
    (i) => i.includes('aof_last_write_status:err'),
    { what: 'an AOF write to fail', intervalMs: 1 },
  );
}

/** Writes values until used_memory passes `ratio` of maxmemory (the server's --maxmemory). */
export async function fillMemoryTo(redis: RedisHandle, maxmemoryBytes: number, ratio: number): Promise<void> {
  const value = 'v'.repeat(8 * 1024);
  await waitFor(
    async () => {
      await redis.cmd('SET', `k${Math.random()}`, value).catch(() => undefined);
      return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]) / maxmemoryBytes;
    },
    (r) => r > ratio,
    { what: `memory above ${ratio * 100}% of maxmemory`, intervalMs: 1 },
  );
}

/** Under maxmemory with noeviction: writes until Redis rejects one with OOM. */
export async function provokeOom(redis: RedisHandle): Promise<void> {
  const value = 'v'.repeat(10 * 1024);
  await waitFor(
    async () =>
      redis.cmd('SET', `k${Math.random()}`, value).then(
        () => 'ok',
        (err: Error) => err.message,
      ),
    (r) => /^OOM/.test(r),
    { what: 'an OOM reject', intervalMs: 1 },
  );
}

/** A replica whose master was stopped after the link came up: master_link_status:down. */
export async function replicaOfDeadMaster(): Promise<RedisHandle> {
  const master = await startRedis();
  const replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(master.port)] });
  await waitFor(
    () => replica.info('replication'),
    (i) => i.includes('master_link_status:up'),
    { what: 'link up' },
  );
  await master.stop();
  await waitFor(
    () => replica.info('replication'),
    (i) => i.includes('master_link_status:down'),
    { what: 'link down' },
  );
  return replica;
}
