import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKernelFile } from '../../src/host/roots.js';
import { fsRequestsStartedBy as fsRequestsMadeBy } from '../helpers/fs-requests.js';

describe('readKernelFile', () => {
  it('reads procfs and sysfs files on the loop, with no thread-pool request in flight', async () => {
    await readKernelFile('/proc', '/proc/meminfo'); // the root's filesystem type is looked up once
    const proc = await fsRequestsMadeBy(() => readKernelFile('/proc', '/proc/meminfo'));
    expect(proc.made).toBe(0);
    expect(await proc.result).toMatch(/^MemTotal:/m);
    await readKernelFile('/sys', '/sys/kernel/mm/transparent_hugepage/enabled').catch(() => undefined);
    const sys = await fsRequestsMadeBy(() => readKernelFile('/sys', '/sys/kernel/mm/transparent_hugepage/enabled').catch(() => undefined));
    expect(sys.made).toBe(0);
    await sys.result;
  });

  it('keeps any other root (a copied tree, NFS) on the thread pool, where a hung read cannot stall the loop', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rv-kernel-file-'));
    writeFileSync(join(root, 'meminfo'), 'MemTotal: 1 kB\n');
    await readKernelFile(root, join(root, 'meminfo'));
    const other = await fsRequestsMadeBy(() => readKernelFile(root, join(root, 'meminfo')));
    expect(other.made).toBeGreaterThan(0);
    expect(await other.result).toBe('MemTotal: 1 kB\n');
  });

  it('turns a failure into a one-line E_HOST_READ naming the path', async () => {
    await expect(readKernelFile('/proc', '/proc/no-such-file')).rejects.toMatchObject({ code: 'E_HOST_READ', message: 'cannot read /proc/no-such-file: ENOENT' });
  });
});
