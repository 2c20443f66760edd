import type { BigKeysJob, BigKeysResults } from '../bigkeys/job.js';
import { VitalsError } from '../errors.js';
import type { Collector } from './types.js';
import { families } from '../exposition/family.js';

declare module './types.js' {
  interface PollExtras {
    /** The big-key job's published results; absent when the job is off or its last cycle failed. */
    bigkeys?: BigKeysResults;
  }
}

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'bigkeys', section: 'bigkeys' },
  {
    bigkeysScannedKeysTotal: {
      name: 'redis_bigkeys_scanned_keys_total',
      type: 'counter',
      layer: 3,
      labels: [],
      help: 'Keys the big-key job has examined (TYPE + MEMORY USAGE) since redis-vitals started.',
      doc: 'keys examined (TYPE + MEMORY USAGE) since redis-vitals started',
    },
    bigkeysLastCycleKeys: {
      name: 'redis_bigkeys_last_cycle_keys',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Keys examined by the last big-key cycle (at most --bigkeys.cycle-keys).',
      doc: 'keys examined by the last cycle (≤ `--bigkeys.cycle-keys`)',
    },
    bigkeysLastCycleDurationSeconds: {
      name: 'redis_bigkeys_last_cycle_duration_seconds',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Time the last big-key cycle spent waiting on Redis.',
      doc: 'time the last cycle spent waiting on Redis (≈ `--bigkeys.cycle-time` at most, plus one batch)',
    },
    bigkeysLastFullScanTimestampSeconds: {
      name: 'redis_bigkeys_last_full_scan_timestamp_seconds',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Unix time the last complete big-key pass over every database finished.',
      doc: 'unix time the last complete pass finished',
    },
    bigkeysLastFullScanDurationSeconds: {
      name: 'redis_bigkeys_last_full_scan_duration_seconds',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Wall time of the last complete big-key pass, pauses between cycles included.',
      doc: 'wall time of the last complete pass, pauses between cycles included',
    },
    bigkeyMemoryBytes: {
      name: 'redis_bigkey_memory_bytes',
      type: 'gauge',
      layer: 3,
      labels: ['db', 'key', 'type'],
      help: 'Memory of one of the largest keys found by the last complete pass (MEMORY USAGE … SAMPLES n).',
      doc: '`MEMORY USAGE key SAMPLES n` of the `--bigkeys.top` largest keys; labels `db` (`db0`, …), `key` (the name, or `sha256:` + 16 hex digits with `--bigkeys.redact-names`), `type` (`TYPE`)',
    },
    bigkeysLargestMemoryBytes: {
      name: 'redis_bigkeys_largest_memory_bytes',
      type: 'gauge',
      layer: 3,
      labels: ['db', 'type'],
      help: 'Memory of the largest key of each type in each database, from the last complete pass.',
      doc: "the largest key's `MEMORY USAGE` per database and type; labels `db`, `type`",
    },
  },
);

/**
 * The big-key job's last completed pass (top-N keys, largest per type) and its progress.
 * Fetching sends nothing to Redis: the scan runs on the job's own schedule and connection, so it
 * can never delay INFO or the poll deadline. Without a job (--bigkeys.enabled off, or a
 * discovered cluster node) there is nothing to fetch and no series.
 */
export function bigkeysCollector(job?: BigKeysJob): Collector {
  // Without a job it holds nothing of its target: one object for every target (a fleet's memory).
  if (!job) return IDLE;
  return { name: 'bigkeys', needsRedis: true, fetch: () => fetchResults(job), collect };
}

/** The job's last results: kept in memory, so no promise (a throw fails this collector as a rejection would). */
function fetchResults(job: BigKeysJob): { bigkeys: BigKeysResults } {
  const results = job.results();
  // collector_success{collector="bigkeys"} 0 while the job cannot reach or read Redis.
  if (results.error !== undefined) throw new VitalsError('E_REDIS_COMMAND', `big-key scan failing: ${results.error}`);
  return { bigkeys: results };
}

const collect: Collector['collect'] = ({ extras }, sink) => {
  const r = extras.bigkeys;
  if (!r) return;
  sink.emit(FAMILIES.bigkeysScannedKeysTotal, r.scannedKeysTotal);
  if (r.lastCycle) {
    sink.emit(FAMILIES.bigkeysLastCycleKeys, r.lastCycle.keys);
    sink.emit(FAMILIES.bigkeysLastCycleDurationSeconds, r.lastCycle.seconds);
  }
  const pass = r.lastPass;
  if (!pass) return;
  sink.emit(FAMILIES.bigkeysLastFullScanTimestampSeconds, pass.finishedAt);
  sink.emit(FAMILIES.bigkeysLastFullScanDurationSeconds, pass.seconds);
  for (const k of pass.top) {
    sink.emit(FAMILIES.bigkeyMemoryBytes, k.bytes, { db: k.db, key: k.key, type: k.type });
  }
  for (const t of pass.largest) {
    sink.emit(FAMILIES.bigkeysLargestMemoryBytes, t.bytes, { db: `db${t.db}`, type: t.type });
  }
};

const IDLE: Collector = Object.freeze({ name: 'bigkeys', needsRedis: true, collect });
