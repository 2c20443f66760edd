import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDiskIo, DiskIoTracker } from '../../src/host/disk-io.js';
import { hostDiskIoCollector } from '../../src/collectors/host-diskio.js';
import { SampleSink } from '../../src/exposition/sample.js';
import { renderText } from '../helpers/exposition.js';
import { parseInfo } from '../../src/parse/info.js';
import { parseExposition } from '../helpers/exposition.js';
import { HOST_FIXTURES, expectGolden, fixtureRoots, goldenText, runHostAreas } from '../helpers/host-fixture.js';

interface CaseFile {
  readonly what: string;
  readonly areas?: string[];
  readonly info?: Record<string, string>;
  readonly dev?: string;
  readonly elapsedMs?: number;
}

const cases = readdirSync(HOST_FIXTURES)
  .filter((d) => existsSync(join(HOST_FIXTURES, d, 'case.json')))
  .map((d) => ({ name: d, dir: join(HOST_FIXTURES, d), spec: JSON.parse(readFileSync(join(HOST_FIXTURES, d, 'case.json'), 'utf8')) as CaseFile }));

describe('host fixture trees → series (golden)', () => {
  it('finds every fixture case', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(['container-no-mm', 'diskio', 'overcommit-0', 'overcommit-1', 'overcommit-2', 'pid-namespace-mismatch', 'thp-old-kernel']);
  });

  for (const c of cases.filter((x) => x.spec.areas)) {
    it(`${c.name}: ${c.spec.what}`, async () => {
      const run = await runHostAreas(fixtureRoots(c.dir), c.spec.areas ?? [], { info: c.spec.info ?? {} });
      const { expected, actual } = expectGolden(c.dir, goldenText(run));
      expect(actual).toBe(expected);
    });
  }

  // Stated independently of the golden files, so regenerating them cannot hide a wrong value.
  it.each([
    ['overcommit-0', 0, 'always', 'always', 0],
    ['overcommit-1', 1, 'madvise', 'madvise', 4294963200],
    ['overcommit-2', 2, 'never', 'never', 2147479552],
    ['thp-old-kernel', 1, 'always', 'always', 0],
  ])('%s: overcommit %i, THP enabled=%s defrag=%s, swap total %i', async (name, overcommit, enabled, defrag, swap) => {
    const c = cases.find((x) => x.name === name);
    const run = await runHostAreas(fixtureRoots(join(HOST_FIXTURES, name)), c?.spec.areas ?? []);
    const m = parseExposition(run.text);
    expect(m.get('redis_host_vm_overcommit_memory')).toBe(overcommit);
    expect(
      m
        .all('redis_host_transparent_hugepage_enabled')
        .filter((s) => s.value === 1)
        .map((s) => s.labels.mode),
    ).toEqual([enabled]);
    expect(
      m
        .all('redis_host_transparent_hugepage_defrag')
        .filter((s) => s.value === 1)
        .map((s) => s.labels.mode),
    ).toEqual([defrag]);
    expect(m.get('redis_host_swap_total_bytes')).toBe(swap);
  });

  it('container-no-mm: only host_thp fails, and says which file is missing', async () => {
    const run = await runHostAreas(fixtureRoots(join(HOST_FIXTURES, 'container-no-mm')), ['host_memory', 'host_overcommit', 'host_thp']);
    expect(Object.fromEntries(run.success)).toEqual({ host_memory: true, host_overcommit: true, host_thp: false });
    expect(run.errors.get('host_thp')).toMatch(/cannot read .*container-no-mm\/sys\/kernel\/mm\/transparent_hugepage\/(enabled|defrag): ENOENT/);
    expect(run.text).not.toContain('transparent_hugepage');
  });

  it('pid-namespace-mismatch: refuses to report another process as Redis', async () => {
    const run = await runHostAreas(fixtureRoots(join(HOST_FIXTURES, 'pid-namespace-mismatch')), ['host_process', 'host_process_smaps'], {
      info: { process_id: '1', executable: '/usr/bin/redis-server' },
    });
    expect(run.errors.get('host_process')).toMatch(/pid 1 under .* is "systemd", not "redis-server"/);
    expect(run.errors.get('host_process_smaps')).toMatch(/not verified/);
    expect(run.text).toBe('');
  });

  it('pid-namespace-mismatch without INFO executable (Redis < 5): the name alone must look like a server', async () => {
    const roots = fixtureRoots(join(HOST_FIXTURES, 'pid-namespace-mismatch'));
    const foreign = await runHostAreas(roots, ['host_process'], { info: { process_id: '1' } });
    expect(foreign.errors.get('host_process')).toMatch(/pid 1 under .* is "systemd", not a Redis server/);
    const redis = await runHostAreas(fixtureRoots(join(HOST_FIXTURES, 'overcommit-1')), ['host_process'], { info: { process_id: '4242' } });
    expect(redis.success.get('host_process')).toBe(true);
  });

  it("diskio: two diskstats instants 5 s apart give the parent disk's counters and a 0.8 utilization", async () => {
    const c = cases.find((x) => x.name === 'diskio');
    if (!c?.spec.dev || !c.spec.elapsedMs) throw new Error('diskio case.json needs dev and elapsedMs');
    const [major, minor] = c.spec.dev.split(':').map(Number) as [number, number];
    const tracker = new DiskIoTracker();
    const sys = join(c.dir, 'sys');
    const first = await readDiskIo({ procfs: join(c.dir, 't0/proc'), sysfs: sys, rootfs: c.dir }, { major, minor }, tracker, 10_000);
    expect(first.disk?.utilization).toBeUndefined();
    const second = await readDiskIo({ procfs: join(c.dir, 't1/proc'), sysfs: sys, rootfs: c.dir }, { major, minor }, tracker, 10_000 + c.spec.elapsedMs);
    expect(second.disk?.name).toBe('sda');
    expect(second.disk?.utilization).toBeCloseTo(0.8, 10);
    const sink = new SampleSink();
    hostDiskIoCollector.collect({ info: parseInfo(''), config: undefined, now: 0, redisUp: false, extras: { host: { diskIo: second } } }, sink);
    const { expected, actual } = expectGolden(c.dir, renderText(sink.samples));
    expect(actual).toBe(expected);
  });
});
