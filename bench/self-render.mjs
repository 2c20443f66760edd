// Bytes allocated by one render of the exporter's own series (self-metrics: process and Node.js
// families), median over GC-free renders. usage: node bench/self-render.mjs <dist dir, absolute>. Measures only.
import { getHeapStatistics } from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';
const dist = process.argv[2];
const { SelfMetrics } = await import(`${dist}/exposition/self-metrics.js`);
const self = new SelfMetrics({ defaultMetrics: true });
let gcs = 0;
new PerformanceObserver((l) => (gcs += l.getEntries().length)).observe({ entryTypes: ['gc'] });
for (let i = 0; i < 20; i++) await self.render();
const a = [];
for (let i = 0; i < 200; i++) {
  const g = gcs,
    h = getHeapStatistics().used_heap_size;
  await self.render();
  const d = getHeapStatistics().used_heap_size - h;
  await new Promise((r) => setImmediate(r));
  if (gcs === g) a.push(d);
}
a.sort((x, y) => x - y);
console.log(dist, 'bytes allocated per self render, median', a[a.length >> 1], `(${a.length} GC-free)`);
