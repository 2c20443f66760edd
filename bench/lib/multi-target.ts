import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type RedisHandle } from '../../test/helpers/redis-server.js';
import { waitFor } from '../../test/helpers/wait.js';
import { procSample, load1 } from './proc.js';
import { ROOT, startVitals } from './servers.js';

/**
 * Many targets on one exporter (the config file's `targets:` list). A build without
 * multi-target rejects the key, and the bench then says so instead of measuring something else.
 */
function targetsFile(targets: { name: string; addr: string }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rv-targets-'));
  const path = join(dir, 'targets.yml');
  writeFileSync(path, `targets:\n${targets.map((t) => `  - name: ${t.name}\n    addr: ${t.addr}\n`).join('')}`);
  return path;
}

/** hz 1: 500 idle servers at the default hz 10 wake 5,000 times a second on a shared 2-core box. INFO is unaffected. */
export const TARGET_REDIS = { args: ['--hz', '1'] } as const;

export interface Support {
  readonly supported: boolean;
  readonly reason: string;
}

/** Asks the built CLI to load a config with a `targets:` list (it exits 2 at once if it cannot). */
export function detectMultiTarget(): Support {
  const file = targetsFile([{ name: 'probe', addr: 'redis://127.0.0.1:1' }]);
  const r = spawnSync(process.execPath, ['dist/cli.js', '--config.file', file, '--web.listen-address', '127.0.0.1:0'], { cwd: ROOT, encoding: 'utf8', timeout: 3000, killSignal: 'SIGKILL' });
  // Still running when the timeout hit: it accepted the file and started serving.
  if (r.status === null) return { supported: true, reason: 'config with targets: accepted' };
  return { supported: false, reason: (r.stderr.trim().split('\n')[0] ?? `exit ${r.status}`).replace(/^redis-vitals: /, '') };
}

export interface TargetsResult {
  readonly targets: number;
  readonly cpuSecondsPerMinute: number;
  /** At the end of the window; RSS saw-tooths with collections, so mean and max over it too. */
  readonly rssBytes: number;
  readonly rssMeanBytes: number;
  readonly rssMaxBytes: number;
  /** After the timed /metrics and /scrape requests (a 13 MB body at 500 targets). */
  readonly rssAfterScrapesBytes: number;
  readonly meanPollSeconds: number;
  /** Oldest successful poll across targets when measured: how far behind the interval polling runs. */
  readonly maxStalenessSeconds: number;
  readonly metricsBytes: number;
  /** One scrape of /metrics (all targets) and of /scrape?target= (one), median of a few. */
  readonly metricsScrapeMs: number;
  readonly targetScrapeMs: number;
  readonly load1: number;
}

const sum = (text: string, name: string) => [...text.matchAll(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'gm'))].reduce((a, m) => a + Number(m[1]), 0);

async function timed(url: string, n: number): Promise<{ ms: number; text: string }> {
  const times: number[] = [];
  let text = '';
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    text = await (await fetch(url)).text();
    times.push(performance.now() - t);
  }
  return { ms: times.sort((a, b) => a - b)[Math.floor(n / 2)] ?? NaN, text };
}

/** N redis-servers, one exporter at the default interval; CPU and RSS over `seconds` once warm. */
export async function measureTargets(count: number, seconds: number): Promise<TargetsResult> {
  const servers: RedisHandle[] = [];
  try {
    // Small batches: on a busy 2-core machine 25 at once can miss the harness's start timeout.
    for (let i = 0; i < count; i += 8) servers.push(...(await Promise.all(Array.from({ length: Math.min(8, count - i) }, () => startRedis(TARGET_REDIS)))));
    const file = targetsFile(servers.map((s, i) => ({ name: `r${i}`, addr: s.url })));
    const exporter = await startVitals(undefined, ['--config.file', file]);
    try {
      // /-/ready turns 200 once every target has completed a poll; cheaper than parsing /metrics.
      const ready = exporter.url.replace(/\/metrics$/, '/-/ready');
      await waitFor(
        async () => (await fetch(ready)).status,
        (st) => st === 200,
        { timeoutMs: 180_000, intervalMs: 1000, what: `all ${count} targets polled` },
      );
      const t0 = await exporter.scrape();
      const a = procSample(exporter.pid);
      const rss: number[] = [];
      for (let s = 0; s < seconds; s++) {
        await new Promise((r) => setTimeout(r, 1000));
        rss.push(procSample(exporter.pid).rssBytes);
      }
      const b = procSample(exporter.pid);
      const metrics = await timed(exporter.url, 3);
      const one = await timed(exporter.url.replace(/\/metrics$/, '/scrape?target=r0'), 10);
      const afterScrapes = procSample(exporter.pid).rssBytes;
      const t1 = metrics.text;
      const polls = sum(t1, 'redis_vitals_poll_duration_seconds_count') - sum(t0, 'redis_vitals_poll_duration_seconds_count');
      const lastPolls = [...t1.matchAll(/^redis_vitals_last_poll_timestamp_seconds\{[^}]*\} (\S+)$/gm)].map((m) => Number(m[1]));
      return {
        targets: count,
        cpuSecondsPerMinute: ((b.cpuSeconds - a.cpuSeconds) / seconds) * 60,
        rssBytes: b.rssBytes,
        rssMeanBytes: rss.reduce((x, y) => x + y, 0) / rss.length,
        rssMaxBytes: Math.max(...rss),
        rssAfterScrapesBytes: afterScrapes,
        meanPollSeconds: polls > 0 ? (sum(t1, 'redis_vitals_poll_duration_seconds_sum') - sum(t0, 'redis_vitals_poll_duration_seconds_sum')) / polls : NaN,
        maxStalenessSeconds: Date.now() / 1000 - Math.min(...lastPolls),
        metricsBytes: Buffer.byteLength(t1),
        metricsScrapeMs: metrics.ms,
        targetScrapeMs: one.ms,
        load1: load1(),
      };
    } finally {
      await exporter.stop();
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
