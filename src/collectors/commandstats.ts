import type { Collector } from './types.js';

/** INFO commandstats and latencystats: per-command calls, time, failures and latency percentiles. */
export const commandstatsCollector: Collector = {
  name: 'commandstats',
  needsRedis: true,
  collect({ info }, sink) {
    for (const [cmd, s] of info.commandstats) {
      const labels = { cmd };
      sink.counter('redis_commands_total', 'Calls per command (INFO commandstats calls).', s.calls, labels);
      sink.counter('redis_commands_duration_seconds_total', 'Time spent per command (INFO commandstats usec / 1e6).', s.usec / 1e6, labels);
      sink.counter('redis_commands_rejected_calls_total', 'Calls rejected before execution, e.g. OOM or MISCONF (INFO commandstats rejected_calls).', s.rejectedCalls, labels);
      sink.counter('redis_commands_failed_calls_total', 'Calls that failed during execution (INFO commandstats failed_calls).', s.failedCalls, labels);
    }
    for (const [cmd, points] of info.latencyPercentiles) {
      const stat = info.commandstats.get(cmd);
      for (const [q, usec] of points) {
        sink.summaryPart('redis_latency_percentiles_usec', 'Latency percentiles per command in µs (INFO latencystats).', undefined, usec, { cmd, quantile: q });
        sink.summaryPart('redis_commands_latency_seconds', 'Latency percentiles per command (INFO latencystats, in seconds).', undefined, usec / 1e6, { cmd, quantile: String(Number((Number(q) / 100).toPrecision(10))) });
      }
      if (!stat) continue;
      sink.summaryPart('redis_latency_percentiles_usec', '', '_sum', stat.usec, { cmd });
      sink.summaryPart('redis_latency_percentiles_usec', '', '_count', stat.calls, { cmd });
      sink.summaryPart('redis_commands_latency_seconds', '', '_sum', stat.usec / 1e6, { cmd });
      sink.summaryPart('redis_commands_latency_seconds', '', '_count', stat.calls, { cmd });
    }
  },
};
