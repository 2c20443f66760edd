import { readMemory } from '../host/memory.js';
import { hostWide, type HostCollector } from './host-reader.js';

/** Host memory, swap and commit accounting from /proc/meminfo (fork and copy-on-write headroom). */
export const hostMemoryCollector: HostCollector = {
  name: 'host_memory',
  needsRedis: false,
  read: async ({ settings: s }) => ({ memory: await hostWide(s, `meminfo ${s.roots.procfs}`, () => readMemory(s.roots)) }),
  collect({ extras }, sink) {
    const m = extras.host?.memory;
    if (!m) return;
    sink.gauge('redis_host_memory_total_bytes', 'MemTotal of the host, from meminfo.', m.totalBytes);
    sink.gauge('redis_host_memory_available_bytes', 'MemAvailable of the host: memory a fork and its copy-on-write can still get without swapping.', m.availableBytes);
    sink.gauge('redis_host_swap_total_bytes', 'SwapTotal of the host; 0 means no swap.', m.swapTotalBytes);
    sink.gauge('redis_host_swap_free_bytes', 'SwapFree of the host.', m.swapFreeBytes);
    sink.gauge('redis_host_commit_limit_bytes', 'CommitLimit of the host: the ceiling on committed memory under vm.overcommit_memory=2.', m.commitLimitBytes);
    sink.gauge('redis_host_committed_as_bytes', 'Committed_AS of the host: memory promised to processes; a fork fails under overcommit 2 when this plus Redis\'s size passes CommitLimit.', m.committedAsBytes);
  },
};
