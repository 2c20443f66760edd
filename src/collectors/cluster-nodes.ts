import type { Logger } from '../log.js';
import { parseClusterNodes, type ClusterNode } from '../parse/cluster-nodes.js';
import type { Collector } from './types.js';

declare module './types.js' {
  interface PollExtras {
    /** CLUSTER NODES of a seed target, when it was refreshed this poll. */
    clusterNodes?: readonly ClusterNode[];
  }
}

const CLUSTER_NODES = ['CLUSTER', 'NODES'];

/**
 * Reads CLUSTER NODES from a seed every `refreshMs`, for cluster discovery (targets/); it
 * serves no series of its own, only its health. A seed whose INFO says `cluster_enabled:0` is
 * logged once and never asked again; a refused CLUSTER NODES (ACL, renamed) fails this
 * collector on each poll (redis_vitals_collector_success{collector="cluster_nodes"} 0).
 */
export function clusterNodesCollector(target: string, refreshMs: number, logger: Logger): Collector {
  let lastAt = -Infinity;
  let notCluster = false;
  return {
    name: 'cluster_nodes',
    needsRedis: true,
    commands: ({ info, now }) => (notCluster || now * 1000 - lastAt < refreshMs || info.fields.get('cluster_enabled') === '0' ? [] : [CLUSTER_NODES]),
    // Between refreshes (most polls) its fetch has nothing to wait for: no promise.
    fetch({ source, info, now }) {
      if (notCluster || now * 1000 - lastAt < refreshMs) return {};
      if (info.fields.get('cluster_enabled') === '0') {
        notCluster = true;
        logger.warn({ target }, '--cluster.discover: this target is not in cluster mode; polling it alone');
        return {};
      }
      return source.command(CLUSTER_NODES).then((reply) => {
        lastAt = now * 1000;
        return { clusterNodes: parseClusterNodes(String(reply)) };
      });
    },
    collect() {
      // Discovery only: what it found becomes targets, not series.
    },
  };
}
