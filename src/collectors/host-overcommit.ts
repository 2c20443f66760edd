import { readOvercommit } from '../host/kernel.js';
import { hostWide, type HostCollector } from './host-reader.js';

/** vm.overcommit_memory: the guide's first suspect for "fork: Cannot allocate memory". */
export const hostOvercommitCollector: HostCollector = {
  name: 'host_overcommit',
  needsRedis: false,
  read: async ({ settings: s }) => ({ overcommitMemory: await hostWide(s, `overcommit ${s.roots.procfs}`, () => readOvercommit(s.roots), true) }),
  collect({ extras }, sink) {
    sink.gauge(
      'redis_host_vm_overcommit_memory',
      'vm.overcommit_memory of the host: 0 heuristic, 1 always allow (what Redis recommends), 2 strict accounting.',
      extras.host?.overcommitMemory,
    );
  },
};
