import { parseOvercommitMemory } from '../parse/sysctl.js';
import { parseChoiceFile, type ChoiceFile } from '../parse/thp.js';
import { readKernelFile, rootPath, type HostRoots } from './roots.js';

// Direct reads: systeminformation exposes neither vm.overcommit_memory nor the THP settings.

export async function readOvercommit(roots: HostRoots): Promise<number> {
  return parseOvercommitMemory(await readKernelFile(roots.procfs, rootPath(roots.procfs, 'sys/vm/overcommit_memory')));
}

export interface ThpSettings {
  readonly enabled: ChoiceFile;
  readonly defrag: ChoiceFile;
}

/** Both files or neither: a container without /sys/kernel/mm fails this area as a whole. */
export async function readThp(roots: HostRoots): Promise<ThpSettings> {
  const [enabled, defrag] = await Promise.all([
    readKernelFile(roots.sysfs, rootPath(roots.sysfs, 'kernel/mm/transparent_hugepage/enabled')),
    readKernelFile(roots.sysfs, rootPath(roots.sysfs, 'kernel/mm/transparent_hugepage/defrag')),
  ]);
  return { enabled: parseChoiceFile(enabled, 'transparent_hugepage/enabled'), defrag: parseChoiceFile(defrag, 'transparent_hugepage/defrag') };
}
