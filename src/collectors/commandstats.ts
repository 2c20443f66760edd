import type { Collector } from './types.js';
import { families } from '../exposition/family.js';
import { LabelPairSets, LabelSets } from '../exposition/labels.js';

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'commandstats', section: 'commands' },
  {
    commandsTotal: { name: 'redis_commands_total', type: 'counter', layer: 1, labels: ['cmd'], help: 'Calls per command (INFO commandstats calls).', doc: 'INFO commandstats `calls`, label `cmd`' },
    commandsDurationSecondsTotal: {
      name: 'redis_commands_duration_seconds_total',
      type: 'counter',
      layer: 1,
      labels: ['cmd'],
      help: 'Time spent per command (INFO commandstats usec / 1e6).',
      doc: 'INFO commandstats `usec` ÷ 1e6, label `cmd`',
    },
    commandsRejectedCallsTotal: {
      name: 'redis_commands_rejected_calls_total',
      type: 'counter',
      layer: 1,
      labels: ['cmd'],
      help: 'Calls rejected before execution, e.g. OOM or MISCONF (INFO commandstats rejected_calls).',
      doc: 'INFO commandstats `rejected_calls` (OOM, MISCONF, …), label `cmd`',
    },
    latencyPercentilesUsec: {
      name: 'redis_latency_percentiles_usec',
      type: 'summary',
      layer: 1,
      compat: true,
      labels: ['cmd'],
      help: 'Latency percentiles per command in µs (INFO latencystats).',
      doc: 'INFO latencystats (µs), labels `cmd`, `quantile` (50, 99, 99.9); `_sum`/`_count` from commandstats',
    },
    commandsLatencySeconds: {
      name: 'redis_commands_latency_seconds',
      type: 'summary',
      layer: 3,
      labels: ['cmd'],
      help: 'Latency percentiles per command (INFO latencystats, in seconds).',
      doc: 'INFO latencystats in seconds, labels `cmd`, `quantile` (0.5, 0.99, 0.999)',
    },
    commandsFailedCallsTotal: {
      name: 'redis_commands_failed_calls_total',
      type: 'counter',
      layer: 1,
      labels: ['cmd'],
      help: 'Calls that failed during execution (INFO commandstats failed_calls).',
      doc: 'INFO commandstats `failed_calls`, label `cmd`',
    },
  },
);

// One labels object per command (and quantile) for the process, so the render can tell an unchanged series without reading its labels.
const CMD = new LabelSets('cmd');
const CMD_QUANTILE = new LabelPairSets('cmd', 'quantile');

/** A percentile's name (`99.9`) as a quantile label (`0.999`). */
export function quantileText(percentile: string): string {
  return String(Number((Number(percentile) / 100).toPrecision(10)));
}

/** Percentile names seen (a server has three or so: 50, 99, 99.9) → their quantile label; capped, past that computed. */
const QUANTILES = new Map<string, string>();
const QUANTILES_MAX = 64;

/** quantileText, worked out once per percentile name for the process rather than per command and poll. */
export function quantileOf(percentile: string): string {
  let q = QUANTILES.get(percentile);
  if (q === undefined) {
    q = quantileText(percentile);
    if (QUANTILES.size < QUANTILES_MAX) QUANTILES.set(percentile, q);
  }
  return q;
}

/** INFO commandstats and latencystats: per-command calls, time, failures and latency percentiles. */
export const commandstatsCollector: Collector = {
  name: 'commandstats',
  needsRedis: true,
  collect({ info }, sink) {
    // forEach, not for-of over entries: no entry array and iterator result per command (unoptimised code).
    info.commandstats.forEach((s, cmd) => {
      const labels = CMD.of(cmd);
      sink.emit(FAMILIES.commandsTotal, s.calls, labels);
      sink.emit(FAMILIES.commandsDurationSecondsTotal, s.usec / 1e6, labels);
      sink.emit(FAMILIES.commandsRejectedCallsTotal, s.rejectedCalls, labels);
      sink.emit(FAMILIES.commandsFailedCallsTotal, s.failedCalls, labels);
    });
    info.latencyPercentiles.forEach((points, cmd) => {
      const stat = info.commandstats.get(cmd);
      points.forEach((usec, q) => {
        sink.part(FAMILIES.latencyPercentilesUsec, undefined, usec, CMD_QUANTILE.of(cmd, q));
        sink.part(FAMILIES.commandsLatencySeconds, undefined, usec / 1e6, CMD_QUANTILE.of(cmd, quantileOf(q)));
      });
      if (!stat) return;
      const labels = CMD.of(cmd);
      sink.part(FAMILIES.latencyPercentilesUsec, '_sum', stat.usec, labels);
      sink.part(FAMILIES.latencyPercentilesUsec, '_count', stat.calls, labels);
      sink.part(FAMILIES.commandsLatencySeconds, '_sum', stat.usec / 1e6, labels);
      sink.part(FAMILIES.commandsLatencySeconds, '_count', stat.calls, labels);
    });
  },
};
