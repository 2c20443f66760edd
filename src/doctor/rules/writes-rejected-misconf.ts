import { dirText, hostValues, logText, onRedisHost } from '../host-values.js';
import { str } from '../read.js';
import type { DoctorInput, Rule } from '../types.js';

/** Redis's own test (writeCommandsDeniedByDiskError): RDB is checked first, then AOF. */
export function misconfCause(input: DoctorInput): 'rdb' | 'aof' | 'none' | undefined {
  if (!input.info) return undefined;
  const rdb = str(input.info, 'rdb_last_bgsave_status');
  if (rdb === undefined) return undefined;
  const save = input.config?.string('save');
  // Redis rejects writes after a failed BGSAVE only while save points exist and the switch is on.
  if (rdb === 'err' && input.config?.flag('stop-writes-on-bgsave-error') === 1 && save !== undefined && save.trim() !== '') return 'rdb';
  if (str(input.info, 'aof_enabled') === '1' && str(input.info, 'aof_last_write_status') === 'err') return 'aof';
  return 'none';
}

export const writesRejectedMisconf: Rule = {
  id: 'writes-rejected-misconf',
  severity: 'critical',
  title: 'Redis is refusing writes (MISCONF)',
  when: "`rdb_last_bgsave_status:err` with `stop-writes-on-bgsave-error yes` and save points configured (cause: RDB), or `aof_last_write_status:err` with AOF on (cause: AOF): Redis is refusing writes now. The remedy is the named cause's only",
  remedy: [
    'RDB cause ("MISCONF Redis is configured to save RDB snapshots…"): fix why BGSAVE fails (disk full, fork failing, permissions: see the log), then `redis-cli BGSAVE`; writes are accepted once a save succeeds. Stopgap, knowing snapshots fail: `redis-cli CONFIG SET stop-writes-on-bgsave-error no`.',
    'AOF cause ("MISCONF Errors writing to the AOF file: …"): free or grow the disk holding the AOF; Redis retries every second and accepts writes again by itself ("AOF write error looks solved"). BGSAVE and stop-writes-on-bgsave-error do not help here.',
  ],
  evaluate(input) {
    const cause = misconfCause(input);
    if (cause === undefined) return undefined;
    const stopWrites = input.config?.flag('stop-writes-on-bgsave-error');
    const evidence = {
      cause,
      rdb_last_bgsave_status: str(input.info, 'rdb_last_bgsave_status') ?? 'n/a',
      aof_last_write_status: str(input.info, 'aof_last_write_status') ?? 'n/a',
      'stop-writes-on-bgsave-error': stopWrites === undefined ? 'unknown' : stopWrites ? 'yes' : 'no',
    };
    if (cause === 'none') return { failing: false, summary: 'Writes are not being rejected for persistence errors.', evidence };
    const v = hostValues(input);
    if (cause === 'rdb') {
      return {
        failing: true,
        title: 'Redis is refusing writes (MISCONF: RDB save failing)',
        summary: 'Redis rejects writes with MISCONF now: the last BGSAVE failed and stop-writes-on-bgsave-error is yes.',
        evidence,
        remedy: [
          `Find why BGSAVE fails in ${logText(v)}: "No space left on device" (disk under ${dirText(v)}), "fork: Cannot allocate memory", "Permission denied".`,
          `Fix that, then \`${v.cli} BGSAVE\` and check \`${v.cli} INFO persistence\` shows rdb_last_bgsave_status:ok: writes are accepted once a save succeeds.`,
          `Only as a stopgap, knowing snapshots keep failing: \`${v.cli} CONFIG SET stop-writes-on-bgsave-error no\`.`,
        ],
        afterCause: ['MISCONF clears by itself as soon as a BGSAVE succeeds: writes are accepted again.'],
      };
    }
    const aofDir = v.aofDir ?? v.dir;
    return {
      failing: true,
      title: 'Redis is refusing writes (MISCONF: AOF write failing)',
      summary: 'Redis rejects writes with MISCONF now: the last write to the AOF failed.',
      evidence: { ...evidence, ...(aofDir ? { aof_dir: aofDir } : {}) },
      remedy: [
        `Read the error in ${logText(v)} ("Error writing to the AOF file: No space left on device", "Disk quota exceeded").`,
        `Free or grow the disk holding the AOF: ${aofDir ? onRedisHost(v, `df -h ${aofDir}`) : 'its directory is unknown (CONFIG GET dir unavailable)'}. Redis retries every second and accepts writes again by itself ("AOF write error looks solved").`,
        'Neither a BGSAVE nor turning stop-writes-on-bgsave-error off helps with an AOF write error.',
      ],
      afterCause: ['Redis retries the AOF write every second: `aof_last_write_status:ok` returns and writes are accepted without a restart.'],
    };
  },
};
