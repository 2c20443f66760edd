import { LOG_EVENT_NAMES } from '../parse/redis-log.js';
import type { Collector } from './types.js';

/** The guide's log patterns, counted from the followed Redis log (see docs/doctor.md#log-events). */
export const redisLogCollector: Collector = {
  name: 'log',
  withoutRedis: true,
  collect({ extras }, sink) {
    const log = extras.redisLog;
    if (!log) return;
    for (const event of LOG_EVENT_NAMES) {
      sink.counter('redis_log_events_total', 'Lines of the followed Redis log that match each of the guide\'s error patterns, since the exporter started following it (label event; see docs/doctor.md).', log.totals[event], { event });
    }
  },
};
