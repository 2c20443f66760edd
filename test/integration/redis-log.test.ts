import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { failAofWrite, failBgsave } from '../helpers/failure-states.js';
import { mountTmpfs, startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The Redis log follower on real servers: Redis itself writes the lines where a real failure
 * can be made (full disk → RDB and AOF errors); a fork failure, which needs a starved host, is
 * appended to the real log file of a running server.
 */
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  await stopAllRedis();
  for (const c of cleanups.reverse()) await c();
});

function logDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'rv-redis-log-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

async function exporterFor(url: string): Promise<TestExporter> {
  const e = await startTestExporter({ 'redis.addr': url, 'poll.interval': '100ms' });
  cleanups.push(() => e.stop());
  // The follower starts at the end of the file: wait until it follows before making news.
  await waitFor(
    () => e.metrics(),
    (m) => m.get('redis_log_events_total', { event: 'fork_failed' }) !== undefined,
    { what: 'the log to be followed' },
  );
  return e;
}

interface DoctorJson {
  targets: { findings: { check: string; failing: boolean; evidence: Record<string, string | number> }[] }[];
}
const finding = async (e: TestExporter, check: string) => (JSON.parse(await e.scrape('/doctor.json')) as DoctorJson).targets[0]?.findings.find((f) => f.check === check);

describe('Redis log follower', () => {
  it('counts the RDB errors a full disk makes Redis write, and the doctor quotes the line', async () => {
    const tmpfs = mountTmpfs(256);
    cleanups.push(() => tmpfs.unmount());
    const log = join(logDir(), 'redis.log');
    const redis = await startRedis({ dir: tmpfs.dir, args: ['--save', '3600 1', '--logfile', log] });
    const e = await exporterFor(redis.url);
    await failBgsave(redis);
    await waitFor(
      () => e.metrics(),
      (m) => (m.get('redis_log_events_total', { event: 'rdb_save_failed' }) ?? 0) >= 1,
      { what: 'rdb_save_failed counted' },
    );
    const f = await waitFor(
      () => finding(e, 'rdb-bgsave-failing'),
      (x) => x?.failing === true && typeof x.evidence.log_line === 'string',
    );
    expect(String(f?.evidence.log_line)).toMatch(/No space left on device|Background saving error/);
    expect(f?.evidence.log_file).toBe(log);
  });

  it('counts the AOF write errors a full disk makes Redis write', async () => {
    const tmpfs = mountTmpfs(256);
    cleanups.push(() => tmpfs.unmount());
    const log = join(logDir(), 'redis.log');
    const redis = await startRedis({ dir: tmpfs.dir, args: ['--appendonly', 'yes', '--logfile', log] });
    const e = await exporterFor(redis.url);
    await failAofWrite(redis);
    await waitFor(
      () => e.metrics(),
      (m) => (m.get('redis_log_events_total', { event: 'aof_write_failed' }) ?? 0) >= 1,
      { what: 'aof_write_failed counted' },
    );
  });

  it('fork-failing is CRITICAL on a new fork failure line, quotes it, holds on later polls and clears after a good BGSAVE', async () => {
    const log = join(logDir(), 'redis.log');
    const redis = await startRedis({ args: ['--logfile', log] });
    const e = await exporterFor(redis.url);
    appendFileSync(log, "4242:M 07 Dec 2026 10:12:13.456 # Can't save in background: fork: Cannot allocate memory\n");
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_doctor_finding', { check: 'fork-failing' }) === 3,
      { what: 'fork-failing critical' },
    );
    const f = await finding(e, 'fork-failing');
    expect(f?.evidence).toMatchObject({ log_line_time: '07 Dec 2026 10:12:13.456', log_line: "Can't save in background: fork: Cannot allocate memory" });
    expect((await e.metrics()).get('redis_log_events_total', { event: 'fork_failed' })).toBe(1);
    // Later polls read no new line, yet the finding holds (a 15 s scrape must see it) …
    const polls = (m: Awaited<ReturnType<TestExporter['metrics']>>) => m.get('redis_vitals_polls_total') ?? 0;
    const from = polls(await e.metrics());
    const held = await waitFor(
      () => e.metrics(),
      (m) => polls(m) >= from + 3,
      { what: 'three more polls' },
    );
    expect(held.get('redis_doctor_finding', { check: 'fork-failing' })).toBe(3);
    // … until the remedy's check works: a background save that succeeds clears it.
    await redis.cmd('BGSAVE');
    await waitFor(
      () => e.metrics(),
      (m) => m.get('redis_doctor_finding', { check: 'fork-failing' }) === 0,
      { what: 'fork-failing to pass after a good BGSAVE' },
    );
  });
});
