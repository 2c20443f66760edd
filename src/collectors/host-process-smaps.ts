import { monotonicMs } from '../host/clock.js';
import { readAnonHugePages } from '../host/process.js';
import { needs, type HostCollector } from './host-reader.js';
import { families } from '../exposition/family.js';

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'host_process_smaps', section: 'host' },
  {
    processAnonHugepagesBytes: {
      name: 'redis_process_anon_hugepages_bytes',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'AnonHugePages of the Redis process (smaps_rollup): memory on transparent huge pages.',
      doc: '`/proc/<pid>/smaps_rollup` AnonHugePages of the Redis process',
    },
  },
);

/** Anonymous memory of the Redis process on transparent huge pages: each COW copies 2 MB, not 4 kB. */
export const hostProcessSmapsCollector: HostCollector = {
  name: 'host_process_smaps',
  needsRedis: true,
  async read({ settings, state, so }) {
    // Only a pid that host_process verified as Redis: another process's smaps would be a lie.
    const pid = needs(so.process?.pid, 'Redis process not verified this poll (see host_process)');
    // smaps_rollup is the dearest host read (a pool round trip and a walk of Redis's page
    // tables). A process with THP disabled for itself (`THP_enabled: 0`: Redis's disable-thp on
    // a host with THP "always") gets no new huge pages, so a 0 stays 0: not read again for the
    // slow window (--poll.config-interval), which still re-reads it now and then.
    const now = monotonicMs();
    const last = state.hugePages;
    const slowMs = settings.shared?.slowMaxAgeMs ?? 0;
    if (so.process?.thpEnabled === false && last?.pid === pid && last.bytes === 0 && now - last.atMs < slowMs) return { anonHugePagesBytes: 0 };
    state.hugePages = undefined;
    const bytes = await readAnonHugePages(settings.roots, pid);
    state.hugePages = { pid, bytes, atMs: now };
    return { anonHugePagesBytes: bytes };
  },
  collect({ extras }, sink) {
    sink.emit(FAMILIES.processAnonHugepagesBytes, extras.host?.anonHugePagesBytes);
  },
};
