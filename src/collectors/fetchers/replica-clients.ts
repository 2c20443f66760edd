import type { Fetcher, FetchContext } from '../types.js';
import { parseClientList, type ClientEntry } from '../../parse/client-list.js';
import { CommandGate } from '../../redis/command-gate.js';

declare module '../types.js' {
  interface PollExtras {
    /** CLIENT LIST TYPE replica on a master with replicas; absent otherwise. */
    replicaClients?: readonly ClientEntry[];
  }
}

/**
 * `CLIENT LIST TYPE replica` (Redis 5+): the replica connections' output buffers. Sent only
 * when INFO shows connected replicas, so a standalone Redis gets no extra command.
 */
export function replicaClientsFetcher(): Fetcher {
  const gate = new CommandGate('CLIENT LIST TYPE replica', 'redis_replica_output_buffer_bytes is off');
  return {
    name: 'replica_buffers',
    async fetch(ctx: FetchContext) {
      if (ctx.info.replicas.length === 0) return {};
      const runId = ctx.info.fields.get('run_id') ?? '';
      const reply = await gate.run(runId, ctx, () => ctx.source.command(['CLIENT', 'LIST', 'TYPE', 'replica']));
      return reply === undefined ? {} : { replicaClients: parseClientList(String(reply)) };
    },
  };
}
