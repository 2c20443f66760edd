// CPU of one poll as a function of the pause before it (a poll every 15 s costs ~3× one run back
// to back): N polls GAP ms apart in one process, CPU per cycle over all threads (schedstat, ns)
// and on the main thread, plus bytes allocated per poll (heap used before/after a poll in which
// no GC ran). usage: node [node flags] bench/poll-gap.mjs DIST GAP_MS N [flag=value ...]
// Needs a redis-server on 127.0.0.1:16379 (or pass redis.addr=...). Measures only; asserts nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
const [dist, gapArg, n, ...kv] = process.argv.slice(2);
// The daemon's V8 settings first, as cli.js sets them.
await import(`../${dist}/config/v8-heap.js`);
const { loadConfig } = await import(`../${dist}/config/config.js`);
const { createLogger } = await import(`../${dist}/log.js`);
const { createPoller } = await import(`../${dist}/poll/create-poller.js`);
const { SharedHostReads } = await import(`../${dist}/host/shared-reads.js`);
const flags = new Map([['redis.addr', 'redis://127.0.0.1:16379'], ['poll.interval', '15s'], ...kv.map((x) => x.split('='))]);
const config = loadConfig(flags, {});
const logger = createLogger({ format: 'txt', level: 'error', secrets: [] });
const hostReads = SharedHostReads.forInterval(config.poll.intervalMs, config.poll.configIntervalMs);
const ns = (file) => Number(readFileSync(file, 'utf8').split(' ')[0]);
const threads = () => new Map(readdirSync('/proc/self/task').map((t) => [`${t} ${readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim()}`, ns(`/proc/self/task/${t}/schedstat`)]));
const all = () => readdirSync('/proc/self/task').reduce((s, t) => s + ns(`/proc/self/task/${t}/schedstat`), 0);
const main = () => ns(`/proc/self/task/${process.pid}/schedstat`);
// AREAS=1: CPU of the whole process (getrusage: every thread, exact to the microsecond, where a
// thread's own schedstat lags by up to a scheduler tick) during each host area and the log read
// (they run one after the other in a poll), by wrapping HostReader's per-area run and
// LogFollower.read; `(probe)` is the cost of the measurement itself, to subtract.
let measuring = false;
if (process.env.AREAS) {
  const areas = (globalThis.__areas = new Map());
  const add = (k, a, w) => {
    const e = areas.get(k) ?? [0, 0, 0];
    areas.set(k, [e[0] + a, e[1] + w, e[2] + 1]);
  };
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) * 1000;
  };
  const timed = (name, run) => async () => {
    if (!measuring) return run();
    const a = cpu(),
      w = performance.now();
    try {
      return await run();
    } finally {
      add(name, cpu() - a, performance.now() - w);
      const a2 = cpu();
      add('(probe)', cpu() - a2, 0);
    }
  };
  const { HostReader } = await import(`../${dist}/collectors/host-reader.js`);
  const run = HostReader.prototype.run;
  HostReader.prototype.run = function (def, ctx) {
    return timed(def.name, () => run.call(this, def, ctx))();
  };
  const { LogFollower } = await import(`../${dist}/host/log-follower.js`);
  const read = LogFollower.prototype.read;
  LogFollower.prototype.read = function () {
    return timed('log', () => read.call(this))();
  };
}
const poller = createPoller(config, config.targets[0], logger, { hostReads });
let gcs = 0;
new PerformanceObserver((l) => (gcs += l.getEntries().length)).observe({ entryTypes: ['gc'] });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const gap = Number(gapArg);
for (let i = 0; i < 50; i++) await poller.pollOnce();
// SETTLE_MS: idle this long after the warm-up first. Once allocation stops, V8's memory reducer
// runs up to three full collections ~8 s later; with a long GAP they land in the first measured
// cycles and charge a standing exporter's poll with start-up work (SETTLE_MS=30000 leaves them out).
await sleep(Number(process.env.SETTLE_MS ?? Math.min(gap, 2000)));
const N = Number(n);
const alloc = [];
console.log('-- measuring (warm-up done) --');
const stat = () =>
  readFileSync('/proc/self/stat', 'utf8')
    .slice(readFileSync('/proc/self/stat', 'utf8').lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
const s0 = stat();
const t0 = threads();
const block = Number(process.env.BLOCK ?? 0);
let cb = all();
const c0 = all(),
  m0 = main(),
  g0 = gcs;
measuring = true;
for (let i = 0; i < N; i++) {
  const g = gcs,
    h = getHeapStatistics().used_heap_size;
  await poller.pollOnce();
  // What a scrape reads (the encoded body), so what it keeps counts too.
  void poller.snapshot.bytes;
  const used = getHeapStatistics().used_heap_size - h;
  await sleep(0); // let GC observers run
  if (gcs === g) alloc.push(used);
  if (process.env.MARK_POLLS) console.log(`-- poll ${i} --`);
  // BLOCK=k: CPU per cycle of every k polls, to see the JIT warm-up tail die out (or not).
  if (block && (i + 1) % block === 0) {
    const c = all();
    console.log(`  polls ${i + 1 - block}-${i}: ${((c - cb) / 1e6 / block).toFixed(2)} ms/cycle`);
    cb = c;
  }
  await sleep(gap);
}
const t1 = threads();
const s1 = stat();
const c1 = all(),
  m1 = main();
const med = (a) => (a.length ? [...a].sort((x, y) => x - y)[a.length >> 1] : NaN);
console.log(
  `${process.execArgv.join(' ') || 'no node flags'} ${kv.join(' ')} gap=${gap}ms: ${((c1 - c0) / 1e6 / N).toFixed(2)} ms CPU/cycle (main ${((m1 - m0) / 1e6 / N).toFixed(2)}), GCs/cycle ${((gcs - g0) / N).toFixed(2)}, allocated/poll ${(med(alloc) / 1024).toFixed(0)} KiB (median of ${alloc.length} GC-free polls), load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
);
// minflt is field 10, utime 14, stime 15 (1-based; the slice starts at field 3).
console.log(`  per cycle: ${((s1[7] - s0[7]) / N).toFixed(0)} minor page faults, user ${(((s1[11] - s0[11]) * 10) / N).toFixed(1)} ms, sys ${(((s1[12] - s0[12]) * 10) / N).toFixed(1)} ms (ticks)`);
// Per thread (libuv's pool, V8's compiler and GC helpers): where the CPU off the main thread goes.
const per = [...t1]
  .map(([k, v]) => [k, (v - (t0.get(k) ?? 0)) / 1e6 / N])
  .filter(([, v]) => v > 0.01)
  .sort((a, b) => b[1] - a[1]);
console.log(per.map(([k, v]) => `  ${k}: ${v.toFixed(2)} ms/cycle`).join('\n'));
if (globalThis.__areas) {
  const host = [...globalThis.__areas].filter(([k]) => k.startsWith('host_')).reduce((t, [, [a, , c]]) => t + a / 1e6 / c, 0);
  console.log(`  host areas together: ${host.toFixed(3)} ms of all threads a poll (log read not included)`);
}
if (globalThis.__areas) for (const [k, [a, w, c]] of globalThis.__areas) console.log(`  area ${k}: all threads ${(a / 1e6 / c).toFixed(3)} ms, wall ${(w / c).toFixed(2)} ms (${c})`);
await poller.stop();
process.exit(0);
