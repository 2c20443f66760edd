import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKernelFile } from '../../src/host/roots.js';

/** Lets queued microtasks run first, so a read that went to the thread pool shows as a request. */
const pendingFsRequests = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return process.getActiveResourcesInfo().filter((r) => r.startsWith('FSReq')).length;
};

describe('readKernelFile', () => {
  it('reads procfs and sysfs files on the loop, with no thread-pool request in flight', async () => {
    await readKernelFile('/proc', '/proc/meminfo'); // the root's filesystem type is looked up once
    const before = await pendingFsRequests();
    const text = readKernelFile('/proc', '/proc/meminfo');
    expect(await pendingFsRequests()).toBe(before);
    expect(await text).toMatch(/^MemTotal:/m);
    await readKernelFile('/sys', '/sys/kernel/mm/transparent_hugepage/enabled').catch(() => undefined);
    const sys = readKernelFile('/sys', '/sys/kernel/mm/transparent_hugepage/enabled').catch(() => undefined);
    expect(await pendingFsRequests()).toBe(before);
    await sys;
  });

  it('keeps any other root (a copied tree, NFS) on the thread pool, where a hung read cannot stall the loop', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rv-kernel-file-'));
    writeFileSync(join(root, 'meminfo'), 'MemTotal: 1 kB\n');
    await readKernelFile(root, join(root, 'meminfo'));
    const text = readKernelFile(root, join(root, 'meminfo'));
    expect(await pendingFsRequests()).toBeGreaterThan(0);
    expect(await text).toBe('MemTotal: 1 kB\n');
  });

  it('turns a failure into a one-line E_HOST_READ naming the path', async () => {
    await expect(readKernelFile('/proc', '/proc/no-such-file')).rejects.toMatchObject({ code: 'E_HOST_READ', message: 'cannot read /proc/no-such-file: ENOENT' });
  });
});
