import type { Collector } from './types.js';

/** The big-key job's last completed pass (top-N keys, largest per type) and its progress. */
export const bigkeysCollector: Collector = {
  name: 'bigkeys',
  collect({ extras }, sink) {
    const r = extras.bigkeys;
    if (!r) return;
    sink.counter('redis_bigkeys_scanned_keys_total', 'Keys the big-key job has examined (TYPE + MEMORY USAGE) since redis-vitals started.', r.scannedKeysTotal);
    if (r.lastCycle) {
      sink.gauge('redis_bigkeys_last_cycle_keys', 'Keys examined by the last big-key cycle (at most --bigkeys.cycle-keys).', r.lastCycle.keys);
      sink.gauge('redis_bigkeys_last_cycle_duration_seconds', 'Time the last big-key cycle spent waiting on Redis.', r.lastCycle.seconds);
    }
    const pass = r.lastPass;
    if (!pass) return;
    sink.gauge('redis_bigkeys_last_full_scan_timestamp_seconds', 'Unix time the last complete big-key pass over every database finished.', pass.finishedAt);
    sink.gauge('redis_bigkeys_last_full_scan_duration_seconds', 'Wall time of the last complete big-key pass, pauses between cycles included.', pass.seconds);
    for (const k of pass.top) {
      sink.gauge('redis_bigkey_memory_bytes', 'Memory of one of the largest keys found by the last complete pass (MEMORY USAGE … SAMPLES n).', k.bytes, { db: k.db, key: k.key, type: k.type });
    }
    for (const t of pass.largest) {
      sink.gauge('redis_bigkeys_largest_memory_bytes', 'Memory of the largest key of each type in each database, from the last complete pass.', t.bytes, { db: `db${t.db}`, type: t.type });
    }
  },
};
