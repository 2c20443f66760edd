import type { Fetcher, FetchContext } from '../types.js';
import { parseClusterInfo } from '../../parse/cluster-info.js';
import { CommandGate } from '../../redis/command-gate.js';

declare module '../types.js' {
  interface PollExtras {
    /** CLUSTER INFO fields of a node in cluster mode; absent elsewhere or when refused. */
    clusterInfo?: ReadonlyMap<string, string>;
  }
}

/**
 * CLUSTER INFO per poll, only on a server whose INFO says `cluster_enabled:1` (elsewhere Redis
 * answers with an error that would bump its errorstats). O(1) on the server.
 */
export function clusterInfoFetcher(): Fetcher {
  const gate = new CommandGate('CLUSTER INFO', 'redis_cluster_* (CLUSTER INFO) series are off');
  return {
    name: 'cluster_info',
    async fetch(ctx: FetchContext) {
      if (ctx.info.fields.get('cluster_enabled') !== '1') return {};
      const runId = ctx.info.fields.get('run_id') ?? '';
      const reply = await gate.run(runId, ctx, () => ctx.source.command(['CLUSTER', 'INFO']));
      if (reply === undefined) return {};
      return { clusterInfo: parseClusterInfo(String(reply)) };
    },
  };
}
