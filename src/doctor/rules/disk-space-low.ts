import { fmtBytes, num, pct } from '../read.js';
import type { Rule } from '../types.js';

export const diskSpaceLow: Rule = {
  id: 'disk-space-low',
  severity: 'warning',
  title: 'Data directory disk nearly full',
  when: 'the data directory\'s filesystem has less than `disk-avail-ratio` (10%) free (warning), or less free than the next RDB/AOF rewrite needs — the last RDB file\'s size, else `used_memory` (critical)',
  remedy: [
    'Check the space: `df -h /var/lib/redis`; above 90% full, saves start failing with "No space left on device".',
    'Remove old dump files and backups from the data directory (`ls -lh /var/lib/redis/`), or grow the volume.',
    'Move the data directory to a larger disk (`dir /path` in redis.conf, or `CONFIG SET dir` with enable-protected-configs).',
  ],
  evaluate(input) {
    const dir = input.extras.host?.dataDir;
    if (!dir || dir.sizeBytes <= 0) return undefined;
    const ratio = dir.availBytes / dir.sizeBytes;
    const rdb = input.extras.host?.files?.rdb?.sizeBytes;
    const need = rdb ?? num(input.info, 'used_memory');
    const evidence = { avail_bytes: dir.availBytes, size_bytes: dir.sizeBytes, next_save_estimate_bytes: need ?? 'n/a' };
    if (need !== undefined && dir.availBytes < need) {
      return { failing: true, severity: 'critical', summary: `Only ${fmtBytes(dir.availBytes)} free under the data directory; the next save needs about ${fmtBytes(need)}.`, evidence };
    }
    if (ratio < input.thresholds['disk-avail-ratio']) {
      return { failing: true, summary: `Only ${pct(ratio)} (${fmtBytes(dir.availBytes)}) free under the data directory.`, evidence };
    }
    return { failing: false, summary: `${pct(ratio)} free under the data directory.`, evidence };
  },
};
