import { close, open, read } from 'node:fs';
import { HostError } from '../errors.js';
import { hostReadError, readHostFile } from './roots.js';

/** Files not read for this long are closed (a removed target, a Redis that restarted under a new pid). */
const IDLE_CLOSE_MS = 10 * 60_000;
/** Bigger than any smaps_rollup (about 1 KB); a file that fills it is read whole instead. */
const BUFFER_BYTES = 8 * 1024;

interface Kept {
  readonly fd: Promise<number>;
  /** Reused by each read; a read that finds it in use (two targets, one Redis) takes its own. */
  readonly buf: Buffer;
  busy: boolean;
  usedAt: number;
}

// The callback forms, not fs/promises' FileHandle: the same one pool request, without a
// FileHandle object, its close tracking and the promise layer over each read.
const openFd = (path: string) => new Promise<number>((resolve, reject) => open(path, 'r', (err, fd) => (err ? reject(err) : resolve(fd))));
const readAt0 = (fd: number, buf: Buffer) => new Promise<number>((resolve, reject) => read(fd, buf, 0, buf.length, 0, (err, n) => (err ? reject(err) : resolve(n))));

const kept = new Map<string, Kept>();

/**
 * Reads a small /proc file through a descriptor kept open between polls: one positional read
 * (pread at offset 0, which makes the kernel generate the file afresh) on libuv's pool instead of
 * open, fstat, read, read and close — five pool round trips. Still on the pool, on purpose: the
 * files it is for (/proc/<pid>/smaps_rollup) wait for Redis's mmap lock, which a fork of a large
 * Redis holds for the whole page-table copy, and the event loop must not wait with them.
 *
 * A read that returns nothing (the process is gone; the pid may be reused) closes the descriptor
 * and opens the path again once. Descriptors idle for 10 minutes are closed at the next read.
 */
export async function readKeptFile(path: string, now = Date.now()): Promise<string> {
  sweep(now);
  const text = await readOnce(path, now);
  if (text !== '') return text;
  await forget(path);
  return readOnce(path, now);
}

async function readOnce(path: string, now: number): Promise<string> {
  let entry = kept.get(path);
  if (!entry) {
    entry = { fd: openFd(path), buf: Buffer.allocUnsafe(BUFFER_BYTES), busy: false, usedAt: now };
    entry.fd.catch(() => undefined);
    kept.set(path, entry);
  }
  entry.usedAt = now;
  const own = !entry.busy;
  const buf = own ? entry.buf : Buffer.allocUnsafe(BUFFER_BYTES);
  if (own) entry.busy = true;
  try {
    const bytesRead = await readAt0(await entry.fd, buf);
    if (bytesRead < BUFFER_BYTES) return buf.toString('utf8', 0, bytesRead);
    // Larger than expected: read it whole, as before.
    return await readHostFile(path);
  } catch (err) {
    await forget(path);
    throw err instanceof HostError ? err : hostReadError(path, err);
  } finally {
    if (own) entry.busy = false;
  }
}

async function forget(path: string): Promise<void> {
  const entry = kept.get(path);
  if (!entry) return;
  kept.delete(path);
  await entry.fd.then(
    (fd) => new Promise<void>((resolve) => close(fd, () => resolve())),
    () => undefined,
  );
}

function sweep(now: number): void {
  for (const [path, e] of kept) if (now - e.usedAt > IDLE_CLOSE_MS) void forget(path);
}

/** How many descriptors are kept (tests). */
export function keptFileCount(): number {
  return kept.size;
}
