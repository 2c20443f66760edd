import type { ChoiceFile } from '../parse/thp.js';
import type { SampleSink } from '../exposition/sample.js';
import { readThp } from '../host/kernel.js';
import { hostWide, type HostCollector } from './host-reader.js';

function modes(sink: SampleSink, name: string, help: string, file: ChoiceFile | undefined): void {
  for (const mode of file?.modes ?? []) sink.gauge(name, help, mode === file?.active ? 1 : 0, { mode });
}

/** Transparent Huge Pages settings: THP makes fork slow and copy-on-write heavy for Redis. */
export const hostThpCollector: HostCollector = {
  name: 'host_thp',
  needsRedis: false,
  read: async ({ settings: s }) => ({ thp: await hostWide(s, `thp ${s.roots.sysfs}`, () => readThp(s.roots), true) }),
  collect({ extras }, sink) {
    const thp = extras.host?.thp;
    modes(sink, 'redis_host_transparent_hugepage_enabled', 'Transparent Huge Pages "enabled" setting: 1 for the active mode, 0 for the others offered.', thp?.enabled);
    modes(sink, 'redis_host_transparent_hugepage_defrag', 'Transparent Huge Pages "defrag" setting: 1 for the active mode, 0 for the others offered.', thp?.defrag);
  },
};
