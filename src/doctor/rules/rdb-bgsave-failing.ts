import { num, str } from '../read.js';
import type { Rule } from '../types.js';

export const rdbBgsaveFailing: Rule = {
  id: 'rdb-bgsave-failing',
  severity: 'critical',
  title: 'RDB background save failing',
  when: '`rdb_last_bgsave_status:err`',
  remedy: [
    'Read the cause in the Redis log: "Can\'t save in background: fork: Cannot allocate memory" or "No space left on device" / "Permission denied".',
    'Disk full: free space under `dir` (`df -h /var/lib/redis`, remove old dump files) or grow the volume.',
    'Fork failing: `sysctl vm.overcommit_memory=1` (persist it in /etc/sysctl.conf), disable THP (`echo never > /sys/kernel/mm/transparent_hugepage/enabled`), or lower maxmemory to leave room for copy-on-write.',
    'Permissions: `chown redis:redis /var/lib/redis`. Then `redis-cli BGSAVE` and watch `rdb_last_bgsave_status` return to ok.',
  ],
  evaluate(input) {
    const status = str(input.info, 'rdb_last_bgsave_status');
    if (status === undefined) return undefined;
    const evidence = { rdb_last_bgsave_status: status, rdb_changes_since_last_save: num(input.info, 'rdb_changes_since_last_save') ?? 'n/a' };
    if (status !== 'err') return { failing: false, summary: 'The last BGSAVE succeeded.', evidence };
    return { failing: true, summary: `The last BGSAVE failed; ${evidence.rdb_changes_since_last_save} changes are not on disk.`, evidence };
  },
};
