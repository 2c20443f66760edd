import { readMemory } from '../host/memory.js';
import { hostWide, type HostCollector } from './host-reader.js';
import { families } from '../exposition/family.js';

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'host_memory', section: 'host' },
  {
    hostMemoryTotalBytes: { name: 'redis_host_memory_total_bytes', type: 'gauge', layer: 3, labels: [], help: 'MemTotal of the host, from meminfo.', doc: '`/proc/meminfo` MemTotal' },
    hostMemoryAvailableBytes: {
      name: 'redis_host_memory_available_bytes',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'MemAvailable of the host: memory a fork and its copy-on-write can still get without swapping.',
      doc: '`/proc/meminfo` MemAvailable',
    },
    hostSwapTotalBytes: { name: 'redis_host_swap_total_bytes', type: 'gauge', layer: 3, labels: [], help: 'SwapTotal of the host; 0 means no swap.', doc: '`/proc/meminfo` SwapTotal' },
    hostSwapFreeBytes: { name: 'redis_host_swap_free_bytes', type: 'gauge', layer: 3, labels: [], help: 'SwapFree of the host.', doc: '`/proc/meminfo` SwapFree' },
    hostCommitLimitBytes: {
      name: 'redis_host_commit_limit_bytes',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'CommitLimit of the host: the ceiling on committed memory under vm.overcommit_memory=2.',
      doc: '`/proc/meminfo` CommitLimit',
    },
    hostCommittedAsBytes: {
      name: 'redis_host_committed_as_bytes',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: "Committed_AS of the host: memory promised to processes; a fork fails under overcommit 2 when this plus Redis's size passes CommitLimit.",
      doc: '`/proc/meminfo` Committed_AS',
    },
  },
);

/** Host memory, swap and commit accounting from /proc/meminfo (fork and copy-on-write headroom). */
export const hostMemoryCollector: HostCollector = {
  name: 'host_memory',
  needsRedis: false,
  read: async ({ settings: s }) => ({ memory: await hostWide(s, `meminfo ${s.roots.procfs}`, () => readMemory(s.roots)) }),
  collect({ extras }, sink) {
    const m = extras.host?.memory;
    if (!m) return;
    sink.emit(FAMILIES.hostMemoryTotalBytes, m.totalBytes);
    sink.emit(FAMILIES.hostMemoryAvailableBytes, m.availableBytes);
    sink.emit(FAMILIES.hostSwapTotalBytes, m.swapTotalBytes);
    sink.emit(FAMILIES.hostSwapFreeBytes, m.swapFreeBytes);
    sink.emit(FAMILIES.hostCommitLimitBytes, m.commitLimitBytes);
    sink.emit(FAMILIES.hostCommittedAsBytes, m.committedAsBytes);
  },
};
