import type { BigKeysJob, BigKeysResults } from '../bigkeys/job.js';
import { VitalsError } from '../errors.js';
import type { Collector } from './types.js';

declare module './types.js' {
  interface PollExtras {
    /** The big-key job's published results; absent when the job is off or its last cycle failed. */
    bigkeys?: BigKeysResults;
  }
}

/**
 * The big-key job's last completed pass (top-N keys, largest per type) and its progress.
 * Fetching sends nothing to Redis: the scan runs on the job's own schedule and connection, so it
 * can never delay INFO or the poll deadline. Without a job (--bigkeys.enabled off, or a
 * discovered cluster node) there is nothing to fetch and no series.
 */
export function bigkeysCollector(job?: BigKeysJob): Collector {
  return {
    name: 'bigkeys',
    needsRedis: true,
    ...(job ? { fetch: async () => fetchResults(job) } : {}),
    collect,
  };
}

async function fetchResults(job: BigKeysJob): Promise<{ bigkeys: BigKeysResults }> {
  const results = job.results();
  // collector_success{collector="bigkeys"} 0 while the job cannot reach or read Redis.
  if (results.error !== undefined) throw new VitalsError('E_REDIS_COMMAND', `big-key scan failing: ${results.error}`);
  return { bigkeys: results };
}

const collect: Collector['collect'] = ({ extras }, sink) => {
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
};
