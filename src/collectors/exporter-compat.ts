import type { Collector } from './types.js';

/**
 * redis_exporter 1.45's per-scrape self-metrics, mapped to polls (docs/metrics.md): its
 * "scrape" talked to Redis, a poll does that here. Compat-only (src/metrics/compat.ts); runs
 * while Redis is down, since then last_scrape_error says why.
 */
export const exporterCompatCollector: Collector = {
  name: 'exporter_compat',
  withoutRedis: true,
  collect({ extras }, sink) {
    const p = extras.poll;
    if (!p) return;
    sink.counter('redis_exporter_scrapes_total', 'Polls of this target (redis_exporter: scrapes).', p.polls);
    sink.gauge('redis_exporter_last_scrape_error', '1 if the last poll failed (label err says why), 0 if it succeeded.', p.error === undefined ? 0 : 1, { err: p.error ?? '' });
    sink.gauge('redis_exporter_last_scrape_duration_seconds', 'Duration of the last poll (connect, INFO, CONFIG, fetchers).', p.durationSeconds);
    sink.gauge('redis_exporter_last_scrape_connect_time_seconds', 'Time the last poll spent connecting to Redis; 0 when it reused the open connection.', p.connectSeconds);
    const help = 'Durations of polls (redis_exporter: scrapes), as a summary without quantiles.';
    sink.summaryPart('redis_exporter_scrape_duration_seconds', help, '_sum', p.durationSumSeconds, {});
    sink.summaryPart('redis_exporter_scrape_duration_seconds', help, '_count', p.polls, {});
  },
};
