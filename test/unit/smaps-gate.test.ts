import { describe, expect, it } from 'vitest';
import { hostProcessSmapsCollector } from '../../src/collectors/host-process-smaps.js';
import type { HostState } from '../../src/collectors/host-reader.js';
import type { FetchContext } from '../../src/collectors/types.js';
import { monotonicMs } from '../../src/host/clock.js';
import { DiskIoTracker } from '../../src/host/disk-io.js';
import { SharedHostReads } from '../../src/host/shared-reads.js';
import { fsRequestsDuring } from '../helpers/fs-requests.js';

/**
 * smaps_rollup (a pool round trip and a walk of Redis's page tables) is skipped while Redis has
 * THP disabled for itself and the last reading was 0: it cannot get huge pages, so 0 stays 0.
 * This process's own smaps_rollup stands in for Redis's (real file, real pool reads).
 */

const roots = { procfs: '/proc', sysfs: '/sys', rootfs: '/' };
const ctx = {} as FetchContext;
const read = (state: HostState, thpEnabled: boolean | undefined, slowMs = 60_000) =>
  fsRequestsDuring(() =>
    hostProcessSmapsCollector.read({
      ctx,
      settings: { roots, dataDir: null, shared: new SharedHostReads(1000, monotonicMs, slowMs) },
      state,
      so: { process: { pid: process.pid, vmSwapBytes: 0, thpEnabled } },
    }),
  );

describe('host_process_smaps read only when AnonHugePages can have changed', () => {
  it('THP disabled for the process and 0 last time: not read again within the slow window', async () => {
    const state: HostState = { creds: undefined, disk: new DiskIoTracker() };
    const first = await read(state, false);
    expect(first.made).toBeGreaterThan(0);
    expect(first.value).toEqual({ anonHugePagesBytes: 0 }); // this test process uses no huge pages
    const again = await read(state, false);
    expect(again).toEqual({ made: 0, value: { anonHugePagesBytes: 0 } });
  });

  it('read every poll while the process may get huge pages, or had some (they can go)', async () => {
    const state: HostState = { creds: undefined, disk: new DiskIoTracker() };
    await read(state, true);
    expect((await read(state, true)).made).toBeGreaterThan(0);
    expect((await read(state, undefined)).made).toBeGreaterThan(0); // kernel without THP_enabled
    state.hugePages = { pid: process.pid, bytes: 2 * 1024 * 1024, atMs: monotonicMs() };
    expect((await read(state, false)).made).toBeGreaterThan(0);
    // Another pid (Redis restarted) is read at once.
    state.hugePages = { pid: process.pid + 1_000_000, bytes: 0, atMs: monotonicMs() };
    expect((await read(state, false)).made).toBeGreaterThan(0);
  });

  it('read again once the slow window has passed', async () => {
    const state: HostState = { creds: undefined, disk: new DiskIoTracker() };
    await read(state, false, 50);
    const at = state.hugePages!.atMs;
    await expect.poll(() => monotonicMs() - at >= 50, { interval: 10, timeout: 5_000 }).toBe(true);
    expect((await read(state, false, 50)).made).toBeGreaterThan(0);
  });
});
