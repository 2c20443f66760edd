import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type RedisHandle } from '../../test/helpers/redis-server.js';
import { waitFor } from '../../test/helpers/wait.js';
import { median, metricValue } from './measure.js';
import { load1, procSample, threadCpu } from './proc.js';
import { shebangEnv, shebangNodeFlags, startBare, startRedisExporter, startVitals, type Served } from './servers.js';
import { runWrk } from './wrk.js';

/**
 * What an exporter costs when it is scraped the way Prometheus scrapes it (every 15 s), side by
 * side in one run against one Redis: redis_exporter, redis-vitals under several settings and a
 * bare Node timer (the floor of any Node process). CPU from /proc/<pid>/task/<tid>/schedstat
 * (time run, every thread), split into the main thread and the rest.
 */
export interface CostOptions {
  readonly warmupSeconds: number;
  /** The measured window is cut into sub-windows of this length; their spread is the range. */
  readonly windowSeconds: number;
  readonly windows: number;
  readonly scrapeEverySeconds: number;
  readonly loadSeconds: number;
  readonly fleetTargets: number;
  readonly fleetServers: number;
  readonly fleetSeconds: number;
  /**
   * Another build's directory (`--cost-base`): its defaults and 1 s rows run beside this build's
   * in the same windows, and its auto fleet right after ours, so before/after are paired.
   */
  readonly baseDir?: string;
}

export interface CostRow {
  readonly name: string;
  readonly flags: readonly string[];
  /** CPU s/min per sub-window (all threads), and the main thread's share. */
  readonly cpuSecondsPerMinute: readonly number[];
  readonly mainThreadCpuSecondsPerMinute: readonly number[];
  readonly polls: number | undefined;
  readonly idleRssBytes: number;
  readonly rssAfterLoadBytes: number | undefined;
  readonly peakRssBytes: number;
  readonly loadRequestsPerSecond: number | undefined;
}

export interface FleetResult {
  /** The build's entry point (dist/cli.js, or --cost-base's). */
  readonly cli?: string;
  /** --poll.interval of the run: 5s (the default before auto, 6,000 polls/min) or auto (scraped every 15 s). */
  readonly interval: string;
  readonly targets: number;
  readonly redisServers: number;
  readonly seconds: number;
  readonly cpuSecondsPerMinute: number;
  readonly mainThreadCpuSecondsPerMinute: number;
  readonly rssMeanBytes: number;
  readonly rssMaxBytes: number;
  readonly rssAfterScrapeBytes: number;
  readonly polls: number;
  /** Polls the interval asks for in the window; fewer when the machine cannot keep up. */
  readonly intendedPolls: number;
  readonly cpuMsPerPoll: number;
  readonly load1: number;
}

export interface CostResult {
  readonly options: CostOptions;
  readonly rows: CostRow[];
  /** (CPU at 1 s − CPU polling off) / polls: one live poll, all in. */
  readonly pollCpuMs: number | undefined;
  readonly ceiling:
    | { readonly connections: number; readonly oursRps: number[]; readonly bareRps: number[]; readonly ratio: number; readonly oursCpuMsPerRequest: number[]; readonly bareCpuMsPerRequest: number[] }
    | undefined;
  readonly fleet: FleetResult | undefined;
  /** The same fleet at the default --poll.interval=auto, scraped like the rows above. */
  readonly fleetAuto?: FleetResult | undefined;
  /** --cost-base's build in the auto fleet, run right after ours. */
  readonly fleetAutoBase?: FleetResult | undefined;
  readonly load1: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `node -e "setInterval(()=>{},1000)"`: what any Node process with a timer costs. */
function startTimer(): Served {
  const child = spawn(process.execPath, ['-e', 'setInterval(()=>{},1000)'], { stdio: 'ignore' });
  return {
    name: 'bare node timer',
    pid: child.pid as number,
    url: '',
    child,
    startedAt: Date.now(),
    scrape: () => Promise.resolve(''),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Every row runs `node dist/cli.js` with no node flags (what `node dist/cli.js`, a unit or an
 * image without the shebang get), except the one marked with the shebang's flags.
 */
const VARIANTS: readonly [string, string[], string[]][] = [
  ['redis-vitals defaults (auto: a poll per scrape)', [], []],
  ['redis-vitals --poll.interval=5s (the default before auto)', ['--poll.interval', '5s'], []],
  ['redis-vitals defaults, as the bin starts it (shebang)', [], shebangNodeFlags()],
  ['redis-vitals --poll.interval=15s', ['--poll.interval', '15s'], []],
  ['redis-vitals --host.collect=off', ['--host.collect', 'off'], []],
  ['redis-vitals polling off (--poll.interval=1h)', ['--poll.interval', '1h'], []],
  ['redis-vitals --poll.interval=1s', ['--poll.interval', '1s'], []],
];

/** Rows of `--cost-base`'s build: named apart so the ratios and poll estimate still read this build's rows. */
export const BASE_PREFIX = 'before: ';
const BASE_VARIANTS: readonly [string, string[]][] = [
  ['redis-vitals defaults (auto: a poll per scrape)', []],
  ['redis-vitals --poll.interval=1s', ['--poll.interval', '1s']],
];

export async function measureCost(o: CostOptions, step: (what: string) => void, withTheirs: boolean): Promise<CostResult> {
  const loads: number[] = [load1()];
  step('cost: redis-server with 1,000 keys');
  const redis = await startRedis();
  await redis.cmd('DEBUG', 'POPULATE', '1000');
  const procs: { s: Served; flags: string[] }[] = [];
  try {
    if (withTheirs) procs.push({ s: await startRedisExporter(redis.url), flags: [] });
    for (const [name, flags, nodeFlags] of VARIANTS) {
      // The shebang row gets the shebang's environment too (MALLOC_ARENA_MAX), as the bin does.
      const env = nodeFlags.length > 0 ? shebangEnv() : undefined;
      procs.push({ s: { ...(await startVitals(redis.url, flags, nodeFlags, 'dist/cli.js', env)), name }, flags: [...Object.entries(env ?? {}).map(([k, v]) => `${k}=${v}`), ...nodeFlags, ...flags] });
    }
    if (o.baseDir !== undefined) {
      const cli = join(o.baseDir, 'dist/cli.js');
      for (const [name, flags] of BASE_VARIANTS) procs.push({ s: { ...(await startVitals(redis.url, flags, [], cli)), name: `${BASE_PREFIX}${name}` }, flags });
    }
    procs.push({ s: startTimer(), flags: [] });
    const scraped = procs.filter((p) => p.s.url !== '');
    step(`cost: ${procs.length} processes up; warm-up ${o.warmupSeconds}s, then ${o.windows} × ${o.windowSeconds}s scraped every ${o.scrapeEverySeconds}s`);
    // Scraped from the start, warm-up included, as Prometheus does: --poll.interval=auto (the
    // default) learns the cadence from these scrapes. Poll counts come from their bodies.
    const lastBody = new Map<Served, string>();
    let scraping = true;
    const scrapeLoop = (async () => {
      while (scraping) {
        const next = Date.now() + o.scrapeEverySeconds * 1000;
        for (const p of scraped) lastBody.set(p.s, await p.s.scrape());
        await sleep(Math.max(0, next - Date.now()));
      }
    })();
    const pollsSeen = () => procs.map((p) => (p.s.name.startsWith('redis-vitals') ? metricValue(lastBody.get(p.s) ?? '', 'redis_vitals_polls_total') : undefined));
    await sleep(o.warmupSeconds * 1000);
    const polls0 = pollsSeen();
    const cpu: number[][] = procs.map(() => []);
    const mainCpu: number[][] = procs.map(() => []);
    for (let w = 0; w < o.windows; w++) {
      const a = procs.map((p) => threadCpu(p.s.pid));
      await sleep(o.windowSeconds * 1000);
      const b = procs.map((p) => threadCpu(p.s.pid));
      procs.forEach((_, i) => {
        const [x, y] = [a[i], b[i]];
        if (!x || !y) return;
        cpu[i]?.push(((y.main + y.others - x.main - x.others) / o.windowSeconds) * 60);
        mainCpu[i]?.push(((y.main - x.main) / o.windowSeconds) * 60);
      });
      loads.push(load1());
      step(`cost: window ${w + 1}: ${procs.map((p, i) => `${p.s.name} ${cpu[i]?.at(-1)?.toFixed(3)}`).join(', ')}`);
    }
    const polls1 = pollsSeen();
    scraping = false;
    await scrapeLoop;
    const idleRss = procs.map((p) => procSample(p.s.pid).rssBytes);
    const after: (number | undefined)[] = [];
    const rps: (number | undefined)[] = [];
    for (const p of procs) {
      if (p.s.url === '' || o.loadSeconds <= 0) {
        after.push(undefined);
        rps.push(undefined);
        continue;
      }
      step(`cost: ${p.s.name}: ${o.loadSeconds}s of 10 concurrent scrapers`);
      const w = await runWrk(p.s.url, 10, o.loadSeconds);
      after.push(procSample(p.s.pid).rssBytes);
      rps.push(w.requestsPerSecond);
    }
    loads.push(load1());
    const rows: CostRow[] = procs.map((p, i) => {
      const n0 = polls0[i];
      const n1 = polls1[i];
      return {
        name: p.s.name,
        flags: p.flags,
        cpuSecondsPerMinute: cpu[i] ?? [],
        mainThreadCpuSecondsPerMinute: mainCpu[i] ?? [],
        polls: n0 === undefined || n1 === undefined ? undefined : n1 - n0,
        idleRssBytes: idleRss[i] ?? NaN,
        rssAfterLoadBytes: after[i],
        peakRssBytes: procSample(p.s.pid).peakRssBytes,
        loadRequestsPerSecond: rps[i],
      };
    });
    const fast = rows.find((r) => r.name === 'redis-vitals --poll.interval=1s');
    const off = rows.find((r) => r.name.includes('polling off'));
    const minutes = (o.windows * o.windowSeconds) / 60;
    const pollCpuMs = fast && off && fast.polls ? ((median(fast.cpuSecondsPerMinute) - median(off.cpuSecondsPerMinute)) * minutes * 1000) / fast.polls : undefined;
    const defaults = procs.find((p) => p.s.name === 'redis-vitals defaults (auto: a poll per scrape)');
    const ceiling = defaults ? await versusBare(defaults.s, step) : undefined;
    loads.push(load1());
    return { options: o, rows, pollCpuMs, ceiling, fleet: undefined, load1: loads };
  } finally {
    for (const p of procs) await p.s.stop();
    await redis.stop();
  }
}

/** /metrics of `ours` at 50 concurrent scrapers against node:http serving the same bytes, interleaved. */
async function versusBare(ours: Served, step: (what: string) => void): Promise<CostResult['ceiling']> {
  const file = join(mkdtempSync(join(tmpdir(), 'rv-cost-')), 'metrics.txt');
  writeFileSync(file, await ours.scrape());
  const bare = await startBare(file);
  const rps: [number[], number[]] = [[], []];
  const cpu: [number[], number[]] = [[], []];
  try {
    step('cost: /metrics at 50 scrapers vs bare node:http, 3 rounds of 5 s');
    for (let r = 0; r < 3; r++) {
      for (const [i, s] of [ours, bare].entries()) {
        const a = procSample(s.pid).cpuSeconds;
        const w = await runWrk(s.url, 50, 5);
        rps[i]?.push(w.requestsPerSecond);
        cpu[i]?.push(((procSample(s.pid).cpuSeconds - a) * 1000) / w.requests);
      }
    }
  } finally {
    await bare.stop();
  }
  // On a shared machine req/s follows the neighbours; CPU per request is the steadier comparison.
  return { connections: 50, oursRps: rps[0], bareRps: rps[1], ratio: median(rps[0]) / median(rps[1]), oursCpuMsPerRequest: cpu[0], bareCpuMsPerRequest: cpu[1] };
}

/**
 * Many targets on one exporter, pointing at a handful of redis-servers (500 servers would swamp
 * the box). `interval` 5s: the default before auto, unscraped but for the two counts (6,000
 * polls a minute). `auto`: the default, scraped every `scrapeEverySeconds` from the start, as
 * Prometheus would, so each target polls once per scrape; the scrapes' cost is included.
 */
export async function measureFleet(o: CostOptions, step: (what: string) => void, interval: '5s' | 'auto' = '5s', cli = 'dist/cli.js'): Promise<FleetResult> {
  const servers: RedisHandle[] = [];
  try {
    for (let i = 0; i < o.fleetServers; i++) servers.push(await startRedis({ args: ['--hz', '1'] }));
    const dir = mkdtempSync(join(tmpdir(), 'rv-fleet-'));
    const file = join(dir, 'targets.yml');
    const lines = Array.from({ length: o.fleetTargets }, (_, i) => `  - name: t${i}\n    addr: ${servers[i % servers.length]?.url}\n`);
    writeFileSync(file, `targets:\n${lines.join('')}`);
    step(`fleet: ${cli}: ${o.fleetTargets} targets on ${o.fleetServers} redis-servers, --poll.interval=${interval}`);
    const exporter = await startVitals(undefined, ['--config.file', file, '--poll.interval', interval], [], cli);
    let scraping = interval === 'auto';
    let lastBody = '';
    let scrapeLoop: Promise<void> = Promise.resolve();
    try {
      const ready = exporter.url.replace(/\/metrics$/, '/-/ready');
      await waitFor(
        async () => (await fetch(ready)).status,
        (st) => st === 200,
        { timeoutMs: 180_000, intervalMs: 1000, what: 'every target polled' },
      );
      scrapeLoop = (async () => {
        while (scraping) {
          const next = Date.now() + o.scrapeEverySeconds * 1000;
          lastBody = await exporter.scrape();
          await sleep(Math.max(0, next - Date.now()));
        }
      })();
      // auto: two scrapes to learn the interval, then polls settle on it.
      await sleep(interval === 'auto' ? 3 * o.scrapeEverySeconds * 1000 : 10_000);
      const sum = (text: string) => [...text.matchAll(/^redis_vitals_polls_total\{[^}]*\} (\S+)$/gm)].reduce((a, m) => a + Number(m[1]), 0);
      const count = async () => sum(interval === 'auto' ? lastBody : await exporter.scrape());
      const p0 = await count();
      const a = threadCpu(exporter.pid);
      const rss: number[] = [];
      for (let s = 0; s < o.fleetSeconds; s++) {
        await sleep(1000);
        rss.push(procSample(exporter.pid).rssBytes);
      }
      const b = threadCpu(exporter.pid);
      const p1 = await count();
      const perMinute = interval === 'auto' ? 60 / o.scrapeEverySeconds : 12;
      return {
        cli,
        interval,
        targets: o.fleetTargets,
        redisServers: o.fleetServers,
        seconds: o.fleetSeconds,
        cpuSecondsPerMinute: ((b.main + b.others - a.main - a.others) / o.fleetSeconds) * 60,
        mainThreadCpuSecondsPerMinute: ((b.main - a.main) / o.fleetSeconds) * 60,
        rssMeanBytes: rss.reduce((x, y) => x + y, 0) / rss.length,
        rssMaxBytes: Math.max(...rss),
        rssAfterScrapeBytes: procSample(exporter.pid).rssBytes,
        polls: p1 - p0,
        load1: load1(),
        intendedPolls: (o.fleetTargets * o.fleetSeconds * perMinute) / 60,
        cpuMsPerPoll: ((b.main + b.others - a.main - a.others) * 1000) / (p1 - p0),
      };
    } finally {
      scraping = false;
      await scrapeLoop;
      await exporter.stop();
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

const mb = (b: number | undefined) => (b === undefined || Number.isNaN(b) ? '-' : `${(b / 1048576).toFixed(1)} MB`);
const range = (xs: readonly number[], d = 3) => (xs.length === 0 ? '-' : `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})`);

/** Markdown, as docs/performance.md shows it. */
export function renderCost(c: CostResult): string {
  const theirs = c.rows.find((r) => r.name === 'redis_exporter');
  const out = [
    `\nCost per target (scraped every ${c.options.scrapeEverySeconds} s; ${c.options.windows} × ${c.options.windowSeconds} s after ${c.options.warmupSeconds} s warm-up; load ${c.load1.join(', ')})`,
    '| exporter | CPU s/min median (range) | main thread | × redis_exporter | polls | idle RSS | RSS after load | peak RSS | req/s under load |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of c.rows) {
    const x = theirs && r !== theirs ? median(r.cpuSecondsPerMinute) / median(theirs.cpuSecondsPerMinute) : NaN;
    const ratio = Number.isFinite(x) ? x.toFixed(1) : '-';
    out.push(
      `| ${r.name} | ${range(r.cpuSecondsPerMinute)} | ${range(r.mainThreadCpuSecondsPerMinute)} | ${ratio} | ${r.polls ?? '-'} | ${mb(r.idleRssBytes)} | ${mb(r.rssAfterLoadBytes)} | ${mb(r.peakRssBytes)} | ${r.loadRequestsPerSecond === undefined ? '-' : Math.round(r.loadRequestsPerSecond)} |`,
    );
  }
  if (c.pollCpuMs !== undefined) out.push(`\nOne live poll, all in (CPU at 1 s minus polling off, per poll): ${c.pollCpuMs.toFixed(2)} ms`);
  if (c.ceiling)
    out.push(
      `/metrics at ${c.ceiling.connections} scrapers: ours ${c.ceiling.oursRps.map(Math.round).join('/')} req/s, bare node:http ${c.ceiling.bareRps.map(Math.round).join('/')} req/s: ${(c.ceiling.ratio * 100).toFixed(0)}% of the ceiling (medians); CPU ms/request ours ${range(c.ceiling.oursCpuMsPerRequest, 4)}, bare ${range(c.ceiling.bareCpuMsPerRequest, 4)}: ${((median(c.ceiling.bareCpuMsPerRequest) / median(c.ceiling.oursCpuMsPerRequest)) * 100).toFixed(0)}% by CPU`,
    );
  for (const f of [c.fleet, c.fleetAuto, c.fleetAutoBase]) {
    if (f)
      out.push(
        `Fleet${f.cli && f.cli !== 'dist/cli.js' ? ` of ${f.cli}` : ''} (--poll.interval=${f.interval ?? '5s'}): ${f.targets} targets on ${f.redisServers} redis-servers, ${f.seconds} s: ${f.cpuSecondsPerMinute.toFixed(2)} CPU s/min (main thread ${f.mainThreadCpuSecondsPerMinute.toFixed(2)}), RSS mean ${mb(f.rssMeanBytes)}, max ${mb(f.rssMaxBytes)}, after a /metrics scrape ${mb(f.rssAfterScrapeBytes)}, ${f.polls} of ${f.intendedPolls} intended polls, ${f.cpuMsPerPoll.toFixed(2)} CPU ms/poll (${((f.cpuMsPerPoll * f.intendedPolls * 60) / f.seconds / 1000).toFixed(1)} s/min at the full rate), load ${f.load1}`,
      );
  }
  return out.join('\n');
}
