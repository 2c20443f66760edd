import { join } from 'node:path';
import { HostError } from '../errors.js';
import { diskStatOf, utilizationRatio, type DiskStat } from '../parse/diskstats.js';
import { resolveDisk, type DeviceNumber } from './block-device.js';
import { monotonicMs } from './clock.js';
import type { SharedHostReads } from './shared-reads.js';
import { readKernelFile, rootPath, type HostRoots } from './roots.js';

export interface DiskIoReading {
  /** undefined when the data dir's filesystem has no block device (tmpfs, overlayfs, NFS). */
  readonly disk: (DiskStat & { readonly utilization: number | undefined; readonly name?: string; readonly rotational?: boolean }) | undefined;
}

/**
 * Keeps the previous reading of one target's data-dir disk, so each poll can report the busy
 * share of the time since the last one. Time comes from a monotonic clock, not wall time.
 */
export class DiskIoTracker {
  private prev: { stat: DiskStat; atMs: number } | undefined;

  update(stat: DiskStat, atMs: number): number | undefined {
    const ratio = utilizationRatio(this.prev?.stat, stat, atMs - (this.prev?.atMs ?? atMs));
    this.prev = { stat, atMs };
    return ratio;
  }

  reset(): void {
    this.prev = undefined;
  }
}

/**
 * Direct read of /proc/diskstats for the one disk under the data dir: systeminformation's
 * disksIO()/fsStats() sum all disks and have neither io_ticks nor in-flight counts.
 */
export async function readDiskIo(roots: HostRoots, dev: DeviceNumber, tracker: DiskIoTracker, nowMs?: number, shared?: SharedHostReads): Promise<DiskIoReading> {
  // Which disk, and whether it spins, change only with the hardware: on the slow cadence.
  const resolve = async () => {
    const d = await resolveDisk(roots.sysfs, dev);
    if (!d) return d;
    // queue/rotational: 1 for spinning disks (the guide: "Use SSDs for Redis data directory").
    const rotPath = join(roots.sysfs, 'dev/block', `${d.major}:${d.minor}`, 'queue/rotational');
    const rot = await readKernelFile(roots.sysfs, rotPath).then(
      (t: string) => t.trim(),
      () => undefined,
    );
    return { ...d, ...(rot === '1' || rot === '0' ? { rotational: rot === '1' } : {}) };
  };
  const disk = shared ? (await shared.get(`disk ${roots.sysfs} ${dev.major}:${dev.minor}`, resolve, true)).value : await resolve();
  if (!disk) {
    tracker.reset();
    return { disk: undefined };
  }
  const path = rootPath(roots.procfs, 'diskstats');
  // The text is what is shared: each target parses only its own disk's line of it.
  const read = () => readKernelFile(roots.procfs, path);
  // With a shared reading, its own time: the rate must divide by the time between the two readings.
  const { value: text, atMs } = shared ? await shared.get(path, read) : { value: await read(), atMs: nowMs ?? monotonicMs() };
  const stat = diskStatOf(text, disk.major, disk.minor);
  if (!stat) throw new HostError('E_HOST_STATE', `no line for ${disk.name} (${disk.major}:${disk.minor}) in ${path}`);
  return { disk: { ...stat, utilization: tracker.update(stat, atMs), name: disk.name, ...(disk.rotational !== undefined ? { rotational: disk.rotational } : {}) } };
}
