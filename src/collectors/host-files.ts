import { locateDataDir } from '../host/data-dir.js';
import { monotonicMs } from '../host/clock.js';
import { persistenceStamp, readPersistenceFiles } from '../host/persistence-files.js';
import type { HostCollector } from './host-reader.js';
import { families } from '../exposition/family.js';

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'host_files', section: 'host' },
  {
    rdbFileSizeBytes: {
      name: 'redis_rdb_file_size_bytes',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Size of the RDB file (dir/dbfilename) on disk.',
      doc: 'size of `dir/dbfilename`; absent while there is no RDB file',
    },
    rdbFileMtimeSeconds: {
      name: 'redis_rdb_file_mtime_seconds',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Modification time of the RDB file, Unix seconds.',
      doc: 'modification time of `dir/dbfilename`, Unix seconds',
    },
    aofFilesSizeBytes: {
      name: 'redis_aof_files_size_bytes',
      type: 'gauge',
      layer: 3,
      labels: ['type'],
      help: 'Bytes of the AOF on disk by part: base, incr, history (Redis 7 multi-part AOF) or single (Redis 6 and older).',
      doc: 'bytes of the AOF by label `type`: `base`, `incr`, `history` (Redis 7: files listed in `appenddirname/<appendfilename>.manifest`, 0 when none of a type) or `single` (Redis ≤ 6: `dir/appendfilename`)',
    },
  },
);

/** The persistence files as they are on disk: what a restart would load, and how much room they take. */
export const hostFilesCollector: HostCollector = {
  name: 'host_files',
  needsRedis: false,
  async read({ ctx, settings, state }) {
    const loc = locateDataDir(ctx.config, settings.dataDir, settings.roots.rootfs);
    // Three to five stats through the thread pool (they stay off the loop: the data dir may be on
    // a disk or NFS mount that hangs) are skipped while INFO shows Redis wrote none of the files,
    // for at most the slow window (--poll.config-interval): changes made by others show by then.
    const stamp = persistenceStamp(loc.hostPath, ctx.info, ctx.config);
    const now = monotonicMs();
    const kept = state.files;
    if (stamp !== undefined && kept?.stamp === stamp && now - kept.atMs < (settings.shared?.slowMaxAgeMs ?? 0)) return { files: kept.value };
    state.files = undefined;
    const files = await readPersistenceFiles(loc.hostPath, ctx.config);
    if (stamp !== undefined) state.files = { stamp, atMs: now, value: files };
    return { files };
  },
  collect({ extras }, sink) {
    const f = extras.host?.files;
    if (!f) return;
    sink.emit(FAMILIES.rdbFileSizeBytes, f.rdb?.sizeBytes);
    sink.emit(FAMILIES.rdbFileMtimeSeconds, f.rdb?.mtimeSeconds);
    for (const [type, bytes] of Object.entries(f.aof ?? {})) {
      sink.emit(FAMILIES.aofFilesSizeBytes, bytes, { type });
    }
  },
};
