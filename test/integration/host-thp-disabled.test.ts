import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostProcessCollector } from '../../src/collectors/host-process.js';
import { hostProcessSmapsCollector } from '../../src/collectors/host-process-smaps.js';
import type { HostState } from '../../src/collectors/host-reader.js';
import type { FetchContext } from '../../src/collectors/types.js';
import { DiskIoTracker } from '../../src/host/disk-io.js';
import { SharedHostReads } from '../../src/host/shared-reads.js';
import { parseInfo } from '../../src/parse/info.js';
import { fsRequestsDuring } from '../helpers/fs-requests.js';
import { freePort } from '../helpers/ports.js';
import { redisCommand } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * A real Redis with THP disabled for itself, as Redis's `disable-thp` does on a host whose THP is
 * "always": started under prctl(PR_SET_THP_DISABLE), which exec keeps (python3 makes the call).
 * Its status shows THP_enabled: 0, and host_process_smaps then skips smaps_rollup while it is 0.
 */
const hasPython = spawnSync('python3', ['-c', 'import ctypes']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'rv-thp-'));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('Redis with THP disabled for itself', () => {
  // A missing python3 fails here, loudly, rather than skipping the check.
  beforeAll(() => {
    if (!hasPython) throw new Error('python3 with ctypes is needed to start redis-server under prctl(PR_SET_THP_DISABLE): apt-get install python3');
  });

  it('shows THP_enabled 0, and its smaps_rollup is read once while AnonHugePages stays 0', async () => {
    const port = await freePort();
    const script = `import ctypes, os, sys\nassert ctypes.CDLL(None).prctl(41, 1, 0, 0, 0) == 0\nos.execvp('redis-server', sys.argv[1:])`;
    child = spawn('python3', ['-c', script, 'redis-server', '--port', String(port), '--dir', dir, '--save', '', '--bind', '127.0.0.1'], { stdio: 'ignore' });
    const infoText = await waitFor(
      () => redisCommand(port, ['INFO', 'server']).catch(() => undefined),
      (x) => typeof x === 'string',
      { what: 'redis-server under prctl to answer' },
    );
    const ctx = { info: parseInfo(String(infoText)) } as unknown as FetchContext;
    const settings = { roots: { procfs: '/proc', sysfs: '/sys', rootfs: '/' }, dataDir: dir, shared: new SharedHostReads(1000, undefined, 60_000) };
    const state: HostState = { creds: undefined, disk: new DiskIoTracker() };
    const poll = async () => {
      const so = await hostProcessCollector.read({ ctx, settings, state, so: {} });
      return fsRequestsDuring(() => hostProcessSmapsCollector.read({ ctx, settings, state, so }));
    };
    const first = await poll();
    expect(state.hugePages).toMatchObject({ pid: Number(ctx.info.fields.get('process_id')), bytes: 0 });
    expect(first).toMatchObject({ value: { anonHugePagesBytes: 0 } });
    expect(first.made).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect(await poll()).toEqual({ made: 0, value: { anonHugePagesBytes: 0 } });
  });
});
