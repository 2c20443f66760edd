import { dirText, hostValues, logText, onRedisHost } from '../host-values.js';
import { num, str } from '../read.js';
import type { Rule } from '../types.js';

export const rdbBgsaveFailing: Rule = {
  id: 'rdb-bgsave-failing',
  severity: 'critical',
  title: 'RDB background save failing',
  when: '`rdb_last_bgsave_status:err`',
  remedy: [
    'Read the cause in the Redis log: "Can\'t save in background: fork: Cannot allocate memory" or "No space left on device" / "Permission denied".',
    'Disk full: free space under `dir` (`df -h <dir>`, remove old dump files) or grow the volume.',
    'Fork failing: `sysctl vm.overcommit_memory=1` (persist it in /etc/sysctl.conf), disable THP (`echo never > /sys/kernel/mm/transparent_hugepage/enabled`), or lower maxmemory to leave room for copy-on-write.',
    'Permissions: give the Redis user its data dir (`chown`). Then `redis-cli BGSAVE` and watch `rdb_last_bgsave_status` return to ok.',
  ],
  evaluate(input) {
    const status = str(input.info, 'rdb_last_bgsave_status');
    if (status === undefined) return undefined;
    const evidence = { rdb_last_bgsave_status: status, rdb_changes_since_last_save: num(input.info, 'rdb_changes_since_last_save') ?? 'n/a' };
    if (status !== 'err') return { failing: false, summary: 'The last BGSAVE succeeded.', evidence };
    const v = hostValues(input);
    const bgsave = `\`${v.cli} BGSAVE\`, then \`${v.cli} INFO persistence\` shows rdb_last_bgsave_status:ok.`;
    return {
      failing: true,
      summary: `The last BGSAVE failed; ${evidence.rdb_changes_since_last_save} changes are not on disk.`,
      evidence,
      remedy: [
        `Read the cause in ${logText(v)}: "Can't save in background: fork: Cannot allocate memory", "No space left on device" or "Permission denied".`,
        `Disk full: ${v.dir ? onRedisHost(v, `df -h ${v.dir}`) : 'check the disk under the data dir'}, remove old dumps or grow the volume${v.rdbPath ? ` (the RDB is ${v.rdbPath})` : ''}.`,
        'Fork failing: `sysctl vm.overcommit_memory=1` (persist it in /etc/sysctl.conf), or lower maxmemory to leave room for copy-on-write.',
        `Permissions: the Redis user must own ${dirText(v)}. Then ${bgsave}`,
      ],
      afterCause: [bgsave],
    };
  },
};
