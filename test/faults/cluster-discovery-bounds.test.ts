import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { spawnCli } from '../helpers/cli.js';
import { resp, startFakeRedis, type FakeRedis } from '../helpers/fake-redis.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Issue 12 item 9: cluster discovery no longer trusts whatever CLUSTER NODES says. A cap on the
 * nodes polled per seed, an allow-list for their addresses (they get the seed's password), a
 * warning when credentials go out without one, and a shrink that does not wait out hung nodes.
 */
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of stops.reverse()) await s();
});

const nodeLine = (i: number, addr: string, myself = false) => `${String(i).padStart(40, '0')} ${addr}@1${addr.split(':')[1]} ${myself ? 'myself,' : ''}master - 0 0 ${i} connected`;

/** A seed whose CLUSTER NODES answer is whatever `listed()` says at the time. */
async function seed(listed: () => string[]): Promise<FakeRedis> {
  const f = await startFakeRedis((cmd) => {
    if ((cmd[0] ?? '').toUpperCase() !== 'CLUSTER') return undefined;
    return resp.bulk([nodeLine(0, `127.0.0.1:${f.port}`, true), ...listed()].join('\n'));
  });
  stops.push(() => f.stop());
  return f;
}

async function exporter(flags: Record<string, string>): Promise<TestExporter> {
  const e = await startTestExporter({ 'cluster.discover': 'true', 'poll.config-interval': '100ms', ...flags });
  stops.push(() => e.stop());
  return e;
}

const discovered = async (e: TestExporter) => ((await (await fetch(`${e.url}/discover`)).json()) as { targets: string[] }[]).map((g) => g.targets[0] as string);

describe('cluster discovery bounds', () => {
  it('polls at most --cluster.max-nodes nodes, only inside --cluster.allow-addresses, and says so once', async () => {
    // 50 nodes on loopback (nothing listens there: refused at once) and 5 outside the allowed range.
    const listed = [...Array.from({ length: 50 }, (_, i) => nodeLine(i + 1, `127.0.0.1:${20000 + i}`)), ...Array.from({ length: 5 }, (_, i) => nodeLine(60 + i, `10.255.9.${i + 1}:6379`))];
    const s = await seed(() => listed);
    const e = await exporter({ 'redis.addr': s.url, 'redis.password': 'cluster-pw', 'cluster.max-nodes': '10', 'cluster.allow-addresses': '127.0.0.0/8' });
    const names = await waitFor(
      () => discovered(e),
      (n) => n.length >= 11,
      { what: 'the seed and ten nodes' },
    );
    await waitFor(
      () => e.metrics(),
      (m) => (m.get('redis_vitals_polls_total', { target: s.url }) ?? 0) >= 5,
      { what: 'five seed polls (five discovery refreshes)' },
    );
    expect(await discovered(e)).toHaveLength(11);
    expect(names.some((n) => n.includes('10.255.9.'))).toBe(false);
    const warned = (text: string) => e.logs.filter((l) => l.includes(text));
    expect(warned('outside --cluster.allow-addresses')).toHaveLength(1);
    expect(warned('more nodes than --cluster.max-nodes')).toHaveLength(1);
    // An allow-list is set: no warning about credentials going anywhere.
    expect(warned('sends each seed')).toHaveLength(0);
  });

  it("warns once when the seed's credentials would go to any listed address", async () => {
    const s = await seed(() => []);
    const e = await exporter({ 'redis.addr': s.url, 'redis.password': 'cluster-pw' });
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_up') === 1,
      { what: 'up' },
    );
    expect(e.logs.filter((l) => l.includes('set --cluster.allow-addresses'))).toHaveLength(1);
  });

  it('a cluster that shrinks drops its hung nodes in one step, closing their connections at once', async () => {
    const hung = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const f = await startFakeRedis(() => null);
        stops.push(() => f.stop());
        return f;
      }),
    );
    let shrunk = false;
    const s = await seed(() => (shrunk ? hung.slice(0, 2) : hung).map((h, i) => nodeLine(i + 1, `127.0.0.1:${h.port}`)));
    // A long deadline: each hung node's poll holds its connection for 5 s.
    const e = await exporter({ 'redis.addr': s.url, 'poll.timeout': '5s', 'poll.concurrency': '64' });
    await waitFor(
      () => discovered(e),
      (n) => n.length === 31,
      { what: 'thirty nodes' },
    );
    await waitFor(
      () => hung.filter((h) => h.open > 0).length,
      (n) => n >= 20,
      { what: 'most hung nodes mid-poll' },
    );
    shrunk = true;
    await waitFor(
      () => discovered(e),
      (n) => n.length === 3,
      { what: 'the shrink to two nodes', timeoutMs: 20_000 },
    );
    // Retired pollers closed their connections at once, not when their deadline passed.
    await waitFor(
      () => hung.slice(2).reduce((sum, h) => sum + h.open, 0),
      (n) => n === 0,
      { what: 'no connection left to removed nodes', timeoutMs: 10_000 },
    );
  });

  it('SIGTERM with a hundred discovered nodes hung mid-poll exits 0 within the grace period', async () => {
    const hung = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const f = await startFakeRedis(() => null);
        stops.push(() => f.stop());
        return f;
      }),
    );
    const s = await seed(() => hung.map((h, i) => nodeLine(i + 1, `127.0.0.1:${h.port}`)));
    const port = await freePort();
    // The longest deadline there is: only cutting the connections can end these polls in time.
    const cli = spawnCli([
      '--redis.addr',
      s.url,
      '--cluster.discover',
      '--poll.config-interval',
      '100ms',
      '--poll.timeout',
      '10m',
      '--poll.concurrency',
      '128',
      '--web.listen-address',
      `127.0.0.1:${port}`,
    ]);
    stops.push(async () => void cli.child.kill('SIGKILL'));
    await waitFor(
      () => hung.filter((h) => h.open > 0).length,
      (n) => n >= 90,
      { what: 'most discovered nodes mid-poll' },
    );
    cli.child.kill('SIGTERM');
    // The exporter's own forced exit after its grace period is exit 1 with this line.
    expect(await cli.exited).toBe(0);
    expect(cli.output()).not.toContain('shutdown took too long');
  });
});
