import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import type { Exposition } from '../helpers/exposition.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { startSentinel, type SentinelHandle } from '../helpers/sentinel.js';
import { waitFor } from '../helpers/wait.js';

/**
 * CLUSTER INFO and the SENTINEL commands go only to servers of that kind, and one that refuses
 * them (ACL) costs its own series, never the poll: tried once, logged once.
 */
const exporters: TestExporter[] = [];
const sentinels: SentinelHandle[] = [];
afterAll(async () => {
  await Promise.all(exporters.map((e) => e.stop()));
  await Promise.all(sentinels.map((s) => s.stop()));
  await stopAllRedis();
});

async function exporterFor(flags: Record<string, string>): Promise<TestExporter> {
  const e = await startTestExporter(flags);
  exporters.push(e);
  return e;
}

const polls = (m: Exposition) => m.get('redis_exporter_scrapes_total') ?? 0;

/** Three polls, then three more: what is logged or counted once must not grow with the polls. */
async function afterSixPolls(exp: TestExporter): Promise<Exposition> {
  const early = await waitFor(
    () => exp.metrics(),
    (x) => polls(x) >= 3,
    { what: 'three polls' },
  );
  return waitFor(
    () => exp.metrics(),
    (x) => polls(x) >= polls(early) + 3,
    { what: 'three more polls' },
  );
}
const ACL_USER = { 'redis.user': 'mon', 'redis.password': 'mon-pass' };

describe('cluster and Sentinel commands', () => {
  it('a plain server is never sent CLUSTER INFO or SENTINEL', async () => {
    const redis = await startRedis();
    const exp = await exporterFor({ 'redis.addr': redis.url });
    const m = await waitFor(
      () => exp.metrics(),
      (x) => polls(x) >= 3,
      { what: 'three polls' },
    );
    expect([...m.names()].filter((n) => n.startsWith('redis_cluster_') && n !== 'redis_cluster_enabled' && n !== 'redis_cluster_connections')).toEqual([]);
    expect([...m.names()].filter((n) => n.startsWith('redis_sentinel_'))).toEqual([]);
    const stats = await redis.info('commandstats');
    expect(stats).not.toMatch(/cmdstat_cluster/);
    expect(stats).not.toMatch(/cmdstat_sentinel/);
  });

  it('a cluster node that denies CLUSTER INFO by ACL: asked once, logged once, the poll still succeeds', async () => {
    const node = await startRedis({ args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'] });
    await node.cmd('ACL', 'SETUSER', 'mon', 'on', '>mon-pass', '~*', '&*', '+@all', '-cluster|info');
    const exp = await exporterFor({ 'redis.addr': node.url, ...ACL_USER });
    const late = await afterSixPolls(exp);
    expect(late.get('redis_up')).toBe(1);
    expect(late.get('redis_cluster_state')).toBeUndefined();
    expect(late.get('redis_vitals_collector_success', { collector: 'cluster_info' })).toBe(1);
    expect(late.get('redis_exporter_last_scrape_error')).toBe(0);
    expect(exp.logs.filter((l) => l.includes('refuses CLUSTER INFO'))).toHaveLength(1);
    expect(late.get('redis_errors_total', { err: 'NOPERM' })).toBe(1);
    // Without CLUSTER INFO, keyspace padding falls back to CONFIG databases, as redis_exporter does.
    expect(late.all('redis_db_keys')).toHaveLength(16);
  });

  it('a Sentinel that denies SENTINEL MASTERS by ACL still serves its INFO series', async () => {
    const master = await startRedis();
    const sentinel = await startSentinel([{ name: 'mymaster', port: master.port, quorum: 1 }]);
    sentinels.push(sentinel);
    await sentinel.cmd('ACL', 'SETUSER', 'mon', 'on', '>mon-pass', '~*', '&*', '+@all', '-sentinel|masters');
    const exp = await exporterFor({ 'redis.addr': sentinel.url, ...ACL_USER });
    const late = await afterSixPolls(exp);
    expect(late.get('redis_up')).toBe(1);
    expect(late.get('redis_sentinel_masters')).toBe(1);
    expect(late.get('redis_sentinel_master_status', { master_name: 'mymaster', master_status: 'ok' })).toBe(1);
    expect(late.get('redis_sentinel_master_ckquorum_status')).toBeUndefined();
    expect(late.get('redis_vitals_collector_success', { collector: 'sentinel' })).toBe(1);
    expect(exp.logs.filter((l) => l.includes('refuses SENTINEL MASTERS'))).toHaveLength(1);
    expect(exp.logs.filter((l) => l.includes('is a Redis Sentinel'))).toHaveLength(1);
  });
});
