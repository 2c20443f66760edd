import { readAnonHugePages } from '../host/process.js';
import { needs, type HostCollector } from './host-reader.js';

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
    sink.gauge(
      'redis_process_anon_hugepages_bytes',
      'AnonHugePages of the Redis process (smaps_rollup): memory on transparent huge pages.',
      extras.host?.anonHugePagesBytes,
    );
  },
};
