import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IdleResult, LoadPoint, PerScrapesResult } from './measure.js';
import type { TargetsResult } from './multi-target.js';
import { renderCost, type CostResult } from './cost.js';
import type { PipelineResult } from './pipeline.js';
import type { Machine } from './proc.js';
import { ROOT } from './servers.js';

export interface BigInfoRow {
  readonly scenario: string;
  readonly infoBytes: number;
  readonly redisUsecPerInfo: number;
  /** Mean wall time of our polls (INFO round trip + parse + collectors + render). */
  readonly oursPollMs: number;
  readonly oursScrape: { p50Ms: number; maxMs: number };
  /** redis_exporter polls inside each scrape, so its scrape latency is its poll duration. */
  readonly theirsScrape: { p50Ms: number; maxMs: number } | undefined;
  readonly pipelineCpuMs: number;
  readonly series: number;
}

export interface Results {
  startedAt: string;
  command: string;
  machine: Machine;
  loadAtStart: number;
  settings: { rounds: number; seconds: number; idleSeconds: number; concurrency: number[] };
  redisExporterInstalled: boolean;
  idle: Record<string, IdleResult>;
  perThousandScrapes: Record<string, PerScrapesResult>;
  underLoad: Record<string, { rssBytes: number; peakRssBytes: number; cpuSecondsTotal: number }>;
  load: LoadPoint[];
  bigInfo: BigInfoRow[];
  pipeline: (PipelineResult & { input: string })[];
  livePoll: { polls: number; cpuMsPerPoll: number; grossCpuMsPerPoll: number; meanPollMs: number; load1: number } | undefined;
  targets: { supported: boolean; reason: string; results: TargetsResult[] };
  cost?: CostResult;
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const f = (n: number | undefined, digits = 2) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits));
const int = (n: number) => Math.round(n).toLocaleString('en-US');

function table(title: string, head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [`\n${title}`, line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** Markdown tables, so the output can go into docs/performance.md as printed. */
export function renderReport(r: Results): string {
  const m = r.machine;
  const out: string[] = [
    `redis-vitals bench, ${r.startedAt}: ${m.nproc} × ${m.cpuModel}, ${mb(m.memTotalBytes)} RAM, Linux ${m.kernel}, node ${m.node}`,
    `${m.redisServer.split(' ').slice(0, 3).join(' ')}; redis_exporter ${r.redisExporterInstalled ? m.redisExporter : 'not installed'}; load average at start ${r.loadAtStart}`,
    `wrk -t1, ${r.settings.rounds} round(s) × ${r.settings.seconds}s per point, medians shown`,
  ];
  if (r.load.length > 0 || r.bigInfo.length > 0 || r.pipeline.length > 0) pushScrapeTables(r, out);
  if (r.cost) out.push(renderCost(r.cost));
  return out.join('\n');
}

function pushScrapeTables(r: Results, out: string[]): void {
  const ceiling = (c: number) => r.load.find((p) => p.server === 'bare node:http' && p.connections === c)?.requestsPerSecond ?? NaN;
  const theirs = (c: number) => r.load.find((p) => p.server === 'redis_exporter' && p.connections === c)?.requestsPerSecond ?? NaN;
  out.push(
    table(
      '/metrics under load',
      ['server', 'scrapers', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', '% of ceiling', '× redis_exporter', 'errors'],
      r.load.map((p) => [
        p.server,
        String(p.connections),
        int(p.requestsPerSecond),
        f(p.p50Ms),
        f(p.p99Ms),
        f(p.cpuMsPerRequest, 3),
        `${f((p.requestsPerSecond / ceiling(p.connections)) * 100, 0)}%`,
        f(p.requestsPerSecond / theirs(p.connections), 1),
        String(p.errors),
      ]),
    ),
  );
  out.push(
    table(
      'Redis traffic per 1,000 scrapes',
      ['exporter', 'commands', 'connections', 'interval polls meanwhile', 'body bytes', 'by command'],
      Object.entries(r.perThousandScrapes).map(([name, p]) => [
        name,
        int(p.commands),
        int(p.connections),
        p.pollsMeanwhile === undefined ? '-' : String(p.pollsMeanwhile),
        int(p.bodyBytes),
        Object.entries(p.byCommand)
          .map(([c, n]) => `${c} ${n}`)
          .join(', ') || 'none',
      ]),
    ),
  );
  out.push(
    table(
      'Exporter process',
      ['exporter', `idle CPU s/min`, 'idle RSS', 'RSS after load', 'peak RSS', 'CPU ms per sequential scrape'],
      Object.keys(r.underLoad).map((name) => {
        const i = r.idle[name];
        const u = r.underLoad[name];
        return [name, f(i?.cpuSecondsPerMinute, 3), i ? mb(i.rssBytes) : '-', u ? mb(u.rssBytes) : '-', u ? mb(u.peakRssBytes) : '-', f(r.perThousandScrapes[name]?.cpuMsPerScrape, 3)];
      }),
    ),
  );
  out.push(
    table(
      'Large INFO',
      ['Redis', 'INFO ALL bytes', 'Redis µs/INFO', 'ours: poll ms (mean)', 'ours: scrape p50 ms', 'theirs: scrape p50 ms (= its poll)', 'our series'],
      r.bigInfo.map((b) => [b.scenario, int(b.infoBytes), f(b.redisUsecPerInfo, 0), f(b.oursPollMs), f(b.oursScrape.p50Ms), b.theirsScrape ? f(b.theirsScrape.p50Ms) : 'not installed', int(b.series)]),
    ),
  );
  const poll = [...r.pipeline.map((p) => [p.input, int(p.infoBytes), int(p.series), f(p.cpuMsPerPoll, 3), 'parse + collectors + render, process.cpuUsage'])];
  for (const b of r.bigInfo) poll.push([`INFO ALL, ${b.scenario}`, int(b.infoBytes), int(b.series), f(b.pipelineCpuMs, 3), 'same']);
  if (r.livePoll) {
    const l = r.livePoll;
    poll.push([
      `live daemon, ${l.polls} polls at 100 ms`,
      '-',
      '-',
      f(l.cpuMsPerPoll, 3),
      `process CPU minus an identical idle process, / polls (${f(l.grossCpuMsPerPoll, 3)} without subtracting); mean poll wall time ${f(l.meanPollMs)} ms (redis_vitals_poll_duration_seconds)`,
    ]);
  }
  out.push(table('One poll: exporter CPU', ['input', 'bytes', 'series', 'CPU ms/poll', 'how'], poll));
  if (r.targets.supported) {
    out.push(
      table(
        'Targets on one exporter (5 s default interval)',
        ['targets', 'CPU s/min', 'RSS mean', 'RSS max', 'RSS after scrapes', 'mean poll ms', 'oldest poll s', '/metrics bytes', '/metrics ms', '/scrape?target= ms', 'load'],
        r.targets.results.map((t) => [
          String(t.targets),
          f(t.cpuSecondsPerMinute, 2),
          mb(t.rssMeanBytes ?? t.rssBytes),
          mb(t.rssMaxBytes ?? t.rssBytes),
          mb(t.rssAfterScrapesBytes ?? NaN),
          f(t.meanPollSeconds * 1000),
          f(t.maxStalenessSeconds, 1),
          int(t.metricsBytes),
          f(t.metricsScrapeMs, 1),
          f(t.targetScrapeMs, 2),
          String(t.load1),
        ]),
      ),
    );
  } else {
    out.push(r.targets.reason === 'not run' ? '\nTargets: not run (--only without targets)' : `\n100 and 500 targets: not supported yet (${r.targets.reason})`);
  }
}

export function printReport(r: Results): void {
  process.stdout.write(`${renderReport(r)}\n`);
}

/** bench/results/<YYYY-MM-DD>.json; a later run the same day gets -2, -3, … so no run is lost. */
export function writeResults(r: Results): string {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const date = r.startedAt.slice(0, 10);
  let path = join(dir, `${date}.json`);
  for (let i = 2; existsSync(path); i++) path = join(dir, `${date}-${i}.json`);
  writeFileSync(path, `${JSON.stringify(r, null, 2)}\n`);
  return path;
}
