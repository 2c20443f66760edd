import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import type { FetchContext } from '../../src/collectors/types.js';
import { keptKernelFiles } from '../../src/host/kept-kernel-file.js';
import { readKernelFile, rootPath, underRoot } from '../../src/host/roots.js';

// Counts every way roots.ts could open a file synchronously (issue 15: a procfs file read every
// poll is opened once, then read with a pread at offset 0).
const counted = vi.hoisted(() => ({ opens: 0 }));
vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  return {
    ...real,
    openSync: (...a: Parameters<typeof real.openSync>) => {
      counted.opens++;
      return real.openSync(...a);
    },
    readFileSync: ((...a: Parameters<typeof real.readFileSync>) => {
      counted.opens++;
      return real.readFileSync(...a);
    }) as typeof real.readFileSync,
  };
});

const gone = (path: string) =>
  vi.waitFor(
    () => {
      if (fs.existsSync(path)) throw new Error('still there');
    },
    { timeout: 10_000, interval: 20 },
  );

describe('kernel files through a kept descriptor', () => {
  it('opens a procfs file once however often a poll reads it', async () => {
    await readKernelFile('/proc', '/proc/meminfo'); // the root's type is looked up once
    const before = counted.opens;
    for (let i = 0; i < 50; i++) expect(await readKernelFile('/proc', '/proc/meminfo')).toMatch(/^MemTotal:/);
    expect(counted.opens - before).toBe(0);
  });

  it('reads the text the kernel generates now, the same as a whole-file read', async () => {
    for (const [root, path] of [
      ['/proc', '/proc/sys/vm/overcommit_memory'],
      ['/proc', '/proc/self/mountinfo'],
      // Many records, more than a page: a seq_file hands them out a page at a time.
      ['/proc', `/proc/${process.ppid}/maps`],
      ['/sys', '/sys/kernel/mm/transparent_hugepage/enabled'],
    ] as const) {
      if (!fs.existsSync(path)) continue;
      await readKernelFile(root, path);
      expect(await readKernelFile(root, path)).toBe(fs.readFileSync(path, 'utf8'));
    }
    // A file that changes between reads: the kept descriptor sees each new text (pread at 0).
    const first = await readKernelFile('/proc', '/proc/uptime');
    await vi.waitFor(async () => expect(await readKernelFile('/proc', '/proc/uptime')).not.toBe(first), { timeout: 5_000, interval: 20 });
  });

  it('a task that exits: its kept status fails as ENOENT and nothing stays open', async () => {
    // A worker thread is a task with /proc files of its own (no external process in test:unit).
    const worker = new Worker("require('node:worker_threads').parentPort.postMessage(require('node:fs').readlinkSync('/proc/thread-self'))", { eval: true });
    const self = await new Promise<string>((resolve) => worker.once('message', resolve));
    const path = rootPath('/proc', `${self}/status`);
    expect(await readKernelFile('/proc', path)).toMatch(/^Name:/);
    const kept = keptKernelFiles().kept;
    await worker.terminate();
    await gone(`/proc/${self}`);
    await expect(readKernelFile('/proc', path)).rejects.toMatchObject({ code: 'E_HOST_READ', message: `cannot read ${path}: ENOENT` });
    expect(keptKernelFiles().kept).toBe(kept - 1);
  });

  it('keep=false reads without keeping a descriptor (another process mountinfo)', async () => {
    const kept = keptKernelFiles().kept;
    expect(await readKernelFile('/proc', `/proc/${process.ppid}/mountinfo`, false)).toMatch(/ \/ /);
    expect(keptKernelFiles().kept).toBe(kept);
  });

  it('a file larger than the buffer is read whole', async () => {
    const big = await readKernelFile('/proc', '/proc/self/smaps');
    expect(big.length).toBeGreaterThan(64 * 1024);
    expect(big.endsWith('\n')).toBe(true);
  });

  it('rootPath joins as node:path does, once per pair', () => {
    expect(rootPath('/proc', 'meminfo')).toBe('/proc/meminfo');
    expect(rootPath('/host/proc/', '123/status')).toBe('/host/proc/123/status');
    expect(rootPath('/', 'var/lib/redis')).toBe('/var/lib/redis');
    expect(rootPath('/proc', 'meminfo')).toBe(rootPath('/proc', 'meminfo'));
    // Any root and path, asked for again and again (the memo), gives join's answer.
    const part = fc.constantFrom('/', '', 'proc', '..', '.', 'a b', '123', 'status', '//', 'x/');
    const path = fc.array(part, { maxLength: 5 }).map((a) => a.join('/'));
    fc.assert(
      fc.property(fc.array(fc.tuple(path, path), { minLength: 1, maxLength: 20 }), (pairs) => {
        for (const [root, rel] of [...pairs, ...pairs]) {
          expect(rootPath(root, rel)).toBe(join(root, rel));
          expect(underRoot(root, rel)).toBe(join(root, rel));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("host_datadir and Redis's mountinfo", () => {
  it('keeps the descriptor while the same pid is verified as Redis, and closes it when Redis is not seen', async () => {
    const { hostDataDirCollector } = await import('../../src/collectors/host-datadir.js');
    const { DiskIoTracker } = await import('../../src/host/disk-io.js');
    const settings = { roots: { procfs: '/proc', sysfs: '/sys', rootfs: '/' }, dataDir: fs.realpathSync(tmpdir()) };
    const state = { creds: undefined, disk: new DiskIoTracker() };
    const ctx = {} as FetchContext; // only ctx.config is used, and --host.data-dir overrides it
    const asRedis = { process: { pid: process.pid, vmSwapBytes: 0 } };
    const kept = keptKernelFiles().kept;
    await hostDataDirCollector.read({ ctx, settings, state, so: asRedis });
    expect(keptKernelFiles().kept).toBe(kept + 1);
    const opens = counted.opens;
    const again = await hostDataDirCollector.read({ ctx, settings, state, so: asRedis });
    expect(counted.opens).toBe(opens);
    expect(again.dataDir?.mountPoint).toBeDefined();
    // Redis down (no verified pid this poll): the descriptor is closed at once.
    await hostDataDirCollector.read({ ctx, settings, state, so: {} });
    expect(keptKernelFiles().kept).toBe(kept);
  });
});
