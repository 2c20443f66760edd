import { readdirSync, readFileSync, statSync } from 'node:fs';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { families } from './family.js';
import { GcDurations } from './gc-durations.js';
import type { LoopLag } from './loop-lag.js';
import type { Labels } from './sample.js';
import { countedByType, labelSet, single, type SelfFamily } from './self-text.js';

const where = { collector: 'process', section: 'runtime' } as const;
const g = (name: string, help: string, doc: string, labels: readonly string[] = []) => ({ name, type: 'gauge' as const, layer: 3 as const, labels, help, doc });

/**
 * The process and Node.js families prom-client's default metrics served, with its names, types,
 * HELP texts and order, now read here: they were all prom-client was still used for (~10 MB of
 * RSS for ~30 families). Event-loop lag sits between process_max_fds and the active resources,
 * where prom-client put it (loop-lag.ts).
 */
export const FAMILIES = families(where, {
  cpuUser: {
    name: 'process_cpu_user_seconds_total',
    type: 'counter',
    layer: 3,
    labels: [],
    help: 'Total user CPU time spent in seconds.',
    doc: 'user CPU time of the exporter process since it started',
  },
  cpuSystem: {
    name: 'process_cpu_system_seconds_total',
    type: 'counter',
    layer: 3,
    labels: [],
    help: 'Total system CPU time spent in seconds.',
    doc: 'system CPU time of the exporter process since it started',
  },
  cpu: {
    name: 'process_cpu_seconds_total',
    type: 'counter',
    layer: 3,
    labels: [],
    help: 'Total user and system CPU time spent in seconds.',
    doc: 'user + system CPU time of the exporter process since it started',
  },
  startTime: g('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', 'Unix time the process started, whole seconds'),
  resident: g('process_resident_memory_bytes', 'Resident memory size in bytes.', '`/proc/self/status` VmRSS'),
  virtual: g('process_virtual_memory_bytes', 'Virtual memory size in bytes.', '`/proc/self/status` VmSize'),
  heap: g('process_heap_bytes', 'Process heap size in bytes.', '`/proc/self/status` VmData'),
  openFds: g('process_open_fds', 'Number of open file descriptors.', 'entries of `/proc/self/fd`'),
  maxFds: g('process_max_fds', 'Maximum number of open file descriptors.', '`/proc/self/limits` "Max open files" (soft), read at start'),
  resources: g(
    'nodejs_active_resources',
    'Number of active resources that are currently keeping the event loop alive, grouped by async resource type.',
    '`process.getActiveResourcesInfo()` by type; label `type`',
    ['type'],
  ),
  resourcesTotal: g('nodejs_active_resources_total', 'Total number of active resources.', '`process.getActiveResourcesInfo()` length'),
  handles: g('nodejs_active_handles', 'Number of active libuv handles grouped by handle type. Every handle type is C++ class name.', 'active libuv handles by class name; label `type`', ['type']),
  handlesTotal: g('nodejs_active_handles_total', 'Total number of active handles.', 'active libuv handles'),
  requests: g('nodejs_active_requests', 'Number of active libuv requests grouped by request type. Every request type is C++ class name.', 'active libuv requests by class name; label `type`', [
    'type',
  ]),
  requestsTotal: g('nodejs_active_requests_total', 'Total number of active requests.', 'active libuv requests'),
  heapTotal: g('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.', '`process.memoryUsage()` heapTotal'),
  heapUsed: g('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.', '`process.memoryUsage()` heapUsed'),
  external: g('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', '`process.memoryUsage()` external'),
  spaceTotal: g('nodejs_heap_space_size_total_bytes', 'Process heap space size total from Node.js in bytes.', 'V8 heap space size; label `space` (`new`, `old`, `code`, …)', ['space']),
  spaceUsed: g('nodejs_heap_space_size_used_bytes', 'Process heap space size used from Node.js in bytes.', 'V8 heap space used; label `space`', ['space']),
  spaceAvailable: g('nodejs_heap_space_size_available_bytes', 'Process heap space size available from Node.js in bytes.', 'V8 heap space available; label `space`', ['space']),
  version: g('nodejs_version_info', 'Node.js version info.', 'labels `version`, `major`, `minor`, `patch` of Node.js; value 1', ['version', 'major', 'minor', 'patch']),
  gc: {
    name: 'nodejs_gc_duration_seconds',
    type: 'histogram',
    layer: 3,
    labels: ['kind'],
    help: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
    doc: 'every V8 garbage collection by `kind`; buckets 1 ms, 10 ms, 100 ms, 1 s, 2 s, 5 s',
  },
  maxVirtual: g(
    'process_virtual_memory_max_bytes',
    'Maximum amount of virtual memory available in bytes.',
    '`/proc/self/limits` "Max address space" (soft), read at start; `unlimited` is 2^64 as Go\'s client reports it',
  ),
});

const START_SECONDS = Math.round(Date.now() / 1000 - process.uptime());
const LINUX = process.platform === 'linux';
/** Heap space labels, kept from render to render (self-text.ts escapes each once). */
const spaceLabels = new Map<string, Labels>();

/** Soft RLIMIT_AS from /proc/self/limits; "unlimited" is 2^64-1 as Go's procfs reports it. */
export function addressSpaceLimit(text?: string): number | undefined {
  const soft = limit('Max address space', text);
  if (soft === 'unlimited') return 2 ** 64; // float64(2^64-1) rounds to this
  return soft === undefined ? undefined : finite(Number(soft));
}

/** Soft RLIMIT_NOFILE from /proc/self/limits. */
export function maxOpenFiles(text?: string): number | undefined {
  const soft = limit('Max open files', text);
  return soft === undefined || soft === 'unlimited' ? undefined : finite(Number(soft));
}

function limit(name: string, text?: string): string | undefined {
  let limits = text;
  try {
    limits ??= readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return undefined;
  }
  return new RegExp(`^${name}\\s+(\\S+)`, 'm').exec(limits)?.[1];
}

function finite(n: number): number | undefined {
  return Number.isFinite(n) ? n : undefined;
}

/** VmRSS, VmSize and VmData of /proc/self/status, in bytes. */
export function statusMemory(text: string): { rss?: number; size?: number; data?: number } {
  const kb = (field: string) => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  return { rss: kb('VmRSS'), size: kb('VmSize'), data: kb('VmData') };
}

const procHandles = process as unknown as { _getActiveHandles?(): object[]; _getActiveRequests?(): object[] };
const classNames = (list: readonly object[]) => list.filter((x) => x?.constructor !== undefined).map((x) => x.constructor.name);

/** The families above, read at each render of the self-metrics (about once a second at most, metrics-body.ts). */
export class ProcessMetrics {
  private readonly gc = new GcDurations();
  private readonly maxFds = maxOpenFiles();
  private readonly maxVirtual = addressSpaceLimit();
  private readonly versionLabels: Readonly<Record<string, string>>;

  constructor(private readonly loopLag: LoopLag) {
    const [major = '', minor = '', patch = ''] = process.version.slice(1).split('.');
    this.versionLabels = { version: process.version, major, minor, patch };
  }

  collect(): SelfFamily[] {
    const F = FAMILIES;
    const cpu = process.cpuUsage();
    const out: SelfFamily[] = [single(F.cpuUser, cpu.user / 1e6), single(F.cpuSystem, cpu.system / 1e6), single(F.cpu, (cpu.user + cpu.system) / 1e6), single(F.startTime, START_SECONDS)];
    // The three heap figures process.memoryUsage() gives, without the /proc/self/stat read it makes for rss (status has it).
    const heap = getHeapStatistics();
    let status: ReturnType<typeof statusMemory> = {};
    try {
      if (LINUX) status = statusMemory(readFileSync('/proc/self/status', 'utf8'));
    } catch {
      // no procfs: the resident size below still comes from Node
    }
    const opt = (family: SelfFamily['family'], v: number | undefined): SelfFamily => ({ family, series: v === undefined ? [] : [{ value: v }] });
    out.push(single(F.resident, status.rss ?? process.memoryUsage.rss()), opt(F.virtual, status.size), opt(F.heap, status.data));
    if (LINUX) out.push(opt(F.openFds, openFds()));
    if (this.maxFds !== undefined) out.push(single(F.maxFds, this.maxFds));
    out.push(...this.loopLag.collect());
    const resources = process.getActiveResourcesInfo();
    out.push(countedByType(F.resources, resources), single(F.resourcesTotal, resources.length));
    const handles = procHandles._getActiveHandles?.() ?? [];
    out.push(countedByType(F.handles, classNames(handles)), single(F.handlesTotal, handles.length));
    const requests = procHandles._getActiveRequests?.() ?? [];
    out.push(countedByType(F.requests, classNames(requests)), single(F.requestsTotal, requests.length));
    out.push(single(F.heapTotal, heap.total_heap_size), single(F.heapUsed, heap.used_heap_size), single(F.external, heap.external_memory));
    const spaces = getHeapSpaceStatistics().map((s) => ({ space: labelSet(spaceLabels, s.space_name, () => ({ space: s.space_name.replace(/_space$/, '') })), s }));
    out.push(
      { family: F.spaceTotal, series: spaces.map(({ space, s }) => ({ labels: space, value: s.space_size })) },
      { family: F.spaceUsed, series: spaces.map(({ space, s }) => ({ labels: space, value: s.space_used_size })) },
      { family: F.spaceAvailable, series: spaces.map(({ space, s }) => ({ labels: space, value: s.space_available_size })) },
    );
    out.push({ family: F.version, series: [{ labels: this.versionLabels, value: 1 }] }, this.gc.collect(F.gc));
    if (this.maxVirtual !== undefined) out.push(single(F.maxVirtual, this.maxVirtual));
    return out;
  }

  stop(): void {
    this.gc.stop();
  }
}

/**
 * Open descriptors. Since Linux 6.2 the size of /proc/self/fd is their count: one stat, where
 * listing the directory builds a name per descriptor. Older kernels report 0 there, and get the
 * listing, not counting the descriptor the listing itself used.
 */
export function openFds(): number | undefined {
  try {
    return statSync('/proc/self/fd').size || listedFds();
  } catch {
    return undefined;
  }
}

export function listedFds(): number {
  return readdirSync('/proc/self/fd').length - 1;
}
