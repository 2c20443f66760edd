import type { ParsedInfo } from '../parse/info.js';
import { toNumber } from '../parse/info.js';
import type { Collector, FetchContext } from './types.js';
import { families } from '../exposition/family.js';

export interface RestartReading {
  /** Restarts seen by this exporter: run_id changed or uptime went back. */
  readonly observed: number;
  /** The most recent one: when it was seen and how many keys Redis held in its last poll before. */
  readonly last?: { readonly seenAt: number; readonly keysBefore: number; readonly runId: string };
}

declare module './types.js' {
  interface PollExtras {
    restarts?: RestartReading;
  }
}

const totalKeys = (info: ParsedInfo) => info.keyspace.reduce((n, db) => n + (db.keys ?? 0), 0);

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'restarts', section: 'doctor' },
  {
    restartsObservedTotal: {
      name: 'redis_restarts_observed_total',
      type: 'counter',
      layer: 3,
      labels: [],
      help: 'Restarts of this Redis seen by the exporter (run_id changed or uptime went back) since the exporter started.',
      doc: 'restarts of this Redis the exporter saw (run_id changed or uptime went back between two successful polls) since the exporter started',
    },
    keysBeforeLastRestart: {
      name: 'redis_keys_before_last_restart',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Keys Redis held at the last poll before the last observed restart.',
      doc: 'keys Redis held at the last successful poll before the last observed restart (the `dataset-lost-on-restart` check compares it with the keys now); absent until a restart is seen',
    },
    lastRestartObservedTimestampSeconds: {
      name: 'redis_last_restart_observed_timestamp_seconds',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Unix time of the poll that saw the last restart.',
      doc: 'Unix time of the poll that saw the last restart; absent until one is seen',
    },
  },
);

/**
 * Remembers each target's run_id, uptime and key count across polls (and across outages, as
 * only successful polls count), so a restart and what it lost can be judged after the fact.
 * Keys are not taken from a Redis that is still loading: they are only part of its dataset.
 */
export function restartsCollector(): Collector {
  let prev: { runId: string; uptime: number; keys: number } | undefined;
  let observed = 0;
  let last: RestartReading['last'];
  return {
    name: 'restarts',
    needsRedis: true,
    // From INFO alone: its fields come at once, with no promise to wait for.
    fetch(ctx: FetchContext) {
      const runId = ctx.info.fields.get('run_id');
      const uptime = toNumber(ctx.info.fields.get('uptime_in_seconds'));
      if (!ctx.redisUp || runId === undefined || uptime === undefined) return {};
      const loading = ctx.info.fields.get('loading') === '1';
      if (prev && (runId !== prev.runId || uptime < prev.uptime)) {
        observed++;
        last = { seenAt: ctx.now, keysBefore: prev.keys, runId };
      }
      // While loading, the count before stays the best known size of this dataset.
      prev = { runId, uptime, keys: loading ? (prev?.keys ?? 0) : totalKeys(ctx.info) };
      return { restarts: { observed, ...(last ? { last } : {}) } };
    },
    collect({ extras }, sink) {
      const r = extras.restarts;
      if (!r) return;
      sink.emit(FAMILIES.restartsObservedTotal, r.observed);
      if (r.last) {
        sink.emit(FAMILIES.keysBeforeLastRestart, r.last.keysBefore);
        sink.emit(FAMILIES.lastRestartObservedTimestampSeconds, r.last.seenAt);
      }
    },
  };
}
