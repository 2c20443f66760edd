import { DISKSTAT_SECTOR_BYTES } from '../parse/diskstats.js';
import { readDiskIo } from '../host/disk-io.js';
import { needs, type HostCollector } from './host-reader.js';

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
    sink.counter('redis_host_data_dir_disk_io_time_seconds_total', 'Seconds the disk under the data directory had I/O in flight (io_ticks); rate() is iostat %util.', d.ioTicksMs / 1000, device);
    sink.gauge('redis_host_data_dir_disk_utilization_ratio', 'Share of the last poll interval the disk under the data directory was busy (0-1).', d.utilization, device);
    sink.counter('redis_host_data_dir_disk_write_bytes_total', 'Bytes written to the disk under the data directory.', d.sectorsWritten * DISKSTAT_SECTOR_BYTES, device);
    sink.counter('redis_host_data_dir_disk_write_time_seconds_total', 'Seconds spent by all writes to the disk under the data directory.', d.writeTimeMs / 1000, device);
    sink.gauge('redis_host_data_dir_disk_io_in_progress', 'I/Os currently in flight on the disk under the data directory.', d.ioInProgress, device);
  },
};
