import perfHooks from 'node:perf_hooks';
import { Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import type { LoopLag } from './loop-lag.js';

/**
 * prom-client's default metrics without its event-loop-delay monitor, which keeps a 10 ms timer
 * running (see loop-lag.ts, which serves the same eight nodejs_eventloop_lag_* names).
 * collectDefaultMetrics cannot leave one metric out, so while it runs monitorEventLoopDelay
 * answers "not implemented": prom-client then skips the lag family (its path for runtimes
 * without the monitor). The rest are registered in prom-client's order, ours in its place.
 */
export function registerProcessMetrics(registry: Registry, loopLag: LoopLag): void {
  const staging = new Registry();
  const monitor = perfHooks.monitorEventLoopDelay;
  perfHooks.monitorEventLoopDelay = () => {
    throw Object.assign(new Error('event-loop lag comes from the poll timers'), { code: 'ERR_NOT_IMPLEMENTED' });
  };
  try {
    collectDefaultMetrics({ register: staging });
  } finally {
    perfHooks.monitorEventLoopDelay = monitor;
  }
  // Typed as plain objects, but they are the metric instances themselves.
  for (const metric of staging.getMetricsAsArray() as unknown as Metric[]) {
    registry.registerMetric(metric);
    // prom-client registers the lag family right after the file-descriptor limit.
    if ((metric as unknown as { name: string }).name === 'process_max_fds') loopLag.register(registry);
  }
}
