import type { Collector } from './types.js';
import { families } from '../exposition/family.js';
import type { SampleSink } from '../exposition/sample.js';

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

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'exporter_compat', section: 'self-compat' },
  {
    exporterScrapesTotal: {
      name: 'redis_exporter_scrapes_total',
      type: 'counter',
      layer: 1,
      compat: true,
      labels: [],
      help: 'Polls of this target (redis_exporter: scrapes).',
      doc: 'polls of the target so far',
    },
    exporterLastScrapeError: {
      name: 'redis_exporter_last_scrape_error',
      type: 'gauge',
      layer: 1,
      compat: true,
      labels: ['err'],
      help: '1 if the last poll failed (label err says why), 0 if it succeeded.',
      doc: '1 if the last poll failed, 0 if not; label `err`: why (empty when it succeeded; echoed command arguments removed)',
    },
    exporterLastScrapeDurationSeconds: {
      name: 'redis_exporter_last_scrape_duration_seconds',
      type: 'gauge',
      layer: 1,
      compat: true,
      labels: [],
      help: 'Duration of the last poll (connect, INFO, CONFIG, other collectors).',
      doc: 'duration of the last poll up to its collectors: connect, INFO, CONFIG and every fetcher',
    },
    exporterLastScrapeConnectTimeSeconds: {
      name: 'redis_exporter_last_scrape_connect_time_seconds',
      type: 'gauge',
      layer: 1,
      compat: true,
      labels: [],
      help: 'Time the last poll spent connecting to Redis; 0 when it reused the open connection.',
      doc: 'time the last poll spent connecting to Redis (TCP, TLS, AUTH, HELLO); 0 when the connection was already open',
    },
    lastKeyGroupsScrapeDurationMs: {
      name: 'redis_last_key_groups_scrape_duration_milliseconds',
      type: 'gauge',
      layer: 1,
      compat: true,
      labels: [],
      help: 'Always 0: key groups (--check-key-groups) are not scanned here; redis_exporter serves 0 without them too.',
      doc: 'always 0 while Redis answers: key groups (`--check-key-groups`) are not offered, and redis_exporter 1.45 serves this 0 whenever they are off',
    },
    exporterScrapeDurationSeconds: {
      name: 'redis_exporter_scrape_duration_seconds',
      type: 'summary',
      layer: 1,
      compat: true,
      labels: [],
      help: 'Durations of polls (redis_exporter: scrapes), as a summary without quantiles.',
      doc: '`_sum` and `_count` of poll durations, no quantiles (as redis_exporter)',
    },
  },
);

/**
 * redis_exporter 1.45's per-scrape self-metrics, mapped to polls (docs/metrics.md): its
 * "scrape" talked to Redis, a poll does that here. Compat-only (`compat: true` below). It
 * runs last and while Redis is down, since then last_scrape_error says why. One per target: it
 * keeps the running count and duration sum.
 */
export function exporterCompatCollector(): Collector {
  let polls = 0;
  let durationSum = 0;
  return {
    name: 'exporter_compat',
    needsRedis: false,
    // No I/O: it runs even after a slow poll's deadline, so that poll's failure is still served.
    instant: true,
    fetch(ctx) {
      if (!ctx.poll) return {};
      const durationSeconds = Number(process.hrtime.bigint() - ctx.poll.startedNs) / 1e9;
      polls++;
      durationSum += durationSeconds;
      return { poll: { polls, error: ctx.poll.error, durationSeconds, durationSumSeconds: durationSum, connectSeconds: ctx.poll.connectSeconds } };
    },
    collect({ extras, redisUp }, sink) {
      if (extras.poll) emitPollRecord(extras.poll, sink);
      // As 1.45 with --check-key-groups unset: a 0 on every scrape that reached Redis.
      if (redisUp) sink.emit(FAMILIES.lastKeyGroupsScrapeDurationMs, 0);
    },
  };
}

/**
 * The series of one PollRecord. Also used for a snapshot no poll refreshed in time (stale): the
 * last record with that as its error, so `redis_exporter_last_scrape_error > 0` fires and the
 * count stands still (`rate(redis_exporter_scrapes_total[5m]) == 0`) instead of both vanishing.
 */
export function emitPollRecord(p: PollRecord, sink: SampleSink): void {
  sink.emit(FAMILIES.exporterScrapesTotal, p.polls);
  sink.emit(FAMILIES.exporterLastScrapeError, p.error === undefined ? 0 : 1, { err: p.error ?? '' });
  sink.emit(FAMILIES.exporterLastScrapeDurationSeconds, p.durationSeconds);
  sink.emit(FAMILIES.exporterLastScrapeConnectTimeSeconds, p.connectSeconds);
  sink.part(FAMILIES.exporterScrapeDurationSeconds, '_sum', p.durationSumSeconds, {});
  sink.part(FAMILIES.exporterScrapeDurationSeconds, '_count', p.polls, {});
}
