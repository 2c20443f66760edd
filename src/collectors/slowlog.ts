import type { Collector } from './types.js';

/**
 * SLOWLOG length and newest entry under redis_exporter's names. An empty slow log gives 0 for
 * the last id and duration, as redis_exporter does (dashboards and alerts expect the series);
 * `redis_slowlog_length` 0 tells it apart from a real entry with id 0.
 */
export const slowlogCollector: Collector = {
  name: 'slowlog',
  collect({ extras }, sink) {
    const s = extras.slowlog;
    if (!s) return;
    sink.gauge('redis_slowlog_length', 'Entries in the slow log (SLOWLOG LEN).', s.length);
    sink.gauge('redis_slowlog_last_id', 'ID of the newest slow log entry (SLOWLOG GET 1); 0 while the slow log is empty.', s.newest?.id ?? 0);
    sink.gauge('redis_last_slow_execution_duration_seconds', 'Execution time of the newest slow log entry (SLOWLOG GET 1 µs / 1e6); 0 while the slow log is empty.', (s.newest?.durationUs ?? 0) / 1e6);
  },
};
