import { fmtBytes, num, pct } from '../read.js';
import type { Rule } from '../types.js';

export const maxmemoryUnset: Rule = {
  id: 'maxmemory-unset',
  severity: 'warning',
  title: 'No maxmemory on a host Redis already fills',
  when: '`maxmemory 0` while `used_memory` > `maxmemory-unset-host-ratio` (50%) of `total_system_memory`',
  remedy: [
    'Without maxmemory Redis grows until the kernel OOM killer stops it, and a fork for BGSAVE needs headroom on top.',
    'Set a limit that leaves room for copy-on-write: `redis-cli CONFIG SET maxmemory 2gb` and `maxmemory 2gb` in redis.conf, with an eviction policy that fits the data.',
  ],
  evaluate(input) {
    const max = num(input.info, 'maxmemory');
    const used = num(input.info, 'used_memory');
    const total = input.extras.host?.memory?.totalBytes ?? num(input.info, 'total_system_memory');
    if (max === undefined || used === undefined || !total) return undefined;
    const ratio = used / total;
    const evidence = { maxmemory: max, used_memory: used, total_system_memory: total };
    if (max > 0 || ratio <= input.thresholds['maxmemory-unset-host-ratio']) {
      return { failing: false, summary: max > 0 ? `maxmemory is ${fmtBytes(max)}.` : `No maxmemory; Redis uses ${pct(ratio)} of host memory.`, evidence };
    }
    return { failing: true, summary: `No maxmemory and Redis already uses ${pct(ratio)} of host memory (${fmtBytes(used)} of ${fmtBytes(total)}).`, evidence };
  },
};
