import type { Collector } from './types.js';

/** Anonymous memory of the Redis process on transparent huge pages: each COW copies 2 MB, not 4 kB. */
export const hostProcessSmapsCollector: Collector = {
  name: 'host_process_smaps',
  collect({ extras }, sink) {
    sink.gauge(
      'redis_process_anon_hugepages_bytes',
      'AnonHugePages of the Redis process (smaps_rollup): memory on transparent huge pages.',
      extras.host?.anonHugePagesBytes,
    );
  },
};
