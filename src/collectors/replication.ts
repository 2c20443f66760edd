import { toNumber } from '../parse/info.js';
import { infoValue, type Collector } from './types.js';
import { families } from '../exposition/family.js';

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'replication', section: 'replication' },
  {
    connectedSlaveOffsetBytes: {
      name: 'redis_connected_slave_offset_bytes',
      type: 'gauge',
      layer: 1,
      labels: ['slave_ip', 'slave_port', 'slave_state'],
      help: 'Replication offset acknowledged by the replica (INFO slaveN offset).',
      doc: 'INFO `slaveN` `offset`; labels `slave_ip`, `slave_port`, `slave_state`',
    },
    connectedSlaveLagSeconds: {
      name: 'redis_connected_slave_lag_seconds',
      type: 'gauge',
      layer: 1,
      labels: ['slave_ip', 'slave_port', 'slave_state'],
      help: 'Seconds since the replica last acknowledged (INFO slaveN lag).',
      doc: 'INFO `slaveN` `lag`; labels `slave_ip`, `slave_port`, `slave_state`',
    },
    connectedSlaveLagBytes: {
      name: 'redis_connected_slave_lag_bytes',
      type: 'gauge',
      layer: 3,
      signed: true,
      labels: ['slave_ip', 'slave_port'],
      help: 'Bytes the replica is behind: master_repl_offset minus the replica offset.',
      doc: 'INFO `master_repl_offset` − `slaveN` `offset`; labels `slave_ip`, `slave_port`',
    },
    slaveInfo: {
      name: 'redis_slave_info',
      type: 'gauge',
      layer: 1,
      labels: ['master_host', 'master_port', 'read_only'],
      help: 'Replica facts; value is always 1.',
      doc: 'on a replica: labels `master_host`, `master_port`, `read_only`; value 1',
    },
    masterLinkUp: {
      name: 'redis_master_link_up',
      type: 'gauge',
      layer: 1,
      labels: ['master_host', 'master_port'],
      help: '1 if the link to the master is up (INFO master_link_status).',
      doc: 'on a replica: INFO `master_link_status` up → 1, down → 0; labels `master_host`, `master_port`',
    },
    masterLastIoSecondsAgo: {
      name: 'redis_master_last_io_seconds_ago',
      type: 'gauge',
      layer: 1,
      labels: ['master_host', 'master_port'],
      help: 'Seconds since the last interaction with the master (INFO master_last_io_seconds_ago).',
      doc: 'on a replica: INFO `master_last_io_seconds_ago`',
    },
    masterSyncInProgress: {
      name: 'redis_master_sync_in_progress',
      type: 'gauge',
      layer: 1,
      labels: ['master_host', 'master_port'],
      help: 'Whether a sync from the master is running (INFO master_sync_in_progress).',
      doc: 'on a replica: INFO `master_sync_in_progress`',
    },
    slaveReplOffset: {
      name: 'redis_slave_repl_offset',
      type: 'gauge',
      layer: 1,
      labels: ['master_host', 'master_port'],
      help: 'Replication offset of this replica (INFO slave_repl_offset).',
      doc: 'on a replica: INFO `slave_repl_offset`',
    },
    slaveReadReplOffset: {
      name: 'redis_slave_read_repl_offset',
      type: 'gauge',
      layer: 3,
      labels: ['master_host', 'master_port'],
      help: 'Offset read from the master so far (INFO slave_read_repl_offset).',
      doc: 'on a replica: INFO `slave_read_repl_offset`',
    },
    masterLinkDownSinceSeconds: {
      name: 'redis_master_link_down_since_seconds',
      type: 'gauge',
      layer: 3,
      labels: ['master_host', 'master_port'],
      help: 'Seconds the link to the master has been down (INFO master_link_down_since_seconds).',
      doc: 'on a replica: INFO `master_link_down_since_seconds`',
    },
    masterSyncTotalBytes: {
      name: 'redis_master_sync_total_bytes',
      type: 'gauge',
      layer: 3,
      labels: ['master_host', 'master_port'],
      help: 'Size of the RDB being transferred, -1 if unknown (INFO master_sync_total_bytes).',
      doc: 'on a replica during sync: INFO `master_sync_total_bytes`',
    },
    masterSyncReadBytes: {
      name: 'redis_master_sync_read_bytes',
      type: 'gauge',
      layer: 3,
      labels: ['master_host', 'master_port'],
      help: 'Bytes of the sync read so far (INFO master_sync_read_bytes).',
      doc: 'on a replica during sync: INFO `master_sync_read_bytes`',
    },
    masterSyncLeftBytes: {
      name: 'redis_master_sync_left_bytes',
      type: 'gauge',
      layer: 3,
      labels: ['master_host', 'master_port'],
      help: 'Bytes of the sync still to read (INFO master_sync_left_bytes).',
      doc: 'on a replica during sync: INFO `master_sync_left_bytes`',
    },
    masterSyncRatio: {
      name: 'redis_master_sync_ratio',
      type: 'gauge',
      layer: 3,
      labels: ['master_host', 'master_port'],
      help: 'Progress of the running sync, 0-1 (INFO master_sync_perc / 100).',
      doc: 'on a replica during sync: INFO `master_sync_perc` ÷ 100',
    },
    masterSyncLastIoSecondsAgo: {
      name: 'redis_master_sync_last_io_seconds_ago',
      type: 'gauge',
      layer: 3,
      labels: ['master_host', 'master_port'],
      help: 'Seconds since the last sync I/O (INFO master_sync_last_io_seconds_ago).',
      doc: 'on a replica during sync: INFO `master_sync_last_io_seconds_ago`',
    },
  },
);

/** Per-replica series on a master; master-link series (labelled with the master) on a replica. */
export const replicationCollector: Collector = {
  name: 'replication',
  needsRedis: true,
  collect({ info }, sink) {
    const masterOffset = toNumber(info.fields.get('master_repl_offset'));
    for (const r of info.replicas) {
      const labels = { slave_ip: r.ip, slave_port: r.port, slave_state: r.state };
      sink.emit(FAMILIES.connectedSlaveOffsetBytes, r.offset, labels);
      sink.emit(FAMILIES.connectedSlaveLagSeconds, r.lag, labels);
      if (masterOffset !== undefined && r.offset !== undefined) {
        sink.emit(FAMILIES.connectedSlaveLagBytes, Math.max(0, masterOffset - r.offset), { slave_ip: r.ip, slave_port: r.port });
      }
    }

    if (info.fields.get('role') !== 'slave') return;
    const f = info.fields;
    const master = { master_host: f.get('master_host') ?? '', master_port: f.get('master_port') ?? '' };
    sink.emit(FAMILIES.slaveInfo, 1, { ...master, read_only: f.get('slave_read_only') ?? '' });
    sink.emit(FAMILIES.masterLinkUp, infoValue(f.get('master_link_status')), master);
    sink.emit(FAMILIES.masterLastIoSecondsAgo, toNumber(f.get('master_last_io_seconds_ago')), master);
    sink.emit(FAMILIES.masterSyncInProgress, toNumber(f.get('master_sync_in_progress')), master);
    sink.emit(FAMILIES.slaveReplOffset, toNumber(f.get('slave_repl_offset')), master);
    // Layer 3: what redis_exporter leaves out, and what on-call needs during a resync.
    sink.emit(FAMILIES.slaveReadReplOffset, toNumber(f.get('slave_read_repl_offset')), master);
    sink.emit(FAMILIES.masterLinkDownSinceSeconds, toNumber(f.get('master_link_down_since_seconds')), master);
    sink.emit(FAMILIES.masterSyncTotalBytes, toNumber(f.get('master_sync_total_bytes')), master);
    sink.emit(FAMILIES.masterSyncReadBytes, toNumber(f.get('master_sync_read_bytes')), master);
    sink.emit(FAMILIES.masterSyncLeftBytes, toNumber(f.get('master_sync_left_bytes')), master);
    const perc = toNumber(f.get('master_sync_perc'));
    sink.emit(FAMILIES.masterSyncRatio, perc === undefined ? undefined : perc / 100, master);
    sink.emit(FAMILIES.masterSyncLastIoSecondsAgo, toNumber(f.get('master_sync_last_io_seconds_ago')), master);
  },
};
