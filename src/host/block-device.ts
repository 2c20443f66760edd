import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { HostError } from '../errors.js';
import { hostReadError, readHostFile } from './roots.js';

export interface DeviceNumber {
  readonly major: number;
  readonly minor: number;
}

/** glibc's gnu_dev_major/gnu_dev_minor over a 64-bit st_dev. */
export function splitDev(dev: bigint): DeviceNumber {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & 0xfffff000n);
  const minor = (dev & 0xffn) | ((dev >> 12n) & 0xffffff00n);
  return { major: Number(major), minor: Number(minor) };
}

export interface BlockDevice extends DeviceNumber {
  /** Kernel name as in /proc/diskstats (sda, nvme0n1, dm-0, vda). */
  readonly name: string;
}

/**
 * The disk whose queue serves a filesystem on device `dev`, via /sys/dev/block/M:m. A partition
 * is reported as its parent disk: utilisation is a property of the device queue that all its
 * partitions share, so a busy neighbour partition slows Redis's fsync just the same. Device
 * mapper and md devices have no `partition` file and are reported as themselves.
 * Returns undefined for anonymous devices (major 0: tmpfs, overlayfs, btrfs subvolumes, NFS),
 * which have no block device of their own.
 */
export async function resolveDisk(sysfs: string, dev: DeviceNumber): Promise<BlockDevice | undefined> {
  if (dev.major === 0) return undefined;
  const link = join(sysfs, 'dev/block', `${dev.major}:${dev.minor}`);
  let real: string;
  try {
    real = await realpath(link);
  } catch (err) {
    throw hostReadError(link, err);
  }
  const isPartition = await stat(join(real, 'partition')).then(
    () => true,
    () => false,
  );
  if (!isPartition) return { ...dev, name: basename(real) };
  const parent = dirname(real);
  const m = /^(\d+):(\d+)\s*$/.exec(await readHostFile(join(parent, 'dev')));
  if (!m) throw new HostError('E_HOST_STATE', `${join(parent, 'dev')}: not major:minor`);
  return { major: Number(m[1]), minor: Number(m[2]), name: basename(parent) };
}
