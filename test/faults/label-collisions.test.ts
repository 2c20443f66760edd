import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { startPrometheus, stopAllDaemons, type Daemon } from '../helpers/prom-stack.js';
import { startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { checkExposition } from '../helpers/strict-exposition.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Issue 12 item 2: a target label with the same name as one of the exporter's own labels
 * (`role`, `db`, `quantile`, `key`, …) must never put a label name twice on a series, which
 * makes Prometheus drop the whole scrape. Policy (docs/limits.md): the series' own label is
 * renamed `exported_<name>`, as Prometheus does with honor_labels: false.
 *
 * First an exporter without labels shows every label name the families use against a Redis
 * with a replica, keyspaces, command and error stats, latency events, a slow log, big keys and
 * host readings; then one target carries all of those names (and `exported_role` too) as
 * configured labels, and a real Prometheus scrapes it.
 */
const RESERVED = new Set(['target', 'instance', 'job', 'quantile', 'le']);
let primary: RedisHandle;
let replica: RedisHandle;
let dir: string;
const exporters: TestExporter[] = [];
let prom: Daemon | undefined;

beforeAll(async () => {
  primary = await startRedis({ args: ['--latency-monitor-threshold', '1', '--slowlog-log-slower-than', '0'] });
  replica = await startRedis();
  await replica.cmd('REPLICAOF', '127.0.0.1', String(new URL(primary.url).port));
  for (let i = 0; i < 20; i++) await primary.cmd('SET', `key:${i}`, 'x'.repeat(100 * i));
  await primary.cmd('HSET', 'big:hash', ...Array.from({ length: 200 }, (_, i) => [`f${i}`, 'v'.repeat(50)]).flat());
  await primary.cmd('SELECT', '3').catch(() => undefined);
  await primary.cmd('DEBUG', 'SLEEP', '0.01');
  await primary.cmd('NOSUCHCOMMAND').catch(() => undefined);
  dir = mkdtempSync(join(tmpdir(), 'rv-labels-'));
}, 60_000);

afterAll(async () => {
  await Promise.all(exporters.map((e) => e.stop()));
  await stopAllDaemons();
  await stopAllRedis();
  rmSync(dir, { recursive: true, force: true });
});

const BIGKEYS = { 'bigkeys.enabled': 'true', 'bigkeys.interval': '1s', 'bigkeys.cycle-interval': '50ms', 'bigkeys.cycle-time': '20ms', 'host.collect': 'on' };

/** Label names of every series in an exposition body. */
function labelNames(body: string): Set<string> {
  const names = new Set<string>();
  for (const m of body.matchAll(/[{,]([a-zA-Z_][a-zA-Z0-9_]*)="/g)) names.add(m[1] as string);
  return names;
}

describe("target labels that collide with the exporter's own label names", () => {
  it('a real Prometheus ingests the scrape when a target carries every label name the families use', async () => {
    const plain = await startTestExporter({ 'redis.addr': primary.url, ...BIGKEYS });
    exporters.push(plain);
    const body = await waitFor(
      () => plain.scrape(),
      (b) =>
        [
          'redis_connected_slave_offset_bytes',
          'redis_bigkey_memory_bytes',
          'redis_latency_spike_last',
          'redis_commands_latency_seconds',
          'redis_errors_total',
          'redis_db_keys',
          'redis_instance_info',
        ].every((n) => b.includes(`\n${n}{`)),
      { timeoutMs: 60_000, what: 'every labelled family' },
    );
    const own = [...labelNames(body)].filter((n) => !RESERVED.has(n));
    expect(own).toEqual(expect.arrayContaining(['role', 'db', 'cmd', 'key', 'type', 'event_name', 'slave_ip']));
    const labels = Object.fromEntries([...own.map((n) => [n, `configured-${n}`]), ['exported_role', 'configured-exported_role']]);
    const targets = join(dir, 'targets.yml');
    writeFileSync(targets, stringify({ targets: [{ name: 'primary', addr: primary.url, labels }] }));
    const labelled = await startTestExporter({ 'config.file': targets, ...BIGKEYS });
    exporters.push(labelled);
    const served = await waitFor(
      () => labelled.scrape(),
      (b) => b.includes('redis_bigkey_memory_bytes{') && b.includes('redis_connected_slave_offset_bytes{'),
      { timeoutMs: 60_000, what: 'labelled body' },
    );
    expect(checkExposition(served)).toEqual([]);
    // The configured label keeps its name on every series; the family's own one is renamed.
    expect(served).toMatch(/^redis_instance_info\{target="primary",[^}]*\brole="configured-role"[^}]*\bexported_exported_role="master"/m);

    prom = await startPrometheus({ global: { scrape_interval: '1s' }, scrape_configs: [{ job_name: 'vitals', static_configs: [{ targets: [new URL(labelled.url).host] }] }] }, {});
    const query = async (q: string) => {
      const r = (await (await fetch(`${prom?.url}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      return r.data.result;
    };
    const up = await waitFor(
      () => query('up{job="vitals"}'),
      (r) => r.length === 1,
      { timeoutMs: 30_000, what: 'a scrape by Prometheus' },
    );
    expect(up[0]?.value[1]).toBe('1');
    const ingested = await query('scrape_samples_post_metric_relabeling{job="vitals"}');
    expect(Number(ingested[0]?.value[1])).toBeGreaterThan(100);
    const info = await waitFor(
      () => query('redis_instance_info{job="vitals"}'),
      (r) => r.length === 1,
      { timeoutMs: 10_000, what: 'redis_instance_info' },
    );
    expect(info[0]?.metric).toMatchObject({ role: 'configured-role', exported_role: 'configured-exported_role', exported_exported_role: 'master' });
  }, 240_000);
});
