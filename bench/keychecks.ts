/**
 * Benchmark (not a test): what --check-keys / --count-keys cost a scrape, redis_exporter 1.45
 * against redis-vitals, on one Redis with many keys. Run:
 *   npx tsx bench/keychecks.ts [keys=500000]
 * redis_exporter SCANs the whole keyspace inside each scrape; redis-vitals does it in its key-check
 * job and a scrape returns the last pass. Prints scrape times (ms) and the job's pass time.
 */
import { performance } from 'node:perf_hooks';
import { startTestExporter } from '../test/helpers/exporter.js';
import { parseExposition } from '../test/helpers/exposition.js';
import { startRedisExporter } from '../test/helpers/redis-exporter.js';
import { startRedis } from '../test/helpers/redis-server.js';
import { waitFor } from '../test/helpers/wait.js';
import { runBench } from './lib/entry.js';

const KEYS = Number(process.argv[2] ?? 500_000);
const SCRAPES = 7;
const FLAGS = { 'check-keys': 'q:*', 'count-keys': 'key:*' };

async function timeScrapes(scrape: () => Promise<string>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < SCRAPES; i++) {
    const t = performance.now();
    await scrape();
    out.push(Math.round(performance.now() - t));
  }
  return out.sort((a, b) => a - b);
}

runBench('keychecks', async () => {
  const redis = await startRedis();
  await redis.cmd('DEBUG', 'POPULATE', String(KEYS), 'key');
  for (let i = 0; i < 100; i++) await redis.cmd('RPUSH', `q:${i}`, 'a', 'b');
  const theirs = await startRedisExporter(
    redis.url,
    Object.entries(FLAGS).flatMap(([k, v]) => [`--${k}`, v]),
  );
  const theirTimes = await timeScrapes(theirs.scrape);
  const theirCount = parseExposition(await theirs.scrape()).get('redis_keys_count', { db: 'db0', key: 'key:*' });
  await theirs.stop();
  const ours = await startTestExporter({ 'redis.addr': redis.url, ...FLAGS, 'check-keys.max-keys': '1000' });
  const m = await waitFor(
    () => ours.metrics(),
    (x) => x.get('redis_keychecks_last_pass_duration_seconds') !== undefined,
    { what: 'a key-check pass', timeoutMs: 600_000 },
  );
  const ourTimes = await timeScrapes(() => ours.scrape());
  await ours.stop();
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];
  process.stdout.write(
    `${JSON.stringify(
      {
        keys: KEYS + 100,
        redis_exporter: { scrape_ms_median: median(theirTimes), scrape_ms: theirTimes, keys_count: theirCount },
        redis_vitals: {
          scrape_ms_median: median(ourTimes),
          scrape_ms: ourTimes,
          keys_count: m.get('redis_keys_count', { db: 'db0', key: 'key:*' }),
          pass_seconds: m.get('redis_keychecks_last_pass_duration_seconds'),
        },
      },
      null,
      2,
    )}\n`,
  );
});
