/**
 * `npm run bench`: redis-vitals side by side with redis_exporter (Debian's
 * prometheus-redis-exporter, when installed) and a bare node:http ceiling, in one run against
 * the same real redis-server. Prints a table and writes bench/results/<date>.json.
 * Measures only; nothing here asserts a time. Flags: --quick (short runs), --rounds N,
 * --seconds N, --only scrape,biginfo,targets (a subset), --no-targets; --only cost (issue 15:
 * cost per target at a 15 s scrape, with --cost-* and --fleet-* to shorten its windows;
 * --cost-base <dir> adds paired rows of another build, e.g. the code before a change).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRedis, stopAllRedis, type RedisHandle } from '../test/helpers/redis-server.js';
import { waitFor } from '../test/helpers/wait.js';
import { holdClients, varyCommands } from './lib/big-info.js';
import { idle, metricValue, perScrapes, scrapeLatency, throughput } from './lib/measure.js';
import { detectMultiTarget, measureTargets, type TargetsResult } from './lib/multi-target.js';
import { measurePipeline } from './lib/pipeline.js';
import { load1, machine, procSample } from './lib/proc.js';
import { RedisCounter } from './lib/redis-counter.js';
import { printReport, writeResults, type BigInfoRow, type Results } from './lib/report.js';
import { buildProduct, hasRedisExporter, startBare, startRedisExporter, startVitals, type Served } from './lib/servers.js';
import { runBench } from './lib/entry.js';
import { measureCost, measureFleet } from './lib/cost.js';

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    'no-targets': { type: 'boolean', default: false },
    only: { type: 'string' },
    // --only cost: warm-up, sub-window length and count, load burst, fleet size and window (seconds).
    'cost-warmup': { type: 'string', default: '40' },
    'cost-window': { type: 'string', default: '60' },
    'cost-windows': { type: 'string', default: '2' },
    'cost-load': { type: 'string', default: '45' },
    'fleet-targets': { type: 'string', default: '500' },
    'fleet-servers': { type: 'string', default: '5' },
    'fleet-seconds': { type: 'string', default: '60' },
    // --only cost: a directory holding another build (its dist/ built, node_modules installed): paired before/after rows.
    'cost-base': { type: 'string' },
  },
});
const ROUNDS = Number(opts.rounds ?? (opts.quick ? 1 : 3));
const SECONDS = Number(opts.seconds ?? (opts.quick ? 2 : 5));
const IDLE_SECONDS = opts.quick ? 3 : 10;
/** Node compiles and collects in the background for ~30 s after start; idle is measured after that. */
const WARMUP_SECONDS = opts.quick ? 5 : 30;
const CONCURRENCY = [1, 10, 50];
const SECTIONS = new Set((opts.only ?? 'scrape,biginfo,targets').split(','));
if (opts['no-targets']) SECTIONS.delete('targets');
const step = (what: string) => process.stderr.write(`[bench] ${what} (load ${load1()})\n`);

async function configPairs(redis: RedisHandle): Promise<[string, string][]> {
  const flat = (await redis.cmd('CONFIG', 'GET', '*')) as string[];
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([String(flat[i]), String(flat[i + 1])]);
  return out;
}

/** One exporter on a Redis with large INFO: our poll time vs their scrape (which is their poll). */
async function bigInfo(scenario: string, redis: RedisHandle, withTheirs: boolean): Promise<BigInfoRow> {
  const info = await redis.info('ALL');
  const ours = await startVitals(redis.url, ['--poll.interval', '250ms']);
  let oursPollMs: number;
  let oursScrape: { p50Ms: number; maxMs: number };
  try {
    const polls = async () => metricValue(await ours.scrape(), 'redis_vitals_poll_duration_seconds_count');
    const start = await waitFor(polls, (n) => n >= 3, { what: 'three polls' });
    const t0 = await ours.scrape();
    await waitFor(polls, (n) => n >= start + 20, { timeoutMs: 60_000, what: 'twenty more polls' });
    const t1 = await ours.scrape();
    const d = (name: string) => metricValue(t1, name) - metricValue(t0, name);
    oursPollMs = (d('redis_vitals_poll_duration_seconds_sum') / d('redis_vitals_poll_duration_seconds_count')) * 1000;
    oursScrape = await scrapeLatency(ours, 20);
  } finally {
    await ours.stop();
  }
  let theirs: { p50Ms: number; maxMs: number } | undefined;
  if (withTheirs) {
    const t = await startRedisExporter(redis.url);
    try {
      theirs = await scrapeLatency(t, 20);
    } finally {
      await t.stop();
    }
  }
  const usecPerInfo = Number(/^cmdstat_info:.*usec_per_call=([\d.]+)/m.exec(await redis.info('commandstats'))?.[1] ?? NaN);
  const pipeline = await measurePipeline(info, await configPairs(redis), 500);
  return { scenario, infoBytes: Buffer.byteLength(info), redisUsecPerInfo: usecPerInfo, oursPollMs, oursScrape, theirsScrape: theirs, pipelineCpuMs: pipeline.cpuMsPerPoll, series: pipeline.series };
}

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

async function main(): Promise<void> {
  const startedAt = new Date();
  const withTheirs = hasRedisExporter();
  step('building dist/ (the product is measured as shipped: node dist/cli.js)');
  buildProduct();
  const results: Results = {
    startedAt: startedAt.toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: machine(),
    loadAtStart: load1(),
    settings: { rounds: ROUNDS, seconds: SECONDS, idleSeconds: IDLE_SECONDS, concurrency: CONCURRENCY },
    redisExporterInstalled: withTheirs,
    idle: {},
    perThousandScrapes: {},
    underLoad: {},
    load: [],
    bigInfo: [],
    pipeline: [],
    livePoll: undefined,
    targets: { supported: false, reason: 'not run', results: [] as TargetsResult[] },
  };

  if (SECTIONS.has('scrape')) await scrapeSection(results, withTheirs);
  if (SECTIONS.has('biginfo')) await bigInfoSection(results, withTheirs);
  if (SECTIONS.has('targets')) await targetsSection(results);
  if (SECTIONS.has('cost')) await costSection(results, withTheirs);
  await stopAllRedis();
  printReport(results);
  process.stdout.write(`\nwrote ${writeResults(results)}\n`);
}

/** One target: idle cost, Redis traffic per 1,000 scrapes, throughput, and one poll's CPU. */
async function scrapeSection(results: Results, withTheirs: boolean): Promise<void> {
  step('starting redis-server with 1,000 keys');
  const redis = await startRedis();
  await redis.cmd('DEBUG', 'POPULATE', '1000');
  const counter = await RedisCounter.open(redis.port);
  const servers: Served[] = [];
  try {
    // redis_exporter first: it talks to Redis only when scraped, so it stays silent while ours is counted.
    const theirs = withTheirs ? await startRedisExporter(redis.url) : undefined;
    for (const s of [theirs, await startVitals(redis.url)]) {
      if (!s) continue;
      servers.push(s);
      step(`${s.name}: idle ${IDLE_SECONDS}s once ${WARMUP_SECONDS}s old, then 1,000 scrapes counted on Redis`);
      await sleepUntil(s.startedAt + WARMUP_SECONDS * 1000);
      results.idle[s.name] = await idle(s, IDLE_SECONDS);
      results.perThousandScrapes[s.name] = await perScrapes(s, counter, 1000);
    }
    const ours = servers.find((s) => s.name === 'redis-vitals') as Served;
    const bodyFile = join(mkdtempSync(join(tmpdir(), 'rv-bench-')), 'metrics.txt');
    writeFileSync(bodyFile, await ours.scrape());
    const bare = await startBare(bodyFile);
    servers.unshift(bare);

    step(`throughput: wrk at ${CONCURRENCY.join('/')} connections, ${ROUNDS} round(s) of ${SECONDS}s per server`);
    results.load = await throughput(servers, CONCURRENCY, ROUNDS, SECONDS);
    for (const s of servers) {
      const p = procSample(s.pid);
      results.underLoad[s.name] = { rssBytes: p.rssBytes, peakRssBytes: p.peakRssBytes, cpuSecondsTotal: p.cpuSeconds };
    }

    step('one poll: pipeline CPU on captured INFO ALL, and the live daemon at a 100 ms interval');
    results.pipeline.push({ input: 'INFO ALL, 1,000 keys', ...(await measurePipeline(await redis.info('ALL'), await configPairs(redis))) });
    // Same build twice: polling every 100 ms, and never (1 h). The difference is what polls cost.
    const fast = await startVitals(redis.url, ['--poll.interval', '100ms']);
    const slow = await startVitals(redis.url, ['--poll.interval', '1h']);
    try {
      await sleepUntil(slow.startedAt + WARMUP_SECONDS * 1000);
      const t0 = await fast.scrape();
      const [f0, s0] = [procSample(fast.pid).cpuSeconds, procSample(slow.pid).cpuSeconds];
      await new Promise((r) => setTimeout(r, 2 * IDLE_SECONDS * 1000));
      const [f1, s1] = [procSample(fast.pid).cpuSeconds, procSample(slow.pid).cpuSeconds];
      const t1 = await fast.scrape();
      const d = (n: string) => metricValue(t1, n) - metricValue(t0, n);
      const polls = d('redis_vitals_poll_duration_seconds_count');
      results.livePoll = {
        polls,
        cpuMsPerPoll: ((f1 - f0 - (s1 - s0)) * 1000) / polls,
        grossCpuMsPerPoll: ((f1 - f0) * 1000) / polls,
        meanPollMs: (d('redis_vitals_poll_duration_seconds_sum') / polls) * 1000,
        load1: load1(),
      };
    } finally {
      await fast.stop();
      await slow.stop();
    }
  } finally {
    counter.close();
    for (const s of servers) await s.stop();
    await redis.stop();
  }
}

async function bigInfoSection(results: Results, withTheirs: boolean): Promise<void> {
  step('Redis with 10,000 clients connected');
  const crowded = await startRedis({ args: ['--maxclients', '10100'] });
  const holder = await holdClients(crowded.port, 10_000);
  try {
    results.bigInfo.push(await bigInfo('10,000 clients', crowded, withTheirs));
  } finally {
    holder.kill('SIGTERM');
    await crowded.stop();
  }
  step('Redis with 200 distinct commands in commandstats');
  const varied = await startRedis();
  const distinct = await varyCommands(varied.port, 200);
  try {
    results.bigInfo.push(await bigInfo(`${distinct} commands in commandstats`, varied, withTheirs));
  } finally {
    await varied.stop();
  }
}

async function targetsSection(results: Results): Promise<void> {
  const support = detectMultiTarget();
  results.targets = { ...support, results: [] };
  if (!support.supported) return;
  for (const n of [1, 100, 500]) {
    step(`${n} target(s) on one exporter`);
    results.targets.results.push(await measureTargets(n, opts.quick ? 20 : 60));
  }
}

/** Cost per target at a real scrape interval, and the fleet rows (issue 15). */
async function costSection(results: Results, withTheirs: boolean): Promise<void> {
  const n = (k: keyof typeof opts) => Number(opts[k]);
  const o = {
    warmupSeconds: n('cost-warmup'),
    windowSeconds: n('cost-window'),
    windows: n('cost-windows'),
    scrapeEverySeconds: 15,
    loadSeconds: n('cost-load'),
    fleetTargets: n('fleet-targets'),
    fleetServers: n('fleet-servers'),
    fleetSeconds: n('fleet-seconds'),
    baseDir: opts['cost-base'],
  };
  const cost = await measureCost(o, step, withTheirs);
  if (o.fleetTargets <= 0) {
    results.cost = cost;
    return;
  }
  const fleet = await measureFleet(o, step, '5s');
  const fleetAuto = await measureFleet(o, step, 'auto');
  const fleetAutoBase = o.baseDir === undefined ? undefined : await measureFleet(o, step, 'auto', join(o.baseDir, 'dist/cli.js'));
  results.cost = { ...cost, fleet, fleetAuto, fleetAutoBase };
}

runBench('bench', main);
