// What one target's RenderReuse keeps between polls (with its series), averaged over N targets
// rendered twice each from captured INFO/CONFIG samples. usage: node --expose-gc bench/render-kept.mjs DIST
// Measures only; asserts nothing.
import { fileURLToPath } from 'node:url';
const dist = process.argv[2] ?? 'dist';
const root = fileURLToPath(new URL('../', import.meta.url));
const tf = await import(`${root}${dist}/exposition/text-format.js`);
const { readFileSync } = await import('node:fs');
const { redisCollectors } = await import(`${root}${dist}/collectors/index.js`);
const { RedisConfigValues } = await import(`${root}${dist}/parse/config.js`);
const { parseInfo } = await import(`${root}${dist}/parse/info.js`);
const { NO_DEADLINE } = await import(`${root}${dist}/poll/deadline.js`);
const { NO_REDIS, runPoll } = await import(`${root}${dist}/poll/run-poll.js`);
const { pino } = await import('pino');
const info = readFileSync(`${root}test/fixtures/info/redis-7.0-master.txt`, 'utf8');
const config = new RedisConfigValues(Object.entries(JSON.parse(readFileSync(`${root}test/fixtures/config/redis-7.0.json`, 'utf8'))));
const ctx = { source: NO_REDIS, info: parseInfo(info), infoAtMs: 0, config, redisUp: true, now: 1, target: 'bench', logger: pino({ level: 'silent' }) };
const N = 200;
const polls = [];
for (let i = 0; i < N; i++) polls.push((await runPoll(redisCollectors(), ctx, NO_DEADLINE, { compat: true, replay: {} })).samples);
const reuses = [];
globalThis.gc();
globalThis.gc();
const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
for (let i = 0; i < N; i++) {
  const r = new tf.RenderReuse();
  tf.renderFamilies(polls[i], undefined, r);
  tf.renderFamilies(polls[i], undefined, r);
  reuses.push(r);
}
globalThis.gc();
globalThis.gc();
const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
console.log(polls[0].length, 'samples;', ((after - before) / N / 1024).toFixed(1), 'KiB kept a target (RenderReuse incl. its series)');
// A target served on its own: what stays between polls is its RenderReuse and its snapshot's
// families and bytes (read by a scrape). RenderReuse(true) since session 8 (an older build
// ignores the argument and its bytes are encoded from the series text).
reuses.length = 0;
const kept = [];
globalThis.gc();
globalThis.gc();
const before2 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
for (let i = 0; i < N; i++) {
  const r = new tf.RenderReuse(true);
  tf.renderFamilies(polls[i], undefined, r);
  const families = tf.renderFamilies(polls[i], undefined, r);
  kept.push(r, families, tf.encodeFamilies(families));
}
globalThis.gc();
globalThis.gc();
const after2 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
console.log(((after2 - before2) / N / 1024).toFixed(1), 'KiB kept a target served on its own (RenderReuse, families and bytes)');
