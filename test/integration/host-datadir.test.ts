import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { mountTmpfs, startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/** `df -B1` numbers for a path: what an operator would compare against. */
function df(dir: string): { size: number; avail: number; ifree: number } {
  const r = spawnSync('df', ['-B1', '--output=size,avail,iavail', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`df failed: ${r.stderr}`);
  const [size, avail, ifree] = (r.stdout.trim().split('\n')[1] ?? '').trim().split(/\s+/).map(Number) as [number, number, number];
  return { size, avail, ifree };
}

function statFile(path: string): { size: number; mtime: number } {
  const r = spawnSync('stat', ['-c', '%s %Y', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`stat failed: ${r.stderr}`);
  const [size, mtime] = r.stdout.trim().split(' ').map(Number) as [number, number];
  return { size, mtime };
}

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  await stopAllRedis();
  for (const c of cleanups.reverse()) await c();
});

async function exporterFor(redis: RedisHandle): Promise<TestExporter> {
  const exp = await startTestExporter({ 'redis.addr': redis.url });
  cleanups.push(() => exp.stop());
  await waitFor(
    () => exp.metrics(),
    (m) => m.get('redis_host_data_dir_filesystem_size_bytes') !== undefined,
    { what: 'first host data-dir series' },
  );
  return exp;
}

describe('data directory on a small tmpfs', () => {
  it('size, avail and free inodes match df; filling the disk moves avail down; a read-only remount shows', async () => {
    const fs = mountTmpfs(1024);
    cleanups.push(() => fs.unmount());
    const redis = await startRedis({ dir: fs.dir });
    const exp = await exporterFor(redis);
    const before = df(fs.dir);
    const m = await waitFor(
      () => exp.metrics(),
      (x) => x.get('redis_host_data_dir_filesystem_avail_bytes') === before.avail,
      { what: 'avail = df' },
    );
    expect(m.get('redis_host_data_dir_filesystem_size_bytes')).toBe(before.size);
    expect(before.size).toBe(1024 * 1024);
    expect(m.get('redis_host_data_dir_filesystem_files_free')).toBe(before.ifree);
    expect(m.get('redis_host_data_dir_filesystem_readonly')).toBe(0);
    expect(m.get('redis_host_data_dir_writable')).toBe(1);
    // The data dir's path and mount on /metrics, as remedies name them.
    expect(m.get('redis_host_data_dir_info', { path: realpathSync(fs.dir), mount_point: fs.dir, fstype: 'tmpfs' })).toBe(1);
    // tmpfs has no block device: no disk series, and that is not a failure.
    expect(m.all('redis_host_data_dir_disk_io_time_seconds_total')).toEqual([]);
    expect(m.get('redis_vitals_collector_success', { collector: 'host_diskio' })).toBe(1);

    writeFileSync(join(fs.dir, 'ballast'), Buffer.alloc(400 * 1024, 1));
    const after = df(fs.dir);
    expect(after.avail).toBeLessThanOrEqual(before.avail - 400 * 1024);
    await waitFor(
      () => exp.metrics(),
      (x) => x.get('redis_host_data_dir_filesystem_avail_bytes') === after.avail,
      { what: 'avail after filling = df' },
    );

    const remount = (mode: string) => {
      const r = spawnSync('mount', ['-o', `remount,${mode}`, fs.dir], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`remount ${mode} failed: ${r.stderr}`);
    };
    remount('ro');
    cleanups.push(() => remount('rw'));
    const ro = await waitFor(
      () => exp.metrics(),
      (x) => x.get('redis_host_data_dir_filesystem_readonly') === 1,
      { what: 'readonly 1' },
    );
    expect(ro.get('redis_host_data_dir_writable')).toBe(0);
    remount('rw');
    await waitFor(
      () => exp.metrics(),
      (x) => x.get('redis_host_data_dir_filesystem_readonly') === 0 && x.get('redis_host_data_dir_writable') === 1,
      { what: 'rw again' },
    );
  });

  it('RDB size and mtime match stat after SAVE', async () => {
    const fs = mountTmpfs(2048);
    cleanups.push(() => fs.unmount());
    const redis = await startRedis({ dir: fs.dir, args: ['--dbfilename', 'snap.rdb'] });
    const exp = await exporterFor(redis);
    expect((await exp.metrics()).get('redis_rdb_file_size_bytes')).toBeUndefined();
    await redis.cmd('DEBUG', 'POPULATE', '2000', 'key', '100');
    expect(await redis.cmd('SAVE')).toBe('OK');
    const want = statFile(join(fs.dir, 'snap.rdb'));
    expect(want.size).toBeGreaterThan(1000);
    const m = await waitFor(
      () => exp.metrics(),
      (x) => x.get('redis_rdb_file_size_bytes') === want.size,
      { what: 'RDB size = stat' },
    );
    expect(m.get('redis_rdb_file_mtime_seconds')).toBe(want.mtime);
  });

  it('with appendonly yes, the manifest is read and base/incr sizes match the files', async () => {
    const fs = mountTmpfs(4096);
    cleanups.push(() => fs.unmount());
    const redis = await startRedis({ dir: fs.dir, args: ['--appendonly', 'yes', '--appendfsync', 'always'] });
    const exp = await exporterFor(redis);
    for (let i = 0; i < 50; i++) await redis.cmd('SET', `k${i}`, 'x'.repeat(200));
    const aofDir = join(fs.dir, 'appendonlydir');
    type Sums = { base: number; incr: number; history: number };
    const sizesOnDisk = (): Sums => {
      const sums: Sums = { base: 0, incr: 0, history: 0 };
      const names = { b: 'base', i: 'incr', h: 'history' } as const;
      for (const line of readFileSync(join(aofDir, 'appendonly.aof.manifest'), 'utf8').trim().split('\n')) {
        const [, file = '', , , , type = ''] = line.split(' ');
        const kind = names[type as keyof typeof names];
        // Redis deletes history files in the background right after a rewrite.
        if (existsSync(join(aofDir, file))) sums[kind] += statFile(join(aofDir, file)).size;
      }
      return sums;
    };
    const check = async (what: string) => {
      const want = sizesOnDisk();
      const m = await waitFor(
        () => exp.metrics(),
        (x) => (['base', 'incr', 'history'] as const).every((t) => x.get('redis_aof_files_size_bytes', { type: t }) === want[t]),
        { what },
      );
      return { m, want };
    };
    const first = await check('AOF sizes = stat of manifest files');
    expect(first.want.incr).toBeGreaterThan(50 * 200);
    // After a rewrite the data moves into a new base file; the incr part starts over.
    await redis.cmd('BGREWRITEAOF');
    await waitFor(
      () => redis.info('persistence'),
      (i) => /aof_rewrites:1\r?\n/.test(i) && /aof_rewrite_in_progress:0/.test(i) && /aof_last_bgrewrite_status:ok/.test(i),
      { what: 'rewrite done' },
    );
    const second = await check('AOF sizes after rewrite = stat');
    // The rewritten base is an RDB (LZF-compressed values), larger than the empty one at start.
    expect(second.want.base).toBeGreaterThan(first.want.base);
    expect(second.want.incr).toBeLessThan(first.want.incr);
  });
});

describe('data directory on a real disk', () => {
  it('names the disk behind the data dir and reports its counters and a 0–1 utilization', async () => {
    const redis = await startRedis();
    const exp = await exporterFor(redis);
    const r = spawnSync('findmnt', ['-no', 'MAJ:MIN', '-T', redis.dir], { encoding: 'utf8' });
    const majmin = r.stdout.trim();
    if (majmin.startsWith('0:')) throw new Error(`${redis.dir} is not on a block device here (${majmin}); this test needs a disk-backed tmpdir`);
    // Independently of the code: the sysfs name of that device, or its parent disk for a partition.
    const real = realpathSync(`/sys/dev/block/${majmin}`);
    const isPart = (() => {
      try {
        return statSync(join(real, 'partition')).isFile();
      } catch {
        return false;
      }
    })();
    const device = basename(isPart ? join(real, '..') : real);
    const m = await waitFor(
      () => exp.metrics(),
      (x) => x.get('redis_host_data_dir_disk_utilization_ratio', { device }) !== undefined,
      { what: `utilization of ${device}` },
    );
    const ratio = m.get('redis_host_data_dir_disk_utilization_ratio', { device }) as number;
    expect(ratio).toBeGreaterThanOrEqual(0);
    expect(ratio).toBeLessThanOrEqual(1);
    expect(m.types.get('redis_host_data_dir_disk_io_time_seconds_total')).toBe('counter');
    for (const name of [
      'redis_host_data_dir_disk_io_time_seconds_total',
      'redis_host_data_dir_disk_write_bytes_total',
      'redis_host_data_dir_disk_write_time_seconds_total',
      'redis_host_data_dir_disk_io_in_progress',
    ]) {
      expect(m.get(name, { device }), name).toBeGreaterThanOrEqual(0);
    }
    // The write counter moves when Redis writes to that disk.
    const written = m.get('redis_host_data_dir_disk_write_bytes_total', { device }) as number;
    await redis.cmd('DEBUG', 'POPULATE', '20000', 'key', '100');
    await redis.cmd('SAVE');
    spawnSync('sync');
    await waitFor(
      () => exp.metrics(),
      (x) => (x.get('redis_host_data_dir_disk_write_bytes_total', { device }) ?? 0) > written,
      { what: 'write bytes grow' },
    );
  });

  it('keeps host series while Redis is down, with the last known data dir', async () => {
    // Our own dir: the harness deletes a dir it made when the server stops.
    const dir = mkdtempSync(join(tmpdir(), 'rv-host-down-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const redis = await startRedis({ dir });
    const exp = await exporterFor(redis);
    await redis.stop();
    const again = await waitFor(
      () => exp.metrics(),
      (x) => x.get('redis_up') === 0,
      { what: 'redis_up 0' },
    );
    expect(again.get('redis_host_data_dir_filesystem_size_bytes')).toBeGreaterThan(0);
    expect(again.get('redis_host_memory_total_bytes')).toBeGreaterThan(0);
    expect(again.get('redis_host_vm_overcommit_memory')).toBeDefined();
    expect(again.get('redis_host_data_dir_writable')).toBe(1);
    expect(again.get('redis_vitals_collector_success', { collector: 'host_datadir' })).toBe(1);
    // The process areas need a live pid: their series go with Redis.
    expect(again.get('redis_process_swap_bytes')).toBeUndefined();
  });
});
