import { toNumber } from '../parse/info.js';
import type { Collector } from './types.js';

/**
 * CLUSTER INFO under redis_exporter's names. All are gauges there; the two message counters
 * keep their `_total` names and are typed gauge under compat (src/metrics/compat.ts).
 */
const FIELDS: readonly (readonly [field: string, name: string, help: string])[] = [
  ['cluster_state', 'redis_cluster_state', '1 if the cluster state is ok, 0 if fail (CLUSTER INFO cluster_state).'],
  ['cluster_slots_assigned', 'redis_cluster_slots_assigned', 'Slots bound to a node (CLUSTER INFO cluster_slots_assigned).'],
  ['cluster_slots_ok', 'redis_cluster_slots_ok', 'Slots whose node is not in PFAIL or FAIL state (CLUSTER INFO cluster_slots_ok).'],
  ['cluster_slots_pfail', 'redis_cluster_slots_pfail', 'Slots whose node is in PFAIL state (CLUSTER INFO cluster_slots_pfail).'],
  ['cluster_slots_fail', 'redis_cluster_slots_fail', 'Slots whose node is in FAIL state (CLUSTER INFO cluster_slots_fail).'],
  ['cluster_known_nodes', 'redis_cluster_known_nodes', 'Nodes known to this node, handshaking ones included (CLUSTER INFO cluster_known_nodes).'],
  ['cluster_size', 'redis_cluster_size', 'Master nodes serving at least one slot (CLUSTER INFO cluster_size).'],
  ['cluster_current_epoch', 'redis_cluster_current_epoch', 'Current epoch of the cluster (CLUSTER INFO cluster_current_epoch).'],
  ['cluster_my_epoch', 'redis_cluster_my_epoch', 'Config epoch of this node (CLUSTER INFO cluster_my_epoch).'],
];

const COUNTERS: readonly (readonly [field: string, name: string, help: string])[] = [
  ['cluster_stats_messages_sent', 'redis_cluster_messages_sent_total', 'Messages sent on the cluster bus (CLUSTER INFO cluster_stats_messages_sent).'],
  ['cluster_stats_messages_received', 'redis_cluster_messages_received_total', 'Messages received on the cluster bus (CLUSTER INFO cluster_stats_messages_received).'],
];

export const clusterInfoCollector: Collector = {
  name: 'cluster_info',
  collect({ extras }, sink) {
    const fields = extras.clusterInfo;
    if (!fields) return;
    for (const [field, name, help] of FIELDS) {
      const raw = fields.get(field);
      // Only `ok` is healthy; redis_exporter maps every other state to 0.
      sink.gauge(name, help, field === 'cluster_state' ? (raw === undefined ? undefined : raw === 'ok' ? 1 : 0) : toNumber(raw));
    }
    for (const [field, name, help] of COUNTERS) sink.counter(name, help, toNumber(fields.get(field)));
  },
};
