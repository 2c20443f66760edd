/**
 * Soak: one exporter, many targets, a 1 s poll interval, Prometheus-like scrapes, for at
 * least 10 minutes; RSS, heap and event-loop lag sampled every 10 s. Not a CI test.
 *
 *   npx tsx bench/soak.ts [--minutes 10] [--targets 50] [--interval 1s] [--sample 10]
 *
 * With a build that has no multi-target support it soaks a single target and says so.
 * Prints the curve as a markdown table and writes bench/results/soak-<date>.json.
 */
import { mkdirSync, mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRedis, stopAllRedis, type RedisHandle } from '../test/helpers/redis-server.js';
import { waitFor } from '../test/helpers/wait.js';
import { metricValue } from './lib/measure.js';
import { detectMultiTarget, TARGET_REDIS } from './lib/multi-target.js';
import { load1, machine, procSample } from './lib/proc.js';
import { buildProduct, ROOT, startVitals } from './lib/servers.js';
import { runBench } from './lib/entry.js';

const { values: opts } = parseArgs({
  options: { minutes: { type: 'string', default: '10' }, targets: { type: 'string', default: '50' }, interval: { type: 'string', default: '1s' }, sample: { type: 'string', default: '10' } },
});
const MINUTES = Number(opts.minutes);
const SAMPLE_S = Number(opts.sample);

interface Point {
  readonly t: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly cpuSeconds: number;
  readonly lagP99Ms: number;
  readonly lagMaxMs: number;
  readonly polls: number;
  readonly pollErrors: number;
  readonly load1: number;
}

const sumOf = (text: string, name: string) => [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((a, m) => a + Number(m[1]), 0);

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

async function main(): Promise<void> {
  buildProduct();
  const support = detectMultiTarget();
  const targets = support.supported ? Number(opts.targets) : 1;
  process.stderr.write(`[soak] ${targets} target(s)${support.supported ? '' : ` (multi-target not supported yet: ${support.reason})`}, ${opts.interval} interval, ${MINUTES} min\n`);
  const servers: RedisHandle[] = [];
  for (let i = 0; i < targets; i += 8) servers.push(...(await Promise.all(Array.from({ length: Math.min(8, targets - i) }, () => startRedis(TARGET_REDIS)))));
  for (const s of servers) await s.cmd('DEBUG', 'POPULATE', '1000');
  let flags = ['--poll.interval', opts.interval as string];
  let addr: string | undefined = servers[0]?.url;
  if (support.supported) {
    const file = join(mkdtempSync(join(tmpdir(), 'rv-soak-')), 'targets.yml');
    writeFileSync(file, `targets:\n${servers.map((s, i) => `  - name: r${i}\n    addr: ${s.url}\n`).join('')}`);
    flags = [...flags, '--config.file', file];
    addr = undefined;
  }
  const exporter = await startVitals(addr, flags);
  await waitFor(
    () => exporter.scrape(),
    (t) => (t.match(/^redis_vitals_last_poll_timestamp_seconds\{/gm) ?? []).length >= targets,
    { timeoutMs: 60_000, what: 'every target polled' },
  );

  // Two Prometheus servers scraping every 5 s (an HA pair), plus /scrape?target= for one target.
  let scrapes = 0;
  let scrapeErrors = 0;
  let stop = false;
  const scraper = async (path: string, everyMs: number) => {
    while (!stop) {
      try {
        const res = await fetch(exporter.url.replace(/\/metrics$/, path));
        await res.arrayBuffer();
        if (res.status !== 200) scrapeErrors++;
        scrapes++;
      } catch {
        scrapeErrors++;
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  const scraping = [scraper('/metrics', 5000), scraper('/metrics', 5000), scraper(support.supported ? '/scrape?target=r0' : '/metrics', 1000)];

  const points: Point[] = [];
  const started = Date.now();
  const end = started + MINUTES * 60_000;
  while (Date.now() <= end) {
    const text = await exporter.scrape();
    const p = procSample(exporter.pid);
    points.push({
      t: Math.round((Date.now() - started) / 1000),
      rssMb: p.rssBytes / 1048576,
      heapUsedMb: metricValue(text, 'nodejs_heap_size_used_bytes') / 1048576,
      cpuSeconds: p.cpuSeconds,
      lagP99Ms: metricValue(text, 'nodejs_eventloop_lag_p99_seconds') * 1000,
      lagMaxMs: metricValue(text, 'nodejs_eventloop_lag_max_seconds') * 1000,
      polls: sumOf(text, 'redis_vitals_polls_total'),
      pollErrors: sumOf(text, 'redis_vitals_poll_errors_total'),
      load1: load1(),
    });
    const last = points[points.length - 1] as Point;
    process.stderr.write(`[soak] t=${last.t}s rss=${last.rssMb.toFixed(1)}MB heap=${last.heapUsedMb.toFixed(1)}MB lag p99=${last.lagP99Ms.toFixed(1)}ms polls=${last.polls} load=${last.load1}\n`);
    await new Promise((r) => setTimeout(r, SAMPLE_S * 1000));
  }
  stop = true;
  await Promise.all(scraping);
  await exporter.stop();
  await stopAllRedis();

  // Trends after the first minute (start-up allocations and JIT settle there).
  const steady = points.filter((p) => p.t >= 60);
  const hours = steady.map((p) => p.t / 3600);
  const first = points[0] as Point;
  const lastP = points[points.length - 1] as Point;
  const summary = {
    targets,
    multiTarget: support.supported,
    interval: opts.interval,
    minutes: MINUTES,
    polls: lastP.polls - first.polls,
    pollErrors: lastP.pollErrors - first.pollErrors,
    scrapes,
    scrapeErrors,
    rssMbFirst: first.rssMb,
    rssMbLast: lastP.rssMb,
    rssMbMax: Math.max(...points.map((p) => p.rssMb)),
    rssMbPerHourAfterMinute1: slope(
      hours,
      steady.map((p) => p.rssMb),
    ),
    heapMbPerHourAfterMinute1: slope(
      hours,
      steady.map((p) => p.heapUsedMb),
    ),
    lagP99MsMax: Math.max(...points.map((p) => p.lagP99Ms)),
    lagP99MsMedian: [...points.map((p) => p.lagP99Ms)].sort((a, b) => a - b)[Math.floor(points.length / 2)],
    cpuSecondsPerMinute: ((lastP.cpuSeconds - first.cpuSeconds) / Math.max(1, lastP.t - first.t)) * 60,
  };
  const rows = points.map((p) => `| ${p.t} | ${p.rssMb.toFixed(1)} | ${p.heapUsedMb.toFixed(1)} | ${p.lagP99Ms.toFixed(2)} | ${p.lagMaxMs.toFixed(2)} | ${p.polls} | ${p.pollErrors} | ${p.load1} |`);
  process.stdout.write(['| t (s) | RSS MB | heap used MB | event-loop lag p99 ms | lag max ms | polls | poll errors | load |', '|---|---|---|---|---|---|---|---|', ...rows].join('\n'));
  process.stdout.write(`\n\n${JSON.stringify(summary, null, 2)}\n`);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const date = new Date(started).toISOString().slice(0, 10);
  let path = join(dir, `soak-${date}.json`);
  for (let i = 2; existsSync(path); i++) path = join(dir, `soak-${date}-${i}.json`);
  writeFileSync(
    path,
    `${JSON.stringify({ startedAt: new Date(started).toISOString(), command: `npx tsx bench/soak.ts ${process.argv.slice(2).join(' ')}`.trim(), machine: machine(), summary, points }, null, 2)}\n`,
  );
  process.stdout.write(`wrote ${path}\n`);
}

runBench('soak', main);
