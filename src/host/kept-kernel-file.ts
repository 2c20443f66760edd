import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/** Most descriptors kept at once; past it a file is read with open/read/close as before. */
const MAX_KEPT = 128;
/** Files not read for this long are closed (a removed target, a Redis that restarted under a new pid). */
const IDLE_CLOSE_MS = 10 * 60_000;
/**
 * One buffer for every read: the reads are synchronous, so two can never use it at once. Larger
 * than meminfo, status, diskstats or a container's mountinfo; a file that fills it is read whole.
 */
const buffer = Buffer.allocUnsafe(64 * 1024);

interface Kept {
  readonly fd: number;
  usedAt: number;
}

const kept = new Map<string, Kept>();
let sweptAt = 0;
let noPread = false;
let opens = 0;

/**
 * Reads a procfs or sysfs file synchronously through a descriptor kept open between polls: preads
 * from offset 0 (the kernel generates the text afresh for a read from the start: seq_file,
 * kernfs and sysctl files all do) into a reused buffer, two syscalls for a small file, instead of
 * open, fstat, read, read and close with readFileSync's option handling each poll. Only for kernel-generated files that
 * cannot wait on a disk, a network or another process's lock (the caller, roots.ts, checks the
 * root's filesystem type); `keep: false` for files read too seldom to be worth a descriptor. A
 * caller that keeps a file whose descriptor pins something (another process's mountinfo holds
 * its mount namespace, and so its mounts, alive) releases it when that process is gone.
 *
 * A read that fails (ESRCH: the process is gone) or returns nothing closes the descriptor and
 * opens the path again once, so a pid that is reused, or a file that was re-created, is read as
 * it is now. A failing open throws the errno as readFileSync would.
 */
export function readKeptKernelFile(path: string, keep = true, now = Date.now()): string {
  if (now - sweptAt > 60_000) sweep(now);
  const entry = kept.get(path);
  if (entry) {
    entry.usedAt = now;
    let text: string | undefined;
    try {
      text = readAt0(entry.fd);
    } catch {
      // ESRCH and the like: the file behind the descriptor is gone; the path may name a new one.
    }
    if (text !== undefined && text !== '') return text;
    forget(path);
  }
  opens++;
  if (noPread) return readFileSync(path, 'utf8');
  const fd = openSync(path, 'r');
  let text: string | undefined;
  try {
    text = readAt0(fd);
  } catch (err) {
    closeSync(fd);
    if ((err as NodeJS.ErrnoException).code !== 'ESPIPE') throw err;
    // A kernel whose procfs files refuse pread: read them whole from now on, as before.
    noPread = true;
    return readFileSync(path, 'utf8');
  }
  if (text === undefined) {
    // Larger than the buffer: read whole, not kept.
    closeSync(fd);
    return readFileSync(path, 'utf8');
  }
  if (keep && text !== '' && kept.size < MAX_KEPT) kept.set(path, { fd, usedAt: now });
  else closeSync(fd);
  return text;
}

/**
 * The whole file from offset 0, or undefined when it fills the buffer (may be longer). Read on
 * to the end: a seq_file hands out one page's worth of records per read (mountinfo, diskstats
 * with many disks), so a short read is not the end of the file; the read that returns 0 is.
 */
function readAt0(fd: number): string | undefined {
  let total = 0;
  for (;;) {
    const n = readSync(fd, buffer, total, buffer.length - total, total);
    if (n === 0) return buffer.toString('utf8', 0, total);
    total += n;
    if (total === buffer.length) return undefined;
  }
}

/** Closes the descriptor kept for `path`, if any (its owner is gone; see host-datadir.ts). */
export function releaseKernelFile(path: string): void {
  forget(path);
}

function forget(path: string): void {
  const entry = kept.get(path);
  if (!entry) return;
  kept.delete(path);
  try {
    closeSync(entry.fd);
  } catch {
    // Already closed: nothing to release.
  }
}

function sweep(now: number): void {
  sweptAt = now;
  for (const [path, e] of kept) if (now - e.usedAt > IDLE_CLOSE_MS) forget(path);
}

/** Descriptors kept, and opens made since start (tests: a kept file is opened once). */
export function keptKernelFiles(): { readonly kept: number; readonly opens: number } {
  return { kept: kept.size, opens };
}
