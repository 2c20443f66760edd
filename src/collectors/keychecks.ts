import type { Collector } from './types.js';

/**
 * --check-keys, --check-single-keys, --count-keys: redis_exporter 1.45's key series, from the
 * key-check job's last completed pass (values trail by up to --check-keys.interval).
 */
export const keyChecksCollector: Collector = {
  name: 'keychecks',
  collect({ extras }, sink) {
    const r = extras.keyChecks;
    if (!r) return;
    for (const k of r.keys) {
      sink.gauge('redis_key_size', 'The length or size of "key".', k.size, { db: k.db, key: k.key });
      sink.gauge('redis_key_value', 'The value of "key".', k.value, { db: k.db, key: k.key });
      if (k.text !== undefined) sink.gauge('redis_key_value_as_string', 'The value of "key" as a string.', 1, { db: k.db, key: k.key, val: k.text });
    }
    for (const c of r.counts) sink.gauge('redis_keys_count', 'Count of keys.', c.count, { db: c.db, key: c.pattern });
    sink.gauge('redis_keychecks_last_pass_timestamp_seconds', 'Unix time the last complete key-check pass finished.', r.finishedAt);
    sink.gauge('redis_keychecks_last_pass_duration_seconds', 'Wall time of the last complete key-check pass.', r.seconds);
  },
};
