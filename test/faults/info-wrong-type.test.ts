import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { startTestExporter } from '../helpers/exporter.js';
import { resp, startFakeRedis, type FakeRedis } from '../helpers/fake-redis.js';
import { waitFor } from '../helpers/wait.js';

/** Issue 12 item 10: an INFO reply that is not text is a `protocol` poll error, never a healthy poll. */
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of stops.reverse()) await s();
});

const replies: [string, string][] = [
  ['nil', resp.nil()],
  ['an integer', resp.int(42)],
  ['an array', resp.array([resp.bulk('redis_version:7.0.0'), resp.bulk('used_memory:1')])],
];

async function fakeInfo(reply: string): Promise<FakeRedis> {
  const fake = await startFakeRedis((cmd) => ((cmd[0] ?? '').toUpperCase() === 'INFO' ? reply : undefined));
  stops.push(() => fake.stop());
  return fake;
}

describe('INFO of the wrong type', () => {
  it.each(replies)('%s: redis_up 0, reason protocol', async (_name, reply) => {
    const fake = await fakeInfo(reply);
    // A generous deadline, so a slow moment on a loaded machine adds no 'deadline' error.
    const e = await startTestExporter({ 'redis.addr': fake.url, 'poll.timeout': '5s' });
    stops.push(() => e.stop());
    const m = await waitFor(
      () => e.metrics(),
      (x) => (x.get('redis_vitals_poll_errors_total', { reason: 'protocol' }) ?? 0) >= 2,
      { what: 'two protocol errors' },
    );
    expect(m.get('redis_up')).toBe(0);
    expect(m.all('redis_vitals_poll_errors_total').map((x) => x.labels.reason)).toEqual(['protocol']);
  });

  it.each(replies)('%s: check says CRITICAL and exits 2', async (_name, reply) => {
    const fake = await fakeInfo(reply);
    // Spawned, not spawnSync: the fake server lives in this process and must keep answering.
    const cli = spawnCli(['check', '--redis.addr', fake.url, '--check.window', '10ms', '--host.collect', 'off']);
    const status = await cli.exited;
    expect(cli.output()).toMatch(/^CRITICAL: .*redis-unreachable/m);
    expect(status).toBe(2);
  });
});

/**
 * The big-key and key-check jobs start each pass with plain INFO on their own connections
 * (the poll sends INFO ALL). A reply of the wrong type there is a failed pass
 * (collector_success 0), not an empty keyspace reported as a successful one.
 */
describe("INFO of the wrong type to the jobs' own INFO", () => {
  it.each(replies)('%s: the big-key and key-check collectors report failure; the poll stays up', async (_name, reply) => {
    const fake = await startFakeRedis((cmd) => ((cmd[0] ?? '').toUpperCase() === 'INFO' && cmd.length === 1 ? reply : undefined));
    stops.push(() => fake.stop());
    const e = await startTestExporter({
      'redis.addr': fake.url,
      'poll.timeout': '5s',
      'bigkeys.enabled': 'true',
      'bigkeys.interval': '1s',
      'bigkeys.cycle-interval': '50ms',
      'check-keys': 'k:*',
      'check-keys.interval': '1s',
    });
    stops.push(() => e.stop());
    const m = await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_vitals_collector_success', { collector: 'bigkeys' }) === 0 && x.get('redis_vitals_collector_success', { collector: 'keychecks' }) === 0,
      { what: 'both jobs failing' },
    );
    expect(m.get('redis_up')).toBe(1);
    expect(fake.commands.some((c) => c[0] === 'INFO' && c.length === 1)).toBe(true);
    expect(e.logs.join('\n')).toMatch(/big-key cycle failed.*protocol|protocol.*big-key cycle failed/);
  });
});
