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
 * redis_exporter's names. An empty slow log gives 0 for the last id and duration, as
 * redis_exporter does (dashboards and alerts expect the series); `redis_slowlog_length` 0 tells
 * it apart from a real entry with id 0.
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
      sink.gauge('redis_slowlog_last_id', 'ID of the newest slow log entry (SLOWLOG GET 1); 0 while the slow log is empty.', s.newest?.id ?? 0);
      sink.gauge('redis_last_slow_execution_duration_seconds', 'Execution time of the newest slow log entry (SLOWLOG GET 1 µs / 1e6); 0 while the slow log is empty.', (s.newest?.durationUs ?? 0) / 1e6);
    },
  };
}
