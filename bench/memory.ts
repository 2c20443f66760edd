/**
 * What the shipped node flags buy: the exporter under its bin's shebang flags vs plain node,
 * side by side. One target: RSS after 20 s idle, after wrk load, CPU per request. Then 50
 * targets at a 1 s interval with scrapes every 5 s: RSS and CPU over a minute.
 *
 *   npx tsx bench/memory.ts
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TARGET_REDIS } from './lib/multi-target.js';
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
  await manyTargets(shipped);
}

async function manyTargets(shipped: string[]): Promise<void> {
  const servers = [];
  for (let i = 0; i < 50; i += 8) servers.push(...(await Promise.all(Array.from({ length: Math.min(8, 50 - i) }, () => startRedis(TARGET_REDIS)))));
  const file = join(mkdtempSync(join(tmpdir(), 'rv-mem-')), 'targets.yml');
  writeFileSync(file, `targets:\n${servers.map((s, i) => `  - name: r${i}\n    addr: ${s.url}\n`).join('')}`);
  const flags = ['--config.file', file, '--poll.interval', '1s'];
  const variants: [string, Served][] = [
    ['plain node', await startVitals(undefined, flags, [])],
    [`node ${shipped.join(' ')}`, await startVitals(undefined, flags, shipped)],
  ];
  let stop = false;
  const scrapers = variants.map(async ([, s]) => {
    while (!stop) {
      await (await fetch(s.url)).arrayBuffer();
      await new Promise((r) => setTimeout(r, 5000));
    }
  });
  await new Promise((r) => setTimeout(r, 30_000));
  const before = variants.map(([, s]) => procSample(s.pid));
  const rss: number[][] = variants.map(() => []);
  for (let i = 0; i < 12; i++) {
    await new Promise((r) => setTimeout(r, 5000));
    variants.forEach(([, s], j) => rss[j]?.push(procSample(s.pid).rssBytes));
  }
  stop = true;
  await Promise.all(scrapers);
  process.stdout.write(`\n50 targets, 1 s interval, /metrics every 5 s; load average ${load1()}\n| node | RSS MB (median of 12 over 60 s) | max RSS MB | CPU s in that minute |\n|---|---|---|---|\n`);
  for (const [j, [name, s]] of variants.entries()) {
    const p = procSample(s.pid);
    process.stdout.write(`| ${name} | ${mb(median(rss[j] ?? []))} | ${mb(Math.max(...(rss[j] ?? [])))} | ${(p.cpuSeconds - (before[j]?.cpuSeconds ?? 0)).toFixed(2)} |\n`);
    await s.stop();
  }
  await stopAllRedis();
}

// Interrupted (Ctrl-C, timeout): stop the redis-servers this run started before exiting.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.race([stopAllRedis(), new Promise((r) => setTimeout(r, 30_000))]).then(() => process.exit(130));
  });
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    await Promise.race([stopAllRedis(), new Promise((r) => setTimeout(r, 30_000))]);
    process.stderr.write(`memory bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
