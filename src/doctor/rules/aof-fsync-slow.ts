import { grewBy, num, str } from '../read.js';
import type { Rule } from '../types.js';

export const aofFsyncSlow: Rule = {
  id: 'aof-fsync-slow',
  severity: 'warning',
  title: 'AOF fsync is slow',
  when: '`aof_delayed_fsync` grew since the last poll (AOF on)',
  remedy: [
    'Redis logs "Asynchronous AOF fsync is taking too long (disk is busy?)". Check the disk: `iostat -x 1 5`; %util consistently above 80% means it is saturated.',
    'Put the data directory on an SSD, or move the AOF to a disk of its own.',
    'Avoid fsync during rewrites: `CONFIG SET no-appendfsync-on-rewrite yes`. As a last resort `CONFIG SET appendfsync no` (up to ~30 s of writes can be lost on a crash).',
  ],
  evaluate(input) {
    if (str(input.info, 'aof_enabled') !== '1') return input.info ? { failing: false, summary: 'AOF is off.', evidence: {} } : undefined;
    const delayed = grewBy(input, (i) => num(i, 'aof_delayed_fsync'));
    if (delayed === undefined) return undefined;
    const evidence = { aof_delayed_fsync_growth: delayed, aof_pending_bio_fsync: num(input.info, 'aof_pending_bio_fsync') ?? 'n/a' };
    if (delayed === 0) return { failing: false, summary: 'No write waited on a slow fsync since the last poll.', evidence };
    return { failing: true, summary: `${delayed} writes waited on a slow AOF fsync since the last poll.`, evidence };
  },
};
