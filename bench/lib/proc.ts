import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** Clock ticks per second for /proc/<pid>/stat times (USER_HZ; 100 on Linux, asked to be sure). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcSample {
  /** User + system CPU seconds used so far. */
  readonly cpuSeconds: number;
  readonly rssBytes: number;
  /** Peak RSS so far (VmHWM). */
  readonly peakRssBytes: number;
}

/** Reads a process's CPU time (/proc/<pid>/stat fields 14+15) and RSS (/proc/<pid>/status). */
export function procSample(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Field 2 (comm) may contain spaces; everything after its closing paren is space-separated.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { cpuSeconds: (utime + stime) / CLK_TCK, rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
}

export interface Machine {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly memTotalBytes: number;
  readonly kernel: string;
  readonly node: string;
  readonly redisServer: string;
  readonly redisExporter: string;
}

function firstLine(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return 'not installed';
  return `${r.stdout}${r.stderr}`.split('\n')[0]?.trim() ?? '';
}

export function machine(): Machine {
  const mem = /^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1];
  return {
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memTotalBytes: Number(mem ?? 0) * 1024,
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    node: process.version,
    redisServer: firstLine('redis-server', ['--version']),
    redisExporter: firstLine('prometheus-redis-exporter', ['--version']).replace(/^.*Exporter\s+(\S+).*Go:\s+(\S+).*$/, '$1 ($2)'),
  };
}

/** 1-minute load average: other engineers share this machine, so every figure carries it. */
export function load1(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

/**
 * CPU seconds of a process split into its main thread (the JS event loop; tid = pid) and all
 * other threads (libuv's thread pool, V8's compiler and GC helpers, Go's runtime threads).
 * From /proc/<pid>/task/<tid>/schedstat (nanoseconds actually run, per thread) rather than the
 * utime/stime of /proc/<pid>/stat: those are sampled at clock ticks, 10 ms apiece, and on a
 * machine at load 20+ a process that runs a few ms a second is charged by lottery. Threads that
 * have exited are not counted (schedstat exists only for live ones); falls back to stat ticks.
 */
export function threadCpu(pid: number): { main: number; others: number } {
  const ran = (tid: string): number => {
    try {
      return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
    } catch {
      return 0; // a thread that ended between the listing and the read
    }
  };
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return { main: 0, others: 0 };
  }
  const main = ran(String(pid));
  let others = 0;
  for (const tid of tids) if (tid !== String(pid)) others += ran(tid);
  return { main, others };
}
