import { readRedisProcess } from '../host/process.js';
import type { HostCollector } from './host-reader.js';
import { families } from '../exposition/family.js';

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'host_process', section: 'host' },
  {
    processSwapBytes: {
      name: 'redis_process_swap_bytes',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'VmSwap of the Redis process: its memory swapped out.',
      doc: '`/proc/<pid>/status` VmSwap of the Redis process (pid from INFO `process_id`)',
    },
  },
);

/** Swap used by the Redis process (VmSwap): a swapped Redis answers slowly and forks slowly. */
export const hostProcessCollector: HostCollector = {
  name: 'host_process',
  needsRedis: true,
  async read({ ctx, settings, state }) {
    const p = await readRedisProcess(settings.roots, ctx.info);
    state.creds = p.credentials;
    return { process: { pid: p.pid, vmSwapBytes: p.vmSwapBytes, thpEnabled: p.thpEnabled, rssAnonBytes: p.rssAnonBytes } };
  },
  collect({ extras }, sink) {
    sink.emit(FAMILIES.processSwapBytes, extras.host?.process?.vmSwapBytes);
  },
};
