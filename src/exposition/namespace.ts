import type { Sample } from './sample.js';

/** Redis series: every `redis_` family but the exporter's own `redis_vitals_*`. */
const RENAMED = /^redis_(?!vitals_)/;

/**
 * --namespace: redis_exporter puts its namespace in front of every name it serves
 * (`<ns>_up`, `<ns>_connected_clients`). Here every family under `redis_` is renamed the same way,
 * except the exporter's own `redis_vitals_*` self-metrics, which describe redis-vitals rather than
 * Redis and keep one name across deployments (docs/migrate-from-redis_exporter.md).
 */
export function withNamespace(samples: Sample[], namespace: string): Sample[] {
  if (namespace === 'redis') return samples;
  const prefix = `${namespace}_`;
  return samples.map((s) => (RENAMED.test(s.name) ? { ...s, name: prefix + s.name.slice('redis_'.length) } : s));
}
