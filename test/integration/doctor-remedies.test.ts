import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { failAofWrite, failBgsave, fillMemoryTo, replicaOfDeadMaster } from '../helpers/failure-states.js';
import { mountTmpfs, requireRoot, startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * A remedy is a claim: for every critical state a real redis-server reaches, the test runs the
 * commands the doctor printed (parsed out of its remedy, so a wrong path, port or size fails
 * here) and checks that the finding clears and writes are accepted again.
 */
const mounts: { unmount(): void }[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await stopAllRedis();
  for (const m of mounts) m.unmount();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Finding {
  check: string;
  failing: boolean;
  severity: string;
  title: string;
  summary: string;
  remedy: string[];
  causedBy?: string;
  consequences?: string[];
}
interface Report {
  status: string;
  findings: Finding[];
}

function check(redis: RedisHandle): Report {
  const r = runCli(['check', '--redis.addr', redis.url, '--format', 'json', '--check.window', '0s']);
  if (r.status === 3 || r.stdout === '') throw new Error(`check failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Report;
}

const failing = (r: Report) => r.findings.filter((f) => f.failing);
const critical = (r: Report) =>
  failing(r)
    .filter((f) => f.severity === 'critical')
    .map((f) => f.check);
const root = (r: Report, id: string): Finding => {
  const f = failing(r).find((x) => x.check === id);
  if (!f)
    throw new Error(
      `${id} is not failing: ${failing(r)
        .map((x) => x.check)
        .join(', ')}`,
    );
  expect(f.causedBy, `${id} should lead`).toBeUndefined();
  return f;
};

const RUNNABLE = /^(mount|redis-cli|chown|df|du|ls) /;

/** The shell commands in remedy steps (inline code that starts with a command we can run here). */
function commandsIn(steps: readonly string[]): string[] {
  return steps.flatMap((s) => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string)).filter((c) => RUNNABLE.test(c));
}

function run(cmd: string): string {
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8', timeout: 30_000 });
  expect(r.status, `printed remedy command failed: ${cmd}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

/** Runs the printed commands in order; a printed BGSAVE is waited for, as an operator would. */
async function runAll(redis: RedisHandle, cmds: readonly string[]): Promise<void> {
  for (const c of cmds) {
    run(c);
    if (c.endsWith(' BGSAVE'))
      await waitFor(
        () => redis.info('persistence'),
        (i) => i.includes('rdb_bgsave_in_progress:0') && i.includes('rdb_last_bgsave_status:ok'),
        { what: 'the printed BGSAVE to succeed' },
      );
  }
}

/** No placeholder where the value is known: HOST, PORT, the guide's fixed paths, <…>. */
function expectNoPlaceholders(r: Report): void {
  const text = failing(r)
    .flatMap((f) => [f.summary, ...f.remedy])
    .join('\n');
  expect(text).not.toMatch(/\bHOST\b|\bPORT\b|\bMASTER\b|\/var\/lib\/redis|\/var\/log\/redis|<[a-z_ -]+>/);
  const doctorText = runCli(['doctor', '--redis.addr', `redis://127.0.0.1:${/"redis:\/\/127\.0\.0\.1:(\d+)/.exec(JSON.stringify(r))?.[1] ?? '0'}`, '--check.window', '0s']).stdout;
  expect(doctorText).not.toMatch(/\bHOST\b|\bPORT\b|\/var\/lib\/redis|\/var\/log\/redis/);
}

async function writesAccepted(redis: RedisHandle): Promise<void> {
  await waitFor(
    () => redis.cmd('SET', 'after-remedy', '1'),
    (v) => v === 'OK',
    { what: 'a write to be accepted' },
  );
}

function clears(redis: RedisHandle, ids: readonly string[]): Promise<Report> {
  return waitFor(
    () => check(redis),
    (r) => ids.every((id) => !failing(r).some((f) => f.check === id)),
    { what: `${ids.join(', ')} to clear`, timeoutMs: 90_000, intervalMs: 200 },
  );
}

describe("the doctor's remedies, applied as printed", () => {
  requireRoot('mount tmpfs data dirs and run Redis as another user');

  it('RDB on a full disk: disk-space-low leads, its printed tmpfs remount and BGSAVE clear BGSAVE failing and MISCONF', async () => {
    const tmpfs = mountTmpfs(256);
    mounts.push(tmpfs);
    const redis = await startRedis({ dir: tmpfs.dir, args: ['--save', '3600 1'] });
    await failBgsave(redis);
    await expect(redis.cmd('SET', 'k', 'v')).rejects.toThrow(/MISCONF/);
    const r = check(redis);
    const lead = root(r, 'disk-space-low');
    expect(lead.severity).toBe('critical');
    expect(lead.consequences).toEqual(expect.arrayContaining(['rdb-bgsave-failing', 'writes-rejected-misconf']));
    expect(failing(r).find((f) => f.check === 'writes-rejected-misconf')?.title).toContain('RDB');
    expectNoPlaceholders(r);
    const cmds = commandsIn(lead.remedy);
    expect(cmds).toContainEqual(expect.stringMatching(new RegExp(`^mount -o remount,size=\\d+m ${tmpfs.dir}$`)));
    expect(cmds).toContainEqual(`redis-cli -h 127.0.0.1 -p ${redis.port} BGSAVE`);
    await runAll(redis, cmds);
    const after = await clears(redis, ['disk-space-low', 'rdb-bgsave-failing', 'writes-rejected-misconf']);
    expect(critical(after)).toEqual([]);
    await writesAccepted(redis);
  });

  it('AOF on a full disk: MISCONF names the AOF, the printed remount alone clears it (Redis retries by itself)', async () => {
    const tmpfs = mountTmpfs(256);
    mounts.push(tmpfs);
    const redis = await startRedis({ dir: tmpfs.dir, args: ['--appendonly', 'yes'] });
    await failAofWrite(redis);
    await expect(redis.cmd('SET', 'k', 'v')).rejects.toThrow(/MISCONF Errors writing to the AOF file/);
    const r = check(redis);
    const misconf = failing(r).find((f) => f.check === 'writes-rejected-misconf');
    expect(misconf?.title).toContain('AOF');
    const lead = root(r, 'disk-space-low');
    expect(lead.consequences).toEqual(expect.arrayContaining(['aof-write-failing', 'writes-rejected-misconf']));
    const allRemedies = failing(r)
      .flatMap((f) => f.remedy)
      .join('\n');
    expect(allRemedies).not.toMatch(/`[^`]*(BGSAVE|stop-writes-on-bgsave-error no)`/);
    expectNoPlaceholders(r);
    const cmds = commandsIn(lead.remedy);
    expect(cmds.some((c) => c.startsWith('mount -o remount'))).toBe(true);
    for (const c of cmds) run(c);
    const after = await clears(redis, ['disk-space-low', 'aof-write-failing', 'writes-rejected-misconf']);
    expect(critical(after)).toEqual([]);
    await writesAccepted(redis);
  });

  it('full under noeviction: memory-full is CRITICAL with no write in the window; its printed CONFIG SET maxmemory clears it', async () => {
    const redis = await startRedis({ args: ['--maxmemory', '3mb', '--maxmemory-policy', 'noeviction'] });
    await fillMemoryTo(redis, 3 * 1024 * 1024, 0.6);
    await redis.cmd('CONFIG', 'SET', 'maxmemory', '1mb');
    await expect(redis.cmd('SET', 'k', 'v')).rejects.toThrow(/^OOM/);
    const r = check(redis);
    const lead = root(r, 'memory-full');
    expect(lead.severity).toBe('critical');
    expect(lead.summary).toMatch(/^Full: .*rejected with OOM now/);
    for (const f of failing(r)) expect(`${f.title} ${f.summary}`).not.toMatch(/close to|soon/);
    expectNoPlaceholders(r);
    // The first step is the remedy proper; the others are alternatives (evict, delete keys).
    const cmds = commandsIn([lead.remedy[0] ?? '']);
    expect(cmds).toEqual([expect.stringMatching(new RegExp(`^redis-cli -h 127\\.0\\.0\\.1 -p ${redis.port} CONFIG SET maxmemory \\d+mb$`))]);
    for (const c of cmds) run(c);
    const after = await clears(redis, ['memory-full']);
    expect(critical(after)).toEqual([]);
    await writesAccepted(redis);
  });

  it('data dir not writable: the printed chown (with the Redis uid:gid) and BGSAVE clear it and MISCONF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rv-rootdir-'));
    dirs.push(dir);
    chmodSync(dir, 0o755);
    const redis = await startRedis({ dir, uid: 65534, gid: 65534, args: ['--save', '3600 1'] });
    await redis.cmd('SET', 'k', 'v');
    await redis.cmd('BGSAVE');
    await waitFor(
      () => redis.info('persistence'),
      (i) => i.includes('rdb_last_bgsave_status:err'),
      { what: 'BGSAVE to fail on permissions' },
    );
    const r = check(redis);
    const lead = root(r, 'data-dir-not-writable');
    expect(lead.consequences).toEqual(expect.arrayContaining(['rdb-bgsave-failing', 'writes-rejected-misconf']));
    expectNoPlaceholders(r);
    const cmds = commandsIn(lead.remedy);
    expect(cmds).toContain(`chown 65534:65534 ${dir}`);
    await runAll(redis, cmds);
    const after = await clears(redis, ['data-dir-not-writable', 'rdb-bgsave-failing', 'writes-rejected-misconf']);
    expect(critical(after)).toEqual([]);
    await writesAccepted(redis);
  });

  it('AOF growing with auto-rewrite off: the printed BGREWRITEAOF and CONFIG SET auto-aof-rewrite-percentage clear aof-growing-unbounded', async () => {
    const redis = await startRedis({ args: ['--appendonly', 'yes', '--auto-aof-rewrite-percentage', '0', '--auto-aof-rewrite-min-size', '1024'] });
    await waitFor(
      () => redis.info('persistence'),
      (i) => i.includes('aof_rewrite_in_progress:0') && i.includes('aof_rewrite_scheduled:0'),
      { what: 'the startup rewrite to finish' },
    );
    for (let i = 0; i < 200; i++) await redis.cmd('SET', `k${i % 5}`, 'v'.repeat(1000));
    const r = check(redis);
    const lead = root(r, 'aof-growing-unbounded');
    expect(lead.summary).toMatch(/^Auto-rewrite is off/);
    expectNoPlaceholders(r);
    const cmds = commandsIn(lead.remedy);
    expect(cmds).toEqual([
      `redis-cli -h 127.0.0.1 -p ${redis.port} BGREWRITEAOF`,
      `redis-cli -h 127.0.0.1 -p ${redis.port} INFO persistence`,
      `redis-cli -h 127.0.0.1 -p ${redis.port} CONFIG SET auto-aof-rewrite-percentage 100`,
    ]);
    for (const c of cmds) run(c);
    await clears(redis, ['aof-growing-unbounded']);
    await writesAccepted(redis);
  });

  it('a CONFIG SET the config file does not have: config-not-persisted names it, and the printed CONFIG REWRITE clears it', async () => {
    const redis = await startRedis({ config: ['maxmemory 10mb', 'maxmemory-policy noeviction'] });
    await redis.cmd('CONFIG', 'SET', 'maxmemory', '20mb');
    const r = check(redis);
    const lead = root(r, 'config-not-persisted');
    expect(lead.summary).toContain('maxmemory (running 20971520, file 10mb)');
    expectNoPlaceholders(r);
    const cmds = commandsIn([lead.remedy[0] ?? '']);
    expect(cmds).toEqual([`redis-cli -h 127.0.0.1 -p ${redis.port} CONFIG REWRITE`]);
    for (const c of cmds) run(c);
    await clears(redis, ['config-not-persisted']);
  });

  it('replica link down: restarting the master where the printed PING points clears it and writes reach the replica', async () => {
    const replica = await replicaOfDeadMaster();
    const r = check(replica);
    const lead = root(r, 'replica-link-down');
    expectNoPlaceholders(r);
    const ping = commandsIn(lead.remedy).find((c) => / PING$/.test(c));
    const m = /^redis-cli -h (\S+) -p (\d+) PING$/.exec(ping ?? '');
    expect(m?.[1]).toBe('127.0.0.1');
    const restarted = await startRedis({ port: Number(m?.[2]) });
    expect(run(ping ?? '').trim()).toBe('PONG');
    await clears(replica, ['replica-link-down']);
    await restarted.cmd('SET', 'after-remedy', 'replicated');
    await waitFor(
      () => replica.cmd('GET', 'after-remedy'),
      (v) => v === 'replicated',
      { what: 'the write to reach the replica' },
    );
  });
});
