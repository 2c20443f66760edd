import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

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

  /** setTimeout that records how late it fired. */
  setTimeout(fn: () => void, delayMs: number): NodeJS.Timeout {
    const due = performance.now() + delayMs;
    return setTimeout(() => {
      this.record(performance.now() - due);
      fn();
    }, delayMs);
  }

  /** A lateness in ms; a timer can fire a little before `due` by our clock (libuv's is cached). */
  record(lateMs: number): void {
    this.histogram.record(Math.max(1, Math.round(lateMs * 1e6)));
  }

  /** The eight nodejs_eventloop_lag_* gauges prom-client's default metrics serve, same names. */
  register(registry: Registry): void {
    const h = this.histogram;
    const gauge = (name: string, help: string, collect?: () => void) => new Gauge({ name, help, registers: [registry], ...(collect ? { collect } : {}) });
    // The probe first: its collect sets the other gauges, and a registry renders in registration order.
    const probe: Gauge = gauge('nodejs_eventloop_lag_seconds', 'Lag of event loop in seconds: how long a setImmediate queued by the previous render waited.', () => {
      const start = process.hrtime.bigint();
      setImmediate(() => probe.set(Number(process.hrtime.bigint() - start) / 1e9));
      if (h.count === 0) return;
      for (const [g, read] of stats) g.set(read() / 1e9);
      h.reset();
    });
    const stats: [Gauge, () => number][] = [
      [gauge('nodejs_eventloop_lag_min_seconds', 'The minimum lateness of the poll timers since the previous render.'), () => h.min],
      [gauge('nodejs_eventloop_lag_max_seconds', 'The maximum lateness of the poll timers since the previous render.'), () => h.max],
      [gauge('nodejs_eventloop_lag_mean_seconds', 'The mean lateness of the poll timers since the previous render.'), () => h.mean],
      [gauge('nodejs_eventloop_lag_stddev_seconds', "The standard deviation of the poll timers' lateness since the previous render."), () => h.stddev],
      [gauge('nodejs_eventloop_lag_p50_seconds', "The 50th percentile of the poll timers' lateness since the previous render."), () => h.percentile(50)],
      [gauge('nodejs_eventloop_lag_p90_seconds', "The 90th percentile of the poll timers' lateness since the previous render."), () => h.percentile(90)],
      [gauge('nodejs_eventloop_lag_p99_seconds', "The 99th percentile of the poll timers' lateness since the previous render."), () => h.percentile(99)],
    ];
  }
}
