import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

const exporters: TestExporter[] = [];
afterAll(async () => {
  await Promise.all(exporters.map((e) => e.stop()));
  await stopAllRedis();
});

async function exporterFor(url: string, flags: Record<string, string> = {}): Promise<TestExporter> {
  const e = await startTestExporter({ 'redis.addr': url, ...flags });
  exporters.push(e);
  return e;
}

describe('replication and target lifecycle', () => {
  it('healthy instance: values match INFO and CONFIG', async () => {
    const redis = await startRedis({ args: ['--maxmemory', '64mb', '--appendonly', 'yes'] });
    await redis.cmd('DEBUG', 'POPULATE', '123');
    await redis.cmd('SET', 'ttl-key', 'v', 'EX', '1000');
    const e = await exporterFor(redis.url);
    const m = await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_db_keys', { db: 'db0' }) === 124,
      { what: 'db0 keys' },
    );
    const info = await redis.info();
    const field = (k: string) => new RegExp(`^${k}:(.*)\\r?$`, 'm').exec(info)?.[1];
    expect(m.get('redis_up')).toBe(1);
    expect(m.get('redis_process_id')).toBe(Number(field('process_id')));
    expect(m.get('redis_memory_max_bytes')).toBe(64 * 1024 * 1024);
    expect(m.get('redis_config_maxmemory')).toBe(64 * 1024 * 1024);
    expect(m.get('redis_aof_enabled')).toBe(1);
    expect(m.get('redis_config_appendfsync', { policy: 'everysec' })).toBe(1);
    expect(m.get('redis_db_keys_expiring', { db: 'db0' })).toBe(1);
    expect(m.get('redis_db_keys', { db: 'db15' })).toBe(0);
    expect(m.get('redis_instance_info', { redis_version: field('redis_version') ?? '', tcp_port: String(redis.port), role: 'master' })).toBe(1);
    expect(m.get('redis_rdb_last_bgsave_status')).toBe(1);
    expect(m.get('redis_commands_total', { cmd: 'debug' })).toBe(1);
  });

  it('master with a replica: per-replica series; replica whose master died: redis_master_link_up 0', async () => {
    const master = await startRedis();
    const replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(master.port)] });
    await waitFor(
      () => master.info('replication'),
      (i) => /slave0:.*state=online/.test(i),
      { what: 'replica online' },
    );
    const onMaster = await exporterFor(master.url);
    const onReplica = await exporterFor(replica.url);
    const labels = { slave_ip: '127.0.0.1', slave_port: String(replica.port), slave_state: 'online' };
    // The snapshot that showed the series, not a later one (a loaded machine may serve the stale stand-in next).
    const m = await waitFor(
      () => onMaster.metrics(),
      (x) => x.get('redis_connected_slave_offset_bytes', labels) !== undefined,
      { what: 'replica offset series' },
    );
    expect(m.get('redis_connected_slaves')).toBe(1);
    expect(m.get('redis_connected_slave_lag_seconds', labels)).toBeGreaterThanOrEqual(0);
    const link = { master_host: '127.0.0.1', master_port: String(master.port) };
    const up = await waitFor(
      () => onReplica.metrics(),
      (r) => r.get('redis_master_link_up', link) === 1,
      { what: 'link up' },
    );
    expect(up.get('redis_slave_info', { ...link, read_only: '1' })).toBe(1);

    await master.stop();
    const down = await waitFor(
      () => onReplica.metrics(),
      (r) => r.get('redis_master_link_up', link) === 0,
      { what: 'link down' },
    );
    expect(down.get('redis_up')).toBe(1);
  });

  it('Redis stopped then restarted: redis_up goes 0 then 1 without restarting the exporter', async () => {
    const redis = await startRedis();
    const e = await exporterFor(redis.url);
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_up') === 1,
      { what: 'up' },
    );
    await redis.stop();
    const down = await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_up') === 0 && (m.get('redis_vitals_poll_errors_total', { reason: 'connection_refused' }) ?? 0) >= 1,
      { what: 'down, with a refused connection counted' },
    );
    expect(down.get('redis_memory_used_bytes')).toBeUndefined();
    await startRedis({ port: redis.port });
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_up') === 1 && m.get('redis_memory_used_bytes') !== undefined,
      { what: 'up again' },
    );
    // One line per change of reason (refused; on a busy machine perhaps a timeout too), not one per failed poll.
    const warnings = e.logs.filter((l) => l.includes('cannot poll Redis'));
    const reasons = down.all('redis_vitals_poll_errors_total').length;
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.length).toBeLessThanOrEqual(reasons + 1);
    expect(e.logs.some((l) => l.includes('Redis reachable again'))).toBe(true);
  });

  it('serves /metrics from the snapshot: 1,000 scrapes send no command to Redis', async () => {
    const redis = await startRedis();
    const e = await exporterFor(redis.url, { 'poll.interval': '1h' });
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_up') === 1,
      { what: 'first poll' },
    );
    // One persistent measuring connection, so the only other commands counted are INFO calls of ours.
    const probe = createClient({ socket: { host: '127.0.0.1', port: redis.port } });
    await probe.connect();
    const stats = async () => {
      const text = await probe.info('all');
      return { info: Number(/cmdstat_info:calls=(\d+)/.exec(text)?.[1]), total: Number(/total_commands_processed:(\d+)/.exec(text)?.[1]) };
    };
    const before = await stats();
    for (let i = 0; i < 1000; i++) await e.scrape();
    const after = await stats();
    probe.destroy();
    // The first measuring INFO is counted once it completes, so it shows up in the second reading.
    expect(after.info).toBe(before.info + 1);
    expect(after.total).toBe(before.total + 1);
  });

  it('compat off serves the clean twins only', async () => {
    const redis = await startRedis();
    const e = await exporterFor(redis.url, { 'compat.redis-exporter': 'false' });
    const m = await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_up') === 1,
      { what: 'up' },
    );
    expect(m.get('redis_rdb_last_bgsave_duration_sec')).toBeUndefined();
    expect(m.get('redis_rdb_last_bgsave_duration_seconds')).toBeDefined();
    expect(m.get('redis_total_error_replies')).toBeUndefined();
    expect(m.get('redis_error_replies_total')).toBeDefined();
  });
});
