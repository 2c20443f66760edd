import type { FetchContext } from '../collectors/types.js';
import { HostError } from '../errors.js';
import type { ProcessCredentials } from '../parse/proc-status.js';
import { locateDataDir, readDataDir } from './data-dir.js';
import { readDiskIo, type DiskIoTracker } from './disk-io.js';
import { readOvercommit, readThp } from './kernel.js';
import { readMemory } from './memory.js';
import { readAnonHugePages, readRedisProcess } from './process.js';
import { readPersistenceFiles } from './persistence-files.js';
import type { HostReadings } from './readings.js';
import type { HostRoots } from './roots.js';
import type { SharedHostReads } from './shared-reads.js';

export interface HostSettings {
  readonly roots: HostRoots;
  /** --host.data-dir, as Redis sees it; null: CONFIG GET dir. */
  readonly dataDir: string | null;
  /** Host-wide readings shared by every target of this exporter (none: each target reads its own). */
  readonly shared?: SharedHostReads;
}

/** A host-wide reading through the shared window when there is one. */
async function hostWide<T>(settings: HostSettings, key: string, load: () => Promise<T>): Promise<T> {
  return settings.shared ? (await settings.shared.get(key, load)).value : load();
}

/** Per-target memory between polls. */
export interface HostState {
  /** Last seen credentials of the Redis process, so writability is still judged while Redis is down. */
  creds: ProcessCredentials | undefined;
  readonly disk: DiskIoTracker;
}

export interface AreaInput {
  readonly ctx: FetchContext;
  readonly settings: HostSettings;
  readonly state: HostState;
  /** What earlier areas read in this poll. */
  readonly so: HostReadings;
}

/**
 * One independently failing part of the host reading. Its name is both the fetcher's and the
 * collector's, so redis_vitals_collector_success{collector=name} 0 says exactly what failed.
 * Order matters: later areas use what earlier ones read in the same poll.
 */
export interface HostArea {
  readonly name: string;
  /** false: needs INFO of this poll (the Redis pid). */
  readonly withoutRedis: boolean;
  read(input: AreaInput): Promise<Partial<HostReadings>>;
}

/** A reading an earlier area of this poll should have made; its own failure was logged there. */
function needs<T>(value: T | undefined, why: string): T {
  if (value === undefined) throw new HostError('E_HOST_STATE', why, { follows: 'area' });
  return value;
}

export const HOST_AREAS: readonly HostArea[] = [
  { name: 'host_memory', withoutRedis: true, read: async ({ settings: s }) => ({ memory: await hostWide(s, `meminfo ${s.roots.procfs}`, () => readMemory(s.roots)) }) },
  { name: 'host_overcommit', withoutRedis: true, read: async ({ settings: s }) => ({ overcommitMemory: await hostWide(s, `overcommit ${s.roots.procfs}`, () => readOvercommit(s.roots)) }) },
  { name: 'host_thp', withoutRedis: true, read: async ({ settings: s }) => ({ thp: await hostWide(s, `thp ${s.roots.sysfs}`, () => readThp(s.roots)) }) },
  {
    name: 'host_process',
    withoutRedis: false,
    async read({ ctx, settings, state }) {
      const p = await readRedisProcess(settings.roots, ctx.info);
      state.creds = p.credentials;
      return { process: { pid: p.pid, vmSwapBytes: p.vmSwapBytes } };
    },
  },
  {
    name: 'host_process_smaps',
    withoutRedis: false,
    async read({ settings, so }) {
      // Only a pid that host_process verified as Redis: another process's smaps would be a lie.
      const pid = needs(so.process?.pid, 'Redis process not verified this poll (see host_process)');
      return { anonHugePagesBytes: await readAnonHugePages(settings.roots, pid) };
    },
  },
  {
    name: 'host_datadir',
    withoutRedis: true,
    async read({ ctx, settings, state, so }) {
      const loc = locateDataDir(ctx.config, settings.dataDir, settings.roots.rootfs);
      return { dataDir: await readDataDir(loc, settings.roots, state.creds, so.process?.pid, settings.shared) };
    },
  },
  {
    name: 'host_diskio',
    withoutRedis: true,
    async read({ settings, state, so }) {
      const dev = needs(so.dataDir?.device, 'data directory not readable this poll (see host_datadir)');
      return { diskIo: await readDiskIo(settings.roots, dev, state.disk, undefined, settings.shared) };
    },
  },
  {
    name: 'host_files',
    withoutRedis: true,
    async read({ ctx, settings }) {
      const loc = locateDataDir(ctx.config, settings.dataDir, settings.roots.rootfs);
      return { files: await readPersistenceFiles(loc.hostPath, ctx.config) };
    },
  },
];
