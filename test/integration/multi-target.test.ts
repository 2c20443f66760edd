import { writeFileSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { parseExposition } from '../helpers/exposition.js';
import { freePort } from '../helpers/ports.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

const exporters: TestExporter[] = [];
afterAll(async () => {
  await Promise.all(exporters.map((e) => e.stop()));
  await stopAllRedis();
});

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

function configFile(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rv-targets-')), 'config.yml');
  writeFileSync(file, yaml);
  return file;
}

describe('multi-target', () => {
  it('polls every configured target; /metrics labels them, /scrape serves one, a dead one delays none', async () => {
    const a = await startRedis();
    const b = await startRedis({ requirepass: 'b-secret-pw' });
    // A listener that accepts and never answers: its polls hit the deadline.
    const hang = createServer(() => undefined);
    const hangPort = await listen(hang);
    const file = configFile(`targets:
  - name: cache-a
    addr: ${a.url}
    labels: { team: payments }
  - name: cache-b
    addr: ${b.url}
    password: b-secret-pw
  - name: stuck
    addr: redis://127.0.0.1:${hangPort}
`);
    const e = await startTestExporter({ 'config.file': file, 'poll.timeout': '300ms' });
    exporters.push(e);
    try {
      const m = await waitFor(
        () => e.metrics(),
        (x) => x.get('redis_up', { target: 'cache-a' }) === 1 && x.get('redis_up', { target: 'cache-b' }) === 1 && x.get('redis_up', { target: 'stuck' }) === 0,
        { what: 'all three polled' },
      );
      expect(m.get('redis_up', { target: 'cache-a', team: 'payments' })).toBe(1);
      expect(m.get('redis_vitals_poll_errors_total', { target: 'stuck', reason: 'deadline' })).toBeGreaterThanOrEqual(1);
      // The healthy targets keep being polled on time although one never answers.
      const before = m.get('redis_vitals_polls_total', { target: 'cache-a' }) ?? 0;
      await waitFor(
        () => e.metrics(),
        (x) => (x.get('redis_vitals_polls_total', { target: 'cache-a' }) ?? 0) >= before + 5,
        { what: 'cache-a keeps polling' },
      );

      // The 300 ms deadline is tight on a loaded machine: a healthy target may miss one poll, so wait for a good one.
      const one = await waitFor(
        async () => parseExposition(await e.scrape('/scrape?target=cache-b')),
        (x) => x.get('redis_up') === 1,
        { what: '/scrape?target=cache-b with redis_up 1' },
      );
      expect(one.get('redis_up')).toBe(1);
      expect(one.all('redis_up')[0]?.labels).toEqual({});
      const discover = JSON.parse(await e.scrape('/discover')) as { targets: string[]; labels: Record<string, string> }[];
      expect(discover.map((d) => d.targets[0])).toEqual(['cache-a', 'cache-b', 'stuck']);
      expect(discover[0]?.labels).toEqual({ team: 'payments' });
      expect(e.logs.join('\n')).not.toContain('b-secret-pw');
    } finally {
      hang.close();
    }
  });

  it('/scrape never connects to an address nobody configured', async () => {
    const redis = await startRedis();
    // A listener that records any connection attempt.
    let connections = 0;
    const trap = createServer((s) => {
      connections++;
      s.destroy();
    });
    const trapPort = await listen(trap);
    const e = await startTestExporter({ 'redis.addr': redis.url, 'redis.password': 'never-sent-pw' });
    exporters.push(e);
    try {
      for (const t of [`redis://127.0.0.1:${trapPort}`, `127.0.0.1:${trapPort}`, 'unix:///tmp/x.sock', '']) {
        const res = await fetch(`${e.url}/scrape?target=${encodeURIComponent(t)}`);
        expect(res.status).toBe(404);
      }
      expect(connections).toBe(0);
    } finally {
      trap.close();
    }
  });

  it('--scrape.allow-addresses admits ad-hoc targets in range, without credentials', async () => {
    const redis = await startRedis();
    const e = await startTestExporter({ 'redis.addr': 'redis://127.0.0.1:1', 'redis.password': 'not-for-adhoc', 'scrape.allow-addresses': '127.0.0.0/8' });
    exporters.push(e);
    const ok = parseExposition(await e.scrape(`/scrape?target=${encodeURIComponent(redis.url)}`));
    expect(ok.get('redis_up')).toBe(1);
    const denied = await fetch(`${e.url}/scrape?target=${encodeURIComponent('redis://10.1.2.3:6379')}`);
    expect(denied.status).toBe(403);
    const named = await fetch(`${e.url}/scrape?target=${encodeURIComponent('redis://localhost:6379')}`);
    expect(named.status).toBe(403);
    // Ad-hoc polls leave no self-metric series behind.
    expect((await e.scrape()).includes(`target="${redis.url}"`)).toBe(false);
  });

  it('rejects a bad targets list with a one-line error naming the entry', async () => {
    const { loadConfig } = await import('../../src/config/config.js');
    const bad = (yaml: string) => () => loadConfig(new Map([['config.file', configFile(yaml)]]), {});
    expect(bad('targets: []\n')).toThrowError(/"targets" must be a non-empty list/);
    expect(bad('targets:\n  - name: a\n')).toThrowError(/targets\[0\]: "addr" is required/);
    expect(bad('targets:\n  - addr: h:1\n  - addr: h:1\n')).toThrowError(/targets\[1\]: duplicate target name "redis:\/\/h:1"/);
    expect(bad('targets:\n  - addr: h:1\n    labels: { instance: x }\n')).toThrowError(/"instance" is reserved/);
    expect(bad('targets:\n  - addr: h:1\n    passwd: x\n')).toThrowError(/unknown key "passwd"/);
    expect(bad('targets:\n  - addr: "redis://:pw-in-url@bad host"\n')).toThrowError(/targets\[0\]: addr/);
    expect(bad('targets:\n  - addr: "redis://:pw-in-url@bad host"\n')).not.toThrowError(/pw-in-url/);
    const port = await freePort();
    const ok = loadConfig(new Map([['config.file', configFile(`targets:\n  - addr: 127.0.0.1:${port}\n`)]]), {});
    expect(ok.multiTarget).toBe(true);
    expect(ok.targets[0]?.name).toBe(`redis://127.0.0.1:${port}`);
  });
});
