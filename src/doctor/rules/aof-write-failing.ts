import { str } from '../read.js';
import type { Rule } from '../types.js';

export const aofWriteFailing: Rule = {
  id: 'aof-write-failing',
  severity: 'critical',
  title: 'AOF write failing',
  when: '`aof_enabled:1` and `aof_last_write_status:err`',
  remedy: [
    'Look for "Background AOF fsync error" or "Disk quota exceeded" in the Redis log.',
    'Free or grow the disk under `dir`, check quotas and that the redis user owns the directory (`chown redis:redis /var/lib/redis`).',
    'Redis retries the write once the disk accepts it; `aof_last_write_status` returns to ok.',
  ],
  evaluate(input) {
    const enabled = str(input.info, 'aof_enabled');
    const status = str(input.info, 'aof_last_write_status');
    if (enabled === undefined || status === undefined) return undefined;
    const evidence = { aof_enabled: enabled, aof_last_write_status: status };
    if (enabled !== '1' || status !== 'err') return { failing: false, summary: enabled === '1' ? 'AOF writes succeed.' : 'AOF is off.', evidence };
    return { failing: true, summary: 'The last write to the AOF failed; Redis rejects writes until it succeeds.', evidence };
  },
};
