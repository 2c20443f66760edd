import type { ChoiceFile } from '../parse/thp.js';
import type { SampleSink } from '../exposition/sample.js';
import { readThp } from '../host/kernel.js';
import { families, type Family } from '../exposition/family.js';
import { hostWide, type HostCollector } from './host-reader.js';

function modes(sink: SampleSink, f: Family, file: ChoiceFile | undefined): void {
  for (const mode of file?.modes ?? []) sink.emit(f, mode === file?.active ? 1 : 0, { mode });
}

export const FAMILIES = families(
  { collector: 'host_thp', section: 'host' },
  {
    enabled: {
      name: 'redis_host_transparent_hugepage_enabled',
      type: 'gauge',
      layer: 3,
      labels: ['mode'],
      help: 'Transparent Huge Pages "enabled" setting: 1 for the active mode, 0 for the others offered.',
      doc: '`/sys/kernel/mm/transparent_hugepage/enabled`: label `mode` per mode the kernel offers, 1 for the active one',
    },
    defrag: {
      name: 'redis_host_transparent_hugepage_defrag',
      type: 'gauge',
      layer: 3,
      labels: ['mode'],
      help: 'Transparent Huge Pages "defrag" setting: 1 for the active mode, 0 for the others offered.',
      doc: '`/sys/kernel/mm/transparent_hugepage/defrag`, same shape',
    },
  },
);

/** Transparent Huge Pages settings: THP makes fork slow and copy-on-write heavy for Redis. */
export const hostThpCollector: HostCollector = {
  name: 'host_thp',
  needsRedis: false,
  read: async ({ settings: s }) => ({ thp: await hostWide(s, `thp ${s.roots.sysfs}`, () => readThp(s.roots), true) }),
  collect({ extras }, sink) {
    const thp = extras.host?.thp;
    modes(sink, FAMILIES.enabled, thp?.enabled);
    modes(sink, FAMILIES.defrag, thp?.defrag);
  },
};
