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
 * wants one of them. Scanned by hand, without a regular expression: it runs once per poll, and
 * after 15 s idle V8 has dropped a regular expression's compiled code, so each poll paid to
 * compile its own RegExp (and parseLine's) again.
 */
export function diskStatOf(text: string, major: number, minor: number): DiskStat | undefined {
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const stat = lineStat(text, start, end, major, minor);
    if (stat) return stat;
    start = end + 1;
  }
  return undefined;
}

/** JavaScript's \s: what parseLine's trim() and split(/\s+/) separate fields by. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** parseLine of text[start, end) when its major and minor are those asked for; fields by hand. */
function lineStat(text: string, start: number, end: number, major: number, minor: number): DiskStat | undefined {
  const nums: number[] = [];
  let name = '';
  let field = 0;
  let i = start;
  for (;;) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (i >= end) break;
    const from = i;
    while (i < end && !isSpace(text.charCodeAt(i))) i++;
    if (field === 2) name = text.slice(from, i);
    else if (field < 14) {
      let n = 0;
      for (let k = from; k < i; k++) {
        const d = text.charCodeAt(k) - 48;
        if (d < 0 || d > 9) return undefined;
        n = n * 10 + d;
      }
      // Past 2^53 digit by digit and Number() may round apart: leave such a line to parseLine.
      if (i - from > 15) n = Number(text.slice(from, i));
      nums.push(n);
      if ((field === 0 && n !== major) || (field === 1 && n !== minor)) return undefined;
    }
    field++;
  }
  if (field < 14) return undefined;
  const at = (k: number) => nums[k] as number;
  return { major: at(0), minor: at(1), name, sectorsWritten: at(2 + 6), writeTimeMs: at(2 + 7), ioInProgress: at(2 + 8), ioTicksMs: at(2 + 9) };
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
