/**
 * Pure parser for /proc/diskstats (Documentation/admin-guide/iostats.rst). Only the fields
 * redis-vitals exports are kept; sectors are always 512 bytes there, whatever the device's
 * sector size.
 */
export interface DiskStat {
  readonly major: number;
  readonly minor: number;
  readonly name: string;
  readonly sectorsWritten: number;
  readonly writeTimeMs: number;
  readonly ioInProgress: number;
  /** Milliseconds the device had I/O in flight (io_ticks): its rate is iostat's %util. */
  readonly ioTicksMs: number;
}

export const DISKSTAT_SECTOR_BYTES = 512;

/**
 * Lines with fewer than 11 counters (partitions on kernels before 2.6.25) and lines that are
 * not numbers are skipped, never guessed.
 */
export function parseDiskstats(text: string): DiskStat[] {
  const out: DiskStat[] = [];
  for (const line of text.split('\n')) {
    const stat = parseLine(line);
    if (stat) out.push(stat);
  }
  return out;
}

function parseLine(line: string): DiskStat | undefined {
  const f = line.trim().split(/\s+/);
  if (f.length < 14) return undefined;
  const nums = [f[0], f[1], ...f.slice(3, 14)].map((v) => (/^\d+$/.test(v ?? '') ? Number(v) : NaN));
  if (nums.some((n) => !Number.isFinite(n))) return undefined;
  const at = (i: number) => nums[i] as number;
  // nums: major, minor, then counters 1..11 at indexes 2..12.
  return {
    major: at(0),
    minor: at(1),
    name: f[2] as string,
    sectorsWritten: at(2 + 6),
    writeTimeMs: at(2 + 7),
    ioInProgress: at(2 + 8),
    ioTicksMs: at(2 + 9),
  };
}

/**
 * findDiskStat(parseDiskstats(text), major, minor), parsing only the lines that start with that
 * major and minor: a host with dozens of loop and dm devices has a line for each, and one target
 * wants one of them.
 */
export function diskStatOf(text: string, major: number, minor: number): DiskStat | undefined {
  const candidates = new RegExp(`^[^\\S\\n]*0*${Math.trunc(major)}[^\\S\\n]+0*${Math.trunc(minor)}[^\\S\\n]`, 'gm');
  for (let m = candidates.exec(text); m; m = candidates.exec(text)) {
    const end = text.indexOf('\n', m.index);
    const stat = parseLine(text.slice(m.index, end < 0 ? text.length : end));
    if (stat && stat.major === major && stat.minor === minor) return stat;
  }
  return undefined;
}

export function findDiskStat(stats: readonly DiskStat[], major: number, minor: number): DiskStat | undefined {
  return stats.find((s) => s.major === major && s.minor === minor);
}

/**
 * Share of wall time the device was busy between two readings (iostat %util / 100), or
 * undefined when it cannot be told: first reading, a different device, counters that went
 * backwards (device re-created), or no time elapsed. Jiffy rounding can push the quotient a
 * little past 1, so it is clamped to [0, 1].
 */
export function utilizationRatio(prev: DiskStat | undefined, cur: DiskStat, elapsedMs: number): number | undefined {
  if (!prev || prev.major !== cur.major || prev.minor !== cur.minor) return undefined;
  if (!(elapsedMs > 0) || cur.ioTicksMs < prev.ioTicksMs) return undefined;
  return Math.min(1, Math.max(0, (cur.ioTicksMs - prev.ioTicksMs) / elapsedMs));
}
