import { performance } from 'node:perf_hooks';
import type { Fetcher, FetchContext } from '../types.js';
import { toNumber } from '../../parse/info.js';

declare module '../types.js' {
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

/**
 * Derives the replication write rate from INFO alone (no command): the change in
 * master_repl_offset since the previous poll over the time between them. The previous reading
 * lives in this fetcher instance (one per target). No rate on the first poll, after a
 * replication-ID change or an offset that went backwards (restart, failover): the two readings
 * do not describe one stream. The clock is monotonic, so a wall-clock step cannot skew it.
 * Registered first among fetchers so its timestamp sits right after INFO's reply.
 */
export function replRateFetcher(clock: () => number = () => performance.now()): Fetcher {
  let prev: Reading | undefined;
  return {
    name: 'repl_backlog',
    async fetch(ctx: FetchContext) {
      const offset = toNumber(ctx.info.fields.get('master_repl_offset'));
      const replid = ctx.info.fields.get('master_replid') ?? '';
      const atMs = clock();
      const last = prev;
      prev = offset === undefined ? undefined : { replid, offset, atMs };
      if (!last || offset === undefined || last.replid !== replid || offset < last.offset) return {};
      const seconds = (atMs - last.atMs) / 1000;
      if (seconds <= 0) return {};
      return { replWriteRate: (offset - last.offset) / seconds };
    },
  };
}
