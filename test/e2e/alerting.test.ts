import { closeSync, mkdirSync, openSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARDS } from '../../scripts/dashboards/index.js';
import { ROOT, loadRules, withFor } from '../../scripts/lib/rules.js';
import { dashboardQueries } from '../helpers/dashboard-lint.js';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { promApi, startAlertmanager, startPrometheus, startWebhook, stopAllDaemons, type Daemon, type Webhook } from '../helpers/prom-stack.js';
import { parsePromQL, substituteGrafanaVariables } from '../helpers/promql.js';
import { mountTmpfs, requireRoot, startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The whole chain on a failing Redis: redis-server whose dir is a full tmpfs → redis-vitals →
 * Prometheus (the real rules, `for:` shortened) → Alertmanager → a webhook this test runs.
 */
const JOB = 'redis-vitals';
const FOR = '4s';
let tmpfs: { dir: string; unmount(): void } | undefined;
let redis: RedisHandle;
let exporter: TestExporter;
let prom: Daemon;
let am: Daemon;
let hook: Webhook;
let instance: string;
const timings: Record<string, number> = {};
const t0 = Date.now();
const mark = (what: string) => (timings[what] = (Date.now() - t0) / 1000);

interface PromAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}
const alertState = async (name: string) => (await promApi<{ alerts: PromAlert[] }>(prom, 'alerts')).alerts.find((a) => a.labels.alertname === name && a.labels.instance === instance)?.state;

/** Fills the filesystem under dir until ENOSPC: big chunks first, then single pages. */
function fill(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const size of [1 << 16, 1 << 12]) {
      const chunk = Buffer.alloc(size, 0x61);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
}

beforeAll(async () => {
  requireRoot('mount a tiny tmpfs as the Redis data directory');
  tmpfs = mountTmpfs(1024);
  redis = await startRedis({ dir: tmpfs.dir, args: ['--save', '3600 1', '--maxmemory', '64mb', '--maxmemory-policy', 'noeviction'] });
  await redis.cmd('DEBUG', 'POPULATE', '500', 'key', '64');
  hook = await startWebhook();
  am = await startAlertmanager({
    route: {
      receiver: 'blackhole',
      group_by: ['alertname', 'instance'],
      group_wait: '1s',
      group_interval: '1s',
      repeat_interval: '1h',
      routes: [{ matchers: ['severity="critical"'], receiver: 'webhook' }],
    },
    receivers: [{ name: 'blackhole' }, { name: 'webhook', webhook_configs: [{ url: hook.url, send_resolved: true }] }],
  });
  exporter = await startTestExporter({ 'redis.addr': redis.url, 'poll.interval': '200ms' });
  instance = new URL(exporter.url).host;
  // The real rule file with every for: shortened, generated here rather than kept as a copy.
  const rules = withFor(loadRules(), () => FOR);
  prom = await startPrometheus(
    {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: ['redis-vitals.rules.yml'],
      alerting: { alertmanagers: [{ static_configs: [{ targets: [new URL(am.url).host] }] }] },
      scrape_configs: [{ job_name: JOB, static_configs: [{ targets: [instance] }] }],
    },
    { 'redis-vitals.rules.yml': rules },
  );
  mark('stack up');
}, 60_000);

afterAll(async () => {
  await exporter?.stop();
  await stopAllDaemons();
  await hook?.close();
  await stopAllRedis();
  tmpfs?.unmount();
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  writeFileSync(join(ROOT, 'test-artifacts/e2e-alerting-timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
});

describe('alerting end to end on a Redis whose disk is full', () => {
  it('RedisPersistenceFailed goes pending, then firing, when BGSAVE fails', async () => {
    fill(join(tmpfs!.dir, 'filler'));
    await redis.cmd('BGSAVE');
    await waitFor(
      () => redis.info('persistence'),
      (i) => i.includes('rdb_last_bgsave_status:err'),
      { what: 'BGSAVE to fail on the full tmpfs' },
    );
    mark('bgsave failed');
    // Save points + stop-writes-on-bgsave-error: Redis now refuses writes (the errorstat the dashboard shows).
    await expect(redis.cmd('SET', 'k', 'v')).rejects.toThrow(/MISCONF/);
    await waitFor(
      () => alertState('RedisPersistenceFailed'),
      (s) => s === 'pending',
      { timeoutMs: 20_000, intervalMs: 100, what: 'RedisPersistenceFailed pending' },
    );
    mark('pending');
    await waitFor(
      () => alertState('RedisPersistenceFailed'),
      (s) => s === 'firing',
      { timeoutMs: 20_000, intervalMs: 100, what: 'RedisPersistenceFailed firing' },
    );
    mark('firing');
  }, 60_000);

  it("Alertmanager routes it, as critical, to the webhook with the rule's labels and annotations", async () => {
    const payload = await waitFor(
      () => hook.received.find((p) => p.status === 'firing' && p.alerts.some((a) => a.labels.alertname === 'RedisPersistenceFailed')),
      (p) => p !== undefined,
      { timeoutMs: 20_000, intervalMs: 100, what: 'the webhook to receive RedisPersistenceFailed' },
    );
    mark('webhook firing');
    expect(payload?.receiver).toBe('webhook');
    const alert = payload?.alerts.find((a) => a.labels.alertname === 'RedisPersistenceFailed');
    expect(alert?.labels).toMatchObject({ alertname: 'RedisPersistenceFailed', severity: 'critical', check: 'rdb-bgsave-failing', job: JOB, instance });
    expect(alert?.annotations.summary).toBe('Redis RDB persistence is failing.');
    expect(alert?.annotations.description).toContain(`The last BGSAVE of ${instance} failed (rdb_last_bgsave_status = 0)`);
    expect(alert?.annotations.runbook_url).toMatch(/docs\/runbook\.md#redispersistencefailed$/);
    // Only critical alerts reach this receiver.
    for (const p of hook.received) for (const a of p.alerts) expect(a.labels.severity).toBe('critical');
  }, 30_000);

  it('every dashboard query runs against Prometheus, and those whose series exist return data', async () => {
    const vars = { job: JOB, instance: instance.replace(/\./g, '\\\\.'), target: '.*', __rate_interval: '1m', __interval: '15s', __range: '1h' };
    const withData: string[] = [];
    const withoutSeries: string[] = [];
    for (const d of DASHBOARDS) {
      for (const q of dashboardQueries(d.build())) {
        const expr = substituteGrafanaVariables(q.expr, vars);
        // Every selector has series (two samples at least under a range function): the query must answer.
        // Probed before the query: a recording rule's first sample may land between the two.
        let seriesExist = true;
        for (const s of parsePromQL(expr).selectors) {
          const probe = s.range !== undefined ? `count_over_time(${s.text}[${s.range}]) >= 2` : s.text;
          if ((await promApi<{ result: unknown[] }>(prom, 'query', { query: probe })).result.length === 0) seriesExist = false;
        }
        // Every query is sent, series or not: Prometheus must accept it (promApi throws on an error answer).
        const result = await promApi<{ result: unknown[] }>(prom, 'query', { query: expr });
        if (!seriesExist) {
          withoutSeries.push(q.where);
          continue;
        }
        expect(result.result.length, `${q.where}: ${expr} returned nothing although its series exist`).toBeGreaterThan(0);
        withData.push(q.where);
      }
    }
    timings['dashboard queries with data'] = withData.length;
    timings['dashboard queries without series in this scenario'] = withoutSeries.length;
    // The core panels must be among those with data, or the substitution matched nothing.
    for (const panel of ['Redis up', 'Last BGSAVE', 'Writes rejected (MISCONF)', 'Memory used, RSS, peak and maxmemory', 'Firing Redis alerts', 'Used share of maxmemory']) {
      expect(
        withData.some((w) => w.startsWith(`panel "${panel}"`)),
        panel,
      ).toBe(true);
    }
    expect(withData).toContain('annotation "Redis alerts"');
    // The fleet dashboard: every column of its table (up, role, memory, persistence, findings, badness).
    for (const t of [0, 1, 2, 3, 4, 5, 6]) expect(withData, `fleet table target ${t}`).toContain(`panel "Every target" target ${t}`);
    expect(withData).toContain('panel "Persistence failing" target 0');
    // The doctor's own panels: one series per check, restarts and failing checks across the fleet.
    for (const panel of ['Doctor findings by check', 'Restarted', 'Failing doctor checks across the fleet']) expect(withData).toContain(`panel "${panel}" target 0`);
    const bgsave = await promApi<{ result: { value: [number, string] }[] }>(prom, 'query', { query: `redis_persistence_last_bgsave_status{job="${JOB}"}` });
    expect(bgsave.result[0]?.value[1]).toBe('0');
  }, 60_000);

  it('the alert resolves, and the webhook is told, once space is freed and BGSAVE succeeds', async () => {
    unlinkSync(join(tmpfs!.dir, 'filler'));
    await redis.cmd('BGSAVE');
    await waitFor(
      () => redis.info('persistence'),
      (i) => i.includes('rdb_last_bgsave_status:ok'),
      { what: 'BGSAVE to succeed' },
    );
    mark('bgsave ok');
    await waitFor(
      () => alertState('RedisPersistenceFailed'),
      (s) => s === undefined,
      { timeoutMs: 20_000, intervalMs: 100, what: 'RedisPersistenceFailed to leave the active alerts' },
    );
    mark('inactive in Prometheus');
    const resolved = await waitFor(
      () => hook.received.find((p) => p.alerts.some((a) => a.labels.alertname === 'RedisPersistenceFailed' && a.status === 'resolved')),
      (p) => p !== undefined,
      { timeoutMs: 20_000, intervalMs: 100, what: 'the webhook to receive RedisPersistenceFailed resolved' },
    );
    mark('webhook resolved');
    expect(resolved?.status).toBe('resolved');
    expect(resolved?.alerts[0]?.labels).toMatchObject({ alertname: 'RedisPersistenceFailed', instance, check: 'rdb-bgsave-failing' });
    await expect(redis.cmd('SET', 'k', 'v')).resolves.toBe('OK');
  }, 60_000);
});
