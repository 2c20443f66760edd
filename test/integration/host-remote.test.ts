import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { freePort } from '../helpers/ports.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';
import { hostCollectionFor } from '../../src/config/host.js';
import type { Exposition } from '../helpers/exposition.js';

const HOST_SERIES = /^redis_(host_|process_swap|process_anon|rdb_file_|aof_files_)/;
const exporters: TestExporter[] = [];
afterAll(async () => {
  for (const e of exporters) await e.stop();
  await stopAllRedis();
});

async function start(flags: Record<string, string>): Promise<TestExporter> {
  const e = await startTestExporter(flags);
  exporters.push(e);
  return e;
}

const hostOn = (e: TestExporter) => e.config.targets.every((t) => hostCollectionFor(e.config.host, t.address));
const hostNames = (m: Exposition) => [...m.names()].filter((n) => HOST_SERIES.test(n)).sort();
const hostCollectors = (m: Exposition) => m.all('redis_vitals_collector_success').filter((s) => s.labels.collector?.startsWith('host_'));

describe('remote targets get no host metrics', () => {
  // .invalid never resolves (RFC 2606), so no reachable remote host is needed.
  const remote = 'redis://redis.prod.invalid:6379';

  it('auto + remote address: no host series, no host collector success or errors, no host warnings', async () => {
    const e = await start({ 'redis.addr': remote });
    expect(hostOn(e)).toBe(false);
    // Host areas that need no Redis would report within the first poll if they ran.
    const m = await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_up') === 0 && (x.get('redis_vitals_polls_total') ?? 0) >= 2,
      { what: 'two failed polls' },
    );
    expect(hostNames(m)).toEqual([]);
    expect(hostCollectors(m)).toEqual([]);
    expect(e.logs.filter((l) => l.includes('host area'))).toEqual([]);
  });

  it('--host.collect on overrides it: host series flow even though Redis never answered', async () => {
    const e = await start({ 'redis.addr': remote, 'host.collect': 'on' });
    const m = await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_host_memory_total_bytes') !== undefined,
      { what: 'host memory' },
    );
    expect(hostNames(m)).toContain('redis_host_vm_overcommit_memory');
    // No CONFIG GET dir ever answered: the data-dir areas say so instead of guessing.
    expect(m.get('redis_vitals_collector_success', { collector: 'host_datadir' })).toBe(0);
    await waitFor(
      () => e.logs,
      (logs) => logs.some((l) => l.includes('host_datadir') && l.includes('data directory unknown')),
      { what: 'datadir warning' },
    );
  });

  it('--host.data-dir gives the data dir when CONFIG cannot: a local Redis that is down', async () => {
    const port = await freePort();
    const e = await start({ 'redis.addr': `redis://127.0.0.1:${port}`, 'host.data-dir': '/tmp' });
    expect(hostOn(e)).toBe(true);
    const m = await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_host_data_dir_filesystem_size_bytes') !== undefined,
      { what: 'data dir series' },
    );
    expect(m.get('redis_up')).toBe(0);
    expect(m.get('redis_vitals_collector_success', { collector: 'host_datadir' })).toBe(1);
    // Never seen the Redis process: whose access to judge is unknown, so no writable series.
    expect(m.get('redis_host_data_dir_writable')).toBeUndefined();
  });

  it('multi-target: the local target gets host series, the remote one in the same process none', async () => {
    const redis = await startRedis();
    const file = join(mkdtempSync(join(tmpdir(), 'rv-host-targets-')), 'config.yml');
    writeFileSync(file, `targets:\n  - name: local\n    addr: ${redis.url}\n  - name: far\n    addr: ${remote}\n`);
    const e = await start({ 'config.file': file });
    const m = await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_host_data_dir_filesystem_size_bytes', { target: 'local' }) !== undefined && x.get('redis_up', { target: 'far' }) === 0,
      { what: 'both targets polled' },
    );
    const far = [...m.names()]
      .filter((n) => HOST_SERIES.test(n))
      .flatMap((n) => m.all(n))
      .filter((s) => s.labels.target === 'far');
    expect(far).toEqual([]);
    expect(hostCollectors(m).filter((s) => s.labels.target === 'far')).toEqual([]);
    expect(hostCollectors(m).filter((s) => s.labels.target === 'local' && s.value === 1).length).toBeGreaterThanOrEqual(6);
  });
});
