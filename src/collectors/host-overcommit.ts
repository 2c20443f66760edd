import { readOvercommit } from '../host/kernel.js';
import { hostWide, type HostCollector } from './host-reader.js';
import { families } from '../exposition/family.js';

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'host_overcommit', section: 'host' },
  {
    hostVmOvercommitMemory: {
      name: 'redis_host_vm_overcommit_memory',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'vm.overcommit_memory of the host: 0 heuristic, 1 always allow (what Redis recommends), 2 strict accounting.',
      doc: '`/proc/sys/vm/overcommit_memory` (0, 1, 2)',
    },
  },
);

/** vm.overcommit_memory: the guide's first suspect for "fork: Cannot allocate memory". */
export const hostOvercommitCollector: HostCollector = {
  name: 'host_overcommit',
  needsRedis: false,
  read: async ({ settings: s }) => ({ overcommitMemory: await hostWide(s, `overcommit ${s.roots.procfs}`, () => readOvercommit(s.roots), true) }),
  collect({ extras }, sink) {
    sink.emit(FAMILIES.hostVmOvercommitMemory, extras.host?.overcommitMemory);
  },
};
