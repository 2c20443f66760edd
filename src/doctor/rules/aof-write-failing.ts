import { hostValues, logText, onRedisHost } from '../host-values.js';
import { str } from '../read.js';
import type { Rule } from '../types.js';

export const aofWriteFailing: Rule = {
  id: 'aof-write-failing',
  severity: 'critical',
  title: 'AOF write failing',
  when: '`aof_enabled:1` and `aof_last_write_status:err`',
  remedy: [
    'Look for "Error writing to the AOF file" or "Disk quota exceeded" in the Redis log.',
    'Free or grow the disk holding the AOF (`df -h <appenddir>`), check quotas and that the Redis user owns the directory.',
    'Redis retries the write every second once the disk accepts it; `aof_last_write_status` returns to ok by itself.',
  ],
  evaluate(input) {
    const enabled = str(input.info, 'aof_enabled');
    const status = str(input.info, 'aof_last_write_status');
    if (enabled === undefined || status === undefined) return undefined;
    const v = hostValues(input);
    const evidence = { aof_enabled: enabled, aof_last_write_status: status, ...(v.aofDir ? { aof_dir: v.aofDir } : {}) };
    if (enabled !== '1' || status !== 'err') return { failing: false, summary: enabled === '1' ? 'AOF writes succeed.' : 'AOF is off.', evidence };
    return {
      failing: true,
      summary: 'The last write to the AOF failed; Redis rejects writes until it succeeds.',
      evidence,
      remedy: [
        `Read the error in ${logText(v)} ("Error writing to the AOF file: No space left on device", "Disk quota exceeded").`,
        `Free or grow the disk holding the AOF: ${v.aofDir ? onRedisHost(v, `df -h ${v.aofDir}`) : 'its directory is unknown (CONFIG GET dir unavailable)'}; check quotas and that the Redis user owns it.`,
        'Redis retries the write every second once the disk accepts it; `aof_last_write_status` returns to ok without a restart.',
      ],
      afterCause: ['Redis retries the AOF write every second: `aof_last_write_status:ok` returns by itself.'],
    };
  },
};
