import { load1, procSample } from './proc.js';
import { RedisCounter, type CountDelta } from './redis-counter.js';
import type { Served } from './servers.js';
import { runWrk, type WrkResult } from './wrk.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export interface IdleResult {
  readonly seconds: number;
  readonly cpuSecondsPerMinute: number;
  readonly rssBytes: number;
  readonly load1: number;
}

/** CPU and RSS of a process left alone (no scrapes) for `seconds`. */
export async function idle(s: Served, seconds: number): Promise<IdleResult> {
  const a = procSample(s.pid);
  await sleep(seconds * 1000);
  const b = procSample(s.pid);
  return { seconds, cpuSecondsPerMinute: ((b.cpuSeconds - a.cpuSeconds) / seconds) * 60, rssBytes: b.rssBytes, load1: load1() };
}

/** A counter value from an exposition text (first series of that name). */
export function metricValue(text: string, name: string): number {
  return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}

export interface PerScrapesResult extends CountDelta {
  readonly scrapes: number;
  /** Interval polls redis-vitals ran meanwhile (its only Redis traffic); undefined for others. */
  readonly pollsMeanwhile: number | undefined;
  readonly cpuMsPerScrape: number;
  readonly bodyBytes: number;
}

/** Commands and connections Redis saw while `scrapes` sequential scrapes hit one exporter. */
export async function perScrapes(s: Served, counter: RedisCounter, scrapes: number): Promise<PerScrapesResult> {
  const pollsBefore = metricValue(await s.scrape(), 'redis_vitals_polls_total');
  const before = await counter.read();
  const cpu0 = procSample(s.pid).cpuSeconds;
  let body = '';
  for (let i = 0; i < scrapes; i++) body = await s.scrape();
  const cpu1 = procSample(s.pid).cpuSeconds;
  const after = await counter.read();
  const pollsAfter = metricValue(await s.scrape(), 'redis_vitals_polls_total');
  return {
    ...RedisCounter.delta(before, after),
    scrapes,
    pollsMeanwhile: Number.isNaN(pollsBefore) ? undefined : pollsAfter - pollsBefore,
    cpuMsPerScrape: ((cpu1 - cpu0) * 1000) / scrapes,
    bodyBytes: Buffer.byteLength(body),
  };
}

export interface LoadPoint {
  readonly server: string;
  readonly connections: number;
  readonly runs: readonly (WrkResult & { cpuSeconds: number; load1: number })[];
  /** Medians over the runs. */
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuMsPerRequest: number;
  readonly errors: number;
}

/**
 * wrk against each server at each concurrency, `rounds` times, interleaving the servers within a
 * round so a burst of load from other users of the machine hits all of them alike.
 */
export async function throughput(servers: readonly Served[], concurrencies: readonly number[], rounds: number, seconds: number): Promise<LoadPoint[]> {
  const runs = new Map<string, (WrkResult & { cpuSeconds: number; load1: number })[]>();
  for (const c of concurrencies) {
    for (let r = 0; r < rounds; r++) {
      for (const s of servers) {
        const a = procSample(s.pid).cpuSeconds;
        const w = await runWrk(s.url, c, seconds);
        const b = procSample(s.pid).cpuSeconds;
        const key = `${s.name}\u0000${c}`;
        runs.set(key, [...(runs.get(key) ?? []), { ...w, cpuSeconds: b - a, load1: load1() }]);
        process.stderr.write(`  ${s.name} c=${c} round ${r + 1}: ${Math.round(w.requestsPerSecond)} req/s, p99 ${w.p99Ms.toFixed(2)} ms\n`);
      }
    }
  }
  const out: LoadPoint[] = [];
  for (const c of concurrencies) {
    for (const s of servers) {
      const rs = runs.get(`${s.name}\u0000${c}`) ?? [];
      out.push({
        server: s.name,
        connections: c,
        runs: rs,
        requestsPerSecond: median(rs.map((x) => x.requestsPerSecond)),
        p50Ms: median(rs.map((x) => x.p50Ms)),
        p99Ms: median(rs.map((x) => x.p99Ms)),
        cpuMsPerRequest: median(rs.map((x) => (x.requests > 0 ? (x.cpuSeconds * 1000) / x.requests : NaN))),
        errors: rs.reduce((a, x) => a + x.errors, 0),
      });
    }
  }
  return out;
}

/** Sequential scrape latencies in ms: median and worst of `n`. */
export async function scrapeLatency(s: Served, n: number): Promise<{ p50Ms: number; maxMs: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await s.scrape();
    times.push(performance.now() - t);
  }
  return { p50Ms: median(times), maxMs: Math.max(...times) };
}
