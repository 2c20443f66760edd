import { goParseFloat } from '../parse/go-float.js';
import type { RedisConfigValues } from '../parse/config.js';
import type { Collector } from './types.js';
import { families } from '../exposition/family.js';
import type { MadeSamples, SampleSink } from '../exposition/sample.js';

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'config_values', section: 'config' },
  {
    configKeyValue: {
      name: 'redis_config_key_value',
      type: 'gauge',
      layer: 1,
      labels: ['key', 'value'],
      help: 'Config key and value (CONFIG GET *; secrets are never served).',
      doc: '`--include-config-metrics`: 1 per setting, labels `key`, `value` (secrets left out)',
    },
    configValue: {
      name: 'redis_config_value',
      type: 'gauge',
      layer: 1,
      labels: ['key'],
      help: 'Config key and value as metric, for settings whose value is a number.',
      doc: '`--include-config-metrics`: settings whose value is a number (Go `ParseFloat` rules), label `key`',
    },
  },
);

/**
 * --include-config-metrics: every CONFIG GET * setting as redis_exporter serves it,
 * `redis_config_key_value{key,value} 1`, plus `redis_config_value{key}` for numeric values.
 * Secret settings never get here (RedisConfigValues.exported leaves them out). Refreshed with
 * CONFIG, every --poll.config-interval.
 */
export const configValuesCollector: Collector = {
  name: 'config_values',
  needsRedis: true,
  collect({ config }, sink) {
    // The same CONFIG object comes back every poll until the next CONFIG GET: converted once.
    if (config) sink.emitFrom(MADE, config, emitValues);
  },
};

const MADE = new WeakMap<RedisConfigValues, MadeSamples>();

function emitValues(config: RedisConfigValues, sink: SampleSink): void {
  for (const [key, value] of config.exported) {
    sink.emit(FAMILIES.configKeyValue, 1, { key, value });
    sink.emit(FAMILIES.configValue, goParseFloat(value), { key });
  }
}
