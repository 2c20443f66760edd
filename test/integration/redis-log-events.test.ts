import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { freePort } from '../helpers/ports.js';
import { requireBinary, startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The log events a real redis-server can be made to write on this machine, written by Redis
 * itself: a truncated AOF loaded anyway, an RDB it cannot load, an allocation that fails under a
 * memory rlimit, a replica's output buffer over its limit. Only the THP warning is appended: Redis
 * writes it only when THP `enabled` is `[always]`, this host has `madvise`, and flipping a host-wide
 * kernel setting on a shared machine is not a test's to do.
 */
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  await stopAllRedis();
  for (const c of cleanups.reverse()) await c();
});

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

async function exporterFor(url: string, flags: Record<string, string> = {}): Promise<TestExporter> {
  const e = await startTestExporter({ 'redis.addr': url, 'poll.interval': '100ms', ...flags });
  cleanups.push(() => e.stop());
  await waitFor(
    () => e.metrics(),
    (m) => m.get('redis_log_events_total', { event: 'oom' }) !== undefined,
    { what: 'the log to be followed' },
  );
  return e;
}

const events = async (e: TestExporter, event: string) => (await e.metrics()).get('redis_log_events_total', { event }) ?? 0;

interface DoctorJson {
  targets: { findings: { check: string; failing: boolean; summary: string; evidence: Record<string, string | number> }[] }[];
}
const finding = async (e: TestExporter, check: string) => (JSON.parse(await e.scrape('/doctor.json')) as DoctorJson).targets[0]?.findings.find((f) => f.check === check);

describe('log events Redis writes itself', () => {
  it('aof_truncated: an AOF cut short, loaded anyway (aof-load-truncated yes); load_failed when it is not allowed', async () => {
    const dir = tempDir('rv-aof-trunc-');
    const log = join(dir, 'redis.log');
    const aof = ['--appendonly', 'yes', '--appendfsync', 'always', '--logfile', log];
    const first = await startRedis({ dir, args: aof });
    const e = await exporterFor(first.url);
    for (let i = 0; i < 50; i++) await first.cmd('SET', `k${i}`, 'v'.repeat(20));
    await first.stop();
    const incr = readdirSync(join(dir, 'appendonlydir')).find((f) => f.endsWith('.incr.aof')) as string;
    const incrPath = join(dir, 'appendonlydir', incr);
    truncateSync(incrPath, statSync(incrPath).size - 7);
    const second = await startRedis({ dir, port: first.port, args: [...aof, '--aof-load-truncated', 'yes'] });
    await waitFor(
      () => events(e, 'aof_truncated'),
      (n) => n >= 1,
      { what: 'aof_truncated counted' },
    );
    expect(readFileSync(log, 'utf8')).toMatch(/loaded anyway because aof-load-truncated is enabled/);
    // Both lines of the incident ("short read …", "… loaded anyway …") are counted.
    await waitFor(
      () => events(e, 'aof_truncated'),
      (n) => n === 2,
      { what: 'both truncation lines' },
    );
    expect(await events(e, 'load_failed')).toBe(0);

    // Cut again, and this time Redis refuses to start: the line is a load failure, and the doctor quotes it.
    await second.stop();
    truncateSync(incrPath, statSync(incrPath).size - 5);
    await expect(startRedis({ dir, port: first.port, args: [...aof, '--aof-load-truncated', 'no'] })).rejects.toThrow(/did not start/);
    await waitFor(
      () => events(e, 'load_failed'),
      (n) => n >= 1,
      { what: 'load_failed counted' },
    );
    const down = await waitFor(
      () => finding(e, 'redis-unreachable'),
      (f) => f?.failing === true && typeof f.evidence.log_line === 'string',
      { what: 'redis-unreachable quoting the log' },
    );
    expect(String(down?.evidence.log_line)).toMatch(/^Unexpected end of file reading the append only file/);
    expect(down?.summary).toContain('Its log says');
  });

  it('load_failed: an RDB with a bad signature stops Redis at start', async () => {
    const dir = tempDir('rv-rdb-bad-');
    const log = join(dir, 'redis.log');
    const first = await startRedis({ dir, args: ['--logfile', log] });
    const e = await exporterFor(first.url);
    await first.stop();
    writeFileSync(join(dir, 'dump.rdb'), 'NOTREDIS0009 this is not an RDB file');
    await expect(startRedis({ dir, port: first.port, args: ['--logfile', log] })).rejects.toThrow(/did not start/);
    await waitFor(
      () => events(e, 'load_failed'),
      (n) => n >= 2,
      { what: '"Wrong signature" and "Fatal error loading the DB" counted' },
    );
    const down = await waitFor(
      () => finding(e, 'redis-unreachable'),
      (f) => typeof f?.evidence.log_line === 'string',
      { what: 'the quoted line' },
    );
    expect(String(down?.evidence.log_line)).toMatch(/^Fatal error loading the DB/);
  });

  it('oom: Redis under a memory rlimit logs "Out Of Memory allocating" before it aborts', async () => {
    requireBinary('redis-server', 'redis-server');
    const dir = tempDir('rv-oom-');
    const log = join(dir, 'redis.log');
    const port = await freePort();
    // The rlimit is this process's own (ulimit -v in the shell that execs Redis), never the host's; no core file.
    const child = spawn(
      'sh',
      [
        '-c',
        'ulimit -c 0; ulimit -v 300000; exec redis-server "$@"',
        'sh',
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--logfile',
        log,
        '--enable-debug-command',
        'yes',
      ],
      { stdio: 'ignore' },
    );
    cleanups.push(() => child.kill('SIGKILL'));
    const cli = (...args: string[]) => spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 30_000 });
    await waitFor(
      async () => cli('PING').stdout.trim(),
      (r) => r === 'PONG',
      { what: 'the rlimited redis-server' },
    );
    const e = await exporterFor(`redis://127.0.0.1:${port}`);
    await waitFor(
      async () => {
        cli('DEBUG', 'POPULATE', '500000', `k${Math.random()}`, '200');
        return child.exitCode ?? child.signalCode;
      },
      (gone) => gone !== null,
      { what: 'Redis to run out of memory', timeoutMs: 60_000 },
    );
    await waitFor(
      () => events(e, 'oom'),
      (n) => n >= 1,
      { what: 'oom counted' },
    );
    expect(readFileSync(log, 'utf8')).toMatch(/Out Of Memory allocating \d+ bytes!/);
  });

  it('replica_buffer_overrun: a stalled replica past its client-output-buffer-limit is dropped by the master', async () => {
    const dir = tempDir('rv-cobl-');
    const log = join(dir, 'master.log');
    const master = await startRedis({ args: ['--logfile', log, '--client-output-buffer-limit', 'replica 256kb 128kb 5'] });
    const replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(master.port)] });
    await waitFor(
      () => replica.info('replication'),
      (i) => i.includes('master_link_status:up'),
      { what: 'link up' },
    );
    const e = await exporterFor(master.url);
    // A stopped replica reads nothing: what the master sends it piles up in its output buffer.
    replica.process.kill('SIGSTOP');
    cleanups.push(() => replica.process.kill('SIGCONT'));
    const value = 'x'.repeat(512 * 1024);
    await waitFor(
      async () => {
        await master.cmd('SET', `big${Math.random()}`, value);
        return events(e, 'replica_buffer_overrun');
      },
      (n) => n >= 1,
      { what: 'the overrun line counted' },
    );
    const line =
      readFileSync(log, 'utf8')
        .split('\n')
        .find((l) => l.includes('for overcoming of output buffer limits')) ?? '';
    expect(line).toMatch(/flags=S .*scheduled to be closed ASAP/);
    replica.process.kill('SIGCONT');
  });
});

describe('rotation of the log a real Redis writes', () => {
  // Redis opens its logfile for every line, so after a rename its next line starts a new file;
  // copytruncate leaves Redis appending at the start of the emptied file. DEBUG LOG has Redis
  // itself write a line that matches a pattern.
  it('counts lines written after a rename and after a copytruncate, none twice', async () => {
    const dir = tempDir('rv-rotate-');
    const log = join(dir, 'redis.log');
    const redis = await startRedis({ args: ['--logfile', log] });
    const e = await exporterFor(redis.url);
    const say = (n: number) => redis.cmd('DEBUG', 'LOG', `line ${n}: Permission denied`);
    await say(1);
    await waitFor(
      () => events(e, 'permission_denied'),
      (n) => n === 1,
      { what: 'the first line' },
    );
    await say(2);
    renameSync(log, `${log}.1`);
    await say(3);
    await waitFor(
      () => events(e, 'permission_denied'),
      (n) => n === 3,
      { what: 'the lines around the rename' },
    );
    copyFileSync(log, `${log}.2`);
    truncateSync(log, 0);
    await say(4);
    await waitFor(
      () => events(e, 'permission_denied'),
      (n) => n === 4,
      { what: 'the line after copytruncate' },
    );
    const f = await waitFor(
      () => finding(e, 'redis-unreachable'),
      (x) => x !== undefined,
    );
    expect(f?.failing).toBe(false);
    // Give the follower a few more polls: nothing is counted twice.
    const polls = async () => (await e.metrics()).get('redis_vitals_polls_total') ?? 0;
    const from = await polls();
    await waitFor(polls, (n) => n >= from + 3, { what: 'three more polls' });
    expect(await events(e, 'permission_denied')).toBe(4);
  });
});

describe('log events this machine cannot make Redis write', () => {
  it("thp_warning: the 7.x start-up text, appended to a running server's real log, is counted", async () => {
    expect(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8')).not.toContain('[always]');
    const log = join(tempDir('rv-thp-'), 'redis.log');
    const redis = await startRedis({ args: ['--logfile', log] });
    const e = await exporterFor(redis.url);
    appendFileSync(
      log,
      "4242:M 07 Dec 2026 10:12:13.456 # WARNING You have Transparent Huge Pages (THP) support enabled in your kernel. This will create latency and memory usage issues with Redis. To fix this issue run the command 'echo madvise > /sys/kernel/mm/transparent_hugepage/enabled' as root, and add it to your /etc/rc.local in order to retain the setting after a reboot. Redis must be restarted after THP is disabled (set to 'madvise' or 'never').\n",
    );
    await waitFor(
      () => events(e, 'thp_warning'),
      (n) => n === 1,
      { what: 'thp_warning counted' },
    );
  });
});
