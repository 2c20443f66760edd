import type { Collector } from './types.js';

/**
 * Per-database key counts. Like redis_exporter, databases that INFO omits (empty ones) get
 * explicit zeros up to CONFIG `databases`, so a dashboard's db selector keeps its series.
 */
export const keyspaceCollector: Collector = {
  name: 'keyspace',
  needsRedis: true,
  collect({ info, config }, sink) {
    const present = new Set<string>();
    for (const db of info.keyspace) {
      present.add(db.db);
      sink.gauge('redis_db_keys', 'Keys in the database (INFO keyspace keys).', db.keys, { db: db.db });
      sink.gauge('redis_db_keys_expiring', 'Keys with an expiry in the database (INFO keyspace expires).', db.expires, { db: db.db });
      if (db.avgTtlMs !== undefined) {
        sink.gauge('redis_db_avg_ttl_seconds', 'Average TTL of keys with an expiry (INFO keyspace avg_ttl / 1000).', db.avgTtlMs / 1000, { db: db.db });
      }
      if (db.subexpiry !== undefined) {
        sink.gauge('redis_db_keys_subexpiry', 'Keys with hash-field expiries (INFO keyspace subexpiry).', db.subexpiry, { db: db.db });
      }
    }
    const databases = config?.number('databases');
    if (databases === undefined) return;
    for (let i = 0; i < Math.min(databases, 1024); i++) {
      const db = `db${i}`;
      if (present.has(db)) continue;
      sink.gauge('redis_db_keys', 'Keys in the database (INFO keyspace keys).', 0, { db });
      sink.gauge('redis_db_keys_expiring', 'Keys with an expiry in the database (INFO keyspace expires).', 0, { db });
    }
  },
};
