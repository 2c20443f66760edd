import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { startFakeRedis, type FakeRedis } from '../helpers/fake-redis.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { establishedTo } from '../helpers/sockets.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Issue 12 item 4: a server that accepts TCP and never answers (a frozen Redis, a half-open
 * peer) must not collect one socket per poll. The poll deadline covers connect and handshake
 * and closes the socket: at most one connection per target at any time.
 */
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of stops.reverse()) await s();
  await stopAllRedis();
});

async function exporter(flags: Record<string, string>): Promise<TestExporter> {
  const e = await startTestExporter({ 'poll.interval': '100ms', 'poll.timeout': '300ms', 'connection-timeout': '300ms', ...flags });
  stops.push(() => e.stop());
  return e;
}

async function silent(): Promise<FakeRedis> {
  const f = await startFakeRedis(() => null);
  stops.push(() => f.stop());
  return f;
}

const errors = async (e: TestExporter) => (await e.metrics()).all('redis_vitals_poll_errors_total').reduce((s, x) => s + x.value, 0);

/**
 * Waits for `n` failed polls while sampling the exporter's established connections to `port`
 * (client side, from the kernel: a socket we closed leaves ESTABLISHED at once, a leaked one
 * stays); returns the most seen. The fake server's own count lags on a loaded machine, since
 * it learns of a close only when its event loop gets to it.
 */
async function mostEstablishedWhile(e: TestExporter, port: number, n: number): Promise<number> {
  let most = 0;
  await waitFor(
    async () => {
      most = Math.max(most, establishedTo(port));
      return errors(e);
    },
    (x) => x >= n,
    { what: `${n} failed polls`, intervalMs: 20 },
  );
  return Math.max(most, establishedTo(port));
}

describe('handshakes that never complete leak no sockets', () => {
  it('a server that accepts and never answers: one connection at a time, each closed by the deadline', async () => {
    const fake = await silent();
    const e = await exporter({ 'redis.addr': fake.url });
    expect(await mostEstablishedWhile(e, fake.port, 6)).toBeLessThanOrEqual(1);
    expect(fake.accepted).toBeGreaterThanOrEqual(2);
    const m = await e.metrics();
    expect(m.get('redis_up')).toBe(0);
  });

  it('a password-protected server that never answers AUTH: the same', async () => {
    const fake = await silent();
    const e = await exporter({ 'redis.addr': fake.url, 'redis.password': 'stuck-auth-pw' });
    expect(await mostEstablishedWhile(e, fake.port, 6)).toBeLessThanOrEqual(1);
    expect(fake.accepted).toBeGreaterThanOrEqual(2);
    expect(fake.commands.map((c) => c[0])).toContain('AUTH');
  });

  it('a SIGSTOPped redis-server: at most one established connection from the exporter', async () => {
    const redis = await startRedis();
    const e = await exporter({ 'redis.addr': redis.url, 'poll.timeout': '300ms' });
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_up') === 1,
      { what: 'up' },
    );
    redis.process.kill('SIGSTOP');
    try {
      const before = await errors(e);
      // The kernel completes TCP handshakes for a frozen process: each leaked attempt would show here.
      await waitFor(
        () => errors(e),
        (n) => n >= before + 6,
        { what: 'six failed polls while frozen' },
      );
      expect(establishedTo(redis.port)).toBeLessThanOrEqual(1);
    } finally {
      redis.process.kill('SIGCONT');
    }
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_up') === 1,
      { what: 'up after SIGCONT' },
    );
  });

  it('ad-hoc /scrape of a never-answering allowed address: one connection however many requests', async () => {
    const fake = await silent();
    const e = await exporter({ 'redis.addr': fake.url.replace(/:\d+$/, ':1'), 'scrape.allow-addresses': '127.0.0.1' });
    const adhoc = `redis://127.0.0.1:${fake.port}/0`;
    const requests = Array.from({ length: 24 }, () => fetch(`${e.url}/scrape?target=${encodeURIComponent(adhoc)}`).then((r) => r.status));
    const statuses = await Promise.all(requests);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    // Never two connections at once. Requests that arrive while a poll runs share it, so far fewer
    // connections than requests (all of them in one poll on a quiet machine; a loaded one may
    // spread the 24 over a few 300 ms polls).
    expect(fake.maxOpen).toBe(1);
    expect(fake.accepted).toBeLessThanOrEqual(requests.length / 4);
    await waitFor(
      () => fake.open,
      (n) => n === 0,
      { what: 'the ad-hoc connection closed' },
    );
  });
});
