// CPU and heap allocation of rendering one poll's samples, with nothing kept (fresh) and as a
// poll renders (reused: with its target's RenderReuse), alternating in one process with the daemon's
// V8 settings (TurboFan held off). Samples: a captured INFO and CONFIG replayed through every
// Redis collector. usage: node bench/render-cost.mjs DIST [N] [info-fixture]
// Measures only; asserts nothing.
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { fileURLToPath } from 'node:url';
const [dist, n = '400', fixture = 'redis-7.0-master.txt'] = process.argv.slice(2);
const root = fileURLToPath(new URL('../', import.meta.url));
await import(`${root}${dist}/config/v8-heap.js`);
const tf = await import(`${root}${dist}/exposition/text-format.js`);
const { redisCollectors } = await import(`${root}${dist}/collectors/index.js`);
const { RedisConfigValues } = await import(`${root}${dist}/parse/config.js`);
const { parseInfo } = await import(`${root}${dist}/parse/info.js`);
const { NO_DEADLINE } = await import(`${root}${dist}/poll/deadline.js`);
const { NO_REDIS, runPoll } = await import(`${root}${dist}/poll/run-poll.js`);
const { pino } = await import('pino');
const info = readFileSync(`${root}test/fixtures/info/${fixture}`, 'utf8');
const config = new RedisConfigValues(Object.entries(JSON.parse(readFileSync(`${root}test/fixtures/config/redis-7.0.json`, 'utf8'))));
const ctx = { source: NO_REDIS, info: parseInfo(info), infoAtMs: 0, config, redisUp: true, now: 1, target: 'bench', logger: pino({ level: 'silent' }) };
const { samples } = await runPoll(redisCollectors(), ctx, NO_DEADLINE, { compat: true, replay: {} });
const labels = { target: 'redis-1:6379' };
// "reused": as a poll renders, with its target's RenderReuse (builds without one have no reuse).
const reuse = tf.RenderReuse ? { [true]: new tf.RenderReuse(), [false]: new tf.RenderReuse() } : undefined;
// "changing": as "reused", but every other render one value in six differs (a poll of a live
// Redis changes ~80 of ~520 values: uptime, memory, counters), same label objects as a poll.
const changed = samples.map((s, i) => (i % 6 === 0 ? { ...s, value: s.value + 1 } : s));
const reuseChanging = tf.RenderReuse ? { [true]: new tf.RenderReuse(), [false]: new tf.RenderReuse() } : undefined;
// "…+bytes": as a poll of a target served on its own renders and encodes (RenderReuse(true) since
// session 8; an older build ignores the argument), the snapshot's bytes read after each render.
const reuseBytes = tf.RenderReuse ? { [true]: new tf.RenderReuse(true), [false]: new tf.RenderReuse(true) } : undefined;
const reuseChangingBytes = tf.RenderReuse ? { [true]: new tf.RenderReuse(true), [false]: new tf.RenderReuse(true) } : undefined;
let flip = 0;
let flipBytes = 0;
const forms = {
  fresh: (l) => tf.renderFamilies(samples, l),
  reused: (l) => tf.renderFamilies(samples, l, reuse?.[l !== undefined]),
  changing: (l) => tf.renderFamilies(flip++ % 4 < 2 ? samples : changed, l, reuseChanging?.[l !== undefined]),
  'reused+bytes': (l) => tf.encodeFamilies(tf.renderFamilies(samples, l, reuseBytes?.[l !== undefined])),
  'changing+bytes': (l) => tf.encodeFamilies(tf.renderFamilies(flipBytes++ % 4 < 2 ? samples : changed, l, reuseChangingBytes?.[l !== undefined])),
};
const N = Number(n);
const cpu = Object.fromEntries(Object.keys(forms).map((k) => [k, 0])),
  bytes = Object.fromEntries(Object.keys(forms).map((k) => [k, []]));
for (let i = 0; i < 50; i++) for (const f of Object.values(forms)) f(labels);
for (let i = 0; i < N; i++) {
  for (const [name, f] of Object.entries(forms)) {
    const l = i % 2 ? labels : undefined;
    const h = getHeapStatistics();
    const c = process.cpuUsage();
    f(l);
    const d = process.cpuUsage(c);
    const used = getHeapStatistics().used_heap_size - h.used_heap_size;
    cpu[name] += d.user + d.system;
    if (used > 0) bytes[name].push(used); // a GC during the render makes it negative: left out
  }
}
const median = (a) => a.sort((x, y) => x - y)[a.length >> 1] ?? NaN;
console.log(`${samples.length} samples, ${N} renders each (half with a target label)`);
for (const name of Object.keys(forms)) console.log(`  ${name}: ${(cpu[name] / N).toFixed(0)} µs CPU/render, ${(median(bytes[name]) / 1024).toFixed(1)} KiB allocated (median)`);
