import type { Collector } from './types.js';

/** Swap used by the Redis process (VmSwap): a swapped Redis answers slowly and forks slowly. */
export const hostProcessCollector: Collector = {
  name: 'host_process',
  collect({ extras }, sink) {
    sink.gauge('redis_process_swap_bytes', 'VmSwap of the Redis process: its memory swapped out.', extras.host?.process?.vmSwapBytes);
  },
};
