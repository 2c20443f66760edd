import { str } from '../read.js';
import type { Rule } from '../types.js';

export const writesRejectedMisconf: Rule = {
  id: 'writes-rejected-misconf',
  severity: 'critical',
  title: 'Redis is refusing writes (MISCONF)',
  when: '`rdb_last_bgsave_status:err` with `stop-writes-on-bgsave-error yes` and save points configured, or `aof_last_write_status:err` with AOF on: Redis is refusing writes now',
  remedy: [
    'Find why persistence fails: `redis-cli INFO persistence` (rdb_last_bgsave_status, aof_last_write_status) and the Redis log (`tail /var/log/redis/redis-server.log`: "No space left on device", "fork: Cannot allocate memory", "Permission denied").',
    'Free or grow the disk under `dir` (`df -h /var/lib/redis`), or fix the fork (sysctl vm.overcommit_memory=1), then run `redis-cli BGSAVE` and check it succeeds: writes are accepted again once a save works.',
    'Only as a stopgap, and knowing snapshots are failing: `redis-cli CONFIG SET stop-writes-on-bgsave-error no`.',
  ],
  evaluate(input) {
    if (!input.info) return undefined;
    const rdb = str(input.info, 'rdb_last_bgsave_status');
    const aofOn = str(input.info, 'aof_enabled') === '1';
    const aof = str(input.info, 'aof_last_write_status');
    const stopWrites = input.config?.flag('stop-writes-on-bgsave-error');
    const save = input.config?.string('save');
    if (rdb === undefined) return undefined;
    // Redis rejects writes after a failed BGSAVE only while save points exist and the switch is on.
    const rdbBlocks = rdb === 'err' && stopWrites === 1 && save !== undefined && save.trim() !== '';
    const aofBlocks = aofOn && aof === 'err';
    const evidence = { rdb_last_bgsave_status: rdb, aof_last_write_status: aof ?? 'n/a', 'stop-writes-on-bgsave-error': stopWrites === undefined ? 'unknown' : stopWrites ? 'yes' : 'no' };
    if (!rdbBlocks && !aofBlocks) return { failing: false, summary: 'Writes are not being rejected for persistence errors.', evidence };
    const why = rdbBlocks ? 'the last BGSAVE failed and stop-writes-on-bgsave-error is yes' : 'the last AOF write failed';
    return { failing: true, summary: `Redis rejects writes with MISCONF now: ${why}.`, evidence };
  },
};
