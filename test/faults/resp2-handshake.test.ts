import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { resp, startFakeRedis, type Answer } from '../helpers/fake-redis.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Issue 12 item 17: the exporter speaks RESP2 (as redis-cli and redis_exporter do), so a server
 * or proxy that refuses HELLO in any way is still polled.
 */
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of stops.reverse()) await s();
  await stopAllRedis();
});

const refusals: [string, Answer][] = [
  ['NOPROTO', resp.error('NOPROTO sorry, this protocol version is not supported')],
  ["a proxy's own error text", resp.error('ERR unsupported command')],
  ['the connection closed', 'close'],
];

describe('HELLO refused in any way: still polled over RESP2', () => {
  it.each(refusals)('%s', async (_name, refusal) => {
    const fake = await startFakeRedis((cmd) => ((cmd[0] ?? '').toUpperCase() === 'HELLO' ? refusal : undefined));
    stops.push(() => fake.stop());
    // A generous deadline: a cold first poll on a loaded machine must not read as a refusal.
    const e: TestExporter = await startTestExporter({ 'redis.addr': fake.url, 'redis.password': 'resp2-pw', 'poll.timeout': '5s' });
    stops.push(() => e.stop());
    const m = await waitFor(
      () => e.metrics(),
      (x) => (x.get('redis_vitals_polls_total') ?? 0) >= 2 && x.get('redis_up') === 1,
      { what: 'two polls, up' },
    );
    expect(m.all('redis_vitals_poll_errors_total')).toEqual([]);
    const sent = fake.commands.map((c) => c[0]);
    expect(sent).toContain('AUTH');
    expect(sent).not.toContain('HELLO');
  });

  it('a real Redis sees a RESP2 connection named redis-vitals', async () => {
    const redis = await startRedis();
    const e = await startTestExporter({ 'redis.addr': redis.url });
    stops.push(() => e.stop());
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_up') === 1,
      { what: 'up' },
    );
    const list = String(await redis.cmd('CLIENT', 'LIST'));
    const ours = list.split('\n').filter((l) => l.includes('name=redis-vitals'));
    expect(ours.length).toBeGreaterThanOrEqual(1);
    for (const l of ours) expect(l).toMatch(/ resp=2\b/);
  });
});

/**
 * A proxy that does not know CLIENT (Envoy answers an error, twemproxy closes the connection)
 * must not fail every handshake: the name is set after connecting, and once refused it is not
 * asked again. redis_exporter polls such a proxy too (it logs the SETNAME error and goes on).
 */
const setnameRefusals: [string, Answer, number][] = [
  ['an error reply', resp.error("ERR unsupported command 'client'"), 1],
  ['the connection closed', 'close', 2],
];

describe('CLIENT SETNAME refused: still polled, unnamed', () => {
  it.each(setnameRefusals)('%s', async (_name, refusal, connections) => {
    const fake = await startFakeRedis((cmd) => ((cmd[0] ?? '').toUpperCase() === 'CLIENT' ? refusal : undefined));
    stops.push(() => fake.stop());
    const e: TestExporter = await startTestExporter({ 'redis.addr': fake.url, 'redis.password': 'setname-pw', 'poll.timeout': '5s' });
    stops.push(() => e.stop());
    const m = await waitFor(
      () => e.metrics(),
      (x) => (x.get('redis_vitals_polls_total') ?? 0) >= 3 && x.get('redis_up') === 1,
      { what: 'three polls, up' },
    );
    expect(m.all('redis_vitals_poll_errors_total')).toEqual([]);
    expect(fake.commands.filter((c) => c[0] === 'CLIENT' && (c[1] ?? '').toUpperCase() === 'SETNAME')).toHaveLength(1);
    // Closed once: one more connection, unnamed, and that one is kept.
    expect(fake.accepted).toBe(connections);
  });
});

describe('CLIENT SETNAME failing for another reason', () => {
  it('is asked again at the next connection (maxclients is not a refusal of CLIENT)', async () => {
    let setnames = 0;
    let infos = 0;
    const fake = await startFakeRedis((cmd) => {
      const name = (cmd[0] ?? '').toUpperCase();
      if (name === 'CLIENT' && ++setnames === 1) return resp.error('ERR max number of clients reached');
      // The second INFO drops the connection, so the exporter connects again.
      if (name === 'INFO' && ++infos === 2) return 'close';
      return undefined;
    });
    stops.push(() => fake.stop());
    const e: TestExporter = await startTestExporter({ 'redis.addr': fake.url, 'poll.timeout': '5s' });
    stops.push(() => e.stop());
    await waitFor(
      async () => ({ m: await e.metrics(), setnames }),
      (x) => x.setnames >= 2 && x.m.get('redis_up') === 1,
      { what: 'a second CLIENT SETNAME on the new connection, up' },
    );
    expect(fake.accepted).toBe(2);
  });
});
