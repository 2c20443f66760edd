import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/config/argv.js';
import { loadConfig } from '../../src/config/config.js';
import { expandK8s, kustomize, podPaths } from '../helpers/k8s.js';
import { SECRETS, TEST_SECRET, containerEnv, containerOf, statefulSet } from '../helpers/k8s-pod.js';
import { startTestExporter } from '../helpers/exporter.js';
import { freePort } from '../helpers/ports.js';
import { runRedisScript } from '../helpers/redis-script.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The containers of deploy/kubernetes, run as far as this machine allows: the Redis container's
 * command starts a real redis-server from the built ConfigMap and the Secret file, and the
 * redis-vitals containers' args and env go through our own config loader, with every volume
 * mapped to a temp directory. The fleet's shards are checked the same way.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const all = kustomize(join(root, 'deploy/kubernetes'));
const SECRET = TEST_SECRET;
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('deploy/kubernetes containers, run here', () => {
  it("sidecar pod: Redis starts from the ConfigMap with the Secret's password, and redis-vitals polls it with its own args and env", async () => {
    const { pod, claims } = statefulSet(all, 'redis');
    const volumes = podPaths(pod, claims, all, SECRETS);
    cleanups.push(() => rmSync(volumes.root, { recursive: true, force: true }));
    const redisC = containerOf(pod, 'redis');
    const [sh, flag, script = ''] = (redisC.command ?? []).map((a) =>
      expandK8s(
        a,
        containerEnv(redisC, 'redis-0', (p) => p),
      ),
    );
    expect([sh, flag]).toEqual(['sh', '-c']);
    const inRedis = volumes.forContainer('redis');
    const confPath = /redis-server (\S+\.conf)/.exec(script)?.[1] ?? '';
    const localConf = inRedis.map(confPath);
    const port = await freePort();
    // Outside a pod it must not take 6379 on every interface: only these two lines are added.
    writeFileSync(localConf, `${readFileSync(localConf, 'utf8')}\nport ${port}\nbind 127.0.0.1\n`);
    const redis = await runRedisScript(inRedis.rewrite(script), port, SECRET);
    cleanups.push(() => redis.stop());
    await expect(redis.send(undefined, 'PING')).rejects.toThrow(/NOAUTH/);
    expect(await redis.config('dir')).toBe(inRedis.map('/data'));
    expect(await redis.config('maxmemory')).toBe(String(512 * 1024 * 1024));
    expect(redis.pid).toBe(redis.shellPid);
    expect(redis.cmdline()).not.toContain(SECRET);

    const vitalsC = containerOf(pod, 'redis-vitals');
    const inVitals = volumes.forContainer('redis-vitals');
    const env = containerEnv(vitalsC, 'redis-0', inVitals.map);
    const argv = parseArgv((vitalsC.args ?? []).map((a) => inVitals.map(expandK8s(a, env))));
    expect(argv.positionals).toEqual(['serve']);
    const config = loadConfig(argv.values, env);
    // In the pod, Redis is the other container: localhost at the redis container's port.
    expect(config.targets[0]?.address.host).toBe('localhost');
    expect(config.targets[0]?.address.port).toBe(redisC.ports?.find((p) => p.name === 'redis')?.containerPort);
    expect(config.targets[0]?.password).toBe(SECRET);
    expect(config.host.collect).toBe('on');
    const exporter = await startTestExporter({ ...Object.fromEntries(argv.values), 'redis.addr': `redis://127.0.0.1:${port}` }, env);
    cleanups.push(() => exporter.stop());
    const m = await waitFor(
      () => exporter.metrics(),
      (e) => e.get('redis_host_data_dir_filesystem_size_bytes') !== undefined,
      { what: 'a poll with host metrics' },
    );
    expect(m.get('redis_up')).toBe(1);
    expect(m.get('redis_config_maxmemory')).toBe(512 * 1024 * 1024);
    expect(m.get('redis_host_data_dir_writable')).toBe(1);
    expect(m.get('redis_process_swap_bytes')).toBeGreaterThanOrEqual(0);
    expect(await exporter.scrape()).not.toContain(SECRET);
  });

  it('fleet: every replica loads its config, and the shards split the targets list exactly once', () => {
    const { sts, pod, replicas, claims } = statefulSet(all, 'redis-vitals-fleet');
    const volumes = podPaths(pod, claims, all, SECRETS);
    cleanups.push(() => rmSync(volumes.root, { recursive: true, force: true }));
    const c = containerOf(pod, 'redis-vitals');
    const inC = volumes.forContainer('redis-vitals');
    const shards = Array.from({ length: replicas }, (_, i) => {
      const env = containerEnv(c, `${sts.metadata.name}-${i}`, inC.map);
      expect(env.REDIS_VITALS_SHARD_COUNT).toBe(String(replicas));
      const config = loadConfig(parseArgv((c.args ?? []).map((a) => expandK8s(a, env))).values, env);
      expect(config.shard).toEqual({ index: i, count: replicas });
      for (const t of config.targets) expect(t.password, t.name).toBe(SECRET);
      return config.targets.map((t) => t.name);
    });
    const everyTarget = Object.keys(SECRETS['redis-vitals-fleet-passwords'] ?? {}).sort();
    expect(shards.flat().sort()).toEqual(everyTarget);
    for (const s of shards) expect(s.length, 'each replica polls part of the fleet').toBeGreaterThan(0);
  });
});
