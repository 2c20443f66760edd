import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/config/argv.js';
import { containerPaths, interpolate, mountsOf, readCompose } from '../helpers/compose.js';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { freePort } from '../helpers/ports.js';
import { requireBinary } from '../helpers/redis-server.js';
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

async function send(port: number, password: string | undefined, ...args: string[]): Promise<unknown> {
  const c = createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: false, connectTimeout: 2000 }, ...(password ? { password } : {}) });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await c.sendCommand(args);
  } finally {
    c.destroy();
  }
}

describe('compose: Redis from its secret, redis-vitals authenticating with it', () => {
  it('starts redis-server with requirepass from the secret (not in argv) and the exporter polls it', async () => {
    requireBinary('redis-server', 'redis-server');
    const redis = compose.services.redis;
    const [shell, flag, script] = (redis?.entrypoint ?? []).map(interpolate);
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

    const child = spawn('sh', ['-c', localScript], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    cleanups.push(async () => {
      await send(port, SECRET, 'SHUTDOWN', 'NOSAVE').catch(() => undefined);
      child.kill('SIGKILL');
    });
    await waitFor(
      () => (child.exitCode === null ? send(port, SECRET, 'PING') : Promise.reject(new Error(`exited ${child.exitCode}: ${output}`))),
      (r) => r === 'PONG',
      { what: 'redis-server from the compose entrypoint' },
    );

    await expect(send(port, undefined, 'PING')).rejects.toThrow(/NOAUTH/);
    // The mounted redis.conf was applied, including dir on the (mapped) data volume.
    const config = async (name: string) => {
      const r = await send(port, SECRET, 'CONFIG', 'GET', name);
      return Array.isArray(r) ? r[1] : (r as Record<string, unknown>)[name];
    };
    expect(await config('appendonly')).toBe('yes');
    expect(await config('dir')).toBe(paths.map('/data'));
    // `exec`: Redis replaced the shell, and the password is on no command line.
    const pid = /process_id:(\d+)/.exec(String(await send(port, SECRET, 'INFO', 'server')))?.[1];
    expect(Number(pid)).toBe(child.pid);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain(SECRET);

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
    const m = await waitFor(() => exporter.metrics(), (e) => e.get('redis_up') !== undefined, { what: 'a first poll' });
    expect(m.get('redis_up')).toBe(1);
    // Values from the mounted redis.conf reach the metrics.
    expect(m.get('redis_aof_enabled')).toBe(1);
    expect(m.get('redis_config_maxmemory')).toBe(256 * 1024 * 1024);
    // The sidecar's host view: the data volume, the host's /sys, Redis's process (shared PID namespace).
    const host = await waitFor(() => exporter.metrics(), (e) => e.get('redis_host_data_dir_filesystem_size_bytes') !== undefined, { what: 'host metrics' });
    expect(host.get('redis_host_data_dir_writable')).toBe(1);
    expect(host.get('redis_process_swap_bytes')).toBeGreaterThanOrEqual(0);
    expect(host.all('redis_host_transparent_hugepage_enabled').length).toBeGreaterThan(0);
    expect(host.get('redis_host_vm_overcommit_memory')).toBeGreaterThanOrEqual(0);
    const text = await exporter.scrape();
    expect(text).not.toContain(SECRET);
    expect(exporter.logs.join('\n')).not.toContain(SECRET);
  });
});
