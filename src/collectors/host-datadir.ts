import { locateDataDir, readDataDir, redisMountinfo } from '../host/data-dir.js';
import { releaseDirsOf } from '../host/kept-dir.js';
import { releaseKernelFile } from '../host/kept-kernel-file.js';
import type { HostCollector } from './host-reader.js';
import { families } from '../exposition/family.js';

const bit = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'host_datadir', section: 'host' },
  {
    hostDataDirFilesystemSizeBytes: {
      name: 'redis_host_data_dir_filesystem_size_bytes',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Size of the filesystem holding the Redis data directory (statfs).',
      doc: 'statfs of the data dir: f_blocks × f_bsize',
    },
    hostDataDirFilesystemAvailBytes: {
      name: 'redis_host_data_dir_filesystem_avail_bytes',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: "Free bytes of the data directory's filesystem that a non-root writer such as Redis may use (statfs f_bavail).",
      doc: 'statfs f_bavail × f_bsize (space a non-root writer may use)',
    },
    hostDataDirFilesystemFilesFree: {
      name: 'redis_host_data_dir_filesystem_files_free',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: "Free inodes of the data directory's filesystem (statfs f_ffree).",
      doc: 'statfs f_ffree (free inodes)',
    },
    hostDataDirFilesystemReadonly: {
      name: 'redis_host_data_dir_filesystem_readonly',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: "1 if the data directory's filesystem is mounted read-only.",
      doc: "1 if the mount holding the data dir, or its filesystem, is read-only (Redis's own `/proc/<pid>/mountinfo` when visible, else the exporter's)",
    },
    hostDataDirInfo: {
      name: 'redis_host_data_dir_info',
      type: 'gauge',
      layer: 3,
      labels: ['path', 'mount_point', 'fstype'],
      help: 'The Redis data directory as Redis sees it (label path), and the mount point and filesystem type holding it.',
      doc: '1; labels `path` (the data dir as Redis sees it: CONFIG GET `dir` or `--host.data-dir`), `mount_point` and `fstype` of the filesystem holding it (empty when its mount is unknown)',
    },
    hostDataDirWritable: {
      name: 'redis_host_data_dir_writable',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: "1 if the Redis process's user could create a file in the data directory (mode bits, owner, groups, CAP_DAC_OVERRIDE; ACLs not considered).",
      doc: "1 if the Redis process's fsuid/fsgid/groups/CapEff may create a file in the data dir (mode bits, not ACLs); absent until the Redis process has been seen",
    },
  },
);

/** Space, inodes and writability of the filesystem holding Redis's `dir` (RDB and AOF land there). */
export const hostDataDirCollector: HostCollector = {
  name: 'host_datadir',
  needsRedis: false,
  async read({ ctx, settings, state, so }) {
    const pid = so.process?.pid;
    // A kept descriptor of Redis's mountinfo keeps its mount namespace, and so its mounts, alive:
    // closed as soon as this poll did not verify that same pid as Redis (restarted, or down).
    // The data dir's kept descriptor (data-dir.ts) goes with it, so a stopped Redis's disk is not held busy.
    if (state.mountinfoPid !== undefined && state.mountinfoPid !== pid) {
      releaseKernelFile(redisMountinfo(settings.roots, state.mountinfoPid));
      releaseDirsOf(state.mountinfoPid);
    }
    state.mountinfoPid = pid;
    const loc = locateDataDir(ctx.config, settings.dataDir, settings.roots.rootfs);
    return { dataDir: await readDataDir(loc, settings.roots, state.creds, pid, settings.shared) };
  },
  collect({ extras }, sink) {
    const d = extras.host?.dataDir;
    if (!d) return;
    sink.emit(FAMILIES.hostDataDirFilesystemSizeBytes, d.sizeBytes);
    sink.emit(FAMILIES.hostDataDirFilesystemAvailBytes, d.availBytes);
    sink.emit(FAMILIES.hostDataDirFilesystemFilesFree, d.filesFree);
    sink.emit(FAMILIES.hostDataDirFilesystemReadonly, bit(d.readOnly));
    // The paths remedies name, on /metrics too: value 1, the facts in labels (one series per target).
    if (d.path) sink.emit(FAMILIES.hostDataDirInfo, 1, { path: d.path, mount_point: d.mountPoint ?? '', fstype: d.fsType ?? '' });
    sink.emit(FAMILIES.hostDataDirWritable, bit(d.writable));
  },
};
