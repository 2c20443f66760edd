import { parseSlowlogLength, parseSlowlogNewest, type SlowlogEntry } from '../parse/slowlog.js';
import { CommandGates } from '../redis/command-gate.js';
import type { Collector } from './types.js';
import { families } from '../exposition/family.js';

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

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'slowlog', section: 'latency' },
  {
    slowlogLength: { name: 'redis_slowlog_length', type: 'gauge', layer: 1, labels: [], help: 'Entries in the slow log (SLOWLOG LEN).', doc: '`SLOWLOG LEN`' },
    slowlogLastId: {
      name: 'redis_slowlog_last_id',
      type: 'gauge',
      layer: 1,
      labels: [],
      help: 'ID of the newest slow log entry (SLOWLOG GET 1); 0 while the slow log is empty.',
      doc: '`SLOWLOG GET 1` id of the newest entry; 0 while the slow log is empty, as redis_exporter (`redis_slowlog_length` 0 tells it from a real entry with id 0)',
    },
    lastSlowExecutionDurationSeconds: {
      name: 'redis_last_slow_execution_duration_seconds',
      type: 'gauge',
      layer: 1,
      labels: [],
      help: 'Execution time of the newest slow log entry (SLOWLOG GET 1 µs / 1e6); 0 while the slow log is empty.',
      doc: '`SLOWLOG GET 1` duration µs ÷ 1e6 of the newest entry; 0 while the slow log is empty, as redis_exporter',
    },
  },
);

/**
 * SLOWLOG LEN + SLOWLOG GET 1 per poll (both O(1) on the server, sent as one pipeline), under
 * redis_exporter's names. An empty slow log gives 0 for the last id and duration, as
 * redis_exporter does (dashboards and alerts expect the series); `redis_slowlog_length` 0 tells
 * it apart from a real entry with id 0.
 */
export function slowlogCollector(): Collector {
  return SHARED;
}

// No state of a target but its refusals, kept by the gates per target: one object for every target.
const gate = new CommandGates('SLOWLOG', 'redis_slowlog_* and redis_last_slow_execution_duration_seconds are off');
const SLOWLOG_LEN = ['SLOWLOG', 'LEN'];
const SLOWLOG_GET_1 = ['SLOWLOG', 'GET', '1'];
const BOTH = [SLOWLOG_LEN, SLOWLOG_GET_1];
const SHARED: Collector = Object.freeze<Collector>({
  name: 'slowlog',
  needsRedis: true,
  commands(ctx) {
    return gate.refused(ctx.info.fields.get('run_id') ?? '', ctx.source) ? [] : BOTH;
  },
  commandsWithInfo: (runId, source) => (gate.refused(runId, source) ? [] : BOTH),
  async fetch(ctx) {
    const runId = ctx.info.fields.get('run_id') ?? '';
    const replies = await gate.run(runId, ctx, () => Promise.all([ctx.source.command(SLOWLOG_LEN), ctx.source.command(SLOWLOG_GET_1)]));
    if (replies === undefined) return {};
    return { slowlog: { length: parseSlowlogLength(replies[0]), newest: parseSlowlogNewest(replies[1]) } };
  },
  collect({ extras }, sink) {
    const s = extras.slowlog;
    if (!s) return;
    sink.emit(FAMILIES.slowlogLength, s.length);
    sink.emit(FAMILIES.slowlogLastId, s.newest?.id ?? 0);
    sink.emit(FAMILIES.lastSlowExecutionDurationSeconds, (s.newest?.durationUs ?? 0) / 1e6);
  },
});
