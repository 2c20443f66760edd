// Bytes a poll allocates on V8's heap and where (objects already collected included): V8's
// sampling heap profiler over N polls 1.1 s apart, each followed by what a scrape reads (the
// snapshot's bytes). usage: node bench/poll-alloc.mjs DIST N [flag=value ...]
// Needs a redis-server on 127.0.0.1:16379 (or pass redis.addr=...). Measures only; asserts nothing.
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
const [dist, n, ...kv] = process.argv.slice(2);
const root = fileURLToPath(new URL('../', import.meta.url));
await import(`${root}${dist}/config/v8-heap.js`);
const { loadConfig } = await import(`${root}${dist}/config/config.js`);
const { createLogger } = await import(`${root}${dist}/log.js`);
const { createPoller } = await import(`${root}${dist}/poll/create-poller.js`);
const { SharedHostReads } = await import(`${root}${dist}/host/shared-reads.js`);
const flags = new Map([['redis.addr', 'redis://127.0.0.1:16379'], ['poll.interval', '15s'], ...kv.map((x) => x.split('='))]);
const config = loadConfig(flags, {});
const logger = createLogger({ format: 'txt', level: 'error', secrets: [] });
const hostReads = SharedHostReads.forInterval(config.poll.intervalMs, config.poll.configIntervalMs);
const poller = createPoller(config, config.targets[0], logger, { hostReads });
for (let i = 0; i < 50; i++) await poller.pollOnce();
const s = new Session();
s.connect();
await s.post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const N = Number(n);
for (let i = 0; i < N; i++) {
  await poller.pollOnce();
  void poller.snapshot.bytes;
  await new Promise((r) => setTimeout(r, 1100));
}
const { profile } = await s.post('HeapProfiler.stopSampling');
const byFn = new Map(),
  byFile = new Map(),
  byOurs = new Map();
let total = 0;
const walk = (node, ours) => {
  const f = node.callFrame;
  const self = node.selfSize;
  total += self;
  const key = `${f.functionName || '(anon)'} ${f.url.replace(/.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + self);
  const file = f.url.replace(/.*\/(dist|node_modules)\//, '$1/') || '(native)';
  byFile.set(file, (byFile.get(file) ?? 0) + self);
  const o = f.url.includes('/dist/') ? `${f.functionName} ${f.url.replace(/.*\/dist\//, '')}` : ours;
  if (o) byOurs.set(o, (byOurs.get(o) ?? 0) + self);
  for (const c of node.children) walk(c, o);
};
walk(profile.head, undefined);
const top = (m, k) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([n, v]) => `  ${(v / N / 1024).toFixed(1)} KiB/poll  ${n}`)
    .join('\n');
console.log(`total ${(total / N / 1024).toFixed(0)} KiB/poll`);
console.log('by allocating function:\n' + top(byFn, 25));
console.log('by file:\n' + top(byFile, 20));
console.log('by nearest function of ours on the stack:\n' + top(byOurs, 30));
// Builtins (push, join, next, …) have no file: shown with the function of ours that called them.
const pairs = new Map();
const walkPairs = (node, ours) => {
  const f = node.callFrame;
  const o = f.url.includes('/dist/') ? `${f.functionName} ${f.url.replace(/.*\/dist\//, '')}:${f.lineNumber + 1}` : ours;
  const k = `${o} <- ${f.functionName || '(anon)'} ${f.url.replace(/.*\//, '')}`;
  pairs.set(k, (pairs.get(k) ?? 0) + node.selfSize);
  for (const c of node.children) walkPairs(c, o);
};
walkPairs(profile.head, undefined);
console.log('by function of ours <- allocating function:\n' + top(pairs, 30));
await poller.stop();
process.exit(0);
