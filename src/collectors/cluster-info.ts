import { parseClusterInfo } from '../parse/cluster-info.js';
import { toNumber } from '../parse/info.js';
import { CommandGate } from '../redis/command-gate.js';
import type { Collector } from './types.js';

declare module './types.js' {
  interface PollExtras {
    /** CLUSTER INFO fields of a node in cluster mode; absent elsewhere or when refused. */
    clusterInfo?: ReadonlyMap<string, string>;
  }
}

type Row = readonly [field: string, name: string, help: string];

/** All gauges in redis_exporter 1.45. */
const GAUGES: readonly Row[] = [
  ['cluster_slots_assigned', 'redis_cluster_slots_assigned', 'Slots bound to a node (CLUSTER INFO cluster_slots_assigned).'],
  ['cluster_slots_ok', 'redis_cluster_slots_ok', 'Slots whose node is not in PFAIL or FAIL state (CLUSTER INFO cluster_slots_ok).'],
  ['cluster_slots_pfail', 'redis_cluster_slots_pfail', 'Slots whose node is in PFAIL state (CLUSTER INFO cluster_slots_pfail).'],
  ['cluster_slots_fail', 'redis_cluster_slots_fail', 'Slots whose node is in FAIL state (CLUSTER INFO cluster_slots_fail).'],
  ['cluster_known_nodes', 'redis_cluster_known_nodes', 'Nodes known to this node, handshaking ones included (CLUSTER INFO cluster_known_nodes).'],
  ['cluster_size', 'redis_cluster_size', 'Master nodes serving at least one slot (CLUSTER INFO cluster_size).'],
  ['cluster_current_epoch', 'redis_cluster_current_epoch', 'Current epoch of the cluster (CLUSTER INFO cluster_current_epoch).'],
  ['cluster_my_epoch', 'redis_cluster_my_epoch', 'Config epoch of this node (CLUSTER INFO cluster_my_epoch).'],
];

/** Counters, typed gauge under compat as 1.45 types them (src/exposition/compat.ts). */
const COUNTERS: readonly Row[] = [
  ['cluster_stats_messages_sent', 'redis_cluster_messages_sent_total', 'Messages sent on the cluster bus (CLUSTER INFO cluster_stats_messages_sent).'],
  ['cluster_stats_messages_received', 'redis_cluster_messages_received_total', 'Messages received on the cluster bus (CLUSTER INFO cluster_stats_messages_received).'],
];

/**
 * CLUSTER INFO under redis_exporter's names, read each poll only on a server whose INFO says
 * `cluster_enabled:1` (elsewhere Redis answers with an error that would bump its errorstats).
 * O(1) on the server; a refusal (ACL, renamed) is logged once and skipped.
 */
export function clusterInfoCollector(): Collector {
  const gate = new CommandGate('CLUSTER INFO', 'redis_cluster_* (CLUSTER INFO) series are off');
  return {
    name: 'cluster_info',
    needsRedis: true,
    async fetch(ctx) {
      if (ctx.info.fields.get('cluster_enabled') !== '1') return {};
      const runId = ctx.info.fields.get('run_id') ?? '';
      const reply = await gate.run(runId, ctx, () => ctx.source.command(['CLUSTER', 'INFO']));
      return reply === undefined ? {} : { clusterInfo: parseClusterInfo(String(reply)) };
    },
    collect({ extras }, sink) {
      const fields = extras.clusterInfo;
      if (!fields) return;
      const state = fields.get('cluster_state');
      // Only `ok` is healthy; redis_exporter maps every other state to 0.
      sink.gauge('redis_cluster_state', '1 if the cluster state is ok, 0 if fail (CLUSTER INFO cluster_state).', state === undefined ? undefined : state === 'ok' ? 1 : 0);
      for (const [field, name, help] of GAUGES) sink.gauge(name, help, toNumber(fields.get(field)));
      for (const [field, name, help] of COUNTERS) sink.counter(name, help, toNumber(fields.get(field)));
    },
  };
}
