import { fmtBytes, num } from '../read.js';
import type { Rule } from '../types.js';

export const swapping: Rule = {
  id: 'swapping',
  severity: 'critical',
  title: 'Redis is swapping',
  when: 'the Redis process has pages in swap (`VmSwap` > 0), which with `mem_fragmentation_ratio` < 1 means part of the dataset lives on disk',
  remedy: [
    'Latency follows disk speed while Redis is swapped out. Give the host more memory or lower maxmemory (`redis-cli CONFIG SET maxmemory …`).',
    'Find what else uses memory on the host (`free -h`, `ps aux --sort=-rss | head`).',
    'Consider `vm.swappiness=1` so the kernel swaps Redis out only as a last resort.',
  ],
  evaluate(input) {
    const swap = input.extras.host?.process?.vmSwapBytes;
    if (swap === undefined) return undefined;
    const ratio = num(input.info, 'mem_fragmentation_ratio');
    const evidence = { process_swap_bytes: swap, mem_fragmentation_ratio: ratio ?? 'n/a' };
    if (swap === 0) return { failing: false, summary: 'No Redis pages are in swap.', evidence };
    const hint = ratio !== undefined && ratio < 1 ? ` (fragmentation ratio ${ratio}: RSS is below used memory)` : '';
    return { failing: true, summary: `${fmtBytes(swap)} of Redis is in swap${hint}.`, evidence };
  },
};
