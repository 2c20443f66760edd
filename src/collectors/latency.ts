import { parseLatencyLatest, type LatencyEvent } from '../parse/latency.js';
import { CommandGates } from '../redis/command-gate.js';
import type { Collector } from './types.js';
import { families } from '../exposition/family.js';

declare module './types.js' {
  interface PollExtras {
    /** LATENCY LATEST; absent when the command is refused or failed. */
    latency?: readonly LatencyEvent[];
  }
}

/** Families this collector emits (docs/metrics.md is generated from them). */
export const FAMILIES = families(
  { collector: 'latency', section: 'latency' },
  {
    latencySpikeLast: {
      name: 'redis_latency_spike_last',
      type: 'gauge',
      layer: 1,
      compat: true,
      labels: ['event_name'],
      help: 'Unix time of the latest spike of the latency event (LATENCY LATEST).',
      doc: '`LATENCY LATEST` time of the latest spike (unix seconds), label `event_name` (`command`, `fast-command`, `fork`, `aof-fsync-always`, `aof-write-pending-fsync`, `aof-write-active-child`, `rdb-unlink-temp-file`, `expire-cycle`, …)',
    },
    latencySpikeDurationSeconds: {
      name: 'redis_latency_spike_duration_seconds',
      type: 'gauge',
      layer: 1,
      labels: ['event_name'],
      help: 'Duration of the latest spike of the latency event (LATENCY LATEST latest ms / 1000).',
      doc: '`LATENCY LATEST` latest spike ms ÷ 1000, label `event_name`',
    },
    latencySpikeLastTimestampSeconds: {
      name: 'redis_latency_spike_last_timestamp_seconds',
      type: 'gauge',
      layer: 3,
      labels: ['event_name'],
      help: 'Unix time of the latest latency spike of the event (LATENCY LATEST).',
      doc: 'same value as `redis_latency_spike_last`, label `event_name`',
    },
    latencySpikeMaxSeconds: {
      name: 'redis_latency_spike_max_seconds',
      type: 'gauge',
      layer: 3,
      labels: ['event_name'],
      help: 'Longest latency spike of the event since it was last reset (LATENCY LATEST max / 1000).',
      doc: '`LATENCY LATEST` max spike ms ÷ 1000 since the event was reset, label `event_name`',
    },
  },
);

/**
 * LATENCY LATEST per event class (command, fork, aof-fsync-always, aof-write-pending-fsync,
 * aof-write-active-child, rdb-unlink-temp-file, expire-cycle, …): one command per poll, a few
 * dozen bytes, O(event classes) on the server. Nothing is recorded while
 * latency-monitor-threshold is 0: redis_config_latency_monitor_threshold_seconds shows that.
 */
export function latencyCollector(): Collector {
  return SHARED;
}

// No state of a target but its refusals, kept by the gates per target: one object for every target.
const gate = new CommandGates('LATENCY LATEST', 'redis_latency_spike_* are off');
const LATENCY_LATEST = ['LATENCY', 'LATEST'];
const SHARED: Collector = Object.freeze<Collector>({
  name: 'latency',
  needsRedis: true,
  commands(ctx) {
    return gate.refused(ctx.info.fields.get('run_id') ?? '', ctx.source) ? [] : [LATENCY_LATEST];
  },
  commandsWithInfo: (runId, source) => (gate.refused(runId, source) ? [] : [LATENCY_LATEST]),
  async fetch(ctx) {
    const runId = ctx.info.fields.get('run_id') ?? '';
    const reply = await gate.run(runId, ctx, () => ctx.source.command(LATENCY_LATEST));
    return reply === undefined ? {} : { latency: parseLatencyLatest(reply) };
  },
  collect({ extras }, sink) {
    for (const e of extras.latency ?? []) {
      const labels = { event_name: e.event };
      // Layer 1: redis_exporter's names and conversions (time as unix seconds, latest spike ms / 1000).
      sink.emit(FAMILIES.latencySpikeLast, e.lastSpikeAt, labels);
      sink.emit(FAMILIES.latencySpikeDurationSeconds, e.latestMs / 1000, labels);
      // Layer 3: the unit-suffixed twin, and the worst spike since the event was reset.
      sink.emit(FAMILIES.latencySpikeLastTimestampSeconds, e.lastSpikeAt, labels);
      sink.emit(FAMILIES.latencySpikeMaxSeconds, e.maxMs / 1000, labels);
    }
  },
});
