import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { promApi, startPrometheus, stopAllDaemons, type Daemon } from '../helpers/prom-stack.js';
import { startRedisExporter } from '../helpers/redis-exporter.js';
import { startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * docs/migrate-from-redis_exporter.md "Prometheus config, before and after", run as written: the
 * "before" scrape config on redis_exporter 1.45 dialling two password-protected Redis servers
 * (its JSON password map), the "after" redis-vitals config file and scrape config on redis-vitals,
 * each under a real Prometheus. Only addresses and paths are swapped for this machine's. The
 * series Prometheus stores carry the same job and instance labels, so dashboards and alerts
 * filtering on them keep working.
 */
const DOC = readFileSync(new URL('../../docs/migrate-from-redis_exporter.md', import.meta.url), 'utf8');
const section = DOC.slice(DOC.indexOf('## Prometheus config, before and after'));
const blocks = [...section.matchAll(/```yaml\n([^`]+)```/g)].map((m) => m[1] as string);
const before = blocks.find((b) => b.includes('replacement: redis-exporter:9121'));
const afterTargets = blocks.find((b) => b.startsWith('# /etc/redis-vitals/config.yml'));
const afterScrape = blocks.find((b) => b.includes('http_sd_configs'));

const PASSWORDS = ['first-Pw-1', 'second-Pw-2'];
let servers: RedisHandle[];
let ours: TestExporter;
let stopTheirs: () => Promise<void>;
let proms: { before: Daemon; after: Daemon };

interface Series {
  metric: Record<string, string>;
  value: [number, string];
}
const query = async (prom: Daemon, expr: string) => (await promApi<{ result: Series[] }>(prom, 'query', { query: expr })).result;
/** Label sets (with values) of an expression's result, sorted, for comparing two Prometheus servers. */
const labelSets = (r: Series[]) => r.map((s) => JSON.stringify(Object.entries(s.metric).sort())).sort();

beforeAll(async () => {
  expect([before, afterTargets, afterScrape].map((b) => b !== undefined)).toEqual([true, true, true]);
  servers = [await startRedis({ requirepass: PASSWORDS[0] as string }), await startRedis({ requirepass: PASSWORDS[1] as string })];
  const dir = mkdtempSync(join(tmpdir(), 'rv-migrate-config-'));
  // redis_exporter's JSON password map: the one file both exporters read.
  const map = join(dir, 'passwords.json');
  writeFileSync(map, JSON.stringify(Object.fromEntries(servers.map((s, i) => [s.url, PASSWORDS[i]]))));
  const here = (text: string) =>
    text
      .replaceAll('redis://10.0.0.11:6379', (servers[0] as RedisHandle).url)
      .replaceAll('redis://10.0.0.12:6379', (servers[1] as RedisHandle).url)
      .replaceAll('/etc/redis-vitals/passwords.json', map);
  const configFile = join(dir, 'config.yml');
  writeFileSync(configFile, here(afterTargets as string));
  // redis_exporter as the "before" layout runs it: no --redis.addr of its own, targets by /scrape.
  const theirs = await startRedisExporter((servers[0] as RedisHandle).url, ['--redis.password-file', map]);
  stopTheirs = () => theirs.stop();
  // The default poll interval (auto), as a migrated deployment runs.
  ours = await startTestExporter({ 'config.file': configFile, 'poll.interval': 'auto' });
  const promConfig = (scrape: string, exporter: string, host: string) => ({
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    ...(parse(here(scrape).replaceAll(exporter, host)) as object),
  });
  proms = {
    before: await startPrometheus(promConfig(before as string, 'redis-exporter:9121', new URL(theirs.url).host), {}),
    after: await startPrometheus(promConfig(afterScrape as string, 'redis-vitals:9121', new URL(ours.url).host), {}),
  };
}, 60_000);

afterAll(async () => {
  await stopAllDaemons();
  await ours?.stop();
  await stopTheirs?.();
  await stopAllRedis();
});

describe('the Prometheus config of the migration guide, before and after', () => {
  it('stores redis_up 1 for both Redis servers under the same job and instance labels', async () => {
    const up = (prom: Daemon) =>
      waitFor(
        () => query(prom, 'redis_up'),
        (r) => r.length === 2 && r.every((s) => s.value[1] === '1'),
        { what: 'redis_up 1 for both targets' },
      );
    const [was, is] = [await up(proms.before), await up(proms.after)];
    expect(labelSets(is)).toEqual(labelSets(was));
    expect(is.map((s) => s.metric.instance).sort()).toEqual(servers.map((s) => s.url).sort());
    expect(is.every((s) => s.metric.job === 'redis_exporter_targets')).toBe(true);
  });

  it('serves every Redis series under the labels redis_exporter gave it (no target label added)', async () => {
    for (const name of ['redis_connected_clients', 'redis_memory_used_bytes', 'redis_db_keys', 'redis_exporter_last_scrape_error']) {
      const names = (prom: Daemon) => query(prom, `count by (job, instance, db, err) (${name})`);
      expect(labelSets(await names(proms.after)), name).toEqual(labelSets(await names(proms.before)));
    }
  });

  it('polls every 5 s: /scrape?target= requests do not set the auto interval (only /metrics scrapes do)', async () => {
    // Scraped every second through /scrape for well over two intervals; auto still has no cadence.
    await waitFor(
      () => query(proms.after, 'count_over_time(redis_up[6s])'),
      (r) => r.length === 2 && r.every((s) => Number(s.value[1]) >= 5),
      { what: 'six seconds of scrapes' },
    );
    const interval = await query(proms.after, 'redis_vitals_poll_interval_seconds');
    expect(interval.map((s) => s.value[1])).toEqual(['5', '5']);
  });

  // Last: a /metrics request is a scrape auto learns from, which the test above must not see.
  it("on /metrics, several targets' redis_exporter_* poll series each carry a target label", async () => {
    const m = await ours.metrics();
    expect(
      m
        .all('redis_exporter_scrapes_total')
        .map((x) => x.labels.target)
        .sort(),
    ).toEqual(servers.map((x) => x.url).sort());
    expect(m.all('redis_exporter_build_info').map((x) => x.labels.target)).toEqual([undefined]);
  });
});
