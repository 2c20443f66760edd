import { DISKSTAT_SECTOR_BYTES } from '../parse/diskstats.js';
import { readDiskIo } from '../host/disk-io.js';
import { needs, type HostCollector } from './host-reader.js';
import { families } from '../exposition/family.js';

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'host_diskio', section: 'host' },
  {
    hostDataDirDiskIoTimeSecondsTotal: {
      name: 'redis_host_data_dir_disk_io_time_seconds_total',
      type: 'counter',
      layer: 3,
      labels: ['device'],
      help: 'Seconds the disk under the data directory had I/O in flight (io_ticks); rate() is iostat %util.',
      doc: '`/proc/diskstats` io_ticks ÷ 1000 of the disk under the data dir, label `device` (a partition is reported as its disk)',
    },
    hostDataDirDiskUtilizationRatio: {
      name: 'redis_host_data_dir_disk_utilization_ratio',
      type: 'gauge',
      layer: 3,
      labels: ['device'],
      help: 'Share of the last poll interval the disk under the data directory was busy (0-1).',
      doc: 'Δio_ticks ÷ Δtime since the previous poll, 0–1 (absent on the first poll)',
    },
    hostDataDirDiskWriteBytesTotal: {
      name: 'redis_host_data_dir_disk_write_bytes_total',
      type: 'counter',
      layer: 3,
      labels: ['device'],
      help: 'Bytes written to the disk under the data directory.',
      doc: '`/proc/diskstats` sectors written × 512, label `device`',
    },
    hostDataDirDiskWriteTimeSecondsTotal: {
      name: 'redis_host_data_dir_disk_write_time_seconds_total',
      type: 'counter',
      layer: 3,
      labels: ['device'],
      help: 'Seconds spent by all writes to the disk under the data directory.',
      doc: '`/proc/diskstats` ms spent writing ÷ 1000, label `device`',
    },
    hostDataDirDiskIoInProgress: {
      name: 'redis_host_data_dir_disk_io_in_progress',
      type: 'gauge',
      layer: 3,
      labels: ['device'],
      help: 'I/Os currently in flight on the disk under the data directory.',
      doc: '`/proc/diskstats` I/Os in flight, label `device`',
    },
    hostDataDirDiskRotational: {
      name: 'redis_host_data_dir_disk_rotational',
      type: 'gauge',
      layer: 3,
      labels: ['device'],
      help: '1 if the disk under the data directory reports itself rotational (queue/rotational).',
      doc: '1 if the disk under the data dir reports `queue/rotational` = 1 (spinning, or a virtual disk that says so), label `device`; absent when unreadable',
    },
  },
);

/** The disk under the data directory: saturation behind "Asynchronous AOF fsync is taking too long". */
export const hostDiskIoCollector: HostCollector = {
  name: 'host_diskio',
  needsRedis: false,
  async read({ settings, state, so }) {
    const dev = needs(so.dataDir?.device, 'data directory not readable this poll (see host_datadir)');
    return { diskIo: await readDiskIo(settings.roots, dev, state.disk, undefined, settings.shared) };
  },
  collect({ extras }, sink) {
    const d = extras.host?.diskIo?.disk;
    if (!d) return;
    const device = { device: d.name };
    sink.emit(FAMILIES.hostDataDirDiskIoTimeSecondsTotal, d.ioTicksMs / 1000, device);
    sink.emit(FAMILIES.hostDataDirDiskUtilizationRatio, d.utilization, device);
    sink.emit(FAMILIES.hostDataDirDiskWriteBytesTotal, d.sectorsWritten * DISKSTAT_SECTOR_BYTES, device);
    sink.emit(FAMILIES.hostDataDirDiskWriteTimeSecondsTotal, d.writeTimeMs / 1000, device);
    sink.emit(FAMILIES.hostDataDirDiskIoInProgress, d.ioInProgress, device);
    if (d.rotational !== undefined) sink.emit(FAMILIES.hostDataDirDiskRotational, d.rotational ? 1 : 0, device);
  },
};
