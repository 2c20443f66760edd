import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, statfsSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'node:fs/promises';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { monotonicMs } from '../../src/host/clock.js';
import { isLocalFsType } from '../../src/host/kept-dir.js';
import { LogFollower } from '../../src/host/log-follower.js';
import { fsRequestsDuring } from '../helpers/fs-requests.js';
import { classifyLogLine, LOG_EVENT_NAMES, parseLogLine } from '../../src/parse/redis-log.js';

/** Lines as Redis 6.x/7.x write them (texts from rdb.c, aof.c, bio.c, server.c, networking.c). */
const LINES: Record<string, string> = {
  fork_failed: "4242:M 07 Dec 2026 10:12:13.456 # Can't save in background: fork: Cannot allocate memory",
  rdb_save_failed: '4300:C 07 Dec 2026 10:12:13.456 # Write error saving DB on disk: No space left on device',
  aof_write_failed: '4242:M 07 Dec 2026 10:12:13.456 # Error writing to the AOF file: No space left on device',
  aof_fsync_failed: '4242:M 07 Dec 2026 10:12:13.456 # Fail to fsync the AOF file: Input/output error',
  aof_fsync_slow:
    '4242:M 07 Dec 2026 10:12:13.456 * Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without waiting for fsync to complete, this may slow down Redis.',
  aof_rewrite_failed: '4242:M 07 Dec 2026 10:12:13.456 # Background AOF rewrite terminated with error',
  oom: '4242:M 07 Dec 2026 10:12:13.456 # Out Of Memory allocating 1048576 bytes!',
  aof_truncated: '4242:M 07 Dec 2026 10:12:13.456 # !!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!',
  load_failed: '4242:M 07 Dec 2026 10:12:13.456 # Fatal error loading the DB: Invalid argument. Exiting.',
  permission_denied: '4300:C 07 Dec 2026 10:12:13.456 # Failed opening the temp RDB file temp-4300.rdb (in server root dir /data) for saving: Permission denied',
  replica_buffer_overrun:
    '4242:M 07 Dec 2026 10:12:13.456 # Client id=7 addr=10.0.0.2:50123 laddr=10.0.0.1:6379 fd=9 name=secret-app age=9 flags=S cmd=psync user=default scheduled to be closed ASAP for overcoming of output buffer limits.',
  overcommit_warning:
    "4242:M 07 Dec 2026 10:12:13.456 # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.",
  thp_warning: '4242:M 07 Dec 2026 10:12:13.456 # WARNING you have Transparent Huge Pages (THP) support enabled in your kernel. This will create latency and memory usage issues with Redis.',
};

describe('Redis log patterns', () => {
  it.each(LOG_EVENT_NAMES)("%s: Redis's own line is counted", (event) => {
    expect(classifyLogLine(LINES[event] ?? '')).toContain(event);
  });

  it('counts nothing for ordinary lines', () => {
    expect(classifyLogLine('4242:M 07 Dec 2026 10:12:13.456 * Background saving terminated with success')).toEqual([]);
    expect(classifyLogLine('4242:M 07 Dec 2026 10:12:13.456 * AOF write error looks solved, Redis can write again.')).toEqual([]);
  });

  it('keeps the time, redacts client and key names', () => {
    const l = parseLogLine(LINES.replica_buffer_overrun ?? '');
    expect(l.time).toBe('07 Dec 2026 10:12:13.456');
    expect(l.text).not.toContain('secret-app');
    expect(l.text).toContain('name=…');
    expect(parseLogLine("1:M 07 Dec 2026 10:12:13.456 # Key 'user:42:session' is big").text).toBe("Key '…' is big");
  });
});

/**
 * A quiet read makes no pool request where the directory is on a local disk or tmpfs. These tests
 * need the temp dir on one (ext4 or tmpfs, as on CI): elsewhere they would pass on the old code.
 */
function quietReads(dir: string): (made: number) => void {
  expect(isLocalFsType(statfsSync(dir).type), `${dir} must be on ext2/3/4 or tmpfs for this test`).toBe(true);
  return (made) => expect(made).toBe(0);
}

describe('LogFollower on a real file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rv-log-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts at the end, reads appended lines, keeps a partial line for later', async () => {
    const path = join(dir, 'a.log');
    writeFileSync(path, 'old line 1\nold line 2\n');
    const f = new LogFollower(path);
    expect(await f.read()).toEqual([]);
    appendFileSync(path, 'new 1\nnew 2\npart');
    expect(await f.read()).toEqual(['new 1', 'new 2']);
    appendFileSync(path, 'ial\n');
    expect(await f.read()).toEqual(['partial']);
    await f.close();
  });

  it('survives rotation by rename (drains the old file, reads the new one from its start)', async () => {
    const path = join(dir, 'b.log');
    writeFileSync(path, 'x\n');
    const f = new LogFollower(path);
    await f.read();
    appendFileSync(path, 'before rotate\n');
    renameSync(path, `${path}.1`);
    appendFileSync(`${path}.1`, 'late write to the old file\n');
    writeFileSync(path, 'first in new file\n');
    expect(await f.read()).toEqual(['before rotate', 'late write to the old file', 'first in new file']);
    appendFileSync(path, 'second\n');
    expect(await f.read()).toEqual(['second']);
    await f.close();
  });

  it('survives copytruncate (the file shrinks below the offset: start again at 0)', async () => {
    const path = join(dir, 'c.log');
    writeFileSync(path, 'aaaaaaaaaaaaaaaaaaaaaaaa\n');
    const f = new LogFollower(path);
    await f.read();
    truncateSync(path, 0);
    appendFileSync(path, 'after truncate\n');
    expect(await f.read()).toEqual(['after truncate']);
    await f.close();
  });

  it('survives a copytruncate after which the file grew back past the offset before the next read', async () => {
    const path = join(dir, 'c2.log');
    writeFileSync(path, '1:M 07 Dec 2026 10:00:00.000 # first\n');
    const f = new LogFollower(path);
    await f.read();
    appendFileSync(path, '1:M 07 Dec 2026 10:00:01.000 # second\n');
    expect(await f.read()).toEqual(['1:M 07 Dec 2026 10:00:01.000 # second']);
    truncateSync(path, 0);
    // As long as what was there, and longer: only the bytes before the offset tell.
    appendFileSync(path, '1:M 07 Dec 2026 10:00:02.000 # third!\n1:M 07 Dec 2026 10:00:03.000 # fourth\n');
    expect(await f.read()).toEqual(['1:M 07 Dec 2026 10:00:02.000 # third!', '1:M 07 Dec 2026 10:00:03.000 # fourth']);
    appendFileSync(path, '1:M 07 Dec 2026 10:00:04.000 # fifth\n');
    expect(await f.read()).toEqual(['1:M 07 Dec 2026 10:00:04.000 # fifth']);
    await f.close();
  });

  it('reads nothing from a file whose stat has not changed since it was read to the end', async () => {
    const path = join(dir, 'e.log');
    writeFileSync(path, 'old\n');
    const probe = await open(path, 'r');
    const read = vi.spyOn(Object.getPrototypeOf(probe) as { read: () => unknown }, 'read');
    await probe.close();
    try {
      const f = new LogFollower(path);
      expect(await f.read()).toEqual([]);
      read.mockClear();
      expect(await f.read()).toEqual([]);
      expect(await f.read()).toEqual([]);
      expect(read).not.toHaveBeenCalled();
      appendFileSync(path, 'new\n');
      expect(await f.read()).toEqual(['new']);
      expect(read).toHaveBeenCalled();
      read.mockClear();
      expect(await f.read()).toEqual([]);
      expect(read).not.toHaveBeenCalled();
      await f.close();
    } finally {
      read.mockRestore();
    }
  });

  it('quiet reads make no thread-pool request once its directory is kept (local disk); a rename rotation still shows at once', async () => {
    const sub = join(dir, 'quiet');
    mkdirSync(sub);
    const path = join(sub, 'q.log');
    writeFileSync(path, 'old\n');
    // trustAfterMs 0: the changes here come faster than the coarse-timestamp window (tested below).
    const f = new LogFollower(path, undefined, undefined, 0);
    const quiet = quietReads(sub);
    const reqs = async (want: string[]) => {
      const { made, value } = await fsRequestsDuring(() => f.read());
      expect(value).toEqual(want);
      return made;
    };
    await reqs([]);
    await reqs([]); // the directory's first stamp is taken by this read
    quiet(await reqs([]));
    quiet(await reqs([]));
    appendFileSync(path, 'new\n');
    expect(await reqs(['new'])).toBeGreaterThan(0);
    quiet(await reqs([]));
    // Rotation by rename with nothing more written to the old file: the directory changed.
    renameSync(path, `${path}.1`);
    writeFileSync(path, 'first in new file\n');
    expect(await reqs(['first in new file'])).toBeGreaterThan(0);
    await reqs([]);
    quiet(await reqs([]));
    // Another file of the directory replaced (a save renames its temp file into place): one stat by path.
    writeFileSync(join(sub, 'temp.rdb'), 'x');
    renameSync(join(sub, 'temp.rdb'), join(sub, 'dump.rdb'));
    expect(await reqs([])).toBeGreaterThan(0);
    quiet(await reqs([]));
    // Copytruncate: the open file's own stat moved.
    truncateSync(path, 0);
    appendFileSync(path, 'after truncate\n');
    expect(await reqs(['after truncate'])).toBeGreaterThan(0);
    await f.close();
  });

  it('stats the log by path again once recheckMs has passed', async () => {
    const sub = join(dir, 'recheck');
    mkdirSync(sub);
    const path = join(sub, 'r.log');
    writeFileSync(path, 'old\n');
    const f = new LogFollower(path, undefined, 50, 0);
    const quiet = quietReads(sub);
    await f.read();
    await f.read();
    quiet((await fsRequestsDuring(() => f.read())).made);
    const from = monotonicMs();
    await vi.waitFor(() => expect(monotonicMs() - from).toBeGreaterThanOrEqual(60), { interval: 10, timeout: 5_000 });
    // One stat by path; the directory's descriptor stays (not reopened), so the next read is quiet again.
    const again = (await fsRequestsDuring(() => f.read())).made;
    expect(again).toBe(1);
    quiet((await fsRequestsDuring(() => f.read())).made);
    await f.close();
  });

  it('does not trust a directory stamp taken within the coarse-timestamp window of its change', async () => {
    const sub = join(dir, 'recent');
    mkdirSync(sub);
    const path = join(sub, 'n.log');
    writeFileSync(path, 'old\n');
    const f = new LogFollower(path, undefined, undefined, 60_000);
    const quiet = quietReads(sub);
    await f.read();
    await f.read();
    // The directory changed moments ago: a rename in the same timestamp tick would not move its
    // stamp, so each read still stats the log by path.
    expect((await fsRequestsDuring(() => f.read())).made).toBeGreaterThan(0);
    expect((await fsRequestsDuring(() => f.read())).made).toBeGreaterThan(0);
    await f.close();
    // The same directory with the window passed (0): quiet reads again.
    const g = new LogFollower(path, undefined, undefined, 0);
    await g.read();
    await g.read();
    quiet((await fsRequestsDuring(() => g.read())).made);
    await g.close();
  });

  it('keeps no directory for a symlinked log (it may live on another filesystem): every read stats by path', async () => {
    const sub = join(dir, 'linked');
    mkdirSync(sub);
    const real = join(dir, 'real-target.log');
    writeFileSync(real, 'old\n');
    const path = join(sub, 'l.log');
    symlinkSync(real, path);
    const f = new LogFollower(path, undefined, undefined, 0);
    await f.read();
    await f.read();
    expect((await fsRequestsDuring(() => f.read())).made).toBeGreaterThan(0);
    appendFileSync(real, 'through the link\n');
    expect(await f.read()).toEqual(['through the link']);
    await f.close();
  });

  it('reads at most its budget per call and catches up on the next', async () => {
    const path = join(dir, 'd.log');
    writeFileSync(path, '');
    const f = new LogFollower(path, 1024);
    await f.read();
    const line = `${'y'.repeat(99)}\n`;
    appendFileSync(path, line.repeat(30));
    const first = await f.read();
    expect(first.length).toBe(10);
    const rest = [...(await f.read()), ...(await f.read())];
    expect(first.length + rest.length).toBe(30);
    await f.close();
  });
});
