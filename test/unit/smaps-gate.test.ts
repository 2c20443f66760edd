import { describe, expect, it } from 'vitest';
import { hostProcessSmapsCollector } from '../../src/collectors/host-process-smaps.js';
import type { HostState } from '../../src/collectors/host-reader.js';
import type { FetchContext } from '../../src/collectors/types.js';
import { monotonicMs } from '../../src/host/clock.js';
import { DiskIoTracker } from '../../src/host/disk-io.js';
import { SharedHostReads } from '../../src/host/shared-reads.js';
import { parseInfo } from '../../src/parse/info.js';
import { fsRequestsDuring } from '../helpers/fs-requests.js';

/**
 * smaps_rollup (a pool round trip and a walk of Redis's page tables) is skipped while Redis has
 * THP disabled for itself and the last reading was 0 (it cannot get huge pages, so 0 stays 0),
 * and while RssAnon and INFO's forks are those of the last reading.
 * This process's own smaps_rollup stands in for Redis's (real file, real pool reads).
 */

const roots = { procfs: '/proc', sysfs: '/sys', rootfs: '/' };
const infoText = (forks: number, bgsave = 0) => `# Persistence\r\nrdb_bgsave_in_progress:${bgsave}\r\naof_rewrite_in_progress:0\r\nmodule_fork_in_progress:0\r\n# Stats\r\ntotal_forks:${forks}\r\n`;
const quiet = { forks: 3, bgsave: 0, rssAnon: (2_932 * 1024) as number | undefined };
const read = (state: HostState, thpEnabled: boolean | undefined, slowMs = 60_000, seen = quiet) =>
  fsRequestsDuring(() =>
    hostProcessSmapsCollector.read({
      ctx: { info: parseInfo(infoText(seen.forks, seen.bgsave)) } as FetchContext,
      settings: { roots, dataDir: null, shared: new SharedHostReads(1000, monotonicMs, slowMs) },
      state,
      so: { process: { pid: process.pid, vmSwapBytes: 0, thpEnabled, rssAnonBytes: seen.rssAnon } },
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

  it('THP enabled: not read again while RssAnon and total_forks are those of the last reading', async () => {
    const state: HostState = { creds: undefined, disk: new DiskIoTracker() };
    expect((await read(state, true)).made).toBeGreaterThan(0);
    expect(await read(state, true)).toEqual({ made: 0, value: { anonHugePagesBytes: 0 } });
    // A kept non-zero value is reported as it was read.
    state.hugePages = { ...state.hugePages!, bytes: 4 * 1024 * 1024 };
    expect(await read(state, true)).toEqual({ made: 0, value: { anonHugePagesBytes: 4 * 1024 * 1024 } });
  });

  it('read when RssAnon moved, a fork finished or runs, THP_enabled flipped, or RssAnon is unknown', async () => {
    const state: HostState = { creds: undefined, disk: new DiskIoTracker() };
    await read(state, true);
    expect((await read(state, true, 60_000, { ...quiet, rssAnon: 4_980 * 1024 })).made).toBeGreaterThan(0);
    expect((await read(state, true, 60_000, { ...quiet, rssAnon: 4_980 * 1024 })).made).toBe(0);
    expect((await read(state, true, 60_000, { ...quiet, rssAnon: 4_980 * 1024, forks: 4 })).made).toBeGreaterThan(0);
    // While a fork child runs, copy-on-write splits the parent's huge pages without moving RssAnon: every poll.
    const forking = { ...quiet, rssAnon: 4_980 * 1024, forks: 5, bgsave: 1 };
    expect((await read(state, true, 60_000, forking)).made).toBeGreaterThan(0);
    expect((await read(state, true, 60_000, forking)).made).toBeGreaterThan(0);
    // And once more after it ended (its last splits came after the last reading).
    expect((await read(state, true, 60_000, { ...forking, bgsave: 0 })).made).toBeGreaterThan(0);
    expect((await read(state, true, 60_000, { ...forking, bgsave: 0 })).made).toBe(0);
    expect((await read(state, undefined, 60_000, { ...forking, bgsave: 0 })).made).toBeGreaterThan(0);
    // A kernel before 4.5 has no RssAnon: nothing to tell a change by, read every poll.
    const old = { ...quiet, rssAnon: undefined };
    await read(state, true, 60_000, old);
    expect((await read(state, true, 60_000, old)).made).toBeGreaterThan(0);
  });

  it('read every poll after a non-zero reading with THP disabled only if RssAnon moved; another pid at once', async () => {
    const state: HostState = { creds: undefined, disk: new DiskIoTracker() };
    await read(state, false);
    state.hugePages = { ...state.hugePages!, bytes: 2 * 1024 * 1024 };
    expect((await read(state, false, 60_000, { ...quiet, rssAnon: 1 })).made).toBeGreaterThan(0);
    // Another pid (Redis restarted) is read at once.
    state.hugePages = { ...state.hugePages!, pid: process.pid + 1_000_000 };
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
