import type { Fetcher, FetchContext } from '../types.js';
import { parseLatencyLatest, type LatencyEvent } from '../../parse/latency.js';
import { CommandGate } from '../../redis/command-gate.js';

declare module '../types.js' {
  interface PollExtras {
    /** LATENCY LATEST; absent when the command is refused or failed. */
    latency?: readonly LatencyEvent[];
  }
}

/** One LATENCY LATEST per poll: a few dozen bytes, O(event classes) on the server. */
export function latencyFetcher(): Fetcher {
  const gate = new CommandGate('LATENCY LATEST', 'redis_latency_spike_* are off');
  return {
    name: 'latency',
    async fetch(ctx: FetchContext) {
      const runId = ctx.info.fields.get('run_id') ?? '';
      const reply = await gate.run(runId, ctx, () => ctx.source.command(['LATENCY', 'LATEST']));
      return reply === undefined ? {} : { latency: parseLatencyLatest(reply) };
    },
  };
}
