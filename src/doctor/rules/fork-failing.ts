import { hostValues, logText } from '../host-values.js';
import { fmtBytes, logEvidence, num, str } from '../read.js';
import type { DoctorInput, Rule } from '../types.js';
import type { SeenLogLine } from '../../collectors/redis-log.js';

/** A failure stays on long enough for a scrape and an alert's `for:` to see it, whatever the poll interval. */
const HOLD_SECONDS = 600;

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
  when: 'the followed Redis log had a "Can\'t save in background: fork: …" or "Can\'t rewrite append only file in background: fork: …" line (event `fork_failed`) in the last 10 minutes, and no background save has succeeded since',
  remedy: [
    'Let the kernel allow the fork: `sysctl vm.overcommit_memory=1` and `vm.overcommit_memory = 1` in /etc/sysctl.conf.',
    'Add swap, disable THP (`echo never > /sys/kernel/mm/transparent_hugepage/enabled` and `…/defrag`), or lower maxmemory to leave room for copy-on-write.',
    'Then `redis-cli BGSAVE` and check `rdb_last_bgsave_status:ok`.',
  ],
  evaluate(input) {
    const log = input.extras.redisLog;
    if (!log) return undefined;
    const lastFail = log.last.fork_failed;
    const quoted = logEvidence(input, ['fork_failed']);
    const evidence = { fork_failures_since_last_poll: log.sinceLastPoll.fork_failed, fork_failures_total: log.totals.fork_failed, ...quoted };
    if (lastFail === undefined || input.now - lastFail.seenAt > HOLD_SECONDS) {
      return { failing: false, summary: 'No failed fork in the Redis log in the last 10 minutes.', evidence };
    }
    // A save that finished after the failed fork was read means fork works again.
    if (str(input.info, 'rdb_last_bgsave_status') === 'ok' && savedSince(input.info, lastFail)) {
      return { failing: false, summary: 'A background save succeeded after the last failed fork in the Redis log.', evidence };
    }
    const v = hostValues(input);
    const used = num(input.info, 'used_memory');
    const overcommit = input.extras.host?.overcommitMemory;
    return {
      failing: true,
      summary: `Redis could not fork (${log.totals.fork_failed} failure(s) in the log, the last read ${Math.max(0, Math.round(input.now - lastFail.seenAt))} s ago): "${quoted.log_line ?? ''}".`,
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
