import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startTestExporter } from '../helpers/exporter.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * A real Redis loading a real RDB. `key-load-delay` (µs per key, Redis 7.0) makes the load last
 * at least keys × delay, and `loading-process-events-interval-bytes 1024` lets Redis answer INFO
 * between small chunks of the file (by default it answers only every 2 MiB loaded). Setting
 * key-load-delay back to 0 (CONFIG SET works while loading) ends the load on cue.
 */
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await stopAllRedis();
});

const KEYS = 30_000;
const SLOW_LOAD = ['--key-load-delay', '2000', '--loading-process-events-interval-bytes', '1024'];

describe('redis-loading on a real server', () => {
  it('while a restarted Redis loads its RDB the doctor (already polling) says redis-loading (WARNING), not redis-unreachable, and clears when the load ends', async () => {
    const first = await startRedis();
    await first.cmd('DEBUG', 'POPULATE', String(KEYS), 'key', '10');
    await first.cmd('SAVE');
    const dir = first.dir;
    // The exporter is already polling when Redis restarts, as in production.
    const e = await startTestExporter({ 'redis.addr': first.url, 'poll.interval': '100ms' });
    cleanups.push(() => e.stop());
    await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_db_keys', { db: 'db0' }) === KEYS,
      { what: 'the keys seen before the restart' },
    );
    const port = first.port;
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // Keep the RDB: the restarted server reads it from the same directory.
    const second = await (async () => {
      await first.cmd('SHUTDOWN', 'NOSAVE').catch(() => undefined);
      await waitFor(
        async () => first.process.exitCode ?? first.process.signalCode,
        (c) => c !== null,
        { what: 'the first server to exit' },
      );
      return startRedis({ dir, port, ready: 'loading', args: SLOW_LOAD });
    })();
    const loading = async () => /\bloading:1\b/.test(await second.info('persistence'));
    expect(await loading()).toBe(true);

    const m = await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_doctor_finding', { check: 'redis-loading' }) === 2,
      { what: 'redis-loading warning on /metrics' },
    );
    expect(m.get('redis_up')).toBe(1);
    expect(m.get('redis_doctor_finding', { check: 'redis-unreachable' })).toBe(0);
    expect(m.get('redis_loading_dump_file')).toBe(1);
    // The restart is seen, but a half-loaded dataset is not "lost".
    expect(m.get('redis_restarts_observed_total')).toBe(1);
    expect(m.get('redis_doctor_finding', { check: 'dataset-lost-on-restart' })).toBe(0);

    // The probe a user would run says the same, with the progress and its perfdata.
    const check = runCli(['check', '--redis.addr', second.url, '--check.window', '0s', '--host.collect', 'off']);
    expect(check.stdout).toMatch(/^WARNING: .*redis-loading/);
    expect(check.stdout).not.toMatch(/redis-unreachable|CRITICAL/);
    expect(check.stdout).toMatch(/redis-loading\.loading_loaded_perc=[\d.]+/);
    expect(check.stdout).toMatch(/% of [\d.]+ KiB loaded/);
    expect(check.status).toBe(1);
    // Every assertion above ran mid-load, not after it.
    expect(await loading()).toBe(true);

    await second.cmd('CONFIG', 'SET', 'key-load-delay', '0');
    const after = await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_doctor_finding', { check: 'redis-loading' }) === 0,
      { what: 'redis-loading to pass once the load ends' },
    );
    expect(after.get('redis_db_keys', { db: 'db0' })).toBe(KEYS);
    expect(after.get('redis_doctor_finding', { check: 'redis-unreachable' })).toBe(0);
    expect(after.get('redis_doctor_finding', { check: 'dataset-lost-on-restart' })).toBe(0);
  });
});
