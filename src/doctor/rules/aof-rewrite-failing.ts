import { num, str } from '../read.js';
import type { Rule } from '../types.js';

export const aofRewriteFailing: Rule = {
  id: 'aof-rewrite-failing',
  severity: 'warning',
  title: 'AOF rewrite failing',
  when: '`aof_last_bgrewrite_status:err` or `aof_rewrites_consecutive_failures` > 0',
  remedy: [
    'A rewrite forks like BGSAVE: if the log says "fork: Cannot allocate memory", apply the fork fixes (vm.overcommit_memory=1, THP never, more memory headroom).',
    'Check the disk under `dir` has room for a second copy of the AOF.',
    'Retry with `redis-cli BGREWRITEAOF`; meanwhile the AOF keeps growing. To rewrite less often: `CONFIG SET auto-aof-rewrite-percentage 200` and `CONFIG SET auto-aof-rewrite-min-size 128mb`.',
  ],
  evaluate(input) {
    const status = str(input.info, 'aof_last_bgrewrite_status');
    if (status === undefined) return undefined;
    const consecutive = num(input.info, 'aof_rewrites_consecutive_failures');
    const evidence = { aof_last_bgrewrite_status: status, aof_rewrites_consecutive_failures: consecutive ?? 'n/a' };
    if (status !== 'err' && !(consecutive !== undefined && consecutive > 0)) return { failing: false, summary: 'The last AOF rewrite succeeded.', evidence };
    return { failing: true, summary: `AOF rewrites are failing (${consecutive ?? 1} in a row); the AOF grows unbounded.`, evidence };
  },
};
