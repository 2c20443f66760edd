import type { Fetcher, FetchContext } from '../types.js';
import { parseSlowlogLength, parseSlowlogNewest, type SlowlogEntry } from '../../parse/slowlog.js';
import { CommandGate } from '../../redis/command-gate.js';

export interface SlowlogReading {
  readonly length: number | undefined;
  /** Newest entry; undefined when the slow log is empty. */
  readonly newest: SlowlogEntry | undefined;
}

declare module '../types.js' {
  interface PollExtras {
    /** SLOWLOG LEN and the newest entry; absent when SLOWLOG is refused or failed. */
    slowlog?: SlowlogReading;
  }
}

/** SLOWLOG LEN + SLOWLOG GET 1 per poll (both O(1) on the server), sent as one pipeline. */
export function slowlogFetcher(): Fetcher {
  const gate = new CommandGate('SLOWLOG', 'redis_slowlog_* and redis_last_slow_execution_duration_seconds are off');
  return {
    name: 'slowlog',
    async fetch(ctx: FetchContext) {
      const runId = ctx.info.fields.get('run_id') ?? '';
      const replies = await gate.run(runId, ctx, () =>
        Promise.all([ctx.source.command(['SLOWLOG', 'LEN']), ctx.source.command(['SLOWLOG', 'GET', '1'])]),
      );
      if (replies === undefined) return {};
      return { slowlog: { length: parseSlowlogLength(replies[0]), newest: parseSlowlogNewest(replies[1]) } };
    },
  };
}
