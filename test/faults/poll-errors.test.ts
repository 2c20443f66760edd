import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { startOldRedis } from '../helpers/old-redis.js';
import { freePort } from '../helpers/ports.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Every way a poll can fail to reach Redis gives its own reason label and one clear log line,
 * and the exporter keeps serving (redis_up 0, its own metrics, /-/healthy).
 */
const PASSWORD = 'fault-suite-pw-4d2e';
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of stops) await s();
  await stopAllRedis();
});

/** A deadline far above any of these failures, so a slow moment on a shared machine adds no 'deadline'. */
async function exporter(flags: Record<string, string>): Promise<TestExporter> {
  const e = await startTestExporter({ 'poll.timeout': '5s', ...flags });
  stops.push(() => e.stop());
  return e;
}

const warnings = (e: TestExporter, text: string) => e.logs.filter((l) => l.includes(text) && JSON.parse(l).level === 'warn');

const cases: [name: string, addr: () => Promise<string>, reason: string, logText: RegExp, flags?: Record<string, string>][] = [
  ['connection refused', async () => `redis://127.0.0.1:${await freePort()}`, 'connection_refused', /connection refused/],
  ['DNS name that does not resolve', async () => 'redis://redis-vitals-fault-suite.invalid:6379', 'dns', /host name does not resolve/],
  ['TLS handshake against plain TCP', async () => `rediss://127.0.0.1:${(await startRedis()).port}`, 'tls', /TLS handshake/, { 'poll.timeout': '1s' }],
  ['wrong password', async () => `redis://:wrong-${PASSWORD}@127.0.0.1:${(await startRedis({ requirepass: PASSWORD })).port}`, 'auth', /authentication failed \(WRONGPASS\)/],
  ['no password (NOAUTH)', async () => `redis://127.0.0.1:${(await startRedis({ requirepass: PASSWORD })).port}`, 'auth', /authentication required \(NOAUTH\)/],
];

describe('poll failures: a specific reason, one log line, never a crash', () => {
  it.each(cases)('%s', async (_name, addr, reason, logText, flags = {}) => {
    // The stalled TLS handshake is only noticed when the deadline ends it: keep that one short.
    const e = await exporter({ 'redis.addr': await addr(), ...flags });
    const m = await waitFor(
      () => e.metrics(),
      (x) => (x.get('redis_vitals_poll_errors_total', { reason }) ?? 0) >= 3,
      { what: `three ${reason} errors` },
    );
    expect(m.get('redis_up')).toBe(0);
    // Only this reason: a failure that alternates between reasons would log a line per switch.
    const byReason = m.all('redis_vitals_poll_errors_total');
    expect(byReason.map((r) => r.labels.reason)).toEqual([reason]);
    const lines = warnings(e, 'cannot poll Redis');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string).error).toMatch(logText);
    expect(e.logs.join('\n')).not.toContain(PASSWORD);
    expect((await fetch(`${e.url}/-/healthy`)).status).toBe(200);
    expect(m.get('redis_vitals_build_info')).toBe(1);
  });
});

describe('CONFIG refused: INFO metrics flow, config metrics absent, one warning', () => {
  const configSeries = (names: Set<string>) => [...names].filter((n) => n.startsWith('redis_config_'));

  it('CONFIG disabled with rename-command', async () => {
    const redis = await startRedis({ args: ['--rename-command', 'CONFIG', ''] });
    const e = await exporter({ 'redis.addr': redis.url });
    const m = await waitFor(
      () => e.metrics(),
      (x) => (x.get('redis_vitals_polls_total') ?? 0) >= 3 && x.get('redis_up') === 1,
      { what: 'three polls' },
    );
    expect(configSeries(m.names())).toEqual([]);
    expect(m.get('redis_memory_used_bytes')).toBeGreaterThan(0);
    expect(m.all('redis_vitals_poll_errors_total')).toEqual([]);
    expect(warnings(e, 'CONFIG GET refused')).toHaveLength(1);
  });

  it('an ACL user without config|get', async () => {
    const redis = await startRedis();
    await redis.cmd('ACL', 'SETUSER', 'noconfig', 'on', `>${PASSWORD}`, '+info', '+ping', '+client|setname');
    const e = await exporter({ 'redis.addr': redis.url, 'redis.user': 'noconfig', 'redis.password': PASSWORD });
    const m = await waitFor(
      () => e.metrics(),
      (x) => (x.get('redis_vitals_polls_total') ?? 0) >= 3 && x.get('redis_up') === 1,
      { what: 'three polls' },
    );
    expect(configSeries(m.names())).toEqual([]);
    expect(warnings(e, 'CONFIG GET refused')).toHaveLength(1);
    expect(e.logs.join('\n')).not.toContain(PASSWORD);
  });

  it('CONFIG renamed, and --config-command names it: config metrics come back', async () => {
    const redis = await startRedis({ args: ['--rename-command', 'CONFIG', 'VITALS-CFG'] });
    const e = await exporter({ 'redis.addr': redis.url, 'config-command': 'VITALS-CFG' });
    const m = await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_up') === 1,
      { what: 'up' },
    );
    expect(m.get('redis_config_maxclients')).toBeGreaterThan(0);
    expect(warnings(e, 'CONFIG GET refused')).toHaveLength(0);
  });
});

describe('an old Redis whose INFO lacks newer sections', () => {
  it('polls, serves what exists (no fake zeros), and says once which sections are missing', async () => {
    const old = await startOldRedis();
    stops.push(() => old.stop());
    // A RESP peer, not a Redis process on this host: host collection would rightly fail (no such
    // pid, no data dir), and this test is about INFO, so it is off.
    const e = await exporter({ 'redis.addr': `redis://127.0.0.1:${old.port}`, 'host.collect': 'off' });
    const m = await waitFor(
      () => e.metrics(),
      (x) => (x.get('redis_vitals_polls_total') ?? 0) >= 3 && x.get('redis_up') === 1,
      { what: 'three polls' },
    );
    expect(m.get('redis_instance_info', { redis_version: '3.0.7' })).toBe(1);
    expect(m.get('redis_db_keys', { db: 'db0' })).toBe(3);
    // Old CONFIG GET takes one pattern: the multi-key form is refused and `*` is used instead.
    expect(m.get('redis_config_maxmemory')).toBe(0);
    expect(old.received.some((a) => a.join(' ') === 'CONFIG GET *')).toBe(true);
    for (const absent of ['redis_errors_total', 'redis_commands_total', 'redis_mem_fragmentation_bytes', 'redis_rdb_last_cow_size_bytes']) expect(m.get(absent)).toBeUndefined();
    expect(m.all('redis_vitals_collector_success').every((c) => c.value === 1)).toBe(true);
    // Nothing the old server does is an error. (A time-out is not about the server: this peer runs in
    // the test's own process, and a fully loaded machine has stalled it past a deadline.)
    const errs = m.all('redis_vitals_poll_errors_total').map((r) => r.labels.reason as string);
    expect(errs.filter((r) => r !== 'deadline' && r !== 'timeout')).toEqual([]);
    const lines = warnings(e, 'INFO has no');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string).sections).toEqual(['commandstats', 'errorstats']);
  });

  it('a current Redis logs no such line', async () => {
    const redis = await startRedis();
    const e = await exporter({ 'redis.addr': redis.url });
    await waitFor(
      () => e.metrics(),
      (x) => (x.get('redis_vitals_polls_total') ?? 0) >= 2 && x.get('redis_up') === 1,
      { what: 'two polls' },
    );
    expect(warnings(e, 'INFO has no')).toHaveLength(0);
  });
});
