import { grewBy, num, str } from '../read.js';
import { DEFAULT_HOLD_SECONDS } from '../hold.js';
import type { Rule } from '../types.js';

export const aofFsyncSlow: Rule = {
  id: 'aof-fsync-slow',
  severity: 'warning',
  title: 'AOF fsync is slow',
  when: "`aof_delayed_fsync` grew since the last poll, or the data directory's disk is busier than `disk-utilization` (80%) with `appendfsync always` or `everysec` (AOF on); held for 10 minutes after it was last seen unless AOF is turned off",
  hold: { seconds: DEFAULT_HOLD_SECONDS, cleared: (input) => str(input.info, 'aof_enabled') === '0' },
  remedy: [
    'Redis logs "Asynchronous AOF fsync is taking too long (disk is busy?)". Check the disk: `iostat -x 1 5`; %util consistently above 80% means it is saturated.',
    'Put the data directory on an SSD, or move the AOF to a disk of its own.',
    'Avoid fsync during rewrites: `CONFIG SET no-appendfsync-on-rewrite yes`. As a last resort `CONFIG SET appendfsync no` (up to ~30 s of writes can be lost on a crash).',
  ],
  evaluate(input) {
    if (str(input.info, 'aof_enabled') !== '1') return input.info ? { failing: false, summary: 'AOF is off.', evidence: {} } : undefined;
    const delayed = grewBy(input, (i) => num(i, 'aof_delayed_fsync'));
    const util = input.extras.host?.diskIo?.disk?.utilization;
    const fsync = input.config?.string('appendfsync');
    if (delayed === undefined && util === undefined) return undefined;
    const evidence = { aof_delayed_fsync_growth: delayed ?? 'n/a', disk_utilization: util === undefined ? 'n/a' : Number(util.toFixed(3)), appendfsync: fsync ?? 'unknown' };
    if (delayed !== undefined && delayed > 0) return { failing: true, summary: `${delayed} writes waited on a slow AOF fsync since the last poll.`, evidence };
    const busy = util !== undefined && util > input.thresholds['disk-utilization'] && (fsync === 'always' || fsync === 'everysec');
    if (busy) return { failing: true, summary: `The data directory's disk is ${(util * 100).toFixed(0)}% busy with appendfsync ${fsync}: fsyncs will stall writes.`, evidence };
    return { failing: false, summary: 'No write waited on a slow fsync and the disk is not saturated.', evidence };
  },
};
