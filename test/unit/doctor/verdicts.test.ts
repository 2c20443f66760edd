import { describe, expect, it } from 'vitest';
import { DOCTOR_CHECK_IDS, parseDisabledChecks } from '../../../src/config/doctor-disable.js';
import { addFindingSamples, diagnose, enabledRules, RULES } from '../../../src/doctor/index.js';
import { exitCode, perfdata, sortFindings, textReport } from '../../../src/doctor/report.js';
import { SampleSink } from '../../../src/exposition/sample.js';
import { doctorInput } from '../../helpers/doctor-input.js';

const MB = 1024 ** 2;
const KB = 1024;
const rule = (id: string) => {
  const r = RULES.find((x) => x.id === id);
  if (!r) throw new Error(id);
  return r;
};
const address = { kind: 'tcp' as const, host: '127.0.0.1', port: 6390, path: '', tls: false, local: true };
const dataDir = (sizeBytes: number, availBytes: number) => ({
  host: { dataDir: { sizeBytes, availBytes, filesFree: 100, readOnly: false, writable: true, device: { major: 0, minor: 50 }, mountPoint: '/srv/redis', fsType: 'tmpfs' } },
});

describe('memory full', () => {
  it('is CRITICAL under noeviction at 130% whether or not a client wrote during the window', () => {
    const input = doctorInput({ info: { maxmemory_policy: 'noeviction', used_memory: 130 * MB, maxmemory: 100 * MB } });
    const v = rule('memory-full').evaluate(input);
    expect(v?.failing).toBe(true);
    expect(v?.summary).toMatch(/^Full: .*130%.*rejected with OOM now/);
    const findings = diagnose(input);
    const failing = findings.filter((f) => f.failing);
    expect(failing.find((f) => f.check === 'memory-full')?.severity).toBe('critical');
    for (const f of failing) expect(`${f.title} ${f.summary}`).not.toMatch(/close to|soon/i);
  });

  it('is CRITICAL under volatile-* with no key that has a TTL, and not when something can be evicted', () => {
    const over = { used_memory: 130 * MB, maxmemory: 100 * MB };
    expect(rule('memory-full').evaluate(doctorInput({ info: { ...over, maxmemory_policy: 'volatile-lru' }, infoText: 'db0:keys=10,expires=0,avg_ttl=0\r\n' }))?.failing).toBe(true);
    expect(rule('memory-full').evaluate(doctorInput({ info: { ...over, maxmemory_policy: 'volatile-lru' }, infoText: 'db0:keys=10,expires=3,avg_ttl=0\r\n' }))?.failing).toBe(false);
    expect(rule('memory-full').evaluate(doctorInput({ info: { ...over, maxmemory_policy: 'allkeys-lru' } }))?.failing).toBe(false);
  });

  it('does not count replica and AOF buffers, as Redis does not', () => {
    expect(rule('memory-full').evaluate(doctorInput({ info: { used_memory: 105 * MB, mem_not_counted_for_evict: 10 * MB, maxmemory: 100 * MB, maxmemory_policy: 'noeviction' } }))?.failing).toBe(
      false,
    );
  });

  it('prints CONFIG SET maxmemory for this host with a computed value, and leads the OOM findings', () => {
    const input = {
      ...doctorInput({ info: { maxmemory_policy: 'noeviction', used_memory: 4 * MB, maxmemory: 2 * MB }, infoText: 'errorstat_OOM:count=5\r\n', previousText: 'errorstat_OOM:count=2\r\n' }),
      address,
    };
    const findings = diagnose(input);
    const full = findings.find((f) => f.check === 'memory-full');
    expect(full?.remedy[0]).toContain('`redis-cli -h 127.0.0.1 -p 6390 CONFIG SET maxmemory 5mb`');
    expect(full?.consequences).toEqual(expect.arrayContaining(['oom-rejecting-writes', 'memory-near-maxmemory', 'noeviction-at-risk']));
    expect(findings.find((f) => f.check === 'oom-rejecting-writes')?.causedBy).toBe('memory-full');
    expect(findings.find((f) => f.check === 'memory-near-maxmemory')?.title).toBe('Memory at maxmemory');
  });
});

describe('MISCONF names its cause', () => {
  it('AOF cause: the remedy frees the AOF disk and never tells to BGSAVE or flip stop-writes-on-bgsave-error', () => {
    const v = rule('writes-rejected-misconf').evaluate({
      ...doctorInput({
        info: { rdb_last_bgsave_status: 'ok', aof_enabled: 1, aof_last_write_status: 'err' },
        config: { 'stop-writes-on-bgsave-error': 'yes', save: '3600 1', dir: '/srv/redis', appenddirname: 'appendonlydir' },
      }),
      address,
    });
    expect(v?.evidence.cause).toBe('aof');
    expect(v?.title).toContain('AOF');
    expect(v?.remedy?.join('\n')).toContain('`df -h /srv/redis/appendonlydir`');
    expect(v?.remedy?.join('\n')).not.toMatch(/`[^`]*BGSAVE`|`[^`]*CONFIG SET stop-writes-on-bgsave-error no`/);
  });

  it('RDB cause: BGSAVE after the fix, the stopgap only for this cause', () => {
    const v = rule('writes-rejected-misconf').evaluate({
      ...doctorInput({ info: { rdb_last_bgsave_status: 'err', aof_enabled: 0 }, config: { 'stop-writes-on-bgsave-error': 'yes', save: '3600 1', logfile: '/var/log/x.log' } }),
      address,
    });
    expect(v?.evidence.cause).toBe('rdb');
    expect(v?.remedy?.join('\n')).toContain('`redis-cli -h 127.0.0.1 -p 6390 BGSAVE`');
    expect(v?.remedy?.join('\n')).toContain('`tail -n 50 /var/log/x.log`');
  });
});

describe('root cause first', () => {
  const input = {
    ...doctorInput({
      info: { rdb_last_bgsave_status: 'err', aof_enabled: 0, used_memory_dataset: 2 * MB, rdb_changes_since_last_save: 20000 },
      config: { 'stop-writes-on-bgsave-error': 'yes', save: '3600 1', dir: '/srv/redis/data', dbfilename: 'dump.rdb' },
      extras: dataDir(256 * KB, 200 * KB),
    }),
    address,
  };

  it('disk full leads; BGSAVE failing and MISCONF are its consequences; the BGSAVE step appears once', () => {
    const findings = sortFindings(diagnose(input));
    const failing = findings.filter((f) => f.failing);
    expect(failing[0]?.check).toBe('disk-space-low');
    expect(failing[0]?.consequences).toEqual(expect.arrayContaining(['rdb-bgsave-failing', 'writes-rejected-misconf']));
    expect(failing.find((f) => f.check === 'writes-rejected-misconf')?.causedBy).toBe('disk-space-low');
    const all = failing.flatMap((f) => f.remedy).join('\n');
    expect(all.match(/BGSAVE`/g)?.length).toBe(1);
    expect(failing[0]?.remedy.join('\n')).toContain('`mount -o remount,size=');
    const text = textReport({ target: 't', up: true, polledAt: 1, status: 'CRITICAL', findings }, true);
    expect(text.split('\n')[0]).toMatch(/^CRITICAL: t disk-space-low \(causing .*rdb-bgsave-failing.*\) \| failing=\d+/);
    expect(text).toContain('Consequence [CRITICAL] writes-rejected-misconf');
  });

  it('a disk that is merely below 10% free but has room for the save is not blamed', () => {
    const roomy = { ...input, extras: dataDir(100 * MB, 9 * MB) };
    const findings = diagnose(roomy);
    expect(findings.find((f) => f.check === 'disk-space-low')?.severity).toBe('warning');
    expect(findings.find((f) => f.check === 'rdb-bgsave-failing')?.causedBy).toBeUndefined();
    expect(findings.find((f) => f.check === 'writes-rejected-misconf')?.causedBy).toBe('rdb-bgsave-failing');
  });
});

describe('disk-space-low estimate', () => {
  it('a fresh empty Redis on a small volume is not critical; the estimate is an upper bound from the dataset', () => {
    const v = rule('disk-space-low').evaluate(doctorInput({ info: { used_memory: 900 * KB, used_memory_dataset: 30 * KB }, extras: dataDir(256 * KB, 250 * KB) }));
    expect(v?.failing).toBe(false);
    expect(v?.evidence.next_save_upper_bound_bytes).toBe(30 * KB);
  });

  it('uses the last RDB or the AOF on disk when there is one', () => {
    const files = { rdb: { sizeBytes: 600 * KB, mtimeSeconds: 1 }, aof: { base: 700 * KB, incr: 100 * KB } };
    const v = rule('disk-space-low').evaluate(doctorInput({ info: { aof_enabled: 1, used_memory_dataset: 50 * MB }, extras: { host: { ...dataDir(10 * MB, 700 * KB).host, files } } }));
    expect(v?.severity).toBe('critical');
    expect(v?.evidence).toMatchObject({ next_save_upper_bound_bytes: 800 * KB, next_save_estimate_basis: 'the AOF on disk' });
    expect(v?.summary).toContain('up to');
  });
});

describe('never saved', () => {
  it('says so instead of dating a save from the start time', () => {
    const v = rule('rdb-stale').evaluate(doctorInput({ info: { rdb_last_save_time: 1_800_000_000 - 10_000, rdb_changes_since_last_save: 50, rdb_saves: 0 }, config: { save: '3600 1' } }));
    expect(v?.summary).toMatch(/^Never saved since it started/);
    const ok = rule('rdb-stale').evaluate(doctorInput({ info: { rdb_last_save_time: 1_800_000_000 - 11, rdb_changes_since_last_save: 1, rdb_last_bgsave_time_sec: -1 }, config: { save: '3600 1' } }));
    expect(ok?.summary).toBe('Never saved since it started 11 s ago.');
  });
});

describe('finding series', () => {
  it('one series per check with only the check label; the value carries the severity', () => {
    const sink = new SampleSink();
    const base = { summary: 's', evidence: {}, title: 't', remedy: [] };
    addFindingSamples(
      [
        { ...base, check: 'disk-space-low', failing: true, severity: 'warning' },
        { ...base, check: 'memory-full', failing: true, severity: 'critical' },
        { ...base, check: 'persistence-disabled', failing: true, severity: 'info' },
        { ...base, check: 'swapping', failing: false, severity: 'critical' },
      ],
      sink,
    );
    expect(sink.samples.map((s) => [s.labels, s.value])).toEqual([
      [{ check: 'disk-space-low' }, 2],
      [{ check: 'memory-full' }, 3],
      [{ check: 'persistence-disabled' }, 1],
      [{ check: 'swapping' }, 0],
    ]);
  });
});

describe('turning checks off', () => {
  it('parses ids, refuses unknown ones, and drops them from the rules', () => {
    expect(parseDisabledChecks(' fork-overcommit-risk, thp-enabled ', '--doctor.disable')).toEqual(['fork-overcommit-risk', 'thp-enabled']);
    expect(() => parseDisabledChecks('fork-overcomit-risk', '--doctor.disable')).toThrow(/--doctor.disable: unknown doctor check "fork-overcomit-risk"/);
    expect(enabledRules(['thp-enabled']).map((r) => r.id)).not.toContain('thp-enabled');
    expect(enabledRules([]).length).toBe(RULES.length);
  });

  it("config knows exactly the doctor's check ids", () => {
    expect([...DOCTOR_CHECK_IDS].sort()).toEqual(RULES.map((r) => r.id).sort());
  });
});

describe('check exit codes and perfdata', () => {
  it('--fail-on=critical lets a WARNING exit 0 but never an UNKNOWN or CRITICAL', () => {
    expect(exitCode('WARNING', 'critical')).toBe(0);
    expect(exitCode('WARNING', 'warning')).toBe(1);
    expect(exitCode('CRITICAL', 'critical')).toBe(2);
    expect(exitCode('UNKNOWN', 'critical')).toBe(3);
  });

  it('perfdata carries the numbers behind failing findings, with units', () => {
    const findings = diagnose(doctorInput({ info: { maxmemory_policy: 'noeviction', used_memory: 130 * MB, maxmemory: 100 * MB } }));
    const p = perfdata({ target: 't', up: true, polledAt: 1, status: 'CRITICAL', findings });
    expect(p).toMatch(/^failing=\d+ checks=\d+ /);
    expect(p).toContain(`memory-full.used_memory=${130 * MB}B`);
    expect(p).toContain(`memory-full.maxmemory=${100 * MB}B`);
  });
});
