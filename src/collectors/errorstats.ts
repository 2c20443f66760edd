import type { Collector } from './types.js';

/** INFO errorstats: error replies by prefix (MISCONF, OOM, NOAUTH, …), the guide's symptoms counted. */
export const errorstatsCollector: Collector = {
  name: 'errorstats',
  needsRedis: true,
  collect({ info }, sink) {
    for (const [err, count] of info.errorstats) {
      sink.counter('redis_errors_total', 'Error replies by error prefix (INFO errorstats).', count, { err });
    }
  },
};
