import { fstatSync, type BigIntStats } from 'node:fs';
import { lstat, open, stat, statfs, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { monotonicMs } from './clock.js';
import { fstatKeptDir, isLocalFsType, keepDir, releaseDir } from './kept-dir.js';

/** At most this much of the log is read per poll: a flood of lines is caught up over polls. */
export const LOG_READ_BUDGET = 256 * 1024;
/** A line longer than this is cut: the tail of a runaway line is dropped, not buffered. */
const MAX_LINE = 8 * 1024;
/** Bytes just before the offset kept to recognise the file we read (a copytruncate rewrites them). */
const TAIL = 64;
/** Default longest time between two stats of the log by path (see `recheckMs`). */
export const LOG_RECHECK_MS = 60_000;
/** A directory stamp younger than this is not trusted (coarse timestamps; see dirStamp). */
export const STAMP_TRUST_MS = 2_000;
/** Numbers each follower's kept directory descriptor (two targets may follow logs in one directory). */
let followers = 0;

/**
 * Follows a log file the way `tail -F` does: starts at its end, reads only what was appended
 * (bounded per call, async so the event loop never waits on the disk), survives rotation by
 * rename (drains the old file, then reads the new one from its start) and by copytruncate
 * (the size drops below our offset, or the bytes just before it changed because the emptied
 * file grew back past it between two reads: start again at 0).
 */
export class LogFollower {
  private fh: FileHandle | undefined;
  private ino = -1n;
  /** The stat at which everything had been read; the same stat again means nothing to read. */
  private quiet: string | undefined;
  private offset = 0;
  private partial = '';
  private started = false;
  private tail: Buffer = Buffer.alloc(0);
  /** The log's directory as seen (fstat of a kept descriptor) just before the last stat by path. */
  private dirSeen: string | undefined;
  private dirKeptAt = -Infinity;
  private recentStamps = 0;
  /** When the log was last statted by path. */
  private pathAt = -Infinity;
  private readonly dirKey: string;

  /**
   * `recheckMs`: on a local filesystem a quiet poll looks at the open file and its directory
   * through descriptors (no path walk, no pool); the log is statted by path at least this often,
   * for what those cannot see (a directory above the log re-pointed).
   */
  constructor(
    readonly path: string,
    private readonly budget = LOG_READ_BUDGET,
    private readonly recheckMs = LOG_RECHECK_MS,
    private readonly trustAfterMs = STAMP_TRUST_MS,
  ) {
    this.dirKey = `log\0${++followers}\0${dirname(path)}`;
  }

  /** Complete lines appended since the last call. */
  async read(): Promise<string[]> {
    const now = monotonicMs();
    const dirNow = this.dirStamp(now);
    // Nothing to read when the open file is as it was read to the end (same size, mtime, ctime:
    // an append or a truncate moves them) and its directory is too (a rename, a new file or a
    // delete there moves the directory's mtime and ctime): the path still names the same file.
    // Both are fstats of open descriptors on a local disk or tmpfs, answered from the in-core
    // inode: no pool round trip, and no path walk that could wait for the disk.
    if (this.fh && this.quiet !== undefined && now - this.pathAt < this.recheckMs && dirNow !== undefined && dirNow === this.dirSeen && this.fileStamp() === this.quiet) return [];
    this.dirSeen = dirNow;
    this.pathAt = now;
    const st = await stat(this.path, { bigint: true }).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' && this.fh ? undefined : Promise.reject(err)));
    // Nothing written, renamed or truncated since a read that reached the end: same inode, size,
    // mtime and ctime (a truncate or a write moves both times). Most polls of a quiet Redis end
    // here, one stat instead of a stat and two reads through the thread pool.
    if (this.fh && st && statKey(st) === this.quiet) return [];
    this.quiet = undefined;
    const lines: string[] = [];
    let budget = this.budget;
    if (this.fh && (st === undefined || st.ino !== this.ino)) {
      // Renamed away (or deleted): what was written to it before the switch is still ours to read.
      const drained = await this.readFrom(this.fh, budget);
      budget -= drained.bytes;
      lines.push(...drained.lines, ...(this.partial ? [this.partial] : []));
      await this.close();
    }
    if (st === undefined) return lines;
    const size = Number(st.size);
    if (!this.fh) {
      this.fh = await open(this.path, 'r');
      this.ino = st.ino;
      // The first file starts at its end (history is not news); a rotated-in file from its start.
      this.offset = this.started ? 0 : size;
      this.started = true;
      this.tail = await this.bytesBefore(this.fh, this.offset, Math.min(TAIL, this.offset));
    } else if (size < this.offset || !(await this.bytesBefore(this.fh, this.offset, this.tail.length)).equals(this.tail)) {
      this.offset = 0;
      this.partial = '';
      this.tail = Buffer.alloc(0);
    }
    // What the stat saw is all there is to read now (more is read at the next call).
    if (size > this.offset) lines.push(...(await this.readFrom(this.fh, Math.min(budget, size - this.offset))).lines);
    if (this.offset === size) {
      this.quiet = statKey(st);
      if (this.dirSeen === undefined && now - this.dirKeptAt >= this.recheckMs) await this.keepDirectory(now);
    }
    return lines;
  }

  /** The directory's fstat through its kept descriptor; undefined when none is kept. */
  private dirStamp(now: number): string | undefined {
    const st = fstatKeptDir(this.dirKey, now);
    if (!st) return undefined;
    // A stamp taken within `trustAfterMs` of its change is never trusted: timestamps are coarse (a
    // jiffy, or a second on ext3 and small ext4 inodes), so a rename in the same tick would leave
    // it as it was. The counter makes such a stamp unequal to any later one.
    const recent = this.trustAfterMs > 0 && BigInt(Date.now()) * 1_000_000n - st.ctimeNs < BigInt(this.trustAfterMs) * 1_000_000n;
    return `${st.ino}:${st.mtimeNs}:${st.ctimeNs}${recent ? `:${++this.recentStamps}` : ''}`;
  }

  /** statKey of the open file by its descriptor; undefined if that fails or the file is deleted. */
  private fileStamp(): string | undefined {
    try {
      const st = fstatSync((this.fh as FileHandle).fd, { bigint: true });
      return st.nlink === 0n ? undefined : statKey(st);
    } catch {
      return undefined;
    }
  }

  /**
   * Keeps a descriptor to the log's directory when its filesystem is a local one (kept-dir.ts):
   * three pool round trips, tried at most once per `recheckMs`. It stays open until the follower
   * closes (rotation, another path): the stat of the log by path every `recheckMs` sees a re-pointed
   * parent as another file. The stamp is taken at the next read, before its stat by path, so a
   * change between the two is not missed.
   */
  private async keepDirectory(now: number): Promise<void> {
    this.dirKeptAt = now;
    const dir = dirname(this.path);
    const [fs, st, file] = await Promise.all([statfs(dir).catch(() => undefined), stat(dir, { bigint: true }).catch(() => undefined), lstat(this.path, { bigint: true }).catch(() => undefined)]);
    // Only a plain file on the directory's own filesystem: a symlinked or bind-mounted log lives
    // elsewhere (maybe NFS, where an fstat asks the server), and its directory is not this one.
    const plain = file !== undefined && file.isFile() && st !== undefined && file.dev === st.dev;
    if (fs && st && plain && isLocalFsType(fs.type)) await keepDir(this.dirKey, dir, st, now);
  }

  private async readFrom(fh: FileHandle, budget: number): Promise<{ lines: string[]; bytes: number }> {
    if (budget <= 0) return { lines: [], bytes: 0 };
    const buf = Buffer.allocUnsafe(budget);
    const { bytesRead } = await fh.read(buf, 0, budget, this.offset);
    this.offset += bytesRead;
    if (bytesRead > 0) this.tail = Buffer.concat([this.tail, buf.subarray(0, bytesRead)]).subarray(-TAIL);
    const text = this.partial + buf.subarray(0, bytesRead).toString('utf8');
    const parts = text.split('\n');
    this.partial = (parts.pop() ?? '').slice(0, MAX_LINE);
    return { lines: parts.map((l) => l.replace(/\r$/, '').slice(0, MAX_LINE)).filter((l) => l !== ''), bytes: bytesRead };
  }

  private async bytesBefore(fh: FileHandle, end: number, n: number): Promise<Buffer> {
    if (n <= 0) return Buffer.alloc(0);
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, end - n);
    return buf.subarray(0, bytesRead);
  }

  async close(): Promise<void> {
    releaseDir(this.dirKey);
    this.dirSeen = undefined;
    this.dirKeptAt = -Infinity;
    const fh = this.fh;
    this.fh = undefined;
    this.ino = -1n;
    this.quiet = undefined;
    this.partial = '';
    this.tail = Buffer.alloc(0);
    await fh?.close().catch(() => undefined);
  }
}

function statKey(st: BigIntStats): string {
  return `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}
