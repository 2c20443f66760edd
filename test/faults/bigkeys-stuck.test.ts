import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { startTestExporter } from '../helpers/exporter.js';
import { parseExposition, type Exposition } from '../helpers/exposition.js';
import { freePort } from '../helpers/ports.js';
import { startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Issue 12 item 7: every command the big-key job sends has a deadline. A replica that stops
 * answering fails the job (collector_success 0) instead of hanging it, the job recovers when
 * the replica does, and SIGTERM still exits 0 at once.
 */
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of stops.reverse()) await s();
  await stopAllRedis();
});

const FLAGS = {
  'bigkeys.enabled': 'true',
  'bigkeys.interval': '1s',
  'bigkeys.cycle-interval': '50ms',
  'bigkeys.cycle-time': '50ms',
  'poll.interval': '100ms',
  'poll.timeout': '500ms',
};
const jobOk = (m: Exposition) => m.get('redis_vitals_collector_success', { collector: 'bigkeys' });
const lastPass = (m: Exposition) => m.get('redis_bigkeys_last_full_scan_timestamp_seconds') ?? 0;

async function scannedReplica(): Promise<{ master: RedisHandle; replica: RedisHandle }> {
  const master = await startRedis();
  // The job scans this server only: stopping it stalls the job while the polls of the master go
  // on. No keys, so each pass is just the INFO that starts it: the command that had no deadline.
  const replica = await startRedis();
  return { master, replica };
}

describe('a big-key job whose server stops answering', () => {
  it('reports failure, then recovers with a new pass', async () => {
    const { master, replica } = await scannedReplica();
    const e = await startTestExporter({ ...FLAGS, 'redis.addr': master.url, 'bigkeys.replica-addr': replica.url });
    stops.push(() => e.stop());
    await waitFor(
      () => e.metrics(),
      (m) => jobOk(m) === 1 && lastPass(m) > 0,
      { what: 'a first complete pass' },
    );
    replica.process.kill('SIGSTOP');
    try {
      const m = await waitFor(
        () => e.metrics(),
        (x) => jobOk(x) === 0,
        { what: 'the stuck job to report failure' },
      );
      expect(m.get('redis_up')).toBe(1);
    } finally {
      replica.process.kill('SIGCONT');
    }
    const before = lastPass(await e.metrics());
    await waitFor(
      () => e.metrics(),
      (m) => jobOk(m) === 1 && lastPass(m) > before,
      { what: 'a new pass after recovery' },
    );
  });

  it('SIGTERM exits 0 while the job is stuck', async () => {
    const { master, replica } = await scannedReplica();
    const port = await freePort();
    const args = Object.entries({ ...FLAGS, 'redis.addr': master.url, 'bigkeys.replica-addr': replica.url, 'web.listen-address': `127.0.0.1:${port}` }).map(([k, v]) => `--${k}=${v}`);
    const cli = spawnCli(args);
    stops.push(async () => void cli.child.kill('SIGKILL'));
    const metrics = async () => parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    await waitFor(
      () => metrics(),
      (m) => jobOk(m) === 1 && lastPass(m) > 0,
      { what: 'a first complete pass' },
    );
    replica.process.kill('SIGSTOP');
    try {
      // The job is now waiting on the frozen replica (at pass start, INFO; in a pass, a pipeline).
      await waitFor(
        () => metrics(),
        (m) => jobOk(m) === 0,
        { what: 'the job to be stuck' },
      );
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
      expect(cli.output()).not.toContain('shutdown took too long');
    } finally {
      replica.process.kill('SIGCONT');
    }
  });
});
