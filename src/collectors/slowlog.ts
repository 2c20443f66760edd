import { parseSlowlogLength, parseSlowlogNewest, type SlowlogEntry } from '../parse/slowlog.js';
import { CommandGate } from '../redis/command-gate.js';
import type { Collector } from './types.js';

export interface SlowlogReading {
  readonly length: number | undefined;
  /** Newest entry; undefined when the slow log is empty. */
  readonly newest: SlowlogEntry | undefined;
}

declare module './types.js' {
  interface PollExtras {
    /** SLOWLOG LEN and the newest entry; absent when SLOWLOG is refused or failed. */
    slowlog?: SlowlogReading;
  }
}

/**
 * SLOWLOG LEN + SLOWLOG GET 1 per poll (both O(1) on the server, sent as one pipeline), under
 * redis_exporter's names. Unlike redis_exporter, an empty slow log gives no last-id/duration
 * series rather than 0s: there is no last entry to describe.
 */
export function slowlogCollector(): Collector {
  const gate = new CommandGate('SLOWLOG', 'redis_slowlog_* and redis_last_slow_execution_duration_seconds are off');
  return {
    name: 'slowlog',
    needsRedis: true,
    async fetch(ctx) {
      const runId = ctx.info.fields.get('run_id') ?? '';
      const replies = await gate.run(runId, ctx, () =>
        Promise.all([ctx.source.command(['SLOWLOG', 'LEN']), ctx.source.command(['SLOWLOG', 'GET', '1'])]),
      );
      if (replies === undefined) return {};
      return { slowlog: { length: parseSlowlogLength(replies[0]), newest: parseSlowlogNewest(replies[1]) } };
    },
    collect({ extras }, sink) {
      const s = extras.slowlog;
      if (!s) return;
      sink.gauge('redis_slowlog_length', 'Entries in the slow log (SLOWLOG LEN).', s.length);
      if (!s.newest) return;
      sink.gauge('redis_slowlog_last_id', 'ID of the newest slow log entry (SLOWLOG GET 1).', s.newest.id);
      sink.gauge('redis_last_slow_execution_duration_seconds', 'Execution time of the newest slow log entry (SLOWLOG GET 1 µs / 1e6).', s.newest.durationUs / 1e6);
    },
  };
}
