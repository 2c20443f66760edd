import { chmodSync, mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { monotonicMs } from '../../src/host/clock.js';
import { readDataDir } from '../../src/host/data-dir.js';
import { hasProjectQuota, isLocalFsType, keptDirCount, releaseDirsOf } from '../../src/host/kept-dir.js';
import { SharedHostReads } from '../../src/host/shared-reads.js';
import type { ProcessCredentials } from '../../src/parse/proc-status.js';
import { parseMountinfo } from '../../src/parse/mountinfo.js';
import { fsRequestsDuring } from '../helpers/fs-requests.js';
import { mountTmpfs } from '../helpers/redis-server.js';

/**
 * The data dir's stat and statfs go through a descriptor kept open to it, on the event loop, when
 * its filesystem is a local one (here a real tmpfs, mounted for the test: needs root, as CI is):
 * no thread-pool request in a poll, and a filling disk or a mode change still shows in the very
 * next reading.
 */

const roots = { procfs: '/proc', sysfs: '/sys', rootfs: '/' };
const pid = 4_000_000 + (process.pid % 100_000); // a key only: no process is read
const creds: ProcessCredentials = { fsUid: 4321, fsGid: 4321, groups: [], capEff: 0n };
const cleanups: (() => void)[] = [];
afterAll(() => {
  releaseDirsOf(pid);
  for (const c of cleanups.reverse()) c();
});

const loc = (dir: string) => ({ redisPath: dir, hostPath: dir });
/** `redisDown`: no verified Redis pid this poll. */
const read = (dir: string, shared: SharedHostReads | undefined, redisDown = false) => fsRequestsDuring(() => readDataDir(loc(dir), roots, creds, redisDown ? undefined : pid, shared));

describe('data dir read through a kept descriptor on a local filesystem', () => {
  it('no pool request once kept; a filling tmpfs and a chmod show in the next reading', async () => {
    const fs = mountTmpfs(1024);
    cleanups.push(() => fs.unmount());
    const shared = new SharedHostReads(1000, monotonicMs, 60_000);
    const first = await read(fs.dir, shared);
    expect(first.made).toBeGreaterThan(0);
    expect(keptDirCount()).toBeGreaterThan(0);
    const second = await read(fs.dir, shared);
    expect(second.made).toBe(0);
    // The same reading as by path on the pool (nothing changed in between on this private tmpfs).
    expect(second.value).toEqual((await read(fs.dir, undefined)).value);
    expect(second.value.writable).toBe(true); // mode 0777

    // Fill it: the next reading sees the disk full, still without the pool.
    try {
      writeFileSync(join(fs.dir, 'fill'), Buffer.alloc(2 * 1024 * 1024));
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    const full = await read(fs.dir, shared);
    expect(full.made).toBe(0);
    expect(full.value.availBytes).toBe(0);
    const s = statfsSync(fs.dir);
    expect(full.value.filesFree).toBe(s.ffree);

    chmodSync(fs.dir, 0o755);
    const locked = await read(fs.dir, shared);
    expect(locked.made).toBe(0);
    expect(locked.value.writable).toBe(false);

    // Redis gone (host-datadir.ts releases that pid): the directory is no longer held open.
    const before = keptDirCount();
    releaseDirsOf(pid);
    expect(keptDirCount()).toBe(before - 1);
    expect((await read(fs.dir, shared)).made).toBeGreaterThan(0);
  });

  it('once per slow window one stat by path checks the directory; a filesystem mounted over it is then read', async () => {
    const lower = mountTmpfs(1024);
    cleanups.push(() => lower.unmount());
    const shared = new SharedHostReads(1000, monotonicMs, 200);
    await read(lower.dir, shared);
    const kept = await read(lower.dir, shared);
    expect(kept.made).toBe(0);
    expect(kept.value.sizeBytes).toBe(1024 * 1024);
    // Within the window nothing walks the path; after it, the slow window's realpath and one stat
    // (same directory: still kept).
    const waitWindow = async () => {
      const from = monotonicMs();
      await vi.waitFor(() => expect(monotonicMs() - from).toBeGreaterThanOrEqual(220), { interval: 20, timeout: 5_000 });
    };
    await waitWindow();
    expect((await read(lower.dir, shared)).made).toBe(2);
    expect((await read(lower.dir, shared)).made).toBe(0);
    // A bigger tmpfs mounted on top: seen at the next check, not before.
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2048k,mode=0777', 'tmpfs', lower.dir]);
    expect(r.status).toBe(0);
    cleanups.push(() => spawnSync('umount', ['-l', lower.dir]));
    expect((await read(lower.dir, shared)).value.sizeBytes).toBe(1024 * 1024);
    await waitWindow();
    const upper = await read(lower.dir, shared);
    expect(upper.made).toBeGreaterThan(2);
    expect(upper.value.sizeBytes).toBe(2048 * 1024);
    expect((await read(lower.dir, shared)).made).toBe(0);
  });

  it('a deleted directory is read by path again (and fails as before); no Redis pid: never kept', async () => {
    const base = mkdtempSync(join(tmpdir(), 'rv-kept-dir-'));
    cleanups.push(() => rmSync(base, { recursive: true, force: true }));
    const dir = join(base, 'data');
    mkdirSync(dir);
    const shared = new SharedHostReads(1000, monotonicMs, 60_000);
    expect(isLocalFsType(statfsSync(dir).type), `${dir} must be on ext2/3/4 or tmpfs for this test`).toBe(true);
    await read(dir, shared);
    expect((await read(dir, shared)).made).toBe(0);
    rmSync(dir, { recursive: true });
    await expect(read(dir, shared)).rejects.toThrow(/ENOENT/);
    // Redis down (no verified pid): the path, on the pool, every time.
    mkdirSync(dir);
    await read(dir, shared, true);
    expect((await read(dir, shared, true)).made).toBeGreaterThan(0);
  });

  it('procfs is not a local disk filesystem: read by path on the pool every time', async () => {
    const shared = new SharedHostReads(1000, monotonicMs, 60_000);
    await read('/proc/self', shared);
    expect((await read('/proc/self', shared)).made).toBeGreaterThan(0);
  });

  it('kept only for ext2/3/4 and tmpfs (not XFS: statfs could wait on 5.15-5.18), and not under project quotas', () => {
    expect([0xef53, 0x01021994].every(isLocalFsType)).toBe(true);
    expect([0x58465342 /* xfs */, 0x6969 /* nfs */, 0x65735546 /* fuse */, 0x794c7630 /* overlay */, 0x9123683e /* btrfs */].some(isLocalFsType)).toBe(false);
    const [xfs, ext4, plain] = parseMountinfo(
      ['40 1 8:1 / /data rw,relatime - xfs /dev/sda1 rw,attr2,inode64,prjquota', '41 1 8:2 / /var rw - ext4 /dev/sda2 rw,prjquota', '42 1 8:3 / /srv rw - ext4 /dev/sda3 rw,usrquota'].join('\n'),
    );
    expect([xfs, ext4].every(hasProjectQuota)).toBe(true);
    expect(hasProjectQuota(plain)).toBe(false);
  });
});
