import { fmtBytes, num, pct } from '../read.js';
import type { Rule } from '../types.js';

export const cowMemoryHigh: Rule = {
  id: 'cow-memory-high',
  severity: 'warning',
  title: 'Copy-on-write memory during saves is high',
  when: 'the largest of `rdb_last_cow_size`, `aof_last_cow_size`, `current_cow_size` > `cow-ratio` (50%) of `used_memory`, or `used_memory` + that > `total_system_memory`',
  remedy: [
    'Every page written while a save runs is copied; the next fork may fail with "Cannot allocate memory" or push the host into swap.',
    'Leave headroom: lower maxmemory (`CONFIG SET maxmemory …`), add memory or swap, and set `sysctl vm.overcommit_memory=1`.',
    'Disable THP (huge pages make every copy 2 MB) and schedule saves when writes are few.',
  ],
  evaluate(input) {
    const used = num(input.info, 'used_memory');
    if (used === undefined) return undefined;
    const cow = Math.max(num(input.info, 'rdb_last_cow_size') ?? 0, num(input.info, 'aof_last_cow_size') ?? 0, num(input.info, 'current_cow_size') ?? 0);
    // The host's own MemTotal when the host collector runs (a container sees its limit there too).
    const total = input.extras.host?.memory?.totalBytes ?? num(input.info, 'total_system_memory') ?? 0;
    const ratio = used > 0 ? cow / used : 0;
    const evidence = { cow_bytes: cow, used_memory: used, total_system_memory: total || 'n/a' };
    const overHost = total > 0 && used + cow > total;
    if (ratio <= input.thresholds['cow-ratio'] && !overHost) {
      return { failing: false, summary: `Copy-on-write of the last save was ${fmtBytes(cow)} (${pct(ratio)} of used memory).`, evidence };
    }
    const why = overHost ? `used memory plus copy-on-write (${fmtBytes(used + cow)}) exceeds host memory (${fmtBytes(total)})` : `${pct(ratio)} of used memory`;
    return { failing: true, summary: `Copy-on-write during the last save was ${fmtBytes(cow)}: ${why}.`, evidence };
  },
};
