import { hostValues, logText } from '../host-values.js';
import { DEFAULT_HOLD_SECONDS } from '../hold.js';
import { fmtBytes, logEvidence, num, str } from '../read.js';
import type { DoctorInput, Rule } from '../types.js';
import type { SeenLogLine } from '../../collectors/redis-log.js';

/** A save counted after the failed fork was read: fork works again, whatever the clocks say. */
function savedSince(info: DoctorInput['info'], seen: SeenLogLine): boolean {
  const saves = num(info, 'rdb_saves');
  if (saves !== undefined && seen.savesAtSeen !== undefined) return saves > seen.savesAtSeen;
  const last = num(info, 'rdb_last_save_time');
  return last !== undefined && seen.lastSaveAtSeen !== undefined && last > seen.lastSaveAtSeen;
}

export const forkFailing: Rule = {
  id: 'fork-failing',
  severity: 'critical',
  title: 'fork() is failing: no background save or AOF rewrite can run',
  when: 'the followed Redis log gained a "Can\'t save in background: fork: …" or "Can\'t rewrite append only file in background: fork: …" line (event `fork_failed`) since the last poll; held for 10 minutes after the last such line, or until a background save succeeds',
  hold: {
    seconds: DEFAULT_HOLD_SECONDS,
    cleared(input) {
      const lastFail = input.extras.redisLog?.last.fork_failed;
      return lastFail !== undefined && str(input.info, 'rdb_last_bgsave_status') === 'ok' && savedSince(input.info, lastFail);
    },
  },
  remedy: [
    'Let the kernel allow the fork: `sysctl vm.overcommit_memory=1` and `vm.overcommit_memory = 1` in /etc/sysctl.conf.',
    'Add swap, disable THP (`echo never > /sys/kernel/mm/transparent_hugepage/enabled` and `…/defrag`), or lower maxmemory to leave room for copy-on-write.',
    'Then `redis-cli BGSAVE` and check `rdb_last_bgsave_status:ok`.',
  ],
  evaluate(input) {
    const log = input.extras.redisLog;
    if (!log) return undefined;
    const quoted = logEvidence(input, ['fork_failed']);
    const fresh = log.sinceLastPoll.fork_failed;
    const evidence = { fork_failures_since_last_poll: fresh, fork_failures_total: log.totals.fork_failed, ...quoted };
    if (fresh === 0) return { failing: false, summary: 'No failed fork in the Redis log since the last poll.', evidence };
    const v = hostValues(input);
    const used = num(input.info, 'used_memory');
    const overcommit = input.extras.host?.overcommitMemory;
    return {
      failing: true,
      summary: `Redis could not fork (${fresh} new failure(s) in the log since the last poll, ${log.totals.fork_failed} in all): "${quoted.log_line ?? ''}".`,
      evidence,
      remedy: [
        overcommit === 1
          ? 'vm.overcommit_memory is already 1: the host is really out of memory for the fork; add memory or swap, or lower maxmemory.'
          : `Let the kernel allow the fork (vm.overcommit_memory is ${overcommit ?? 'unknown'}): \`sysctl vm.overcommit_memory=1\`, and \`vm.overcommit_memory = 1\` in /etc/sysctl.conf to keep it.`,
        `Leave room for copy-on-write${used !== undefined ? ` (Redis uses ${fmtBytes(used)})` : ''}: add swap, set THP to never (\`echo never > /sys/kernel/mm/transparent_hugepage/enabled\` and \`echo never > /sys/kernel/mm/transparent_hugepage/defrag\`), or lower maxmemory.`,
        `Watch ${logText(v)} for the next fork.`,
      ],
      afterCause: [`\`${v.cli} BGSAVE\`, then \`${v.cli} INFO persistence\` shows rdb_last_bgsave_status:ok.`],
    };
  },
};
