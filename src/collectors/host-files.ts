import { locateDataDir } from '../host/data-dir.js';
import { readPersistenceFiles } from '../host/persistence-files.js';
import type { HostCollector } from './host-reader.js';

/** The persistence files as they are on disk: what a restart would load, and how much room they take. */
export const hostFilesCollector: HostCollector = {
  name: 'host_files',
  needsRedis: false,
  async read({ ctx, settings }) {
    const loc = locateDataDir(ctx.config, settings.dataDir, settings.roots.rootfs);
    return { files: await readPersistenceFiles(loc.hostPath, ctx.config) };
  },
  collect({ extras }, sink) {
    const f = extras.host?.files;
    if (!f) return;
    sink.gauge('redis_rdb_file_size_bytes', 'Size of the RDB file (dir/dbfilename) on disk.', f.rdb?.sizeBytes);
    sink.gauge('redis_rdb_file_mtime_seconds', 'Modification time of the RDB file, Unix seconds.', f.rdb?.mtimeSeconds);
    for (const [type, bytes] of Object.entries(f.aof ?? {})) {
      sink.gauge('redis_aof_files_size_bytes', 'Bytes of the AOF on disk by part: base, incr, history (Redis 7 multi-part AOF) or single (Redis 6 and older).', bytes, { type });
    }
  },
};
