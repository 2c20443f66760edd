import type { Collector } from './types.js';

/**
 * SLOWLOG length and newest entry under redis_exporter's names. Unlike redis_exporter, an empty
 * slow log gives no last-id/duration series rather than 0s: there is no last entry to describe.
 */
export const slowlogCollector: Collector = {
  name: 'slowlog',
  collect({ extras }, sink) {
    const s = extras.slowlog;
    if (!s) return;
    sink.gauge('redis_slowlog_length', 'Entries in the slow log (SLOWLOG LEN).', s.length);
    if (!s.newest) return;
    sink.gauge('redis_slowlog_last_id', 'ID of the newest slow log entry (SLOWLOG GET 1).', s.newest.id);
    sink.gauge('redis_last_slow_execution_duration_seconds', 'Execution time of the newest slow log entry (SLOWLOG GET 1 µs / 1e6).', s.newest.durationUs / 1e6);
  },
};
