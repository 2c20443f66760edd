import { join } from 'node:path';
import { parseOvercommitMemory } from '../parse/sysctl.js';
import { parseChoiceFile, type ChoiceFile } from '../parse/thp.js';
import { readKernelFile, type HostRoots } from './roots.js';

// Direct reads: systeminformation exposes neither vm.overcommit_memory nor the THP settings.

export async function readOvercommit(roots: HostRoots): Promise<number> {
  return parseOvercommitMemory(await readKernelFile(roots.procfs, join(roots.procfs, 'sys/vm/overcommit_memory')));
}

export interface ThpSettings {
  readonly enabled: ChoiceFile;
  readonly defrag: ChoiceFile;
}

/** Both files or neither: a container without /sys/kernel/mm fails this area as a whole. */
export async function readThp(roots: HostRoots): Promise<ThpSettings> {
  const dir = join(roots.sysfs, 'kernel/mm/transparent_hugepage');
  const [enabled, defrag] = await Promise.all([readKernelFile(roots.sysfs, join(dir, 'enabled')), readKernelFile(roots.sysfs, join(dir, 'defrag'))]);
  return { enabled: parseChoiceFile(enabled, 'transparent_hugepage/enabled'), defrag: parseChoiceFile(defrag, 'transparent_hugepage/defrag') };
}
