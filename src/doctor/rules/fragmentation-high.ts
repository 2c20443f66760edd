import { fmtBytes, num } from '../read.js';
import type { Rule } from '../types.js';

export const fragmentationHigh: Rule = {
  id: 'fragmentation-high',
  severity: 'warning',
  title: 'Memory fragmentation high',
  when: '`mem_fragmentation_ratio` > `fragmentation-ratio` (1.5) and `mem_fragmentation_bytes` > `fragmentation-min-bytes` (100 MiB)',
  remedy: [
    'Enable active defragmentation (Redis 4.0+ with jemalloc): `redis-cli CONFIG SET activedefrag yes`, tuned with active-defrag-ignore-bytes 100mb, active-defrag-threshold-lower 10, active-defrag-cycle-max 75.',
    'Watch progress with `redis-cli INFO stats | grep defrag`. Restarting Redis (after a save) is the quickest full defrag.',
  ],
  evaluate(input) {
    const ratio = num(input.info, 'mem_fragmentation_ratio');
    const bytes = num(input.info, 'mem_fragmentation_bytes');
    if (ratio === undefined) return undefined;
    const defrag = input.config?.string('activedefrag') ?? 'unknown';
    const evidence = { mem_fragmentation_ratio: ratio, mem_fragmentation_bytes: bytes ?? 'n/a', activedefrag: defrag };
    const t = input.thresholds;
    // Small datasets show big ratios for a few MB of allocator overhead; only bytes that matter count.
    if (ratio <= t['fragmentation-ratio'] || (bytes ?? 0) <= t['fragmentation-min-bytes']) {
      return { failing: false, summary: `Fragmentation ratio ${ratio}${bytes !== undefined ? ` (${fmtBytes(bytes)})` : ''}.`, evidence };
    }
    return { failing: true, summary: `Fragmentation ratio ${ratio}: ${fmtBytes(bytes ?? 0)} of RSS is fragmentation; activedefrag is ${defrag}.`, evidence };
  },
};
