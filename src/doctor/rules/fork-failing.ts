import { hostValues, logText } from '../host-values.js';
import { fmtBytes, logEvidence, num } from '../read.js';
import type { Rule } from '../types.js';

export const forkFailing: Rule = {
  id: 'fork-failing',
  severity: 'critical',
  title: 'fork() is failing: no background save or AOF rewrite can run',
  when: 'the followed Redis log has a new "Can\'t save in background: fork: …" or "Can\'t rewrite append only file in background: fork: …" line since the last poll (event `fork_failed`)',
  remedy: [
    'Let the kernel allow the fork: `sysctl vm.overcommit_memory=1` and `vm.overcommit_memory = 1` in /etc/sysctl.conf.',
    'Add swap, disable THP (`echo never > /sys/kernel/mm/transparent_hugepage/enabled` and `…/defrag`), or lower maxmemory to leave room for copy-on-write.',
    'Then `redis-cli BGSAVE` and check `rdb_last_bgsave_status:ok`.',
  ],
  evaluate(input) {
    const log = input.extras.redisLog;
    if (!log) return undefined;
    const fresh = log.sinceLastPoll.fork_failed;
    const quoted = logEvidence(input, ['fork_failed']);
    const evidence = { fork_failures_since_last_poll: fresh, fork_failures_total: log.totals.fork_failed, ...quoted };
    if (fresh === 0) return { failing: false, summary: 'No failed fork in the Redis log since the last poll.', evidence };
    const v = hostValues(input);
    const used = num(input.info, 'used_memory');
    const overcommit = input.extras.host?.overcommitMemory;
    return {
      failing: true,
      summary: `Redis could not fork ${fresh} time(s) since the last poll: "${quoted.log_line ?? ''}".`,
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
