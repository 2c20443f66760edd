import { parseClusterInfo } from '../parse/cluster-info.js';
import { toNumber } from '../parse/info.js';
import { CommandGates } from '../redis/command-gate.js';
import type { Collector, FetchContext, PollExtras } from './types.js';
import { families } from '../exposition/family.js';

declare module './types.js' {
  interface PollExtras {
    /** CLUSTER INFO fields of a node in cluster mode; absent elsewhere or when refused. */
    clusterInfo?: ReadonlyMap<string, string>;
  }
}

/**
 * Families, keyed by their CLUSTER INFO field; all gauges in redis_exporter 1.45, the two message
 * counters typed gauge under compat as 1.45 types them.
 */
export const FAMILIES = families(
  { collector: 'cluster_info', section: 'cluster' },
  {
    cluster_state: {
      name: 'redis_cluster_state',
      type: 'gauge',
      layer: 1,
      labels: [],
      help: '1 if the cluster state is ok, 0 if fail (CLUSTER INFO cluster_state).',
      doc: '`cluster_state`: 1 for `ok`, 0 otherwise',
    },
    cluster_slots_assigned: {
      name: 'redis_cluster_slots_assigned',
      type: 'gauge',
      layer: 1,
      labels: [],
      help: 'Slots bound to a node (CLUSTER INFO cluster_slots_assigned).',
      doc: '`cluster_slots_assigned`',
    },
    cluster_slots_ok: {
      name: 'redis_cluster_slots_ok',
      type: 'gauge',
      layer: 1,
      labels: [],
      help: 'Slots whose node is not in PFAIL or FAIL state (CLUSTER INFO cluster_slots_ok).',
      doc: '`cluster_slots_ok`',
    },
    cluster_slots_pfail: {
      name: 'redis_cluster_slots_pfail',
      type: 'gauge',
      layer: 1,
      labels: [],
      help: 'Slots whose node is in PFAIL state (CLUSTER INFO cluster_slots_pfail).',
      doc: '`cluster_slots_pfail`',
    },
    cluster_slots_fail: {
      name: 'redis_cluster_slots_fail',
      type: 'gauge',
      layer: 1,
      labels: [],
      help: 'Slots whose node is in FAIL state (CLUSTER INFO cluster_slots_fail).',
      doc: '`cluster_slots_fail`',
    },
    cluster_known_nodes: {
      name: 'redis_cluster_known_nodes',
      type: 'gauge',
      layer: 1,
      labels: [],
      help: 'Nodes known to this node, handshaking ones included (CLUSTER INFO cluster_known_nodes).',
      doc: '`cluster_known_nodes`',
    },
    cluster_size: {
      name: 'redis_cluster_size',
      type: 'gauge',
      layer: 1,
      labels: [],
      help: 'Master nodes serving at least one slot (CLUSTER INFO cluster_size).',
      doc: '`cluster_size` (masters serving at least one slot)',
    },
    cluster_current_epoch: {
      name: 'redis_cluster_current_epoch',
      type: 'gauge',
      layer: 1,
      labels: [],
      help: 'Current epoch of the cluster (CLUSTER INFO cluster_current_epoch).',
      doc: '`cluster_current_epoch`',
    },
    cluster_my_epoch: { name: 'redis_cluster_my_epoch', type: 'gauge', layer: 1, labels: [], help: 'Config epoch of this node (CLUSTER INFO cluster_my_epoch).', doc: '`cluster_my_epoch`' },
    cluster_stats_messages_sent: {
      name: 'redis_cluster_messages_sent_total',
      type: 'counter',
      compatType: 'gauge',
      layer: 1,
      labels: [],
      help: 'Messages sent on the cluster bus (CLUSTER INFO cluster_stats_messages_sent).',
      doc: '`cluster_stats_messages_sent`; typed gauge while `--compat.redis-exporter` is on, as redis_exporter 1.45 types it',
    },
    cluster_stats_messages_received: {
      name: 'redis_cluster_messages_received_total',
      type: 'counter',
      compatType: 'gauge',
      layer: 1,
      labels: [],
      help: 'Messages received on the cluster bus (CLUSTER INFO cluster_stats_messages_received).',
      doc: '`cluster_stats_messages_received`; typed gauge under compat, as above',
    },
  },
);

/**
 * CLUSTER INFO under redis_exporter's names, read each poll only on a server whose INFO says
 * `cluster_enabled:1` (elsewhere Redis answers with an error that would bump its errorstats).
 * O(1) on the server; a refusal (ACL, renamed) is logged once and skipped.
 */
export function clusterInfoCollector(): Collector {
  return SHARED;
}

// No state of a target but its refusals, kept by the gates per target: one object for every target.
const gate = new CommandGates('CLUSTER INFO', 'redis_cluster_* (CLUSTER INFO) series are off');
const CLUSTER_INFO = ['CLUSTER', 'INFO'];
async function fetchClusterInfo(ctx: FetchContext): Promise<Partial<PollExtras>> {
  const runId = ctx.info.fields.get('run_id') ?? '';
  const reply = await gate.run(runId, ctx, () => ctx.source.command(CLUSTER_INFO));
  return reply === undefined ? {} : { clusterInfo: parseClusterInfo(String(reply)) };
}

const SHARED: Collector = Object.freeze<Collector>({
  name: 'cluster_info',
  needsRedis: true,
  commands(ctx) {
    return ctx.info.fields.get('cluster_enabled') !== '1' || gate.refused(ctx.info.fields.get('run_id') ?? '', ctx.source) ? [] : [CLUSTER_INFO];
  },
  fetch(ctx) {
    // Not a cluster: nothing to ask, and nothing to wait for (no promise).
    return ctx.info.fields.get('cluster_enabled') !== '1' ? {} : fetchClusterInfo(ctx);
  },
  collect({ extras }, sink) {
    const fields = extras.clusterInfo;
    if (!fields) return;
    const state = fields.get('cluster_state');
    // Only `ok` is healthy; redis_exporter maps every other state to 0.
    sink.emit(FAMILIES.cluster_state, state === undefined ? undefined : state === 'ok' ? 1 : 0);
    for (const [field, f] of Object.entries(FAMILIES)) if (f !== FAMILIES.cluster_state) sink.emit(f, toNumber(fields.get(field)));
  },
});
