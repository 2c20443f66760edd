import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, truncateSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDataDir } from '../../src/host/data-dir.js';
import { keptFileCount, readKeptFile } from '../../src/host/kept-file.js';
import { readPersistenceFiles } from '../../src/host/persistence-files.js';
import { readAnonHugePages } from '../../src/host/process.js';
import { SharedHostReads } from '../../src/host/shared-reads.js';

/**
 * The poll's host reads that now skip work between polls (issue 15): a kept descriptor read
 * with pread, the AOF manifest re-read only when its stat changes, the data dir's realpath on
 * the slow cadence. Real files in a temporary directory and this process's own /proc.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'rv-kept-'));
  dirs.push(d);
  return d;
};
const roots = { procfs: '/proc', sysfs: '/sys', rootfs: '/' };

describe('readKeptFile', () => {
  it('reads the file afresh each time through one kept descriptor, and reopens a path whose old file reads empty', async () => {
    const dir = tmp();
    const path = join(dir, 'f');
    writeFileSync(path, 'one');
    const before = keptFileCount();
    expect(await readKeptFile(path)).toBe('one');
    expect(keptFileCount()).toBe(before + 1);
    // Rewritten in place: the kept descriptor sees the new content (pread from offset 0).
    writeFileSync(path, 'two!');
    expect(await readKeptFile(path)).toBe('two!');
    // As a /proc file of an exited process: the old file reads empty, and a new one is at the path.
    truncateSync(path, 0);
    const next = join(dir, 'g');
    writeFileSync(next, 'three');
    renameSync(next, path);
    expect(await readKeptFile(path)).toBe('three');
    expect(keptFileCount()).toBe(before + 1);
  });

  it('a missing file is ENOENT, as readFile said, and keeps no descriptor', async () => {
    const before = keptFileCount();
    await expect(readKeptFile(join(tmp(), 'nope'))).rejects.toThrow(/ENOENT/);
    expect(keptFileCount()).toBe(before);
  });

  it("reads this process's smaps_rollup the same way as a whole-file read", async () => {
    const n = await readAnonHugePages(roots, process.pid);
    expect(Number.isInteger(n) && n >= 0).toBe(true);
  });
});

describe('AOF manifest, stat-gated', () => {
  const cfg = undefined;
  it('is re-read when Redis replaces it (rename: a new inode) and not while its stat is unchanged', async () => {
    const dir = tmp();
    const aof = join(dir, 'appendonlydir');
    mkdirSync(aof);
    writeFileSync(join(aof, 'appendonly.aof.1.base.rdb'), Buffer.alloc(100));
    writeFileSync(join(aof, 'appendonly.aof.2.base.rdb'), Buffer.alloc(200));
    const manifest = join(aof, 'appendonly.aof.manifest');
    writeFileSync(manifest, 'file appendonly.aof.1.base.rdb seq 1 type b\n');
    utimesSync(manifest, 1_700_000_000, 1_700_000_000);
    expect((await readPersistenceFiles(dir, cfg)).aof).toEqual({ base: 100, incr: 0, history: 0 });
    // Same inode, size and mtime but other text: the last parse is reused (this is the gate).
    writeFileSync(manifest, 'file appendonly.aof.2.base.rdb seq 2 type b\n');
    utimesSync(manifest, 1_700_000_000, 1_700_000_000);
    expect((await readPersistenceFiles(dir, cfg)).aof).toEqual({ base: 100, incr: 0, history: 0 });
    // Replaced the way Redis does it (temp file renamed over it): read again.
    writeFileSync(join(aof, 'tmp'), 'file appendonly.aof.2.base.rdb seq 2 type b\n');
    renameSync(join(aof, 'tmp'), manifest);
    expect((await readPersistenceFiles(dir, cfg)).aof).toEqual({ base: 200, incr: 0, history: 0 });
    // Gone: no AOF, as before.
    unlinkSync(manifest);
    expect((await readPersistenceFiles(dir, cfg)).aof).toBeUndefined();
  });
});

describe('data dir realpath on the slow cadence', () => {
  it('a re-pointed symlink is followed at once when the old target stops working', async () => {
    const base = tmp();
    mkdirSync(join(base, 'a'));
    mkdirSync(join(base, 'b'));
    symlinkSync(join(base, 'a'), join(base, 'data'));
    const shared = new SharedHostReads(1000, () => 0, 60_000);
    const loc = { redisPath: join(base, 'data'), hostPath: join(base, 'data') };
    const first = await readDataDir(loc, roots, undefined, undefined, shared);
    expect(first.path).toBe(join(base, 'data'));
    // a goes away and the link now leads to b: the cached realpath fails once, then is resolved again.
    rmSync(join(base, 'a'), { recursive: true });
    unlinkSync(join(base, 'data'));
    symlinkSync(join(base, 'b'), join(base, 'data'));
    await expect(readDataDir(loc, roots, undefined, undefined, shared)).rejects.toThrow(/ENOENT/);
    const again = await readDataDir(loc, roots, undefined, undefined, shared);
    expect(again.sizeBytes).toBeGreaterThan(0);
  });
});
