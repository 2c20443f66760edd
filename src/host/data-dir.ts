import type { BigIntStats, StatsFs } from 'node:fs';
import { realpath, stat, statfs } from 'node:fs/promises';
import { normalize } from 'node:path';
import { HostError } from '../errors.js';
import type { RedisConfigValues } from '../parse/config.js';
import { isReadOnly, mountFor, parseMountinfo, type MountEntry } from '../parse/mountinfo.js';
import type { ProcessCredentials } from '../parse/proc-status.js';
import { canCreateIn } from './access.js';
import { splitDev, type DeviceNumber } from './block-device.js';
import { monotonicMs } from './clock.js';
import { checkedDir, hasProjectQuota, isLocalFsType, keepDir, releaseDir, statKeptDir } from './kept-dir.js';
import { hostReadError, isKernelRoot, readKernelFile, rootPath, underRoot, type HostRoots } from './roots.js';
import type { SharedHostReads } from './shared-reads.js';

/** Where the data directory is: as Redis sees it, and as this process reaches it. */
export interface DataDirLocation {
  readonly redisPath: string;
  readonly hostPath: string;
}

/** `--host.data-dir` wins; otherwise CONFIG GET dir (Redis returns its getcwd(), an absolute real path). */
export function locateDataDir(config: RedisConfigValues | undefined, override: string | null, rootfs: string): DataDirLocation {
  const dir = override ?? config?.string('dir');
  if (dir === undefined || dir === '') {
    throw new HostError('E_HOST_STATE', 'data directory unknown: CONFIG GET dir has not answered (set --host.data-dir)', { follows: 'redis' });
  }
  if (!dir.startsWith('/')) throw new HostError('E_HOST_STATE', `data directory "${dir}" is not an absolute path`);
  // The same dir every poll: its two forms are worked out again only when dir or rootfs changes.
  if (dir !== lastLocation.dir || rootfs !== lastLocation.rootfs) {
    const redisPath = normalize(dir);
    lastLocation = { dir, rootfs, loc: { redisPath, hostPath: underRoot(rootfs, redisPath) } };
  }
  return lastLocation.loc;
}

let lastLocation: { readonly dir: string; readonly rootfs: string; readonly loc: DataDirLocation } = { dir: '', rootfs: '', loc: { redisPath: '', hostPath: '' } };

export interface DataDirReading {
  readonly sizeBytes: number;
  /** Free space an unprivileged writer may use (f_bavail): root-reserved blocks excluded. */
  readonly availBytes: number;
  readonly filesFree: number;
  readonly readOnly: boolean | undefined;
  /** undefined until the Redis process's credentials have been seen once. */
  readonly writable: boolean | undefined;
  readonly device: DeviceNumber;
  /** The data dir as Redis sees it (CONFIG GET dir or --host.data-dir). */
  readonly path?: string;
  /** The mount holding the data dir, as Redis sees it when its mountinfo is readable (remedies name it). */
  readonly mountPoint?: string;
  readonly fsType?: string;
  /** The Redis process's file-system uid and gid, when seen: a `chown` remedy names them. */
  readonly redisUid?: number;
  readonly redisGid?: number;
}

/**
 * statfs, mount flags and ownership of the data directory. statfs is called directly rather than
 * through systeminformation's fsSize(), which runs df for every mount, lists local mounts only,
 * and has no inode counts; statfs of the directory itself cannot pick the wrong mount.
 */
export async function readDataDir(loc: DataDirLocation, roots: HostRoots, creds: ProcessCredentials | undefined, redisPid: number | undefined, shared?: SharedHostReads): Promise<DataDirReading> {
  // Where the path leads (symlinks) changes only when someone re-points it: resolved on the
  // slow (CONFIG) cadence when readings are shared, and again at once if the result stops working.
  const key = `realpath ${loc.hostPath}`;
  const resolve = () => realpath(loc.hostPath).catch((err: unknown) => Promise.reject(hostReadError(loc.hostPath, err)));
  let real: string;
  try {
    real = shared ? (await shared.get(key, resolve, true)).value : await resolve();
  } catch (err) {
    shared?.forget(key);
    throw err;
  }
  // On a local disk or tmpfs, through a descriptor kept open to the directory, on the event loop
  // (kept-dir.ts says why that cannot wait); anywhere else, or when none is kept yet, by path on
  // the pool: an NFS or FUSE stat can hang, and a path walk can miss the dentry cache and read the
  // disk. The descriptor lives while the same Redis pid is seen; once per slow window one stat by
  // path checks that the path still leads to it (not replaced, nothing mounted over it).
  const now = monotonicMs();
  const keepFor = shared && redisPid !== undefined ? shared.slowMaxAgeMs : 0;
  const keepKey = `${real}\0${redisPid}`;
  let mount: MountEntry | undefined;
  let got: { readonly st: BigIntStats; readonly fs: StatsFs; readonly checkedAt?: number } | undefined = keepFor > 0 ? statKeptDir(keepKey, now) : undefined;
  if (got && now - (got.checkedAt ?? now) >= keepFor) {
    const byPath = await stat(real, { bigint: true }).catch(() => undefined);
    if (byPath?.dev === got.st.dev && byPath.ino === got.st.ino) checkedDir(keepKey, now);
    else got = undefined;
  }
  if (got) {
    mount = await mountOf(roots, loc, real, redisPid, shared);
    if (hasProjectQuota(mount)) got = undefined;
  }
  if (!got && keepFor > 0) releaseDir(keepKey);
  if (!got) {
    const [st, fs] = await Promise.all([
      stat(real, { bigint: true }).catch((err: unknown) => Promise.reject(hostReadError(real, err))),
      statfs(real).catch((err: unknown) => Promise.reject(hostReadError(real, err))),
    ]).catch((err: unknown) => {
      shared?.forget(key);
      return Promise.reject(err);
    });
    got = { st, fs };
    mount = await mountOf(roots, loc, real, redisPid, shared);
    if (keepFor > 0 && isLocalFsType(fs.type) && !hasProjectQuota(mount) && isKernelRoot('/proc')) await keepDir(keepKey, real, st, now);
  }
  const { st, fs } = got;
  const readOnly = mount ? isReadOnly(mount) : undefined;
  const owner = { mode: Number(st.mode), uid: Number(st.uid), gid: Number(st.gid) };
  return {
    // f_blocks counts f_bsize units here, as node_exporter and df on Linux filesystems assume.
    sizeBytes: fs.blocks * fs.bsize,
    availBytes: fs.bavail * fs.bsize,
    filesFree: fs.ffree,
    readOnly,
    writable: creds === undefined ? undefined : readOnly !== true && canCreateIn(owner, creds),
    device: splitDev(st.dev),
    path: loc.redisPath,
    ...(mount ? { mountPoint: mount.mountPoint, fsType: mount.fsType } : {}),
    ...(creds ? { redisUid: creds.fsUid, redisGid: creds.fsGid } : {}),
  };
}

/**
 * Read-only as Redis sees it: Redis's own mountinfo (its mount namespace, its path) when the
 * process is known, so a sidecar that mounts the volume read-only for itself does not report a
 * read-only data dir; otherwise the exporter's own view of the path it statfs'd. Read every poll,
 * not on the slow cadence: a remount read-only after disk errors (ext4 errors=remount-ro) is the
 * failure this reports, and node's statfs() has no mount flags to notice it by.
 */
async function mountOf(roots: HostRoots, loc: DataDirLocation, real: string, pid: number | undefined, shared?: SharedHostReads): Promise<MountEntry | undefined> {
  if (pid !== undefined) {
    // Kept open while this pid is Redis's: host-datadir.ts releases it when the pid changes or
    // Redis is not seen, as the descriptor holds the process's mount namespace alive.
    const own = await readKernelFile(roots.procfs, redisMountinfo(roots, pid)).catch(() => undefined);
    const mount = own === undefined ? undefined : mountFor(mountsOf(own), loc.redisPath);
    if (mount) return mount;
  }
  // The exporter's own mount table is the same for every target: shared, like the other host-wide files.
  const path = rootPath(roots.procfs, 'self/mountinfo');
  const read = async () => mountsOf(await readKernelFile(roots.procfs, path));
  return mountFor(shared ? (await shared.get(path, read)).value : await read(), real);
}

/** `<procfs>/<pid>/mountinfo`: Redis's own view of its mounts. */
export function redisMountinfo(roots: HostRoots, pid: number): string {
  return rootPath(roots.procfs, `${pid}/mountinfo`);
}

let lastMounts: { readonly text: string; readonly entries: readonly MountEntry[] } = { text: '', entries: [] };

/**
 * parseMountinfo, skipped when the text is the one parsed last: the table is read every poll (a
 * remount read-only changes its text, so it is still seen at once) but rarely changes, and the
 * targets of one host mostly share one mount namespace, so one remembered text serves them all.
 */
export function mountsOf(text: string): readonly MountEntry[] {
  if (text !== lastMounts.text) lastMounts = { text, entries: parseMountinfo(text) };
  return lastMounts.entries;
}
