import { describe, expect, it } from 'vitest';
import { diagnose, RULES } from '../../../src/doctor/index.js';
import { DoctorMemory } from '../../../src/doctor/hold.js';
import type { DoctorInput, Finding } from '../../../src/doctor/types.js';
import { LOG_EVENT_NAMES, type LogEvent } from '../../../src/parse/redis-log.js';
import { doctorInput } from '../../helpers/doctor-input.js';

const MB = 1024 ** 2;
const FORK_LINE = { time: '07 Dec 2026 10:00:00.000', text: "Can't save in background: fork: Cannot allocate memory", seq: 1, seenAt: 1_800_000_000, savesAtSeen: 4 };
/** The followed log after a poll that read `fresh` fork failure lines (one in all). */
const forkLog = (fresh: number) => {
  const counts = Object.fromEntries(LOG_EVENT_NAMES.map((e) => [e, 0])) as Record<LogEvent, number>;
  return { path: '/var/log/redis/redis-server.log', totals: { ...counts, fork_failed: 1 }, sinceLastPoll: { ...counts, fork_failed: fresh }, last: { fork_failed: FORK_LINE } };
};
const REPLICA = 'slave0:ip=10.0.0.2,port=6380,state=online,offset=100,lag=0\r\n';

/** The poll where a counter grew, then one where it did not: each of these rules failed once only. */
const oneShot: Record<string, { grew: DoctorInput; still: DoctorInput; cleared?: DoctorInput }> = {
  'evictions-happening': {
    grew: doctorInput({ info: { evicted_keys: 9, maxmemory_policy: 'allkeys-lru' }, previous: { evicted_keys: 2 } }),
    still: doctorInput({ info: { evicted_keys: 9, maxmemory_policy: 'allkeys-lru' }, previous: { evicted_keys: 9 } }),
  },
  'oom-rejecting-writes': {
    grew: doctorInput({
      info: { used_memory: 120 * MB, maxmemory: 100 * MB },
      infoText: '# Errorstats\r\nerrorstat_OOM:count=5\r\n',
      previous: {},
      previousText: '# Errorstats\r\nerrorstat_OOM:count=1\r\n',
    }),
    still: doctorInput({
      info: { used_memory: 120 * MB, maxmemory: 100 * MB },
      infoText: '# Errorstats\r\nerrorstat_OOM:count=5\r\n',
      previous: {},
      previousText: '# Errorstats\r\nerrorstat_OOM:count=5\r\n',
    }),
    cleared: doctorInput({
      info: { used_memory: 120 * MB, maxmemory: 200 * MB },
      infoText: '# Errorstats\r\nerrorstat_OOM:count=5\r\n',
      previous: {},
      previousText: '# Errorstats\r\nerrorstat_OOM:count=5\r\n',
    }),
  },
  'aof-fsync-slow': {
    grew: doctorInput({ info: { aof_enabled: 1, aof_delayed_fsync: 7 }, previous: { aof_delayed_fsync: 3 } }),
    still: doctorInput({ info: { aof_enabled: 1, aof_delayed_fsync: 7 }, previous: { aof_delayed_fsync: 7 } }),
    cleared: doctorInput({ info: { aof_enabled: 0, aof_delayed_fsync: 7 }, previous: { aof_delayed_fsync: 7 } }),
  },
  'fork-failing': {
    grew: doctorInput({ info: { rdb_last_bgsave_status: 'err', rdb_saves: 4 }, extras: { redisLog: forkLog(1) } }),
    // A background save still ended well before the failure (rdb_saves unchanged): not cleared.
    still: doctorInput({ info: { rdb_last_bgsave_status: 'ok', rdb_saves: 4 }, extras: { redisLog: forkLog(0) } }),
    cleared: doctorInput({ info: { rdb_last_bgsave_status: 'ok', rdb_saves: 5 }, extras: { redisLog: forkLog(0) } }),
  },
  'repl-backlog-too-small': {
    grew: doctorInput({ info: { connected_slaves: 1, repl_backlog_active: 1, repl_backlog_size: MB, sync_full: 3 }, infoText: REPLICA, previous: { sync_full: 2 } }),
    still: doctorInput({ info: { connected_slaves: 1, repl_backlog_active: 1, repl_backlog_size: MB, sync_full: 3 }, infoText: REPLICA, previous: { sync_full: 3 } }),
    cleared: doctorInput({ info: { connected_slaves: 0, repl_backlog_active: 1, repl_backlog_size: MB, sync_full: 3 }, previous: { sync_full: 3 } }),
  },
};

const at = (input: DoctorInput, later: number, memory: DoctorMemory): DoctorInput => ({ ...input, now: input.now + later, memory });
const finding = (findings: Finding[], check: string) => findings.find((f) => f.check === check);

describe('one-poll verdicts are held for scrapes and alerts to see', () => {
  for (const [check, s] of Object.entries(oneShot)) {
    it(`${check}: still failing 5 minutes after the poll that saw it, passing after 10`, () => {
      const rule = RULES.filter((r) => r.id === check);
      expect(rule[0]?.hold?.seconds).toBe(600);
      const memory = new DoctorMemory();
      expect(finding(diagnose(at(s.grew, 0, memory), rule), check)?.failing).toBe(true);
      // Without a memory (the defect) the next poll already passes.
      expect(finding(diagnose(at(s.still, 300, new DoctorMemory()), rule), check)?.failing).not.toBe(true);
      const held = finding(diagnose(at(s.still, 300, memory), rule), check);
      expect(held?.failing).toBe(true);
      expect(held?.evidence.last_failing_ago_seconds).toBe(300);
      expect(held?.summary).toMatch(/last seen failing 5 min ago/);
      expect(finding(diagnose(at(s.still, 601, memory), rule), check)?.failing).not.toBe(true);
      // Once passed, it stays passed.
      expect(finding(diagnose(at(s.still, 650, memory), rule), check)?.failing).not.toBe(true);
    });
    if (s.cleared) {
      it(`${check}: the hold ends early once the cause is gone`, () => {
        const rule = RULES.filter((r) => r.id === check);
        const memory = new DoctorMemory();
        expect(finding(diagnose(at(s.grew, 0, memory), rule), check)?.failing).toBe(true);
        expect(finding(diagnose(at(s.cleared as DoctorInput, 30, memory), rule), check)?.failing).toBe(false);
      });
    }
  }

  it('each target keeps its own memory: a failure on one never shows on another', () => {
    const s = oneShot['evictions-happening'] as (typeof oneShot)[string];
    const rule = RULES.filter((r) => r.id === 'evictions-happening');
    diagnose(at(s.grew, 0, new DoctorMemory()), rule);
    expect(finding(diagnose(at(s.still, 30, new DoctorMemory()), rule), 'evictions-happening')?.failing).toBe(false);
  });

  it('every rule whose verdict reads "since the last poll" holds it', () => {
    const oneShotRules = RULES.filter((r) => /grew since the last poll|since the last poll/.test(r.when)).map((r) => r.id);
    expect(oneShotRules.filter((id) => !RULES.find((r) => r.id === id)?.hold)).toEqual([]);
  });
});
