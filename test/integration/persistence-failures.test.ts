import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { mountTmpfs, startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { failAofWrite, failBgsave, provokeOom } from '../helpers/failure-states.js';
import { waitFor } from '../helpers/wait.js';

/** The guide's persistence and memory failures, produced for real and read back from /metrics. */
const exporters: TestExporter[] = [];
const mounts: { unmount(): void }[] = [];

afterAll(async () => {
  await Promise.all(exporters.map((e) => e.stop()));
  await stopAllRedis();
  for (const m of mounts) m.unmount();
});

async function exporterFor(url: string): Promise<TestExporter> {
  const e = await startTestExporter({ 'redis.addr': url });
  exporters.push(e);
  return e;
}

const metricIs = (e: TestExporter, name: string, labels: Record<string, string>, accept: (v: number | undefined) => boolean) =>
  waitFor(async () => (await e.metrics()).get(name, labels), accept, { what: `${name}${JSON.stringify(labels)}` });

describe('persistence and memory failures', () => {
  it('BGSAVE failing on a full disk: bgsave status 0 under both names, then MISCONF rejects writes', async () => {
    const tmpfs = mountTmpfs(256);
    mounts.push(tmpfs);
    const redis = await startRedis({ dir: tmpfs.dir, args: ['--save', '3600 1'] });
    await failBgsave(redis);
    await expect(redis.cmd('SET', 'k', 'v')).rejects.toThrow(/MISCONF/);

    const e = await exporterFor(redis.url);
    await metricIs(e, 'redis_rdb_last_bgsave_status', {}, (v) => v === 0);
    const m = await e.metrics();
    expect(m.get('redis_persistence_last_bgsave_status')).toBe(0);
    expect(m.get('redis_errors_total', { err: 'MISCONF' })).toBeGreaterThanOrEqual(1);
    expect(m.get('redis_config_stop_writes_on_bgsave_error')).toBe(1);
  });

  it('AOF write failing on a full disk: aof_last_write_status 0', async () => {
    const tmpfs = mountTmpfs(256);
    mounts.push(tmpfs);
    const redis = await startRedis({ dir: tmpfs.dir, args: ['--appendonly', 'yes'] });
    await failAofWrite(redis);
    const e = await exporterFor(redis.url);
    await metricIs(e, 'redis_aof_last_write_status', {}, (v) => v === 0);
    expect((await e.metrics()).get('redis_persistence_aof_last_write_status')).toBe(0);
  });

  it('OOM with maxmemory 1mb and noeviction: redis_errors_total{err="OOM"} counts the rejects', async () => {
    const redis = await startRedis({ args: ['--maxmemory', '1mb', '--maxmemory-policy', 'noeviction'] });
    await provokeOom(redis);
    const e = await exporterFor(redis.url);
    await metricIs(e, 'redis_errors_total', { err: 'OOM' }, (v) => (v ?? 0) >= 1);
    const m = await e.metrics();
    expect(m.get('redis_config_maxmemory_policy', { policy: 'noeviction' })).toBe(1);
    expect(m.get('redis_config_maxmemory_policy', { policy: 'allkeys-lru' })).toBe(0);
    expect(m.get('redis_memory_max_bytes')).toBe(1024 * 1024);
    expect(m.get('redis_commands_rejected_calls_total', { cmd: 'set' })).toBeGreaterThanOrEqual(1);
  });
});
