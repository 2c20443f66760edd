import { toNumber } from '../parse/info.js';
import { sentinelMasterLines } from '../parse/sentinel.js';
import type { Collector } from './types.js';

const INFO_GAUGES: readonly (readonly [field: string, name: string, help: string])[] = [
  ['sentinel_masters', 'redis_sentinel_masters', 'Masters this Sentinel monitors (INFO sentinel_masters).'],
  ['sentinel_tilt', 'redis_sentinel_tilt', '1 while this Sentinel is in TILT mode (INFO sentinel_tilt).'],
  ['sentinel_running_scripts', 'redis_sentinel_running_scripts', 'Notification/reconfig scripts running (INFO sentinel_running_scripts).'],
  ['sentinel_scripts_queue_length', 'redis_sentinel_scripts_queue_length', 'Scripts waiting to run (INFO sentinel_scripts_queue_length).'],
  ['sentinel_simulate_failure_flags', 'redis_sentinel_simulate_failure_flags', 'SENTINEL SIMULATE-FAILURE flags set (INFO sentinel_simulate_failure_flags).'],
];

/**
 * A Sentinel's view of its masters under redis_exporter 1.45's names and labels: the INFO
 * sentinel section, plus CKQUORUM and the up replicas/peers read by the sentinel fetcher.
 */
export const sentinelCollector: Collector = {
  name: 'sentinel',
  collect({ info, extras }, sink) {
    if (info.fields.get('redis_mode') !== 'sentinel') return;
    for (const [field, name, help] of INFO_GAUGES) sink.gauge(name, help, toNumber(info.fields.get(field)));
    for (const m of sentinelMasterLines(info)) {
      const labels = { master_name: m.name, master_address: m.address };
      sink.gauge('redis_sentinel_master_status', '1 if Sentinel sees the master as ok, 0 if sdown/odown; label master_status (INFO masterN status).', m.status === 'ok' ? 1 : 0, { ...labels, master_status: m.status });
      sink.gauge('redis_sentinel_master_slaves', 'Replicas of the master known to Sentinel (INFO masterN slaves).', m.slaves, labels);
      sink.gauge('redis_sentinel_master_sentinels', 'Sentinels monitoring the master, this one included (INFO masterN sentinels).', m.sentinels, labels);
    }
    for (const m of extras.sentinel ?? []) {
      const labels = { master_name: m.name, master_address: m.address };
      sink.gauge('redis_sentinel_master_ckquorum_status', '1 if SENTINEL CKQUORUM passes for the master; label message is its reply.', m.ckquorum.ok ? 1 : 0, { master_name: m.name, message: m.ckquorum.message });
      sink.gauge('redis_sentinel_master_ok_sentinels', 'Sentinels monitoring the master that are not down, this one included (SENTINEL SENTINELS).', m.okSentinels, labels);
      sink.gauge('redis_sentinel_master_ok_slaves', 'Replicas of the master that are not down (SENTINEL SLAVES).', m.okSlaves, labels);
    }
  },
};
