import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExposition, type Exposition } from '../helpers/exposition.js';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { freePort } from '../helpers/ports.js';
import { requireBinary, startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

const exporters: TestExporter[] = [];
const children: ChildProcess[] = [];

afterAll(async () => {
  await Promise.all(exporters.map((e) => e.stop()));
  for (const c of children) c.kill('SIGTERM');
  await stopAllRedis();
});

async function exporterFor(flags: Record<string, string>): Promise<TestExporter> {
  const e = await startTestExporter(flags);
  exporters.push(e);
  return e;
}

/** Debian's redis_exporter 1.45, the live reference for drop-in names, on a free loopback port. */
async function referenceExporter(redisUrl: string): Promise<() => Promise<Exposition>> {
  requireBinary('prometheus-redis-exporter', 'prometheus-redis-exporter');
  const port = await freePort();
  const child = spawn('prometheus-redis-exporter', ['--redis.addr', redisUrl, '--web.listen-address', `127.0.0.1:${port}`], { stdio: 'ignore' });
  children.push(child);
  const scrape = async () => parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
  await waitFor(scrape, (m) => m.get('redis_up') === 1, { what: 'redis_exporter 1.45 up' });
  return scrape;
}

const DROP_IN = ['redis_latency_spike_last', 'redis_latency_spike_duration_seconds', 'redis_slowlog_length', 'redis_slowlog_last_id', 'redis_last_slow_execution_duration_seconds'];

describe('LATENCY and SLOWLOG', () => {
  it('a DEBUG SLEEP over latency-monitor-threshold appears, with the values redis_exporter 1.45 shows', async () => {
    // Thresholds well above what a busy test machine makes of ordinary commands, below the sleep.
    const redis = await startRedis({ args: ['--latency-monitor-threshold', '150', '--slowlog-log-slower-than', '150000'] });
    const exp = await exporterFor({ 'redis.addr': redis.url });
    const first = await waitFor(
      () => exp.metrics(),
      (m) => m.get('redis_slowlog_length') !== undefined,
      { what: 'first poll' },
    );
    expect(first.all('redis_latency_spike_duration_seconds')).toEqual([]);
    expect(first.get('redis_config_latency_monitor_threshold_seconds')).toBe(0.15);

    const before = Math.floor(Date.now() / 1000);
    await redis.cmd('DEBUG', 'SLEEP', '0.2');
    const after = Math.ceil(Date.now() / 1000);
    const ours = await waitFor(
      () => exp.metrics(),
      (m) => m.get('redis_latency_spike_duration_seconds', { event_name: 'command' }) !== undefined,
      { what: 'latency event' },
    );
    // 0.2 s asked for; a busy machine may stretch the sleep by a few ms.
    const spike = ours.get('redis_latency_spike_duration_seconds', { event_name: 'command' }) as number;
    expect(spike).toBeGreaterThanOrEqual(0.2);
    expect(spike).toBeLessThan(1);
    const at = ours.get('redis_latency_spike_last', { event_name: 'command' }) as number;
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
    expect(ours.get('redis_latency_spike_last_timestamp_seconds', { event_name: 'command' })).toBe(at);
    expect(ours.get('redis_slowlog_length')).toBeGreaterThanOrEqual(1);
    expect(ours.get('redis_last_slow_execution_duration_seconds')).toBeGreaterThanOrEqual(0.2);

    // Both read the same server; retry in case a poll of one straddles a change the other missed.
    const scrapeReference = await referenceExporter(redis.url);
    const same = (a: Exposition, b: Exposition) => DROP_IN.every((n) => a.types.get(n) === b.types.get(n) && JSON.stringify(a.all(n)) === JSON.stringify(b.all(n)));
    const [mine, theirs] = await waitFor(
      async () => [await exp.metrics(), await scrapeReference()] as const,
      ([a, b]) => same(a, b),
      { what: 'the same drop-in values as redis_exporter' },
    );
    for (const name of DROP_IN) expect(mine.all(name), name).toEqual(theirs.all(name));
    expect(theirs.get('redis_latency_spike_duration_seconds', { event_name: 'command' })).toBeGreaterThanOrEqual(0.2);
  });

  for (const [how, opts, flags] of [
    ['renamed away in redis.conf', { config: ['rename-command LATENCY ""', 'rename-command SLOWLOG ""'] }, {}],
    ['denied to an ACL user without +latency and +slowlog', {}, { 'redis.user': 'mon', 'redis.password': 'mon-pass' }],
  ] as const) {
    it(`commands ${how} are tried once, logged once, and never bump an error series`, async () => {
      const redis = await startRedis({ ...opts, args: ['--latency-monitor-threshold', '50'] });
      if (flags['redis.user']) await redis.cmd('ACL', 'SETUSER', 'mon', 'on', '>mon-pass', '~*', '&*', '+@all', '-latency', '-slowlog');
      const exp = await exporterFor({ 'redis.addr': redis.url, ...flags });
      const polls = (m: Exposition) => m.get('redis_vitals_polls_total') ?? 0;
      const early = await waitFor(
        () => exp.metrics(),
        (m) => polls(m) >= 3,
        { what: 'three polls' },
      );
      const errorsEarly = early.all('redis_errors_total');
      await redis.cmd('DEBUG', 'SLEEP', '0.1');
      const late = await waitFor(
        () => exp.metrics(),
        (m) => polls(m) >= polls(early) + 5,
        { what: 'five more polls' },
      );

      expect(late.names()).not.toContain('redis_latency_spike_duration_seconds');
      expect(late.names()).not.toContain('redis_slowlog_length');
      expect(late.get('redis_up')).toBe(1);
      expect(late.get('redis_vitals_collector_success', { collector: 'latency' })).toBe(1);
      expect(late.get('redis_vitals_collector_success', { collector: 'slowlog' })).toBe(1);
      // Redis counted each refused command once (ERR if unknown, NOPERM if denied): LATENCY LATEST,
      // and SLOWLOG LEN + SLOWLOG GET, which go out as one pipeline. None since.
      const refused = late.all('redis_errors_total').reduce((n, s) => n + s.value, 0);
      expect(refused).toBe(3);
      expect(late.all('redis_errors_total')).toEqual(errorsEarly);
      expect(exp.logs.filter((l) => l.includes('refuses LATENCY LATEST'))).toHaveLength(1);
      expect(exp.logs.filter((l) => l.includes('refuses SLOWLOG'))).toHaveLength(1);
      expect(exp.logs.join('\n')).not.toContain('mon-pass');
    });
  }
});
