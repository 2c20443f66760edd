import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { promApi, startPrometheus, stopAllDaemons, type Daemon } from '../helpers/prom-stack.js';
import { startRedisExporter } from '../helpers/redis-exporter.js';
import { startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The hand-written "exporter failing" alert of redis_exporter users, `redis_exporter_last_scrape_error > 0`,
 * evaluated by a real Prometheus on redis_exporter 1.45 and on redis-vitals with its default
 * `--poll.interval=auto` (polls follow Prometheus' scrapes), watching the same Redis: quiet while
 * Redis answers, firing for both once it is gone, and for redis-vitals also on a hung Redis.
 */
const ALERT = 'RedisExporterFailing';
let redis: RedisHandle;
let ours: TestExporter;
let prom: Daemon;
let stopTheirs: () => Promise<void>;

interface PromAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}
const firing = async () =>
  (await promApi<{ alerts: PromAlert[] }>(prom, 'alerts')).alerts
    .filter((a) => a.labels.alertname === ALERT && a.state === 'firing')
    .map((a) => a.labels.job)
    .sort();
const query = async (expr: string) => (await promApi<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(prom, 'query', { query: expr })).result;

beforeAll(async () => {
  redis = await startRedis();
  const theirs = await startRedisExporter(redis.url);
  stopTheirs = () => theirs.stop();
  // The default poll interval (auto), not the tests' usual fixed 200 ms.
  ours = await startTestExporter({ 'redis.addr': redis.url, 'poll.interval': 'auto' });
  prom = await startPrometheus(
    {
      global: { scrape_interval: '1s', evaluation_interval: '1s', scrape_timeout: '900ms' },
      rule_files: ['exporter.rules.yml'],
      scrape_configs: [
        { job_name: 'redis_exporter', static_configs: [{ targets: [new URL(theirs.url).host] }] },
        { job_name: 'redis-vitals', static_configs: [{ targets: [new URL(ours.url).host] }] },
      ],
    },
    { 'exporter.rules.yml': { groups: [{ name: 'exporter', rules: [{ alert: ALERT, expr: 'redis_exporter_last_scrape_error > 0' }] }] } },
  );
}, 60_000);

afterAll(async () => {
  await stopAllDaemons();
  await ours.stop();
  await stopTheirs();
  await stopAllRedis();
});

describe('an "exporter failing" alert written for redis_exporter', () => {
  it('is quiet while Redis answers; polls follow the scrapes (auto) and count as scrapes', async () => {
    // auto learned Prometheus' 1 s scrapes: redis_exporter_scrapes_total grows about as fast as theirs.
    await waitFor(
      () => query('redis_vitals_poll_interval_seconds'),
      (r) => r.length === 1 && Number(r[0]?.value[1]) <= 1.5,
      { what: 'auto to learn the 1 s scrape interval' },
    );
    const rates = await waitFor(
      () => query('rate(redis_exporter_scrapes_total[10s])'),
      (r) => r.length === 2 && r.every((s) => Number(s.value[1]) > 0.5),
      { what: 'both exporters counting about one scrape (poll) a second' },
    );
    expect(rates.map((s) => s.metric.job).sort()).toEqual(['redis-vitals', 'redis_exporter']);
    const errors = await query('redis_exporter_last_scrape_error');
    expect(errors.map((s) => [s.metric.job, s.value[1]]).sort()).toEqual([
      ['redis-vitals', '0'],
      ['redis_exporter', '0'],
    ]);
    expect(await firing()).toEqual([]);
  });

  it('fires for redis-vitals on a hung Redis (SIGSTOP): its polls time out', async () => {
    redis.process.kill('SIGSTOP');
    try {
      await waitFor(firing, (jobs) => jobs.includes('redis-vitals'), { what: `${ALERT} firing for redis-vitals`, timeoutMs: 60_000 });
      const err = await query('redis_exporter_last_scrape_error{job="redis-vitals"} > 0');
      // The poll timed out (at connect: "did not answer within"; mid-command: the poll's own
      // deadline), or, on a loaded machine, none completed in time and the stale stand-in says so.
      expect(err[0]?.metric.err).toMatch(/did not answer within|exceeded its \d+ms deadline|no poll has completed/);
    } finally {
      redis.process.kill('SIGCONT');
    }
    await waitFor(firing, (jobs) => !jobs.includes('redis-vitals'), { what: `${ALERT} resolved once Redis answers again`, timeoutMs: 60_000 });
  });

  it('fires for both once Redis is gone', async () => {
    await redis.stop();
    const jobs = await waitFor(firing, (j) => j.length === 2, { what: `${ALERT} firing for both exporters`, timeoutMs: 60_000 });
    expect(jobs).toEqual(['redis-vitals', 'redis_exporter']);
    // Each says why in `err` (redis_exporter 1.45's own text for a refused redis:// dial is
    // "dial redis: unknown network redis", from its fallback dial).
    // A shutdown that lands while a poll's commands are in flight makes that one poll say
    // "connection closed by Redis" (also true); the next one, a reconnect, is refused.
    const err = await waitFor(
      () => query('redis_exporter_last_scrape_error{job="redis-vitals"} > 0'),
      (r) => /refused/i.test(r[0]?.metric.err ?? ''),
      { what: 'redis-vitals saying the connection is refused', timeoutMs: 30_000 },
    );
    expect(err[0]?.metric.err).toMatch(/refused/i);
  });
});
