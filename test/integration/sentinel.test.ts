import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { freePort } from '../helpers/ports.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Sentinel-managed Redis: redis-vitals watches the data nodes (master and replicas), listed as
 * targets; after a failover the same targets report their new roles. Pointed at the Sentinel
 * itself it says so once.
 */
const exporters: TestExporter[] = [];
let sentinel: ChildProcess | undefined;
afterAll(async () => {
  await Promise.all(exporters.map((e) => e.stop()));
  sentinel?.kill('SIGKILL');
  await stopAllRedis();
});

async function startSentinel(masterPort: number): Promise<number> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rv-sentinel-'));
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(
    conf,
    `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor mymaster 127.0.0.1 ${masterPort} 1\nsentinel down-after-milliseconds mymaster 1000\nsentinel failover-timeout mymaster 5000\n`,
  );
  sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  return port;
}

describe('Sentinel-managed Redis', () => {
  it('polls the data nodes; after a failover their roles swap; a Sentinel target is named as such', async () => {
    const master = await startRedis();
    const replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(master.port)] });
    await waitFor(
      () => master.info('replication'),
      (i) => /slave0:.*state=online/.test(i),
      { what: 'replica online' },
    );
    const sentinelPort = await startSentinel(master.port);
    const dir = mkdtempSync(join(tmpdir(), 'rv-sentinel-cfg-'));
    writeFileSync(
      join(dir, 'c.yml'),
      `targets:\n  - name: node-a\n    addr: ${master.url}\n  - name: node-b\n    addr: ${replica.url}\n  - name: sentinel\n    addr: redis://127.0.0.1:${sentinelPort}\n`,
    );
    const e = await startTestExporter({ 'config.file': join(dir, 'c.yml') });
    exporters.push(e);
    const role = (m: Awaited<ReturnType<TestExporter['metrics']>>, t: string) => m.all('redis_instance_info').find((s) => s.labels.target === t)?.labels.role;
    await waitFor(
      () => e.metrics(),
      (m) => role(m, 'node-a') === 'master' && role(m, 'node-b') === 'slave',
      { what: 'initial roles' },
    );

    await waitFor(
      async () => {
        const { createClient } = await import('redis');
        const c = createClient({ socket: { host: '127.0.0.1', port: sentinelPort, reconnectStrategy: false } });
        c.on('error', () => undefined);
        await c.connect();
        try {
          return String(await c.sendCommand(['SENTINEL', 'FAILOVER', 'mymaster']));
        } finally {
          c.destroy();
        }
      },
      (r) => r === 'OK',
      { what: 'Sentinel to accept the failover', intervalMs: 200 },
    );
    const after = await waitFor(
      () => e.metrics(),
      (m) => role(m, 'node-a') === 'slave' && role(m, 'node-b') === 'master',
      { what: 'roles swapped', timeoutMs: 30_000 },
    );
    expect(after.get('redis_up', { target: 'node-b' })).toBe(1);
    expect(after.all('redis_instance_info').find((s) => s.labels.target === 'sentinel')?.labels.redis_mode).toBe('sentinel');
    expect(e.logs.filter((l) => l.includes('is a Redis Sentinel'))).toHaveLength(1);
  }, 60_000);
});
