import { basename, join } from 'node:path';
import { HostError } from '../errors.js';
import type { ParsedInfo } from '../parse/info.js';
import { parseProcStatus, parseSmapsRollupAnonHuge, type ProcessStatus } from '../parse/proc-status.js';
import { readKeptFile } from './kept-file.js';
import { isNotFound, readHostFile, readKernelFile, rootPath, type HostRoots } from './roots.js';

// Direct reads: systeminformation's process list has neither VmSwap nor AnonHugePages.

/** Linux truncates a command name to 15 characters (TASK_COMM_LEN - 1). */
const COMM_MAX = 15;
/** Command names of Redis-protocol servers, for Redis < 5 whose INFO has no `executable`. */
const SERVER_NAME = /^(redis|valkey|keydb)/i;

export function redisPidOf(info: ParsedInfo): number {
  const pid = Number(info.fields.get('process_id'));
  if (!Number.isInteger(pid) || pid <= 0) throw new HostError('E_HOST_STATE', 'INFO has no process_id');
  return pid;
}

let lastComm = { exe: '', comm: '' };

/** The command name the kernel shows for an executable path; the last one remembered (same every poll). */
function commOf(exe: string): string {
  if (exe !== lastComm.exe) lastComm = { exe, comm: basename(exe).slice(0, COMM_MAX) };
  return lastComm.comm;
}

/**
 * Reads /proc/<pid>/status of the Redis process and checks it is Redis: when the exporter does
 * not share Redis's PID namespace, the same number names some other process (often init).
 */
export async function readRedisProcess(roots: HostRoots, info: ParsedInfo): Promise<ProcessStatus & { readonly pid: number }> {
  const pid = redisPidOf(info);
  const path = rootPath(roots.procfs, `${pid}/status`);
  let text: string;
  try {
    text = await readKernelFile(roots.procfs, path);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    throw new HostError('E_HOST_STATE', `Redis pid ${pid} is not visible under ${roots.procfs}: the exporter must run on Redis's host in its PID namespace (e.g. Kubernetes shareProcessNamespace)`);
  }
  const status = parseProcStatus(text);
  const exe = info.fields.get('executable');
  // Redis 5+ names its executable in INFO; before that, accept only a server-like name.
  const ok = exe ? status.name === commOf(exe) : SERVER_NAME.test(status.name);
  if (!ok) {
    const expected = exe ? `"${commOf(exe)}"` : 'a Redis server';
    throw new HostError('E_HOST_STATE', `pid ${pid} under ${roots.procfs} is "${status.name}", not ${expected}: the exporter does not share Redis's PID namespace`);
  }
  return { ...status, pid };
}

/**
 * AnonHugePages of the process: smaps_rollup (Linux 4.14+) sums it in the kernel; older kernels
 * only have per-mapping smaps, summed here. Both need ptrace-read access to the process. Read
 * through the thread pool: they wait for Redis's mmap lock, which a fork of a large Redis holds.
 */
export async function readAnonHugePages(roots: HostRoots, pid: number): Promise<number> {
  try {
    // One pread of a kept descriptor per poll (kept-file.ts); still off the event loop.
    return parseSmapsRollupAnonHuge(await readKeptFile(rootPath(roots.procfs, `${pid}/smaps_rollup`)));
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  let total = 0;
  for (const m of (await readHostFile(join(roots.procfs, String(pid), 'smaps'))).matchAll(/^AnonHugePages:\s+(\d+) kB/gm)) total += Number(m[1]) * 1024;
  return total;
}
