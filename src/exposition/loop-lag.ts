import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { noteWork } from '../config/v8-tiering.js';
import { families } from './family.js';
import { single, type SelfFamily } from './self-text.js';

const lag = (name: string, help: string, doc: string) => ({ name, type: 'gauge' as const, layer: 3 as const, labels: [], help, doc });

export const FAMILIES = families(
  { collector: 'process', section: 'runtime' },
  {
    probe: lag(
      'nodejs_eventloop_lag_seconds',
      'Lag of event loop in seconds: how long a setImmediate queued by the previous render waited.',
      'how long a `setImmediate` queued by the previous render of these series waited',
    ),
    min: lag('nodejs_eventloop_lag_min_seconds', 'The minimum lateness of the poll timers since the previous render.', 'least lateness of the poll timers since the previous render that had any'),
    max: lag('nodejs_eventloop_lag_max_seconds', 'The maximum lateness of the poll timers since the previous render.', 'greatest lateness of the poll timers, same window'),
    mean: lag('nodejs_eventloop_lag_mean_seconds', 'The mean lateness of the poll timers since the previous render.', 'mean lateness of the poll timers, same window'),
    stddev: lag('nodejs_eventloop_lag_stddev_seconds', "The standard deviation of the poll timers' lateness since the previous render.", 'standard deviation of it, same window'),
    p50: lag('nodejs_eventloop_lag_p50_seconds', "The 50th percentile of the poll timers' lateness since the previous render.", 'median lateness, same window'),
    p90: lag('nodejs_eventloop_lag_p90_seconds', "The 90th percentile of the poll timers' lateness since the previous render.", '90th percentile, same window'),
    p99: lag('nodejs_eventloop_lag_p99_seconds', "The 99th percentile of the poll timers' lateness since the previous render.", '99th percentile, same window'),
  },
);

const STATS = [FAMILIES.min, FAMILIES.max, FAMILIES.mean, FAMILIES.stddev, FAMILIES.p50, FAMILIES.p90, FAMILIES.p99];

/**
 * Event-loop lag without a timer of its own. prom-client's monitor wakes the process every 10 ms
 * (monitorEventLoopDelay) to time its own lateness: about 0.5 CPU s/min of a process that is
 * otherwise asleep, 25× a bare Node timer. Here the samples are the lateness of timers the
 * exporter runs anyway (every target's poll timer): how long after its due time each fired, i.e.
 * how long the loop was busy with something else when a poll should have started. The same
 * quantity monitorEventLoopDelay records, sampled at every poll instead of every 10 ms, so it
 * costs one clock read per poll and nothing between polls (docs/metrics.md).
 *
 * The min/max/mean/stddev/pNN gauges cover the samples since the previous render that had any
 * (a render with no new sample keeps the last values); nodejs_eventloop_lag_seconds is, as with
 * prom-client, a setImmediate probe started at a render and shown by the next.
 */
export class LoopLag {
  private readonly histogram: RecordableHistogram = createHistogram();
  /** What the last setImmediate probe measured, in seconds. */
  private probe = 0;
  /** min, max, mean, stddev, p50, p90, p99 of the last window with samples, in seconds (0 before any). */
  private stats: number[] = [];

  /** setTimeout that records how late it fired. */
  setTimeout(fn: () => void, delayMs: number): NodeJS.Timeout {
    const due = performance.now() + delayMs;
    return setTimeout(() => {
      const now = performance.now();
      this.record(now - due);
      noteWork(now); // dozens of polls a second want the optimizing compiler (config/v8-tiering.ts)
      fn();
    }, delayMs);
  }

  /** A lateness in ms; a timer can fire a little before `due` by our clock (libuv's is cached). */
  record(lateMs: number): void {
    this.histogram.record(Math.max(1, Math.round(lateMs * 1e6)));
  }

  /** The eight nodejs_eventloop_lag_* families prom-client's default metrics served, same names, HELP and order. */
  collect(): SelfFamily[] {
    const h = this.histogram;
    const shown = this.probe;
    // The probe: how long a setImmediate queued now waits, shown by the next render.
    const start = process.hrtime.bigint();
    setImmediate(() => {
      this.probe = Number(process.hrtime.bigint() - start) / 1e9;
    });
    if (h.count > 0) {
      this.stats = [h.min, h.max, h.mean, h.stddev, h.percentile(50), h.percentile(90), h.percentile(99)].map((ns) => ns / 1e9);
      h.reset();
    }
    return [single(FAMILIES.probe, shown), ...STATS.map((f, i) => single(f, this.stats[i] ?? 0))];
  }
}
