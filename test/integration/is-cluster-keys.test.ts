import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { parseExposition, type Exposition } from '../helpers/exposition.js';
import { startRedisExporter } from '../helpers/redis-exporter.js';
import { requireBinary, startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * --is-cluster with key checks, side by side with redis_exporter 1.45 on a real 3-primary,
 * 1-replica cluster: redis-vitals polls every node and each primary reads the keys it holds, so
 * every key is reported once across the targets; redis_exporter's (partial) view agrees with it.
 */
const nodes: RedisHandle[] = [];
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  requireBinary('redis-cli', 'redis-tools');
  for (let i = 0; i < 4; i++) nodes.push(await startRedis({ args: ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${i}.conf`] }));
  const r = spawnSync('redis-cli', ['--cluster', 'create', ...nodes.slice(0, 3).map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cluster create failed: ${r.stdout}${r.stderr}`);
  const seed = nodes[0] as RedisHandle;
  await waitFor(
    async () => String(await seed.cmd('CLUSTER', 'INFO')),
    (i) => i.includes('cluster_state:ok'),
    { what: 'cluster ok' },
  );
  // The fourth node joins as a replica of the first: it holds the same keys and must not report them twice.
  const add = spawnSync(
    'redis-cli',
    ['--cluster', 'add-node', `127.0.0.1:${nodes[3]?.port}`, `127.0.0.1:${seed.port}`, '--cluster-slave', '--cluster-master-id', String(await seed.cmd('CLUSTER', 'MYID'))],
    { encoding: 'utf8' },
  );
  if (add.status !== 0) throw new Error(`add replica failed: ${add.stdout}${add.stderr}`);
  await waitFor(
    () => seed.info('replication'),
    (i) => /slave0:.*state=online/.test(i),
    { what: 'cluster replica online' },
  );
  // Keys spread over all slots: each node answers SET only for its own, so use redis-cli -c.
  for (let i = 0; i < 30; i++) {
    const set = spawnSync('redis-cli', ['-c', '-p', String(seed.port), 'SET', `job:${i}`, String(i)], { encoding: 'utf8' });
    if (set.status !== 0) throw new Error(set.stderr);
  }
  spawnSync('redis-cli', ['-c', '-p', String(seed.port), 'RPUSH', 'queue', 'a', 'b']);
});

afterAll(async () => {
  for (const s of stops) await s();
  await stopAllRedis();
});

const keySeries = (x: Exposition, name: string) =>
  x
    .all(name)
    .map((s) => `${s.labels.db}|${s.labels.key}|${s.value}`)
    .sort();

describe('--is-cluster with --check-keys', () => {
  it('reports every key once, with the values redis_exporter 1.45 reports', async () => {
    const seed = nodes[0] as RedisHandle;
    const flags = { 'check-keys': 'job:*', 'check-single-keys': 'queue,absent' };
    const theirs = await startRedisExporter(seed.url, ['--is-cluster', '--check-keys', flags['check-keys'], '--check-single-keys', flags['check-single-keys']]);
    stops.push(() => theirs.stop());
    const them = parseExposition(await theirs.scrape());
    const e: TestExporter = await startTestExporter({ 'redis.addr': seed.url, 'is-cluster': 'true', ...flags });
    stops.push(() => e.stop());
    const targets = nodes.map((n) => n.url);
    const us = await waitFor(
      () => e.metrics(),
      (x) => targets.every((t) => x.get('redis_keychecks_last_pass_timestamp_seconds', { target: t }) !== undefined || t === nodes[3]?.url) && x.all('redis_key_size').length >= 31,
      { what: 'a key-check pass on every primary' },
    );
    // Every key once: each single key on the node owning its slot (the others get MOVED), each
    // pattern match on the primary holding it.
    const ourSizes = keySeries(us, 'redis_key_size');
    const expected = [...Array.from({ length: 30 }, (_, i) => `db0|job:${i}|${String(i).length}`), 'db0|queue|2', 'db0|absent|0'].sort();
    expect(ourSizes).toEqual(expected);
    expect(keySeries(us, 'redis_key_value')).toEqual(Array.from({ length: 30 }, (_, i) => `db0|job:${i}|${i}`).sort());
    // redis_exporter 1.45 SCANs only the node its cluster connection lands on, so it sees a subset;
    // whatever it reports, redis-vitals reports with the same value.
    expect(keySeries(them, 'redis_key_size').length).toBeGreaterThan(2);
    expect(keySeries(them, 'redis_key_size').filter((s) => !ourSizes.includes(s))).toEqual([]);
    expect(keySeries(them, 'redis_key_value').filter((s) => !keySeries(us, 'redis_key_value').includes(s))).toEqual([]);
    // The replica reports no key of its master.
    expect(us.all('redis_key_size').filter((s) => s.labels.target === nodes[3]?.url)).toEqual([]);
  });
});
