import { locateDataDir, readDataDir } from '../host/data-dir.js';
import type { HostCollector } from './host-reader.js';

const bit = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);

/** Space, inodes and writability of the filesystem holding Redis's `dir` (RDB and AOF land there). */
export const hostDataDirCollector: HostCollector = {
  name: 'host_datadir',
  needsRedis: false,
  async read({ ctx, settings, state, so }) {
    const loc = locateDataDir(ctx.config, settings.dataDir, settings.roots.rootfs);
    return { dataDir: await readDataDir(loc, settings.roots, state.creds, so.process?.pid, settings.shared) };
  },
  collect({ extras }, sink) {
    const d = extras.host?.dataDir;
    if (!d) return;
    sink.gauge('redis_host_data_dir_filesystem_size_bytes', 'Size of the filesystem holding the Redis data directory (statfs).', d.sizeBytes);
    sink.gauge('redis_host_data_dir_filesystem_avail_bytes', 'Free bytes of the data directory\'s filesystem that a non-root writer such as Redis may use (statfs f_bavail).', d.availBytes);
    sink.gauge('redis_host_data_dir_filesystem_files_free', 'Free inodes of the data directory\'s filesystem (statfs f_ffree).', d.filesFree);
    sink.gauge('redis_host_data_dir_filesystem_readonly', '1 if the data directory\'s filesystem is mounted read-only.', bit(d.readOnly));
    sink.gauge('redis_host_data_dir_writable', '1 if the Redis process\'s user could create a file in the data directory (mode bits, owner, groups, CAP_DAC_OVERRIDE; ACLs not considered).', bit(d.writable));
  },
};
