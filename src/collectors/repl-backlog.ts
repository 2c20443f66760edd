import { toNumber } from '../parse/info.js';
import type { Collector } from './types.js';
import { families } from '../exposition/family.js';

declare module './types.js' {
  interface PollExtras {
    /** Replication stream write rate, bytes/s, from master_repl_offset between this poll and the last. */
    replWriteRate?: number;
  }
}

interface Reading {
  readonly replid: string;
  readonly offset: number;
  readonly atMs: number;
}

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'repl_backlog', section: 'replication' },
  {
    replBacklogSeconds: {
      name: 'redis_repl_backlog_seconds',
      type: 'gauge',
      layer: 3,
      labels: [],
      help: 'Seconds of replication traffic the backlog holds at the current write rate (repl_backlog_size / rate of master_repl_offset between polls); a replica away longer needs a full resync.',
      doc: 'INFO `repl_backlog_size` ÷ the rate of `master_repl_offset` between two polls: how long a replica may be away and still partially resync; absent on the first poll, while the backlog is inactive, and when nothing was written (rate 0)',
    },
  },
);

/**
 * redis_repl_backlog_seconds: how long a replica may stay away and still resume with a partial
 * resync at the current write rate, i.e. repl_backlog_size / bytes per second. It uses the
 * backlog's size (its capacity once full) rather than histlen, because the capacity is what
 * decides whether a replica disconnecting now can catch up. No series when the backlog is
 * inactive, on the first poll (no rate yet) or when the rate is 0 (the backlog would last forever).
 *
 * The rate comes from INFO alone (no command): the change in master_repl_offset since the
 * previous poll over the time between the two INFO replies (a monotonic clock, so a wall-clock
 * step cannot skew it). The previous reading lives in this instance (one per target). No rate
 * after a replication-ID change or an offset that went backwards (restart, failover): the two
 * readings do not describe one stream.
 */
export function replBacklogCollector(): Collector {
  let prev: Reading | undefined;
  return {
    name: 'repl_backlog',
    needsRedis: true,
    // From INFO alone: its fields come at once, with no promise to wait for.
    fetch({ info, infoAtMs }) {
      const offset = toNumber(info.fields.get('master_repl_offset'));
      const replid = info.fields.get('master_replid') ?? '';
      const last = prev;
      prev = offset === undefined ? undefined : { replid, offset, atMs: infoAtMs };
      if (!last || offset === undefined || last.replid !== replid || offset < last.offset) return {};
      const seconds = (infoAtMs - last.atMs) / 1000;
      if (seconds <= 0) return {};
      return { replWriteRate: (offset - last.offset) / seconds };
    },
    collect({ info, extras }, sink) {
      const rate = extras.replWriteRate;
      const size = toNumber(info.fields.get('repl_backlog_size'));
      if (info.fields.get('repl_backlog_active') !== '1' || rate === undefined || rate <= 0 || size === undefined) return;
      sink.emit(FAMILIES.replBacklogSeconds, size / rate);
    },
  };
}
