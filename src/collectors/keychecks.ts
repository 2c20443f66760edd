import { VitalsError } from '../errors.js';
import type { KeyChecksJob, KeyChecksResults } from '../keychecks/job.js';
import type { Collector } from './types.js';

declare module './types.js' {
  interface PollExtras {
    /** The key-check job's last completed pass; absent when off, not yet done, or failing. */
    keyChecks?: KeyChecksResults;
  }
}

/**
 * --check-keys, --check-single-keys, --count-keys: redis_exporter 1.45's key series, from the
 * key-check job's last completed pass (values trail by up to --check-keys.interval). Fetching
 * sends nothing to Redis: the job reads on its own schedule and connection. Without a job (no key
 * list given) there is nothing to fetch and no series.
 */
export function keyChecksCollector(job?: KeyChecksJob): Collector {
  return {
    name: 'keychecks',
    needsRedis: true,
    ...(job ? { fetch: async () => fetchResults(job) } : {}),
    collect,
  };
}

async function fetchResults(job: KeyChecksJob): Promise<{ keyChecks?: KeyChecksResults }> {
  const { last, error } = job.results();
  // collector_success{collector="keychecks"} 0 while the job cannot read Redis.
  if (error !== undefined) throw new VitalsError('E_REDIS_COMMAND', `key checks failing: ${error}`);
  return last ? { keyChecks: last } : {};
}

const collect: Collector['collect'] = ({ extras }, sink) => {
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
};
