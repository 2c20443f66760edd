// Promises (and other async resources) a poll creates, by the nearest frame of ours on the stack:
// each is paid unoptimised (config/v8-tiering.ts). Load-independent.
// usage: node bench/poll-promises.mjs DIST N [flag=value ...]; STACKS=1 adds the sites.
// Needs a redis-server on 127.0.0.1:16379 (or pass redis.addr=...). Measures only; asserts nothing.
import { createHook } from 'node:async_hooks';
import { resolve } from 'node:path';
const [dist, n, ...kv] = process.argv.slice(2);
const D = new URL(`file://${resolve(dist)}/`);
await import(new URL('config/v8-heap.js', D));
const { loadConfig } = await import(new URL('config/config.js', D));
const { createLogger } = await import(new URL('log.js', D));
const { createPoller } = await import(new URL('poll/create-poller.js', D));
const { SharedHostReads } = await import(new URL('host/shared-reads.js', D));
const flags = new Map([['redis.addr', 'redis://127.0.0.1:16379'], ['poll.interval', '15s'], ...kv.map((x) => x.split('='))]);
const config = loadConfig(flags, {});
const logger = createLogger({ format: 'txt', level: 'error', secrets: [] });
const hostReads = SharedHostReads.forInterval(config.poll.intervalMs, config.poll.configIntervalMs);
const poller = createPoller(config, config.targets[0], logger, { hostReads });
for (let i = 0; i < 20; i++) await poller.pollOnce();
const sites = new Map();
const types = new Map();
let on = false;
const hook = createHook({
  init(_id, type) {
    if (!on) return;
    types.set(type, (types.get(type) ?? 0) + 1);
    if (type !== 'PROMISE' || !process.env.STACKS) return;
    const o = {};
    Error.captureStackTrace(o);
    const lines = o.stack.split('\n').slice(2);
    const l = lines.find((x) => /\/dist\//.test(x) && !/node_modules/.test(x)) ?? '(node or node-redis only)';
    const k = l.trim().replace(/\(.*\/dist\//, '(');
    sites.set(k, (sites.get(k) ?? 0) + 1);
  },
});
hook.enable();
const N = Number(n);
for (let i = 0; i < N; i++) {
  on = true;
  await poller.pollOnce();
  on = false;
  void poller.snapshot.bytes;
  await new Promise((r) => setTimeout(r, 50));
}
hook.disable();
console.log([...types].map(([t, c]) => `${t} ${(c / N).toFixed(1)}`).join(', '), 'a poll');
for (const [k, c] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${(c / N).toFixed(1)} ${k}`);
await poller.stop();
process.exit(0);
