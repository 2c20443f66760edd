import { toNumber } from '../parse/info.js';
import { infoValue, type Collector } from './types.js';

/** Per-replica series on a master; master-link series (labelled with the master) on a replica. */
export const replicationCollector: Collector = {
  name: 'replication',
  needsRedis: true,
  collect({ info }, sink) {
    const masterOffset = toNumber(info.fields.get('master_repl_offset'));
    for (const r of info.replicas) {
      const labels = { slave_ip: r.ip, slave_port: r.port, slave_state: r.state };
      sink.gauge('redis_connected_slave_offset_bytes', 'Replication offset acknowledged by the replica (INFO slaveN offset).', r.offset, labels);
      sink.gauge('redis_connected_slave_lag_seconds', 'Seconds since the replica last acknowledged (INFO slaveN lag).', r.lag, labels);
      if (masterOffset !== undefined && r.offset !== undefined) {
        sink.gauge(
          'redis_connected_slave_lag_bytes',
          'Bytes the replica is behind: master_repl_offset minus the replica offset.',
          Math.max(0, masterOffset - r.offset),
          { slave_ip: r.ip, slave_port: r.port },
        );
      }
    }

    if (info.fields.get('role') !== 'slave') return;
    const f = info.fields;
    const master = { master_host: f.get('master_host') ?? '', master_port: f.get('master_port') ?? '' };
    sink.gauge('redis_slave_info', 'Replica facts; value is always 1.', 1, { ...master, read_only: f.get('slave_read_only') ?? '' });
    sink.gauge('redis_master_link_up', '1 if the link to the master is up (INFO master_link_status).', infoValue(f.get('master_link_status')), master);
    sink.gauge('redis_master_last_io_seconds_ago', 'Seconds since the last interaction with the master (INFO master_last_io_seconds_ago).', toNumber(f.get('master_last_io_seconds_ago')), master);
    sink.gauge('redis_master_sync_in_progress', 'Whether a sync from the master is running (INFO master_sync_in_progress).', toNumber(f.get('master_sync_in_progress')), master);
    sink.gauge('redis_slave_repl_offset', 'Replication offset of this replica (INFO slave_repl_offset).', toNumber(f.get('slave_repl_offset')), master);
    // Layer 3: what redis_exporter leaves out, and what on-call needs during a resync.
    sink.gauge('redis_slave_read_repl_offset', 'Offset read from the master so far (INFO slave_read_repl_offset).', toNumber(f.get('slave_read_repl_offset')), master);
    sink.gauge('redis_master_link_down_since_seconds', 'Seconds the link to the master has been down (INFO master_link_down_since_seconds).', toNumber(f.get('master_link_down_since_seconds')), master);
    sink.gauge('redis_master_sync_total_bytes', 'Size of the RDB being transferred, -1 if unknown (INFO master_sync_total_bytes).', toNumber(f.get('master_sync_total_bytes')), master);
    sink.gauge('redis_master_sync_read_bytes', 'Bytes of the sync read so far (INFO master_sync_read_bytes).', toNumber(f.get('master_sync_read_bytes')), master);
    sink.gauge('redis_master_sync_left_bytes', 'Bytes of the sync still to read (INFO master_sync_left_bytes).', toNumber(f.get('master_sync_left_bytes')), master);
    const perc = toNumber(f.get('master_sync_perc'));
    sink.gauge('redis_master_sync_ratio', 'Progress of the running sync, 0-1 (INFO master_sync_perc / 100).', perc === undefined ? undefined : perc / 100, master);
    sink.gauge('redis_master_sync_last_io_seconds_ago', 'Seconds since the last sync I/O (INFO master_sync_last_io_seconds_ago).', toNumber(f.get('master_sync_last_io_seconds_ago')), master);
  },
};
