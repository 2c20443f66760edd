import type { Collector } from './types.js';
import { families } from '../exposition/family.js';
import { LabelSets } from '../exposition/labels.js';

/**
 * Per-database key counts. Like redis_exporter 1.45, databases that INFO omits (empty ones) get
 * explicit zeros, so a dashboard's db selector keeps its series: only db0 on a cluster node
 * (cluster mode has one database), else up to CONFIG `databases`, 16 (Redis's default) when
 * CONFIG is unavailable.
 */
const DEFAULT_DATABASES = 16;
// One labels object per database for the process (the render compares them by identity: render-repeat.ts).
const DB = new LabelSets('db');

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'keyspace', section: 'keyspace' },
  {
    dbKeys: {
      name: 'redis_db_keys',
      type: 'gauge',
      layer: 1,
      labels: ['db'],
      help: 'Keys in the database (INFO keyspace keys).',
      doc: 'INFO keyspace `keys`, label `db`; 0 for every empty db below CONFIG `databases` (16 when CONFIG is unavailable, as on a Sentinel; only `db0` on a cluster node, whose one database is db0 — as redis_exporter 1.45)',
    },
    dbKeysExpiring: {
      name: 'redis_db_keys_expiring',
      type: 'gauge',
      layer: 1,
      labels: ['db'],
      help: 'Keys with an expiry in the database (INFO keyspace expires).',
      doc: 'INFO keyspace `expires`, label `db`; zero-filled like `redis_db_keys`',
    },
    dbAvgTtlSeconds: {
      name: 'redis_db_avg_ttl_seconds',
      type: 'gauge',
      layer: 1,
      labels: ['db'],
      help: 'Average TTL of keys with an expiry (INFO keyspace avg_ttl / 1000).',
      doc: 'INFO keyspace `avg_ttl` ÷ 1000, label `db`',
    },
    dbKeysSubexpiry: {
      name: 'redis_db_keys_subexpiry',
      type: 'gauge',
      layer: 3,
      labels: ['db'],
      help: 'Keys with hash-field expiries (INFO keyspace subexpiry).',
      doc: 'INFO keyspace `subexpiry` (Redis 7.4+), label `db`',
    },
  },
);

export const keyspaceCollector: Collector = {
  name: 'keyspace',
  needsRedis: true,
  collect({ info, config, extras }, sink) {
    const present = new Set<string>();
    for (const db of info.keyspace) {
      present.add(db.db);
      sink.emit(FAMILIES.dbKeys, db.keys, DB.of(db.db));
      sink.emit(FAMILIES.dbKeysExpiring, db.expires, DB.of(db.db));
      if (db.avgTtlMs !== undefined) {
        sink.emit(FAMILIES.dbAvgTtlSeconds, db.avgTtlMs / 1000, DB.of(db.db));
      }
      if (db.subexpiry !== undefined) {
        sink.emit(FAMILIES.dbKeysSubexpiry, db.subexpiry, DB.of(db.db));
      }
    }
    const databases = extras.clusterInfo ? 1 : (config?.number('databases') ?? DEFAULT_DATABASES);
    for (let i = 0; i < Math.min(databases, 1024); i++) {
      const db = `db${i}`;
      if (present.has(db)) continue;
      sink.emit(FAMILIES.dbKeys, 0, DB.of(db));
      sink.emit(FAMILIES.dbKeysExpiring, 0, DB.of(db));
    }
  },
};
