import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import type { Exposition } from '../helpers/exposition.js';
import { startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Redis dying or freezing under a running exporter. Everything is asserted in poll counts,
 * never in wall-clock time: the machine is shared and slow moments must not fail a test.
 */
const INTERVAL_MS = 100;
const exporters: TestExporter[] = [];
afterAll(async () => {
  await Promise.all(exporters.map((e) => e.stop()));
  await stopAllRedis();
});

async function exporterFor(redis: RedisHandle, timeout: string): Promise<TestExporter> {
  const e = await startTestExporter({ 'redis.addr': redis.url, 'poll.interval': `${INTERVAL_MS}ms`, 'poll.timeout': timeout });
  exporters.push(e);
  await waitFor(
    () => e.metrics(),
    (m) => m.get('redis_up') === 1 && (m.get('redis_vitals_polls_total') ?? 0) >= 3,
    { what: 'three polls, up' },
  );
  return e;
}

const polls = (m: Exposition) => m.get('redis_vitals_polls_total') ?? 0;
const completed = (m: Exposition) => m.get('redis_vitals_poll_duration_seconds_count') ?? 0;
const errors = (m: Exposition, reason: string) => m.get('redis_vitals_poll_errors_total', { reason }) ?? 0;
const tcpSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

async function adminClient(redis: RedisHandle) {
  const c = createClient({ socket: { host: '127.0.0.1', port: redis.port, reconnectStrategy: false } });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

/** After Redis returns: up again within a few polls, and no more than two connections of ours on Redis. */
async function expectRecovery(e: TestExporter, redis: RedisHandle, pollsAtReturn: number): Promise<void> {
  const back = await waitFor(
    () => e.metrics(),
    (m) => m.get('redis_up') === 1,
    { what: 'up again' },
  );
  // "Within about one interval": the poll after the one that was waiting for Redis, plus one of slack.
  expect(polls(back) - pollsAtReturn).toBeLessThanOrEqual(3);
  const ours = async () =>
    String(await redis.cmd('CLIENT', 'LIST'))
      .split('\n')
      .filter((l) => / name=redis-vitals /.test(l)).length;
  // Sockets we dropped during the outage are reaped by Redis once it runs again.
  await waitFor(ours, (n) => n <= 2, { what: 'at most two redis-vitals connections on Redis' });
}

describe('Redis killed and paused under a running exporter', () => {
  it('SIGKILL in the middle of a poll, then a restart on the same port', async () => {
    const redis = await startRedis();
    const e = await exporterFor(redis, '5s');
    const admin = await adminClient(redis);
    // Hold Redis inside a command so the next poll is waiting on it when the process dies.
    void admin.sendCommand(['DEBUG', 'SLEEP', '5']).catch(() => undefined);
    const inFlight = await waitFor(
      () => e.metrics(),
      (m) => polls(m) > completed(m),
      { what: 'a poll in flight' },
    );
    redis.process.kill('SIGKILL');
    await new Promise((r) => redis.process.once('exit', r));
    admin.destroy();
    const down = await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_up') === 0 && errors(m, 'connection_refused') >= 2,
      { what: 'down, refused' },
    );
    // The poll that was waiting on Redis (INFO, or a fetcher after it) ended when its socket
    // closed, rather than hanging until a restart: later polls have completed.
    expect(completed(down)).toBeGreaterThanOrEqual(polls(inFlight));
    expect(down.get('redis_memory_used_bytes')).toBeUndefined();

    const restarted = await startRedis({ port: redis.port });
    await expectRecovery(e, restarted, polls(await e.metrics()));
    expect(e.logs.filter((l) => l.includes('Redis reachable again'))).toHaveLength(1);
  });

  it.each([
    ['DEBUG SLEEP', async (admin: Awaited<ReturnType<typeof adminClient>>) => admin.sendCommand(['DEBUG', 'SLEEP', '3'])],
    [
      'CLIENT PAUSE',
      async (admin: Awaited<ReturnType<typeof adminClient>>) => {
        await admin.sendCommand(['CLIENT', 'PAUSE', '3000', 'ALL']);
        // The pausing client is paused too: this PING returns when Redis serves clients again.
        return admin.sendCommand(['PING']);
      },
    ],
  ])('%s past the poll deadline: deadline errors, /metrics answers, no pile-up, recovery', async (_name, pause) => {
    const redis = await startRedis();
    const e = await exporterFor(redis, '250ms');
    const admin = await adminClient(redis);
    const socketsBefore = tcpSockets();
    const heapBefore = process.memoryUsage().heapUsed;
    const before = await e.metrics();
    const startedAt = performance.now();

    // Not awaited: it settles only when Redis runs again.
    const paused = pause(admin);
    let overlap = 0;
    let answeredWhilePaused = 0;
    const during = await waitFor(
      async () => {
        const m = await e.metrics();
        overlap = Math.max(overlap, polls(m) - completed(m));
        if (m.get('redis_up') === 0) answeredWhilePaused++;
        return m;
      },
      (m) => errors(m, 'deadline') - errors(before, 'deadline') >= 5,
      { what: 'five polls past their deadline' },
    );
    expect(answeredWhilePaused).toBeGreaterThan(0);
    // Only time-outs: the poll deadline, or the connect timeout (capped at the deadline) when a
    // reconnect made meanwhile is the thing waiting on the frozen Redis. Which fires first is a race.
    const reasons = during.all('redis_vitals_poll_errors_total').map((r) => r.labels.reason as string);
    expect(reasons.filter((r) => r !== 'deadline' && r !== 'timeout')).toEqual([]);
    await paused;
    // A loaded machine can stall past 2 intervals + the poll bound: the stale stand-in (redis_up 0,
    // no poll counters) is then served until the next poll completes, and says nothing of the counts.
    const atReturn = await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_vitals_polls_total') !== undefined,
      { what: 'a snapshot of a completed poll, not the stale stand-in' },
    );
    const elapsedMs = performance.now() - startedAt;

    // Never two polls at once, and no more polls than the interval allows (a pile-up would exceed it).
    expect(overlap).toBeLessThanOrEqual(1);
    expect(polls(atReturn) - polls(before)).toBeLessThanOrEqual(Math.ceil(elapsedMs / INTERVAL_MS) + 2);
    // A line when the reason changes, not one per failed poll: two lines in a row with the same
    // reason only with a successful poll between them (a loaded machine can miss a 250 ms deadline).
    const sequence = e.logs.filter((l) => l.includes('cannot poll Redis') || l.includes('Redis reachable again')).map((l) => (l.includes('reachable again') ? 'ok' : (JSON.parse(l).reason as string)));
    expect(sequence.filter((r, i) => r !== 'ok' && r === sequence[i - 1])).toEqual([]);
    const logged = sequence.filter((r) => r !== 'ok');
    expect(logged.filter((r) => r !== 'deadline' && r !== 'timeout')).toEqual([]);
    expect(logged.length).toBeLessThan(errors(atReturn, 'deadline') + errors(atReturn, 'timeout'));
    await expectRecovery(e, redis, polls(atReturn));

    // Count-based leak checks: dropped connections are closed, and the heap stays within a generous bound.
    admin.destroy();
    await waitFor(tcpSockets, (n) => n <= socketsBefore + 1, { what: 'sockets back to where they were' });
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });
});
