import { createRequire } from 'node:module';
import type { Registry } from 'prom-client';
import type { LoopLag } from './loop-lag.js';

type DefaultMetric = (registry: Registry, config: Record<string, unknown>) => void;

/**
 * prom-client's default metrics, each its own module, minus `eventLoopLag`: collectDefaultMetrics
 * has no way to leave one out, and that one keeps a 10 ms timer running (see loop-lag.ts, which
 * serves the same eight nodejs_eventloop_lag_* names). The rest only work when rendered.
 * Same list and order as prom-client 15's lib/defaultMetrics.js.
 */
const MODULES = [
  'processCpuTotal',
  'processStartTime',
  'osMemoryHeap',
  'processOpenFileDescriptors',
  'processMaxFileDescriptors',
  'processResources',
  'processHandles',
  'processRequests',
  'heapSizeAndUsed',
  'heapSpacesSizeAndUsed',
  'version',
  'gc',
] as const;

const require = createRequire(import.meta.url);

export function registerProcessMetrics(registry: Registry, loopLag: LoopLag): void {
  for (const name of MODULES) {
    if (name === 'processResources' && typeof process.getActiveResourcesInfo !== 'function') continue;
    (require(`prom-client/lib/metrics/${name}`) as DefaultMetric)(registry, {});
    // prom-client registers the lag family between the file-descriptor and resource metrics.
    if (name === 'processMaxFileDescriptors') loopLag.register(registry);
  }
}
