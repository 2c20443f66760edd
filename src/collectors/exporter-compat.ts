import type { Collector } from './types.js';

/** What a poll knows about itself when the collectors finish fetching. */
export interface PollRecord {
  /** Polls of this target so far, this one included. */
  readonly polls: number;
  /** Why this poll failed; undefined when it succeeded. */
  readonly error: string | undefined;
  /** This poll until this collector ran: connect, INFO, CONFIG and every other collector's fetch. */
  readonly durationSeconds: number;
  readonly durationSumSeconds: number;
  readonly connectSeconds: number;
}

declare module './types.js' {
  interface PollExtras {
    poll?: PollRecord;
  }
}

/**
 * redis_exporter 1.45's per-scrape self-metrics, mapped to polls (docs/metrics.md): its
 * "scrape" talked to Redis, a poll does that here. Compat-only (src/exposition/compat.ts). It
 * runs last and while Redis is down, since then last_scrape_error says why. One per target: it
 * keeps the running count and duration sum.
 */
export function exporterCompatCollector(): Collector {
  let polls = 0;
  let durationSum = 0;
  return {
    name: 'exporter_compat',
    needsRedis: false,
    async fetch(ctx) {
      if (!ctx.poll) return {};
      const durationSeconds = Number(process.hrtime.bigint() - ctx.poll.startedNs) / 1e9;
      polls++;
      durationSum += durationSeconds;
      return { poll: { polls, error: ctx.poll.error, durationSeconds, durationSumSeconds: durationSum, connectSeconds: ctx.poll.connectSeconds } };
    },
    collect({ extras }, sink) {
      const p = extras.poll;
      if (!p) return;
      sink.counter('redis_exporter_scrapes_total', 'Polls of this target (redis_exporter: scrapes).', p.polls);
      sink.gauge('redis_exporter_last_scrape_error', '1 if the last poll failed (label err says why), 0 if it succeeded.', p.error === undefined ? 0 : 1, { err: p.error ?? '' });
      sink.gauge('redis_exporter_last_scrape_duration_seconds', 'Duration of the last poll (connect, INFO, CONFIG, other collectors).', p.durationSeconds);
      sink.gauge('redis_exporter_last_scrape_connect_time_seconds', 'Time the last poll spent connecting to Redis; 0 when it reused the open connection.', p.connectSeconds);
      const help = 'Durations of polls (redis_exporter: scrapes), as a summary without quantiles.';
      sink.summaryPart('redis_exporter_scrape_duration_seconds', help, '_sum', p.durationSumSeconds, {});
      sink.summaryPart('redis_exporter_scrape_duration_seconds', help, '_count', p.polls, {});
    },
  };
}
