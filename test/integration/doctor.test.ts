import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { freePort } from '../helpers/ports.js';
import { mountTmpfs, startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { failAofWrite, failBgsave, fillMemoryTo, replicaOfDeadMaster } from '../helpers/failure-states.js';
import { waitFor } from '../helpers/wait.js';

/** The doctor against real servers in the guide's failure states, through `check` and /metrics. */
const mounts: { unmount(): void }[] = [];
const exporters: TestExporter[] = [];
afterAll(async () => {
  await Promise.all(exporters.map((e) => e.stop()));
  await stopAllRedis();
  for (const m of mounts) m.unmount();
});

interface CheckJson {
  status: string;
  findings: { check: string; failing: boolean; severity: string; remedy: string[] }[];
}

function check(url: string, extra: string[] = []): { status: number | null; json: CheckJson; failing: string[] } {
  const r = runCli(['check', '--redis.addr', url, '--format', 'json', '--check.window', '300ms', ...extra]);
  const json = JSON.parse(r.stdout) as CheckJson;
  return { status: r.status, json, failing: json.findings.filter((f) => f.failing).map((f) => f.check) };
}

describe('doctor on real Redis servers', () => {
  it('a healthy instance: check exits 0 (OK)', async () => {
    const redis = await startRedis({ args: ['--save', '3600 1'] });
    // Host settings are this machine's business, judged in the next test; here only Redis counts.
    const r = check(redis.url, ['--host.collect', 'off']);
    expect(r.failing).toEqual([]);
    expect(r.json.status).toBe('OK');
    expect(r.status).toBe(0);
    const text = runCli(['check', '--redis.addr', redis.url, '--host.collect', 'off']);
    expect(text.stdout).toMatch(/^OK: redis:\/\/127\.0\.0\.1:\d+ healthy/);
  });

  it("judges this machine's real vm.overcommit_memory and THP settings", async () => {
    const { readFileSync } = await import('node:fs');
    const overcommit = Number(readFileSync('/proc/sys/vm/overcommit_memory', 'utf8').trim());
    let thp: string | undefined;
    try {
      thp = /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1];
    } catch {
      thp = undefined; // a container without /sys/kernel/mm: the check is simply not emitted
    }
    const redis = await startRedis({ args: ['--save', '3600 1'] });
    const r = check(redis.url);
    expect(r.failing.includes('fork-overcommit-risk')).toBe(overcommit !== 1);
    expect(r.failing.includes('thp-enabled')).toBe(thp === 'always');
    expect(r.status).toBe(overcommit !== 1 || thp === 'always' ? 1 : 0);
  });

  it('BGSAVE failing on a full disk: CRITICAL with rdb-bgsave-failing and writes-rejected-misconf', async () => {
    const tmpfs = mountTmpfs(256);
    mounts.push(tmpfs);
    const redis = await startRedis({ dir: tmpfs.dir, args: ['--save', '3600 1'] });
    await failBgsave(redis);
    const r = check(redis.url);
    expect(r.status).toBe(2);
    expect(r.failing).toEqual(expect.arrayContaining(['writes-rejected-misconf', 'rdb-bgsave-failing']));
    const doctor = runCli(['doctor', '--redis.addr', redis.url]);
    expect(doctor.stdout).toContain('[CRITICAL] writes-rejected-misconf');
    expect(doctor.stdout).toContain('BGSAVE');
  });

  it('a nearly full data directory: disk-space-low from the host collector', async () => {
    const tmpfs = mountTmpfs(1024);
    mounts.push(tmpfs);
    const redis = await startRedis({ dir: tmpfs.dir, args: ['--save', '3600 1'] });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${tmpfs.dir}/filler`, Buffer.alloc(960 * 1024));
    const r = check(redis.url);
    expect(r.failing).toContain('disk-space-low');
    const finding = r.json.findings.find((f) => f.check === 'disk-space-low');
    expect(finding?.severity).toBe('critical');
    expect(r.status).toBe(2);
  });

  it('AOF write failing: CRITICAL with aof-write-failing', async () => {
    const tmpfs = mountTmpfs(256);
    mounts.push(tmpfs);
    const redis = await startRedis({ dir: tmpfs.dir, args: ['--appendonly', 'yes'] });
    await failAofWrite(redis);
    const r = check(redis.url);
    expect(r.status).toBe(2);
    expect(r.failing).toEqual(expect.arrayContaining(['aof-write-failing', 'writes-rejected-misconf']));
  });

  it('noeviction near maxmemory: WARNING with noeviction-at-risk and memory-near-maxmemory', async () => {
    const redis = await startRedis({ args: ['--maxmemory', '4mb', '--maxmemory-policy', 'noeviction'] });
    await fillMemoryTo(redis, 4 * 1024 * 1024, 0.92);
    const r = check(redis.url);
    expect(r.failing).toEqual(expect.arrayContaining(['noeviction-at-risk', 'memory-near-maxmemory']));
    expect(r.status).toBe(1);
  });

  it('OOM rejects while polling: oom-rejecting-writes fires on /metrics', async () => {
    const redis = await startRedis({ args: ['--maxmemory', '1mb', '--maxmemory-policy', 'noeviction'] });
    const e = await startTestExporter({ 'redis.addr': redis.url, 'poll.interval': '100ms' });
    exporters.push(e);
    const value = 'v'.repeat(10 * 1024);
    await waitFor(
      async () => {
        await redis.cmd('SET', `k${Math.random()}`, value).catch(() => undefined);
        return (await e.metrics()).get('redis_doctor_finding', { check: 'oom-rejecting-writes' });
      },
      (v) => v === 3,
      { what: 'oom-rejecting-writes to fire (3 = critical)', intervalMs: 10 },
    );
    // Redis at its limit drifts just under it between rejected writes (the hold then ends: there is
    // room again), so /doctor.json is read while the writes go on, not one poll later.
    type Page = { targets: { findings: { check: string; failing: boolean }[] }[] };
    const page = await waitFor(
      async () => {
        await redis.cmd('SET', `k${Math.random()}`, value).catch(() => undefined);
        return JSON.parse(await e.scrape('/doctor.json')) as Page;
      },
      (p) => p.targets[0]?.findings.some((f) => f.check === 'oom-rejecting-writes' && f.failing) === true,
      { what: '/doctor.json to show oom-rejecting-writes failing', intervalMs: 10 },
    );
    expect(page.targets[0]?.findings.find((f) => f.check === 'oom-rejecting-writes')?.failing).toBe(true);
  });

  it('a replica whose master died: CRITICAL with replica-link-down', async () => {
    const replica = await replicaOfDeadMaster();
    const r = check(replica.url);
    expect(r.status).toBe(2);
    expect(r.failing).toContain('replica-link-down');
  });

  it('persistence off with data: an info finding that leaves the status OK', async () => {
    const redis = await startRedis();
    await redis.cmd('SET', 'k', 'v');
    const r = check(redis.url);
    expect(r.failing).toContain('persistence-disabled');
    expect(r.status).toBe(0);
  });

  it('Redis unreachable is CRITICAL; bad arguments are UNKNOWN', async () => {
    const port = await freePort();
    const down = runCli(['check', '--redis.addr', `127.0.0.1:${port}`]);
    expect(down.status).toBe(2);
    expect(down.stdout).toMatch(/^CRITICAL: .* redis-unreachable/);
    const bad = runCli(['check', '--redis.addr', 'http://nope']);
    expect(bad.status).toBe(3);
    expect(bad.stderr).toContain('--redis.addr');
    // A typo'd flag under check/doctor is UNKNOWN too, wherever it sits on the line.
    for (const args of [
      ['check', '--redis.adr', 'x'],
      ['--bogus', 'check'],
      ['doctor', '--check.window', 'soon'],
      ['check', '--fail-on', 'info'],
      ['check', '--doctor.disable', 'no-such-check'],
    ]) {
      const r = runCli(args);
      expect(r.status, args.join(' ')).toBe(3);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('as a probe: --check.window=0s polls once, perfdata follows |, --fail-on=critical lets a WARNING pass, --doctor.disable turns a check off', async () => {
    const redis = await startRedis({ args: ['--maxmemory', '4mb', '--maxmemory-policy', 'noeviction'] });
    await fillMemoryTo(redis, 4 * 1024 * 1024, 0.92);
    const base = ['check', '--redis.addr', redis.url, '--check.window', '0s', '--host.collect', 'off'];
    const warn = runCli(base);
    expect(warn.status).toBe(1);
    const [line] = warn.stdout.split('\n');
    expect(line).toMatch(/^WARNING: redis:\/\/127\.0\.0\.1:\d+ .*noeviction-at-risk.* \| failing=\d+ checks=\d+ .*noeviction-at-risk\.used_memory=\d+B/);
    expect(runCli([...base, '--fail-on', 'critical']).status).toBe(0);
    const off = runCli([...base, '--doctor.disable', 'noeviction-at-risk,memory-near-maxmemory', '--format', 'json']);
    expect(off.status).toBe(0);
    expect((JSON.parse(off.stdout) as CheckJson).findings.map((f) => f.check)).not.toContain('noeviction-at-risk');
  });
});
