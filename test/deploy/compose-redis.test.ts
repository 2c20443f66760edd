import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/config/argv.js';
import { containerPaths, interpolate, mountsOf, readCompose } from '../helpers/compose.js';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { freePort } from '../helpers/ports.js';
import { runRedisScript } from '../helpers/redis-script.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The compose Redis service's entrypoint, run for real with its mounts mapped to temp paths: it
 * must start redis-server from the mounted redis.conf with the password from the secret file,
 * keep that password out of argv, and the redis-vitals service's flags must then authenticate
 * with the same secret file.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const composePath = join(root, 'deploy/docker-compose.yml');
const compose = readCompose(composePath, readFileSync(composePath, 'utf8'));
const SECRET = 'compose-redis-secret-8d2e41';
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('compose: Redis from its secret, redis-vitals authenticating with it', () => {
  it('starts redis-server with requirepass from the secret (not in argv) and the exporter polls it', async () => {
    const [shell, flag, script] = (compose.services.redis?.entrypoint ?? []).map(interpolate);
    expect([shell, flag]).toEqual(['sh', '-c']);

    // The container's view: secret, data volume and the mounted redis.conf (its paths mapped too).
    const paths = containerPaths(mountsOf(compose, 'redis'), SECRET);
    cleanups.push(() => rmSync(paths.root, { recursive: true, force: true }));
    const confTarget = mountsOf(compose, 'redis').find((m) => m.target.endsWith('.conf'));
    if (!confTarget) throw new Error('no redis.conf mounted');
    const port = await freePort();
    const scratch = mkdtempSync(join(tmpdir(), 'rv-compose-redis-'));
    cleanups.push(() => rmSync(scratch, { recursive: true, force: true }));
    const conf = join(scratch, 'redis.conf');
    // Outside a container it must not take 6379 on all interfaces: only these two lines are added.
    writeFileSync(conf, `${paths.rewrite(readFileSync(confTarget.source, 'utf8'))}\nport ${port}\nbind 127.0.0.1\n`);
    const localScript = paths.rewrite(String(script)).split(paths.map(confTarget.target)).join(conf);

    const redis = await runRedisScript(localScript, port, SECRET);
    cleanups.push(() => redis.stop());

    await expect(redis.send(undefined, 'PING')).rejects.toThrow(/NOAUTH/);
    // The mounted redis.conf was applied, including dir on the (mapped) data volume.
    expect(await redis.config('appendonly')).toBe('yes');
    expect(await redis.config('dir')).toBe(paths.map('/data'));
    // `exec`: Redis replaced the shell (it gets the container's signals); no password in argv.
    expect(redis.pid).toBe(redis.shellPid);
    expect(redis.cmdline()).not.toContain(SECRET);

    // redis-vitals with the compose service's flags and env; only the address is this machine's.
    const vitals = compose.services['redis-vitals'];
    const argv = parseArgv((vitals?.command ?? []).map(interpolate));
    const exporterPaths = containerPaths(mountsOf(compose, 'redis-vitals'), SECRET);
    cleanups.push(() => rmSync(exporterPaths.root, { recursive: true, force: true }));
    const env = Object.fromEntries(Object.entries(vitals?.environment ?? {}).map(([k, v]) => [k, exporterPaths.map(interpolate(v))]));
    // Paths in flags (--path.sysfs=/host/sys) follow the service's mounts to this machine's /sys.
    const mapped = [...argv.values].map(([k, v]) => [k, exporterPaths.map(v)]);
    const flags = { ...Object.fromEntries(mapped), 'redis.addr': `redis://127.0.0.1:${port}` };
    const exporter: TestExporter = await startTestExporter(flags, env);
    cleanups.push(() => exporter.stop());
    // A first poll may miss its deadline on a loaded machine; a wrong password never reaches 1.
    const m = await waitFor(
      () => exporter.metrics(),
      (e) => e.get('redis_up') === 1,
      { what: 'a successful poll (redis_up 1)' },
    );
    expect(m.get('redis_up')).toBe(1);
    // Values from the mounted redis.conf reach the metrics.
    expect(m.get('redis_aof_enabled')).toBe(1);
    expect(m.get('redis_config_maxmemory')).toBe(256 * 1024 * 1024);
    // The sidecar's host view: the data volume, the host's /sys, Redis's process (shared PID namespace).
    const host = await waitFor(
      () => exporter.metrics(),
      (e) => e.get('redis_host_data_dir_filesystem_size_bytes') !== undefined,
      { what: 'host metrics' },
    );
    expect(host.get('redis_host_data_dir_writable')).toBe(1);
    expect(host.get('redis_process_swap_bytes')).toBeGreaterThanOrEqual(0);
    expect(host.all('redis_host_transparent_hugepage_enabled').length).toBeGreaterThan(0);
    expect(host.get('redis_host_vm_overcommit_memory')).toBeGreaterThanOrEqual(0);
    const text = await exporter.scrape();
    expect(text).not.toContain(SECRET);
    expect(exporter.logs.join('\n')).not.toContain(SECRET);
  });
});
