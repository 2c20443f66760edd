import type { Collector } from './types.js';

/** vm.overcommit_memory: the guide's first suspect for "fork: Cannot allocate memory". */
export const hostOvercommitCollector: Collector = {
  name: 'host_overcommit',
  withoutRedis: true,
  collect({ extras }, sink) {
    sink.gauge(
      'redis_host_vm_overcommit_memory',
      'vm.overcommit_memory of the host: 0 heuristic, 1 always allow (what Redis recommends), 2 strict accounting.',
      extras.host?.overcommitMemory,
    );
  },
};
