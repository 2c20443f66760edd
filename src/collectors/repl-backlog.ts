import { toNumber } from '../parse/info.js';
import type { Collector } from './types.js';

/**
 * redis_repl_backlog_seconds: how long a replica may stay away and still resume with a partial
 * resync at the current write rate, i.e. repl_backlog_size / bytes per second. It uses the
 * backlog's size (its capacity once full) rather than histlen, because the capacity is what
 * decides whether a replica disconnecting now can catch up. No series when the backlog is
 * inactive, on the first poll (no rate yet) or when the rate is 0 (the backlog would last forever).
 */
export const replBacklogCollector: Collector = {
  name: 'repl_backlog',
  collect({ info, extras }, sink) {
    const rate = extras.replWriteRate;
    const size = toNumber(info.fields.get('repl_backlog_size'));
    if (info.fields.get('repl_backlog_active') !== '1' || rate === undefined || rate <= 0 || size === undefined) return;
    sink.gauge(
      'redis_repl_backlog_seconds',
      'Seconds of replication traffic the backlog holds at the current write rate (repl_backlog_size / rate of master_repl_offset between polls); a replica away longer needs a full resync.',
      size / rate,
    );
  },
};
