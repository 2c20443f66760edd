import { parseMeminfo, type MemInfo } from '../parse/meminfo.js';
import { readKernelFile, rootPath, type HostRoots } from './roots.js';

/**
 * Direct read, not systeminformation's mem(): that lacks CommitLimit/Committed_AS, always reads
 * the exporter's own /proc (ignoring --path.procfs) and turns a missing field into 0.
 */
export async function readMemory(roots: HostRoots): Promise<MemInfo> {
  return parseMeminfo(await readKernelFile(roots.procfs, rootPath(roots.procfs, 'meminfo')));
}
