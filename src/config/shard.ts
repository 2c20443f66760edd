import { ConfigError } from '../errors.js';

/**
 * Exporter-side sharding for fleets too big for one process: each replica keeps the targets whose
 * name hashes to its index. FNV-1a is stable across versions and platforms, so a restart or an
 * upgrade never reshuffles targets between replicas.
 */
export function shardOf(name: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % count;
}

/** "2" or a StatefulSet pod name like "redis-vitals-2" → 2, checked against the shard count. */
export function parseShard(rawIndex: string, count: number): { index: number; count: number } {
  const m = /(\d+)$/.exec(rawIndex.trim());
  const index = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new ConfigError(`--shard.index: "${rawIndex}" must be a number (or end in one) from 0 to ${count - 1} for --shard.count ${count}`);
  }
  return { index, count };
}
