import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { parseClusterNodes } from '../../src/parse/cluster-nodes.js';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { requireBinary, startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

const exporters: TestExporter[] = [];
afterAll(async () => {
  await Promise.all(exporters.map((e) => e.stop()));
  await stopAllRedis();
});

async function startCluster(size: number): Promise<RedisHandle[]> {
  requireBinary('redis-cli', 'redis-tools');
  const nodes: RedisHandle[] = [];
  for (let i = 0; i < size; i++) nodes.push(await startRedis({ args: ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${i}.conf`] }));
  const r = spawnSync('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cluster create failed: ${r.stdout}${r.stderr}`);
  await waitFor(
    () => nodes[0]?.info('cluster') ?? '',
    (i) => i.includes('cluster_enabled:1'),
    { what: 'cluster mode' },
  );
  await waitFor(
    async () => String(await nodes[0]?.cmd('CLUSTER', 'INFO')),
    (i) => i.includes('cluster_state:ok'),
    { what: 'cluster ok' },
  );
  return nodes;
}

describe('Redis Cluster discovery', () => {
  it('parses CLUSTER NODES, IPv6 and hostnames included', () => {
    const nodes = parseClusterNodes(
      [
        'a1 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460',
        'b2 [::1]:7001@17001 master - 0 1 2 connected 5461-10922',
        'c3 10.0.0.3:7002@17002,redis-3.example master,fail - 0 1 3 disconnected',
        'd4 :0@0 master,noaddr - 0 0 0 disconnected',
        'garbage',
      ].join('\n'),
    );
    expect(nodes.map((n) => [n.host, n.port, n.myself])).toEqual([
      ['127.0.0.1', 7000, true],
      ['::1', 7001, false],
      ['10.0.0.3', 7002, false],
    ]);
  });

  it('--cluster.discover polls every node from one seed and lists them at /discover', async () => {
    const nodes = await startCluster(3);
    const seed = nodes[0] as RedisHandle;
    const e = await startTestExporter({ 'redis.addr': seed.url, 'cluster.discover': 'true' });
    exporters.push(e);
    const names = nodes.map((n) => `redis://127.0.0.1:${n.port}`);
    const m = await waitFor(
      () => e.metrics(),
      (x) => names.every((t) => x.get('redis_up', { target: t }) === 1),
      { what: 'all nodes polled' },
    );
    expect(m.get('redis_cluster_enabled', { target: names[2] as string })).toBe(1);
    const discovered = (JSON.parse(await e.scrape('/discover')) as { targets: string[] }[]).map((d) => d.targets[0]).sort();
    expect(discovered).toEqual([...names].sort());
    expect(e.logs.some((l) => l.includes('cluster nodes changed'))).toBe(true);
  });

  it('a seed that is not a cluster is polled alone, with one warning', async () => {
    const redis = await startRedis();
    const e = await startTestExporter({ 'redis.addr': redis.url, 'cluster.discover': 'true' });
    exporters.push(e);
    await waitFor(
      () => e.metrics(),
      (x) => (x.get('redis_vitals_polls_total', { target: redis.url }) ?? 0) >= 3,
      { what: 'several polls' },
    );
    expect(JSON.parse(await e.scrape('/discover'))).toHaveLength(1);
    expect(e.logs.filter((l) => l.includes('not in cluster mode'))).toHaveLength(1);
  });
});
