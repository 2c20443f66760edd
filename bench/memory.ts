/**
 * What the shipped node flags buy: the exporter under its bin's shebang flags vs plain node,
 * side by side against one Redis. RSS after 20 s idle, RSS after wrk load, CPU per request.
 *
 *   npx tsx bench/memory.ts
 */
import { startRedis, stopAllRedis } from '../test/helpers/redis-server.js';
import { median } from './lib/measure.js';
import { load1, procSample } from './lib/proc.js';
import { buildProduct, shebangNodeFlags, startVitals, type Served } from './lib/servers.js';
import { runWrk } from './lib/wrk.js';

const mb = (b: number) => (b / 1048576).toFixed(1);

async function main(): Promise<void> {
  buildProduct();
  const shipped = shebangNodeFlags();
  const redis = await startRedis();
  await redis.cmd('DEBUG', 'POPULATE', '1000');
  const variants: [string, Served][] = [
    ['plain node', await startVitals(redis.url, [], [])],
    [`node ${shipped.join(' ')}`, await startVitals(redis.url, [], shipped)],
  ];
  await new Promise((r) => setTimeout(r, 20_000));
  const idle = variants.map(([, s]) => procSample(s.pid).rssBytes);
  const rps: number[][] = variants.map(() => []);
  const cpu: number[][] = variants.map(() => []);
  for (let round = 0; round < 3; round++) {
    for (const [i, [, s]] of variants.entries()) {
      const a = procSample(s.pid).cpuSeconds;
      const w = await runWrk(s.url, 10, 5);
      rps[i]?.push(w.requestsPerSecond);
      cpu[i]?.push(((procSample(s.pid).cpuSeconds - a) * 1000) / w.requests);
    }
  }
  await new Promise((r) => setTimeout(r, 10_000));
  process.stdout.write(`load average ${load1()}\n| node | idle RSS MB | RSS after load MB | peak RSS MB | req/s (median, c=10) | CPU ms/req |\n|---|---|---|---|---|---|\n`);
  for (const [i, [name, s]] of variants.entries()) {
    const p = procSample(s.pid);
    process.stdout.write(`| ${name} | ${mb(idle[i] ?? NaN)} | ${mb(p.rssBytes)} | ${mb(p.peakRssBytes)} | ${Math.round(median(rps[i] ?? []))} | ${median(cpu[i] ?? []).toFixed(3)} |\n`);
    await s.stop();
  }
  await stopAllRedis();
}

main().then(() => process.exit(0), async (err: unknown) => {
  await Promise.race([stopAllRedis(), new Promise((r) => setTimeout(r, 30_000))]);
  process.stderr.write(`memory bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
