import { close, constants, fstatSync, open, statfsSync, type BigIntStats, type StatsFs } from 'node:fs';
import type { MountEntry } from '../parse/mountinfo.js';

/**
 * statfs f_type of the filesystems whose fstat and statfs are answered from memory: ext2/3/4 and
 * tmpfs. Their getattr copies the in-core inode and their statfs sums in-memory counters under
 * spinlocks; neither reads the disk or waits for one. Not XFS (from Linux 5.15 until 5.19's fix
 * its statfs flushed background inode inactivation and could wait on the disk), NFS, CIFS or FUSE
 * (a round trip to a server or a daemon), nor overlayfs and btrfs (statfs of another layer, or
 * chunk locks): those stay on the thread pool.
 */
const LOCAL_FS_TYPES = new Set([0xef53, 0x01021994]);

/**
 * With project quotas on, ext4's statfs of a directory in a project looks up the
 * project's quota (dqget), which can wait on the quota file: such mounts stay on the pool.
 */
const PROJECT_QUOTA = /^(prj|p)(j?quota|qnoenforce)/;

export function isLocalFsType(type: number): boolean {
  return LOCAL_FS_TYPES.has(type);
}

export function hasProjectQuota(mount: MountEntry | undefined): boolean {
  return mount !== undefined && [...mount.superOptions, ...mount.mountOptions].some((o) => PROJECT_QUOTA.test(o));
}

interface Kept {
  readonly fd: number;
  /** When the path was last seen to lead to this directory (opened, or checked by checkedDir). */
  checkedAt: number;
  usedAt: number;
}

const kept = new Map<string, Kept>();
/** Descriptors not used for this long are closed (a removed target, a stopped ad-hoc poll). */
const IDLE_CLOSE_MS = 10 * 60_000;
/** At most this many are kept; past it a directory is read by path on the pool, as elsewhere. */
export const MAX_KEPT_DIRS = 256;
let sweptAt = 0;

/** The idle sweep runs on every use of this module, so descriptors no poll uses any more get closed. */
function sweepNow(now: number): void {
  if (now - sweptAt > 60_000) sweep(now);
}

/**
 * fstat and statfs of a data directory through a descriptor kept open to it, on the event loop:
 * neither walks the directory's path (statfs goes through the descriptor's /proc/self/fd link,
 * which jumps straight to the open directory), so no lookup can miss the dentry cache and read
 * a directory block from a busy disk, and on the filesystems above (the only ones a descriptor is
 * kept for) both are answered from memory. `checkedAt`: when the path was last seen to lead here
 * (the caller checks again by path once in a while: a directory replaced or a mount put over it).
 * undefined: nothing kept for `key`, the directory was deleted, or a call failed (closed; the
 * caller's read by path reports why).
 */
export function statKeptDir(key: string, now: number): { readonly st: BigIntStats; readonly fs: StatsFs; readonly checkedAt: number } | undefined {
  sweepNow(now);
  const k = kept.get(key);
  if (!k) return undefined;
  try {
    const st = fstatSync(k.fd, { bigint: true });
    if (st.nlink === 0n) throw new Error('deleted');
    const fs = statfsSync(`/proc/self/fd/${k.fd}`);
    k.usedAt = now;
    return { st, fs, checkedAt: k.checkedAt };
  } catch {
    releaseDir(key);
    return undefined;
  }
}

/** The path was statted again and still leads to the kept directory (same device and inode). */
export function checkedDir(key: string, now: number): void {
  const k = kept.get(key);
  if (k) k.checkedAt = now;
}

/** fstat only, of a directory kept as above (the log follower's: it wants to know whether an entry changed). */
export function fstatKeptDir(key: string, now: number): BigIntStats | undefined {
  sweepNow(now);
  const k = kept.get(key);
  if (!k) return undefined;
  try {
    const st = fstatSync(k.fd, { bigint: true });
    k.usedAt = now;
    return st;
  } catch {
    releaseDir(key);
    return undefined;
  }
}

/**
 * Opens `path` (on the pool) and keeps the descriptor under `key` when it is the directory just
 * statted by path (same device and inode: nothing was swapped in between). The caller has checked
 * that its filesystem is one of the local ones, so the fstat here cannot wait either.
 */
export async function keepDir(key: string, path: string, seen: { readonly dev: bigint; readonly ino: bigint }, now: number): Promise<void> {
  releaseDir(key);
  sweepNow(now);
  if (kept.size >= MAX_KEPT_DIRS) return;
  const fd = await new Promise<number | undefined>((resolve) => open(path, constants.O_RDONLY | constants.O_DIRECTORY, (err, got) => resolve(err ? undefined : got)));
  if (fd === undefined) return;
  let same = false;
  try {
    const st = fstatSync(fd, { bigint: true });
    same = st.dev === seen.dev && st.ino === seen.ino;
  } catch {
    // Not kept: the next poll reads by path again.
  }
  if (same && !kept.has(key) && kept.size < MAX_KEPT_DIRS) kept.set(key, { fd, checkedAt: now, usedAt: now });
  else close(fd, () => undefined);
}

/** Closes the descriptor kept under `key` (its Redis is gone: the directory must not stay pinned). */
export function releaseDir(key: string): void {
  const k = kept.get(key);
  if (!k) return;
  kept.delete(key);
  close(k.fd, () => undefined);
}

/** Closes the descriptors kept for Redis pid `pid` (host-datadir.ts: that pid is no longer seen as Redis). */
export function releaseDirsOf(pid: number): void {
  for (const key of kept.keys()) if (key.endsWith(`\0${pid}`)) releaseDir(key);
}

function sweep(now: number): void {
  sweptAt = now;
  for (const [key, k] of kept) if (now - k.usedAt > IDLE_CLOSE_MS) releaseDir(key);
}

/** How many directory descriptors are kept (tests). */
export function keptDirCount(): number {
  return kept.size;
}
