import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * docs/migrate-from-redis_exporter.md "Key checks", as Redis sees it (MONITOR on a real server):
 * the job SCANs with --check-keys-batch-size as COUNT, and reads at most 100 keys per pipeline
 * (each pipeline starts with its SELECT), on a connection of its own.
 */
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of stops) await s();
  await stopAllRedis();
});

describe('the key-check job on the wire', () => {
  it('SCAN COUNT is --check-keys-batch-size; each pipeline reads at most 100 keys; its own connection', async () => {
    const redis = await startRedis();
    await redis.cmd('EVAL', "for i = 1, 250 do redis.call('SET', 'k:' .. i, i) end return 1", '0');
    const monitor = createClient({ url: redis.url, disableClientInfo: true } as Parameters<typeof createClient>[0]);
    await monitor.connect();
    // A client in MONITOR mode answers no QUIT: close its socket.
    stops.push(async () => monitor.destroy());
    const seen: string[] = [];
    await monitor.monitor((line: string) => seen.push(line));
    const e: TestExporter = await startTestExporter({ 'redis.addr': redis.url, 'check-keys': 'k:*', 'check-keys-batch-size': '60' });
    stops.push(() => e.stop());
    await waitFor(
      () => e.metrics(),
      (m) => m.all('redis_key_value').length === 250,
      { what: 'a key-check pass over the 250 keys' },
    );
    // MONITOR lines: `<time> [<db> <addr>] "CMD" "arg" …`
    const parsed = seen.flatMap((l) => {
      const m = /^\S+ \[\d+ (\S+)\] (.*)$/.exec(l);
      return m ? [{ addr: m[1] as string, args: [...(m[2] as string).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((a) => (a[1] as string).toLowerCase()) }] : [];
    });
    const scans = parsed.filter((c) => c.args[0] === 'scan');
    expect(scans.length).toBeGreaterThan(0);
    for (const s of scans) expect(s.args.slice(2)).toEqual(['match', 'k:*', 'count', '60']);
    const job = scans[0]?.addr;
    // The job's own connection: the poll's INFO every 200 ms comes from another one.
    const infos = new Map<string, number>();
    for (const c of parsed) if (c.args[0] === 'info') infos.set(c.addr, (infos.get(c.addr) ?? 0) + 1);
    const pollConnection = [...infos].sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(pollConnection).toBeDefined();
    expect(pollConnection).not.toBe(job);
    // Its commands cut at each SELECT (a pipeline's first command): at most 100 distinct keys each.
    const pipelines: Set<string>[] = [];
    for (const c of parsed.filter((x) => x.addr === job && x.args[0] !== 'scan')) {
      if (c.args[0] === 'select') pipelines.push(new Set());
      else if (c.args[1] !== undefined) pipelines.at(-1)?.add(c.args[1]);
    }
    expect(pipelines.length).toBeGreaterThanOrEqual(6);
    expect(Math.max(...pipelines.map((p) => p.size))).toBeLessThanOrEqual(100);
    expect(Math.max(...pipelines.map((p) => p.size))).toBeGreaterThan(1);
  });
});
