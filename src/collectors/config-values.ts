import { goParseFloat } from '../parse/go-float.js';
import type { Collector } from './types.js';

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
    for (const [key, value] of config?.exported ?? []) {
      sink.gauge('redis_config_key_value', 'Config key and value (CONFIG GET *; secrets are never served).', 1, { key, value });
      sink.gauge('redis_config_value', 'Config key and value as metric, for settings whose value is a number.', goParseFloat(value), { key });
    }
  },
};
