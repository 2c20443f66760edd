import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/** Grep-able secrets: if any of these shows up in a log line, a label or a page, the test fails. */
const PASSWORD = 'grep-me-Pa55word-7f3a';
const USER_PASSWORD = 'grep-me-UserPa55-91bc';
const WRONG = 'grep-me-Wr0ng-0c0c';

const exporters: TestExporter[] = [];
afterAll(async () => {
  await Promise.all(exporters.map((e) => e.stop()));
  await stopAllRedis();
});

async function exporterFor(flags: Record<string, string>, env: Record<string, string> = {}): Promise<TestExporter> {
  const e = await startTestExporter(flags, env);
  exporters.push(e);
  return e;
}

function expectNoSecret(texts: string[], secrets: string[]): void {
  for (const t of texts) for (const s of secrets) expect(t.includes(s), `secret leaked into: ${t.slice(0, 200)}`).toBe(false);
}

describe('authentication', () => {
  it('requirepass: the right password polls, and it never appears in output', async () => {
    const redis = await startRedis({ requirepass: PASSWORD });
    const e = await exporterFor({ 'redis.addr': redis.url }, { REDIS_PASSWORD: PASSWORD });
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_up') === 1,
      { what: 'up with password' },
    );
    const pages = await Promise.all(['/metrics', '/', '/-/ready', '/doctor', '/doctor.json', '/discover', '/scrape?target=nope'].map((p) => e.scrape(p)));
    expectNoSecret([...pages, ...e.logs], [PASSWORD]);
  });

  it('an ACL user with only the commands redis-vitals needs can poll', async () => {
    const redis = await startRedis();
    await redis.cmd('ACL', 'SETUSER', 'vitals', 'on', `>${USER_PASSWORD}`, '+info', '+config|get', '+client|setname', '+ping', '+latency', '+slowlog', '+client|list');
    const e = await exporterFor({ 'redis.addr': redis.url, 'redis.user': 'vitals', 'redis.password': USER_PASSWORD });
    const m = await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_up') === 1,
      { what: 'up as ACL user' },
    );
    expect(m.get('redis_config_maxclients')).toBeGreaterThan(0);
    expectNoSecret([await e.scrape(), ...e.logs], [USER_PASSWORD]);
  });

  it('a wrong password: redis_up 0, reason auth, one log line naming the problem without the secret', async () => {
    const redis = await startRedis({ requirepass: PASSWORD });
    const e = await exporterFor({ 'redis.addr': `redis://:${WRONG}@127.0.0.1:${redis.port}` });
    const m = await waitFor(
      () => e.metrics(),
      (x) => (x.get('redis_vitals_poll_errors_total', { reason: 'auth' }) ?? 0) >= 2,
      { what: 'auth errors' },
    );
    expect(m.get('redis_up')).toBe(0);
    const authLines = e.logs.filter((l) => /authentication failed|WRONGPASS/i.test(l));
    expect(authLines).toHaveLength(1);
    const pages = await Promise.all(['/metrics', '/doctor', '/doctor.json', '/discover'].map((p) => e.scrape(p)));
    expect(pages[2]).toContain('authentication failed');
    expectNoSecret([...pages, ...e.logs], [WRONG, PASSWORD]);
  });

  it('no password against requirepass: NOAUTH is reported as auth', async () => {
    const redis = await startRedis({ requirepass: PASSWORD });
    const e = await exporterFor({ 'redis.addr': redis.url });
    await waitFor(
      () => e.metrics(),
      (x) => (x.get('redis_vitals_poll_errors_total', { reason: 'auth' }) ?? 0) >= 1,
      { what: 'NOAUTH' },
    );
    expect(e.logs.some((l) => /authentication required \(NOAUTH\)/.test(l))).toBe(true);
  });
});
