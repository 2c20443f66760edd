import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter } from '../helpers/exporter.js';
import { requireRoot, startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

const NOBODY = 65534;
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  await stopAllRedis();
  for (const c of cleanups.reverse()) await c();
});

/** A data dir owned by root with the given mode; Redis runs as nobody in it. */
async function nobodyIn(mode: number) {
  requireRoot('run redis-server as nobody in a root-owned directory');
  const dir = mkdtempSync(join(tmpdir(), 'rv-writable-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  chownSync(dir, 0, 0);
  chmodSync(dir, mode);
  const redis = await startRedis({ uid: NOBODY, gid: NOBODY, dir });
  // The exporter runs as root: a check of its own access would say "writable" either way.
  const exp = await startTestExporter({ 'redis.addr': redis.url });
  cleanups.push(() => exp.stop());
  const m = await waitFor(
    () => exp.metrics(),
    (x) => x.get('redis_host_data_dir_writable') !== undefined,
    { what: 'writable series' },
  );
  return { redis, m };
}

describe('redis_host_data_dir_writable is judged for the Redis process user, not the exporter', () => {
  it('nobody in a root-owned 0755 dir → 0, and Redis indeed cannot save there', async () => {
    const { redis, m } = await nobodyIn(0o755);
    expect(m.get('redis_host_data_dir_writable')).toBe(0);
    expect(m.get('redis_host_data_dir_filesystem_readonly')).toBe(0);
    // Ground truth: the same Redis fails to write its RDB.
    await expect(redis.cmd('SAVE')).rejects.toThrow(/ERR/);
  });

  it('nobody in a root-owned 0777 dir → 1, and Redis indeed can save there', async () => {
    const { redis, m } = await nobodyIn(0o777);
    expect(m.get('redis_host_data_dir_writable')).toBe(1);
    expect(await redis.cmd('SAVE')).toBe('OK');
  });
});
