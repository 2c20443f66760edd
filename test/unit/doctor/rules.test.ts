import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/doctor/index.js';
import { previousForDoctor } from '../../../src/doctor/read.js';
import type { DoctorInput } from '../../../src/doctor/types.js';
import { doctorInput } from '../../helpers/doctor-input.js';
import { parseRedisConf } from '../../../src/parse/redis-conf.js';
import { LOG_EVENT_NAMES, type LogEvent } from '../../../src/parse/redis-log.js';

const GB = 1024 ** 3;
const replica = (omem: number) => ({ id: '7', addr: '10.0.0.2:50123', ip: '10.0.0.2', omem, oll: 1, flags: 'S', fields: new Map<string, string>() });
const dataDir = (availBytes: number, over: { writable?: boolean; readOnly?: boolean } = {}) => ({
  host: { dataDir: { sizeBytes: 10 * GB, availBytes, filesFree: 1000, readOnly: over.readOnly ?? false, writable: over.writable ?? true, device: { major: 8, minor: 1 } } },
});
const thp = (active: string) => ({ host: { thp: { enabled: { modes: ['always', 'madvise', 'never'], active }, defrag: { modes: ['always', 'madvise', 'never'], active: 'madvise' } } } });
const REPLICA_INFO = 'slave0:ip=10.0.0.2,port=6380,state=online,offset=100,lag=0\r\n';
const LIMITS = { 'client-output-buffer-limit': 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60' };
const bigkeys = (bytes: number) => ({
  scannedKeysTotal: 10,
  lastCycle: undefined,
  error: undefined,
  lastPass: { finishedAt: 1, seconds: 1, top: [{ db: 'db0', key: 'k', type: 'hash', bytes }], largest: [] },
});
const MB = 1024 ** 2;
const disk = (rotational: boolean) =>
  ({
    major: 8,
    minor: 0,
    name: 'sda',
    readsCompleted: 0,
    sectorsRead: 0,
    writesCompleted: 0,
    sectorsWritten: 0,
    readTimeMs: 0,
    writeTimeMs: 0,
    ioInProgress: 0,
    ioTicksMs: 0,
    weightedIoMs: 0,
    utilization: undefined,
    rotational,
  }) as never;
const redisLog = (forks: number) => {
  const counts = Object.fromEntries(LOG_EVENT_NAMES.map((e) => [e, 0])) as Record<LogEvent, number>;
  return {
    path: '/var/log/redis/redis-server.log',
    totals: { ...counts, fork_failed: forks },
    sinceLastPoll: { ...counts, fork_failed: forks },
    last: forks ? { fork_failed: { time: '07 Dec 2026 10:00:00.000', text: "Can't save in background: fork: Cannot allocate memory", seq: 1, seenAt: 1_800_000_000 - 30, savesAtSeen: 4 } } : {},
  };
};

/** Every rule: an input that makes it fire, one it passes, and (where it applies) one without its inputs. */
const cases: Record<string, { fires: DoctorInput; passes: DoctorInput; missing?: DoctorInput }> = {
  'redis-unreachable': { fires: doctorInput({ up: false }), passes: doctorInput({ info: { role: 'master' } }) },
  'writes-rejected-misconf': {
    fires: doctorInput({ info: { rdb_last_bgsave_status: 'err', aof_enabled: 0 }, config: { 'stop-writes-on-bgsave-error': 'yes', save: '3600 1' } }),
    passes: doctorInput({ info: { rdb_last_bgsave_status: 'err', aof_enabled: 0 }, config: { 'stop-writes-on-bgsave-error': 'no', save: '3600 1' } }),
    missing: doctorInput({ info: { role: 'master' } }),
  },
  'rdb-bgsave-failing': {
    fires: doctorInput({ info: { rdb_last_bgsave_status: 'err', rdb_changes_since_last_save: 10 } }),
    passes: doctorInput({ info: { rdb_last_bgsave_status: 'ok' } }),
    missing: doctorInput({ info: {} }),
  },
  'aof-write-failing': {
    fires: doctorInput({ info: { aof_enabled: 1, aof_last_write_status: 'err' } }),
    passes: doctorInput({ info: { aof_enabled: 1, aof_last_write_status: 'ok' } }),
  },
  'aof-rewrite-failing': {
    fires: doctorInput({ info: { aof_last_bgrewrite_status: 'ok', aof_rewrites_consecutive_failures: 2 } }),
    passes: doctorInput({ info: { aof_last_bgrewrite_status: 'ok', aof_rewrites_consecutive_failures: 0 } }),
  },
  'aof-fsync-slow': {
    fires: doctorInput({ info: { aof_enabled: 1, aof_delayed_fsync: 7 }, previous: { aof_enabled: 1, aof_delayed_fsync: 3 } }),
    passes: doctorInput({ info: { aof_enabled: 1, aof_delayed_fsync: 3 }, previous: { aof_enabled: 1, aof_delayed_fsync: 3 } }),
    missing: doctorInput({ info: { aof_enabled: 1, aof_delayed_fsync: 3 } }),
  },
  'fork-slow': {
    fires: doctorInput({ info: { latest_fork_usec: 800_000, used_memory_rss: 4 * GB } }),
    passes: doctorInput({ info: { latest_fork_usec: 20_000, used_memory_rss: 4 * GB } }),
  },
  'cow-memory-high': {
    fires: doctorInput({ info: { used_memory: 1 * GB, rdb_last_cow_size: 0.7 * GB } }),
    passes: doctorInput({ info: { used_memory: 1 * GB, rdb_last_cow_size: 0.1 * GB } }),
  },
  'memory-near-maxmemory': {
    fires: doctorInput({ info: { used_memory: 95 * MB, maxmemory: 100 * MB } }),
    passes: doctorInput({ info: { used_memory: 50 * MB, maxmemory: 100 * MB } }),
    missing: doctorInput({ info: { used_memory: 50 * MB, maxmemory: 0 } }),
  },
  'oom-rejecting-writes': {
    fires: doctorInput({ infoText: 'errorstat_OOM:count=5\r\n', previousText: 'errorstat_OOM:count=2\r\n' }),
    passes: doctorInput({ infoText: 'errorstat_OOM:count=2\r\n', previousText: 'errorstat_OOM:count=2\r\n' }),
  },
  'dataset-lost-on-restart': {
    fires: doctorInput({ info: { loading: 0 }, infoText: 'db0:keys=3,expires=0\r\n', extras: { restarts: { observed: 1, last: { seenAt: 1_800_000_000 - 30, keysBefore: 20000, runId: 'b' } } } }),
    passes: doctorInput({ info: { loading: 0 }, infoText: 'db0:keys=19990,expires=0\r\n', extras: { restarts: { observed: 1, last: { seenAt: 1_800_000_000 - 30, keysBefore: 20000, runId: 'b' } } } }),
    missing: doctorInput({ info: { loading: 0 }, infoText: 'db0:keys=3,expires=0\r\n', extras: { restarts: { observed: 0 } } }),
  },
  'redis-loading': {
    fires: doctorInput({ info: { loading: 1, loading_loaded_perc: 42.5, loading_eta_seconds: 12, loading_total_bytes: 10 * MB } }),
    passes: doctorInput({ info: { loading: 0 } }),
    missing: doctorInput({ info: {} }),
  },
  'data-dir-on-rotational-disk': {
    fires: doctorInput({ info: {}, extras: { host: { diskIo: { disk: disk(true) } } } }),
    passes: doctorInput({ info: {}, extras: { host: { diskIo: { disk: disk(false) } } } }),
    missing: doctorInput({ info: {}, extras: { host: { diskIo: { disk: undefined } } } }),
  },
  'aof-growing-unbounded': {
    fires: doctorInput({
      info: { aof_enabled: 1, aof_current_size: 900 * MB, aof_base_size: 100 * MB, aof_rewrite_in_progress: 0 },
      config: { 'auto-aof-rewrite-percentage': '100', 'auto-aof-rewrite-min-size': '67108864' },
    }),
    passes: doctorInput({
      info: { aof_enabled: 1, aof_current_size: 150 * MB, aof_base_size: 100 * MB, aof_rewrite_in_progress: 0 },
      config: { 'auto-aof-rewrite-percentage': '100', 'auto-aof-rewrite-min-size': '67108864' },
    }),
    missing: doctorInput({ info: { aof_enabled: 1, aof_current_size: 900 * MB, aof_base_size: 100 * MB } }),
  },
  'config-not-persisted': {
    fires: doctorInput({
      info: {},
      config: { maxmemory: '20971520', 'maxmemory-policy': 'noeviction', appendonly: 'no' },
      extras: { configFile: { path: '/etc/redis/redis.conf', conf: parseRedisConf('maxmemory 10mb\n') } },
    }),
    passes: doctorInput({
      info: {},
      config: { maxmemory: '10485760', 'maxmemory-policy': 'noeviction', appendonly: 'no' },
      extras: { configFile: { path: '/etc/redis/redis.conf', conf: parseRedisConf('maxmemory 10mb\n') } },
    }),
    missing: doctorInput({ info: {}, config: { maxmemory: '20971520' } }),
  },
  'fork-failing': {
    fires: doctorInput({ info: {}, extras: { redisLog: redisLog(2) } }),
    passes: doctorInput({ info: {}, extras: { redisLog: redisLog(0) } }),
    missing: doctorInput({ info: {} }),
  },
  'memory-full': {
    fires: doctorInput({ info: { maxmemory_policy: 'noeviction', used_memory: 130 * MB, maxmemory: 100 * MB } }),
    passes: doctorInput({ info: { maxmemory_policy: 'allkeys-lru', used_memory: 130 * MB, maxmemory: 100 * MB } }),
    missing: doctorInput({ info: { maxmemory_policy: 'noeviction', used_memory: 130 * MB, maxmemory: 0 } }),
  },
  'noeviction-at-risk': {
    fires: doctorInput({ info: { maxmemory_policy: 'noeviction', used_memory: 85 * MB, maxmemory: 100 * MB } }),
    passes: doctorInput({ info: { maxmemory_policy: 'allkeys-lru', used_memory: 85 * MB, maxmemory: 100 * MB } }),
  },
  'volatile-policy-without-ttls': {
    fires: doctorInput({ info: { maxmemory_policy: 'volatile-lru' }, infoText: 'db0:keys=1000,expires=5,avg_ttl=0\r\n' }),
    passes: doctorInput({ info: { maxmemory_policy: 'volatile-lru' }, infoText: 'db0:keys=1000,expires=500,avg_ttl=0\r\n' }),
  },
  'maxmemory-unset': {
    fires: doctorInput({ info: { maxmemory: 0, used_memory: 6 * GB, total_system_memory: 8 * GB } }),
    passes: doctorInput({ info: { maxmemory: 0, used_memory: 1 * GB, total_system_memory: 8 * GB } }),
  },
  'fragmentation-high': {
    fires: doctorInput({ info: { mem_fragmentation_ratio: 2.1, mem_fragmentation_bytes: 500 * MB } }),
    passes: doctorInput({ info: { mem_fragmentation_ratio: 3.5, mem_fragmentation_bytes: 5 * MB } }),
  },
  'replica-link-down': {
    fires: doctorInput({ info: { role: 'slave', master_host: '10.0.0.1', master_port: 6379, master_link_status: 'down', master_link_down_since_seconds: 42 } }),
    passes: doctorInput({ info: { role: 'slave', master_link_status: 'up' } }),
  },
  'repl-backlog-too-small': {
    fires: doctorInput({
      info: { connected_slaves: 1, repl_backlog_active: 1, repl_backlog_size: 1 * MB, master_repl_offset: 10 * MB },
      extras: { replWriteRate: 1 * MB },
      config: { 'repl-timeout': '60' },
    }),
    passes: doctorInput({
      info: { connected_slaves: 1, repl_backlog_active: 1, repl_backlog_size: 64 * MB, master_repl_offset: 10 * MB },
      extras: { replWriteRate: 200 },
      config: { 'repl-timeout': '60' },
    }),
    // No rate (first poll, or the replication ID changed) and no full resync: nothing to judge.
    missing: doctorInput({
      info: { connected_slaves: 1, repl_backlog_active: 1, repl_backlog_size: 1 * MB, master_repl_offset: 10 * MB },
      previous: { master_repl_offset: 1 },
      config: { 'repl-timeout': '60' },
    }),
  },
  'rdb-stale': {
    fires: doctorInput({ info: { rdb_last_save_time: 1_800_000_000 - 10_000, rdb_changes_since_last_save: 50 }, config: { save: '3600 1 300 100' } }),
    passes: doctorInput({ info: { rdb_last_save_time: 1_800_000_000 - 100, rdb_changes_since_last_save: 50 }, config: { save: '3600 1 300 100' } }),
  },
  'evictions-happening': {
    fires: doctorInput({ info: { evicted_keys: 10, maxmemory_policy: 'allkeys-lru' }, previous: { evicted_keys: 4 } }),
    passes: doctorInput({ info: { evicted_keys: 4 }, previous: { evicted_keys: 4 } }),
  },
  'replica-buffer-near-limit': {
    fires: doctorInput({ info: { role: 'master' }, infoText: REPLICA_INFO, config: LIMITS, extras: { replicaClients: [replica(240 * MB)] } }),
    passes: doctorInput({ info: { role: 'master' }, infoText: REPLICA_INFO, config: LIMITS, extras: { replicaClients: [replica(20 * 1024)] } }),
    missing: doctorInput({ info: { role: 'master' }, config: LIMITS }),
  },
  'big-keys': {
    fires: doctorInput({ info: {}, extras: { bigkeys: bigkeys(50 * MB) } }),
    passes: doctorInput({ info: {}, extras: { bigkeys: bigkeys(1 * MB) } }),
    missing: doctorInput({ info: {} }),
  },
  'disk-space-low': {
    fires: doctorInput({ info: { used_memory: 1 * GB }, extras: dataDir(0.5 * GB) }),
    passes: doctorInput({ info: { used_memory: 1 * GB }, extras: dataDir(5 * GB) }),
    missing: doctorInput({ info: { used_memory: 1 * GB } }),
  },
  'data-dir-not-writable': {
    fires: doctorInput({ info: {}, extras: dataDir(5 * GB, { writable: false }) }),
    passes: doctorInput({ info: {}, extras: dataDir(5 * GB) }),
  },
  'fork-overcommit-risk': {
    fires: doctorInput({ info: { aof_enabled: 1, used_memory: 1 * GB }, config: { save: '' }, extras: { host: { overcommitMemory: 0 } } }),
    passes: doctorInput({ info: { aof_enabled: 1, used_memory: 1 * GB }, config: { save: '' }, extras: { host: { overcommitMemory: 1 } } }),
    missing: doctorInput({ info: { aof_enabled: 1 }, config: { save: '' } }),
  },
  'thp-enabled': {
    fires: doctorInput({ info: {}, extras: thp('always') }),
    passes: doctorInput({ info: {}, extras: thp('never') }),
  },
  swapping: {
    fires: doctorInput({ info: { mem_fragmentation_ratio: 0.7 }, extras: { host: { process: { pid: 1, vmSwapBytes: 300 * MB } } } }),
    passes: doctorInput({ info: { mem_fragmentation_ratio: 1.1 }, extras: { host: { process: { pid: 1, vmSwapBytes: 0 } } } }),
  },
  'persistence-disabled': {
    fires: doctorInput({ info: { aof_enabled: 0, role: 'master', connected_slaves: 0 }, infoText: 'db0:keys=10,expires=0\r\n', config: { save: '' } }),
    passes: doctorInput({ info: { aof_enabled: 0, role: 'master' }, infoText: 'db0:keys=10,expires=0\r\n', config: { save: '3600 1' } }),
  },
};

describe('doctor rules', () => {
  it('thp-enabled flags defrag=always too, and names only what is on', () => {
    const rule = RULES.find((r) => r.id === 'thp-enabled');
    const v = rule?.evaluate(
      doctorInput({
        info: {},
        extras: { host: { thp: { enabled: { modes: ['always', 'madvise', 'never'], active: 'madvise' }, defrag: { modes: ['always', 'madvise', 'never'], active: 'always' } } } },
      }),
    );
    expect(v?.failing).toBe(true);
    expect(v?.remedy?.join(' ')).toContain('`echo never > /sys/kernel/mm/transparent_hugepage/defrag`');
    expect(v?.remedy?.join(' ')).not.toContain('transparent_hugepage/enabled`');
  });

  it('escalates to critical where the remedy is urgent', () => {
    const disk = RULES.find((r) => r.id === 'disk-space-low');
    expect(disk?.evaluate(doctorInput({ info: { used_memory: 1 * GB }, extras: dataDir(0.5 * GB) }))?.severity).toBe('critical');
    expect(disk?.evaluate(doctorInput({ info: { used_memory: 0.1 * GB }, extras: dataDir(0.5 * GB) }))?.severity).toBeUndefined();
    const fork = RULES.find((r) => r.id === 'fork-overcommit-risk');
    const host = (availableBytes: number) => ({
      host: { overcommitMemory: 0, memory: { totalBytes: 8 * GB, availableBytes, swapTotalBytes: 0, swapFreeBytes: 0, commitLimitBytes: 0, committedAsBytes: 0 } },
    });
    expect(fork?.evaluate(doctorInput({ info: { aof_enabled: 1, used_memory: 4 * GB }, config: { save: '' }, extras: host(2 * GB) }))?.severity).toBe('critical');
    expect(fork?.evaluate(doctorInput({ info: { aof_enabled: 1, used_memory: 1 * GB }, config: { save: '' }, extras: host(6 * GB) }))?.severity).toBeUndefined();
  });

  it('has a fires and a passes case for every rule', () => {
    expect(
      RULES.map((r) => r.id)
        .filter((id) => !cases[id])
        .sort(),
    ).toEqual([]);
  });

  for (const rule of RULES) {
    const c = cases[rule.id];
    if (!c) continue;
    describe(rule.id, () => {
      it('fires, with evidence and a summary', () => {
        const v = rule.evaluate(c.fires);
        expect(v?.failing).toBe(true);
        expect(v?.summary.length).toBeGreaterThan(10);
      });
      it('passes', () => {
        expect(rule.evaluate(c.passes)?.failing).toBe(false);
      });
      if (c.missing) {
        it('is not emitted without its inputs', () => {
          expect(rule.evaluate(c.missing as DoctorInput)).toBeUndefined();
        });
      }
      it('has a remedy with concrete steps', () => {
        expect(rule.remedy.length).toBeGreaterThan(0);
        expect(rule.remedy.join(' ')).toMatch(/`[^`]+`/);
      });
    });
  }
});

describe('repl-backlog-too-small without a write rate', () => {
  it('still fires when sync_full grew since the last poll, and says the rate is unknown', () => {
    const rule = RULES.find((r) => r.id === 'repl-backlog-too-small');
    const v = rule?.evaluate(
      doctorInput({
        info: { connected_slaves: 1, repl_backlog_active: 1, repl_backlog_size: 64 * MB, sync_full: 3 },
        previous: { sync_full: 1 },
      }),
    );
    expect(v?.failing).toBe(true);
    expect(v?.summary).toContain('2 full resyncs');
    expect(v?.evidence).toMatchObject({ write_rate_bytes_per_second: 'unknown', full_resyncs_since_last_poll: 2 });
  });
});

describe('what the poller keeps of the previous INFO', () => {
  it('gives every rule the same verdict as the full previous INFO', () => {
    let compared = 0;
    for (const rule of RULES) {
      for (const input of Object.values(cases[rule.id] ?? {})) {
        if (!input?.previous) continue;
        const slim = { ...input, previous: { ...input.previous, info: previousForDoctor(input.previous.info) } };
        expect(rule.evaluate(slim), rule.id).toEqual(rule.evaluate(input));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5);
  });
});
