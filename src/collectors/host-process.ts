import { readRedisProcess } from '../host/process.js';
import type { HostCollector } from './host-reader.js';

/** Swap used by the Redis process (VmSwap): a swapped Redis answers slowly and forks slowly. */
export const hostProcessCollector: HostCollector = {
  name: 'host_process',
  needsRedis: true,
  async read({ ctx, settings, state }) {
    const p = await readRedisProcess(settings.roots, ctx.info);
    state.creds = p.credentials;
    return { process: { pid: p.pid, vmSwapBytes: p.vmSwapBytes } };
  },
  collect({ extras }, sink) {
    sink.gauge('redis_process_swap_bytes', 'VmSwap of the Redis process: its memory swapped out.', extras.host?.process?.vmSwapBytes);
  },
};
