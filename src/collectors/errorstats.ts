import type { Collector } from './types.js';
import { families } from '../exposition/family.js';

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'errorstats', section: 'commands' },
  {
    errorsTotal: {
      name: 'redis_errors_total',
      type: 'counter',
      layer: 1,
      labels: ['err'],
      help: 'Error replies by error prefix (INFO errorstats).',
      doc: 'INFO errorstats `count`, label `err` (`MISCONF`, `OOM`, `NOAUTH`, …)',
    },
  },
);

/** INFO errorstats: error replies by prefix (MISCONF, OOM, NOAUTH, …), the guide's symptoms counted. */
export const errorstatsCollector: Collector = {
  name: 'errorstats',
  needsRedis: true,
  collect({ info }, sink) {
    for (const [err, count] of info.errorstats) {
      sink.emit(FAMILIES.errorsTotal, count, { err });
    }
  },
};
