import { ConfigError } from '../errors.js';

/**
 * Every doctor check id, for validating --doctor.disable here without config importing the
 * doctor (which imports config: a folder cycle). A test keeps it equal to the doctor's RULES.
 */
export const DOCTOR_CHECK_IDS: readonly string[] = [
  'aof-fsync-slow',
  'aof-growing-unbounded',
  'aof-rewrite-failing',
  'aof-write-failing',
  'big-keys',
  'config-not-persisted',
  'cow-memory-high',
  'data-dir-not-writable',
  'data-dir-on-rotational-disk',
  'dataset-lost-on-restart',
  'disk-space-low',
  'evictions-happening',
  'fork-failing',
  'fork-overcommit-risk',
  'fork-slow',
  'fragmentation-high',
  'maxmemory-unset',
  'memory-full',
  'memory-near-maxmemory',
  'noeviction-at-risk',
  'oom-rejecting-writes',
  'persistence-disabled',
  'rdb-bgsave-failing',
  'rdb-stale',
  'redis-loading',
  'redis-unreachable',
  'repl-backlog-too-small',
  'replica-buffer-near-limit',
  'replica-link-down',
  'swapping',
  'thp-enabled',
  'volatile-policy-without-ttls',
  'writes-rejected-misconf',
];

/** "fork-overcommit-risk,thp-enabled" → check ids; an unknown id is a one-line error naming the known ones. */
export function parseDisabledChecks(raw: string, what: string): string[] {
  const ids = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const known = new Set(DOCTOR_CHECK_IDS);
  for (const id of ids) {
    if (!known.has(id)) throw new ConfigError(`${what}: unknown doctor check "${id}"; known: ${[...known].join(', ')}`);
  }
  return [...new Set(ids)];
}
