import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { parseExposition } from '../helpers/exposition.js';
import { freePort } from '../helpers/ports.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * SIGTERM while a poll waits on Redis: shutdown cuts that poll's connection, and the cut must not
 * be reported as Redis failing ("cannot poll Redis … Disconnects client" after "shutting down").
 */
const kills: (() => void)[] = [];
afterAll(async () => {
  for (const k of kills) k();
  await stopAllRedis();
});

describe('shutdown during a poll', () => {
  it('exits 0 and logs nothing about Redis after "shutting down"', async () => {
    const redis = await startRedis();
    const port = await freePort();
    const cli = spawnCli([`--redis.addr=${redis.url}`, `--web.listen-address=127.0.0.1:${port}`, '--poll.interval=100ms', '--poll.timeout=60s']);
    kills.push(() => cli.child.kill('SIGKILL'));
    const metrics = async () => parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    await waitFor(metrics, (m) => m.get('redis_up') === 1, { what: 'a first good poll' });
    redis.process.kill('SIGSTOP');
    kills.push(() => redis.process.kill('SIGCONT'));
    // Polls are due every 100 ms; a last good poll 2 s old means one is waiting on the frozen Redis.
    await waitFor(metrics, (m) => Date.now() / 1000 - (m.get('redis_vitals_last_poll_timestamp_seconds') ?? Infinity) > 2, { what: 'a poll stuck on the frozen Redis' });
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    const lines = cli.output().trim().split('\n');
    const at = lines.findIndex((l) => l.includes('shutting down'));
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1).filter((l) => /cannot poll|warn|error/.test(l))).toEqual([]);
  });
});
