import { VitalsError } from '../errors.js';
import type { KeyChecksJob, KeyChecksResults } from '../keychecks/job.js';
import type { Collector } from './types.js';
import { families } from '../exposition/family.js';

declare module './types.js' {
  interface PollExtras {
    /** The key-check job's last completed pass; absent when off, not yet done, or failing. */
    keyChecks?: KeyChecksResults;
  }
}

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'keychecks', section: 'keychecks' },
  {
    keySize: {
      name: 'redis_key_size',
      type: 'gauge',
      layer: 1,
      labels: ['db', 'key'],
      help: 'The length or size of "key".',
      doc: 'length or size of a checked key by type (STRLEN, PFCOUNT for HyperLogLogs, LLEN, SCARD, ZCARD, HLEN, XLEN); 0 for a missing key; labels `db`, `key`',
    },
    keyValue: { name: 'redis_key_value', type: 'gauge', layer: 1, labels: ['db', 'key'], help: 'The value of "key".', doc: 'value of a checked string key that is a number; labels `db`, `key`' },
    keyValueAsString: {
      name: 'redis_key_value_as_string',
      type: 'gauge',
      layer: 1,
      labels: ['db', 'key', 'val'],
      help: 'The value of "key" as a string.',
      doc: '1 for a checked string key that is not a number, label `val` holds the value (not for values that are not UTF-8); labels `db`, `key`, `val`',
    },
    keysCount: {
      name: 'redis_keys_count',
      type: 'gauge',
      layer: 1,
      labels: ['db', 'key'],
      help: 'Count of keys.',
      doc: 'keys matching a `--count-keys` pattern (SCAN MATCH); labels `db`, `key` (the pattern)',
    },
    keychecksLastPassTimestampSeconds: {
      name: 'redis_keychecks_last_pass_timestamp_seconds',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Unix time the last complete key-check pass finished.',
      doc: 'Unix time the last complete key-check pass finished',
    },
    keychecksLastPassDurationSeconds: {
      name: 'redis_keychecks_last_pass_duration_seconds',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Wall time of the last complete key-check pass.',
      doc: 'wall time of that pass',
    },
  },
);

/**
 * --check-keys, --check-single-keys, --count-keys: redis_exporter 1.45's key series, from the
 * key-check job's last completed pass (values trail by up to --check-keys.interval). Fetching
 * sends nothing to Redis: the job reads on its own schedule and connection. Without a job (no key
 * list given) there is nothing to fetch and no series.
 */
export function keyChecksCollector(job?: KeyChecksJob): Collector {
  // Without a job it holds nothing of its target: one object for every target (a fleet's memory).
  if (!job) return IDLE;
  return { name: 'keychecks', needsRedis: true, fetch: () => fetchResults(job), collect };
}

/** The job's last results: kept in memory, so no promise (a throw fails this collector as a rejection would). */
function fetchResults(job: KeyChecksJob): { keyChecks?: KeyChecksResults } {
  const { last, error } = job.results();
  // collector_success{collector="keychecks"} 0 while the job cannot read Redis.
  if (error !== undefined) throw new VitalsError('E_REDIS_COMMAND', `key checks failing: ${error}`);
  return last ? { keyChecks: last } : {};
}

const collect: Collector['collect'] = ({ extras }, sink) => {
  const r = extras.keyChecks;
  if (!r) return;
  for (const k of r.keys) {
    sink.emit(FAMILIES.keySize, k.size, { db: k.db, key: k.key });
    sink.emit(FAMILIES.keyValue, k.value, { db: k.db, key: k.key });
    if (k.text !== undefined) sink.emit(FAMILIES.keyValueAsString, 1, { db: k.db, key: k.key, val: k.text });
  }
  for (const c of r.counts) sink.emit(FAMILIES.keysCount, c.count, { db: c.db, key: c.pattern });
  sink.emit(FAMILIES.keychecksLastPassTimestampSeconds, r.finishedAt);
  sink.emit(FAMILIES.keychecksLastPassDurationSeconds, r.seconds);
};

const IDLE: Collector = Object.freeze({ name: 'keychecks', needsRedis: true, collect });
