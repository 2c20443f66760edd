import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/** Writes `count` values of `size` bytes to the master in one pipeline (a replication burst). */
async function burst(master: RedisHandle, count: number, size: number): Promise<void> {
  const c = createClient({ socket: { host: '127.0.0.1', port: master.port } });
  await c.connect();
  try {
    const value = 'v'.repeat(size);
    await Promise.all(Array.from({ length: count }, (_, i) => c.set(`burst:${i}`, value)));
  } finally {
    c.destroy();
  }
}

const field = (info: string, name: string) => Number(new RegExp(`^${name}:(\\S+)`, 'm').exec(info)?.[1]);

describe('replication buffers on a real master and replica', () => {
  let master: RedisHandle;
  let replica: RedisHandle;
  let exp: TestExporter;
  let labels: { slave_ip: string; slave_port: string };

  beforeAll(async () => {
    // No 5 s wait for more replicas before a full sync starts.
    master = await startRedis({ args: ['--repl-diskless-sync-delay', '0'] });
    replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(master.port)] });
    await waitFor(
      () => replica.info('replication'),
      (i) => i.includes('master_link_status:up'),
      { what: 'replica link up' },
    );
    // CONFIG every poll, so a CONFIG SET in a test shows at once.
    exp = await startTestExporter({ 'redis.addr': master.url, 'poll.config-interval': '200ms' });
    labels = { slave_ip: '127.0.0.1', slave_port: String(replica.port) };
  });

  afterAll(async () => {
    await exp?.stop();
    await stopAllRedis();
  });

  it('lag bytes rise while the replica is paused, the output buffer fills during a burst, and both drain after', async () => {
    await waitFor(
      () => exp.metrics(),
      (m) => m.get('redis_connected_slave_lag_bytes', labels) === 0,
      { what: 'lag 0 before the pause' },
    );
    replica.process.kill('SIGSTOP');
    try {
      await burst(master, 300, 100_000); // 30 MB: far more than the loopback socket buffers hold
      const during = await waitFor(
        () => exp.metrics(),
        (m) => (m.get('redis_connected_slave_lag_bytes', labels) ?? 0) > 10_000_000 && (m.get('redis_replica_output_buffer_bytes', labels) ?? 0) > 10_000_000,
        { what: 'lag bytes and output buffer bytes of the paused replica' },
      );
      expect(during.get('redis_mem_total_replication_buffers_bytes')).toBeGreaterThan(10_000_000);
      // The configured limit sits next to it for comparison (default replica class: 256 MB hard).
      expect(during.get('redis_config_client_output_buffer_limit_bytes', { class: 'slave', limit: 'hard' })).toBe(268435456);
    } finally {
      replica.process.kill('SIGCONT');
    }
    const after = await waitFor(
      () => exp.metrics(),
      (m) => m.get('redis_connected_slave_lag_bytes', labels) === 0 && (m.get('redis_replica_output_buffer_bytes', labels) ?? Infinity) < 1_000_000,
      { what: 'lag back to 0 and the buffer drained' },
    );
    expect(after.get('redis_connected_slaves')).toBe(1);
  });

  it('redis_repl_backlog_seconds follows the write rate', async () => {
    await burst(master, 50, 10_000);
    const m = await waitFor(
      () => exp.metrics(),
      (x) => x.get('redis_repl_backlog_seconds') !== undefined,
      { what: 'backlog seconds while writing' },
    );
    const seconds = m.get('redis_repl_backlog_seconds') as number;
    expect(seconds).toBeGreaterThan(0);
    expect(Number.isFinite(seconds)).toBe(true);
  });

  it('a tiny client-output-buffer-limit makes the master drop the replica, and it shows', async () => {
    const before = await master.info('all');
    const resyncsBefore = field(before, 'sync_full') + field(before, 'sync_partial_ok');
    await master.cmd('CONFIG', 'SET', 'client-output-buffer-limit', 'replica 1mb 256kb 1');
    replica.process.kill('SIGSTOP');
    let dropped;
    try {
      await burst(master, 100, 100_000);
      dropped = await waitFor(
        () => exp.metrics(),
        (m) => m.get('redis_connected_slaves') === 0,
        { what: 'master drops the replica' },
      );
    } finally {
      replica.process.kill('SIGCONT');
    }
    expect(dropped.get('redis_replica_output_buffer_bytes', labels)).toBeUndefined();
    expect(dropped.get('redis_config_client_output_buffer_limit_bytes', { class: 'slave', limit: 'hard' })).toBe(1024 * 1024);
    // Redis 7.2+ counts the drop in INFO; Redis 7.0 has no such field, and then no series (never a fake 0).
    const hasCounter = (await master.info('stats')).includes('client_output_buffer_limit_disconnections:');
    if (hasCounter) expect(dropped.get('redis_client_output_buffer_limit_disconnections_total')).toBeGreaterThanOrEqual(1);
    else expect(dropped.get('redis_client_output_buffer_limit_disconnections_total')).toBeUndefined();
    // Where the counter is missing, the drop still shows as the resync that follows it.
    await master.cmd('CONFIG', 'SET', 'client-output-buffer-limit', 'replica 256mb 64mb 60');
    const back = await waitFor(
      () => exp.metrics(),
      (m) => m.get('redis_connected_slaves') === 1 && (m.get('redis_sync_full_total') ?? 0) + (m.get('redis_sync_partial_ok_total') ?? 0) > resyncsBefore,
      { what: 'replica back after a resync' },
    );
    expect(back.get('redis_connected_slave_lag_bytes', labels)).toBeDefined();
  });
});
