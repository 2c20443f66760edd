// Back-to-back polls in one process: CPU per poll (all threads, /proc/self/stat) for a flag set.
// usage: node bench/poll-phases.mjs DIST N [flag=value ...]   e.g. node bench/poll-phases.mjs dist 2000 host.collect=off
// Needs a redis-server on 127.0.0.1:16379 (or pass redis.addr=...). Measures only; asserts nothing.
import { readdirSync, readFileSync } from 'node:fs';
const [dist, n, ...kv] = process.argv.slice(2);
const { loadConfig } = await import(`../${dist}/config/config.js`);
const { createLogger } = await import(`../${dist}/log.js`);
const { createPoller } = await import(`../${dist}/poll/create-poller.js`);
const { SharedHostReads } = await import(`../${dist}/host/shared-reads.js`);
const flags = new Map([['redis.addr', 'redis://127.0.0.1:16379'], ...kv.map((x) => x.split('='))]);
const config = loadConfig(flags, {});
const logger = createLogger({ format: 'txt', level: 'error', secrets: [] });
const hostReads = SharedHostReads.forInterval(config.poll.intervalMs, config.poll.configIntervalMs);
const poller = createPoller(config, config.targets[0], logger, { hostReads });
const cpu = () => {
  const r = readFileSync('/proc/self/stat', 'utf8')
    .slice(readFileSync('/proc/self/stat', 'utf8').lastIndexOf(')') + 2)
    .split(' ');
  return (Number(r[11]) + Number(r[12])) * 10;
};
const main = () => {
  const r = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const x = r.slice(r.lastIndexOf(')') + 2).split(' ');
  return (Number(x[11]) + Number(x[12])) * 10;
};
// Spaced like real polls (the shared window is <= 1 s), but quickly: 20 ms apart with a 10 ms interval setting.
const threads = () =>
  new Map(
    readdirSync('/proc/self/task').map((t) => {
      const r = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const x = r.slice(r.lastIndexOf(')') + 2).split(' ');
      return [`${t} ${readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim()}`, (Number(x[11]) + Number(x[12])) * 10];
    }),
  );
for (let i = 0; i < 300; i++) await poller.pollOnce();
const c0 = cpu(),
  m0 = main(),
  t0 = threads();
const N = Number(n);
for (let i = 0; i < N; i++) {
  await poller.pollOnce();
  await new Promise((r) => setTimeout(r, 5));
}
const c1 = cpu(),
  m1 = main(),
  t1 = threads();
console.log(`${kv.join(' ') || 'defaults'}: ${((c1 - c0) / N).toFixed(3)} ms/poll (main ${((m1 - m0) / N).toFixed(3)}), load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
// Per thread (libuv's pool, V8's compiler and GC helpers): where the CPU off the main thread goes.
const per = [...t1]
  .map(([k, v]) => [k, (v - (t0.get(k) ?? 0)) / N])
  .filter(([, v]) => v > 0)
  .sort((a, b) => b[1] - a[1]);
console.log(per.map(([k, v]) => `  ${k}: ${v.toFixed(3)} ms/poll`).join('\n'));
await poller.stop();
process.exit(0);
