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
  async read({ settings, so }) {
    // Only a pid that host_process verified as Redis: another process's smaps would be a lie.
    const pid = needs(so.process?.pid, 'Redis process not verified this poll (see host_process)');
    return { anonHugePagesBytes: await readAnonHugePages(settings.roots, pid) };
  },
  collect({ extras }, sink) {
    sink.emit(FAMILIES.processAnonHugepagesBytes, extras.host?.anonHugePagesBytes);
  },
};
