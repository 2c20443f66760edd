import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigKeysJob } from '../../src/bigkeys/job.js';
import type { CycleReport } from '../../src/bigkeys/scanner.js';
import { parseArgv } from '../../src/config/argv.js';
import { loadConfig, type TargetConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { RedisSource } from '../../src/redis/connection.js';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

const SMALL_KEYS = 5000;
const BIG = { 'big:string': 'string', 'big:hash': 'hash', 'big:list': 'list' } as const;

/** 1 MB string, 50k-field hash, 100k-element list in db0, one 200 kB string in db1, plus small keys. */
async function loadDataset(redis: RedisHandle): Promise<void> {
  const c = createClient({ socket: { host: '127.0.0.1', port: redis.port }, disableClientInfo: true });
  await c.connect();
  try {
    await c.set('big:string', 'x'.repeat(1024 * 1024));
    const hashChunks = Array.from({ length: 50 }, (_, chunk) => {
      const fields: Record<string, string> = {};
      for (let i = 0; i < 1000; i++) fields[`field:${chunk * 1000 + i}`] = `value:${chunk * 1000 + i}`;
      return c.hSet('big:hash', fields);
    });
    const listChunks = Array.from({ length: 10 }, (_, chunk) =>
      c.rPush(
        'big:list',
        Array.from({ length: 10_000 }, (_, i) => `item:${chunk * 10_000 + i}`),
      ),
    );
    await Promise.all([...hashChunks, ...listChunks]);
    await c.sendCommand(['DEBUG', 'POPULATE', String(SMALL_KEYS), 'small']);
    await c.sendCommand(['SELECT', '1']);
    await c.set('db1:blob', 'y'.repeat(200_000));
  } finally {
    c.destroy();
  }
}

async function exactUsage(redis: RedisHandle, key: string, db = 0): Promise<number> {
  if (db === 0) return Number(await redis.cmd('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
  const c = createClient({ socket: { host: '127.0.0.1', port: redis.port }, database: db, disableClientInfo: true });
  await c.connect();
  try {
    return Number(await c.sendCommand(['MEMORY', 'USAGE', key, 'SAMPLES', '0']));
  } finally {
    c.destroy();
  }
}

function job(redis: RedisHandle, flags: string[]): BigKeysJob {
  const config = loadConfig(parseArgv(['--redis.addr', redis.url, '--bigkeys.enabled', ...flags]).values, {});
  const target = config.targets[0] as TargetConfig;
  const source = new RedisSource({ address: target.address, user: '', password: '', tls: target.tls, connectTimeoutMs: 2000, callTimeoutMs: 5000, configCommand: null });
  const logger = createLogger({ format: 'json', level: 'error', secrets: [] });
  return new BigKeysJob({ source, settings: config.bigkeys, logger, target: redis.url });
}

async function fullPass(j: BigKeysJob): Promise<CycleReport[]> {
  const reports: CycleReport[] = [];
  for (let i = 0; i < 1000; i++) {
    const r = await j.runCycle();
    reports.push(r);
    if (r.passComplete) return reports;
  }
  throw new Error('pass did not complete in 1000 cycles');
}

describe('big keys on a real Redis', () => {
  let redis: RedisHandle;
  const total = SMALL_KEYS + 4;
  const exporters: TestExporter[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    await loadDataset(redis);
  });

  afterAll(async () => {
    await Promise.all(exporters.map((e) => e.stop()));
    await stopAllRedis();
  });

  it('finds the known big keys with sizes close to MEMORY USAGE, within the key budget per cycle', async () => {
    // A cycle time far above what 1000 keys need, so the key budget alone decides cycle size.
    const j = job(redis, ['--bigkeys.cycle-keys', '1000', '--bigkeys.cycle-time', '10s', '--bigkeys.cycle-interval', '10s', '--bigkeys.top', '4']);
    try {
      const reports = await fullPass(j);
      const keys = reports.map((r) => r.keys);
      expect(Math.max(...keys)).toBeLessThanOrEqual(1000);
      // Every cycle but the last used its whole budget, and the pass saw every key (SCAN may repeat a few).
      expect(keys.slice(0, -1).every((k) => k === 1000)).toBe(true);
      const seen = keys.reduce((a, b) => a + b, 0);
      expect(seen).toBeGreaterThanOrEqual(total);
      expect(seen).toBeLessThan(total + 100);
      expect(reports.length).toBe(Math.ceil(seen / 1000));

      const res = j.results();
      expect(res.scannedKeysTotal).toBe(seen);
      const top = res.lastPass?.top ?? [];
      expect(top.map((k) => `${k.db}/${k.key}/${k.type}`).sort()).toEqual(['db0/big:hash/hash', 'db0/big:list/list', 'db0/big:string/string', 'db1/db1:blob/string']);
      for (const k of top) {
        const exact = await exactUsage(redis, k.key, Number(k.db.slice(2)));
        expect(Math.abs(k.bytes - exact) / exact, k.key).toBeLessThan(0.1);
      }
      const largest = res.lastPass?.largest ?? [];
      expect(largest.find((t) => t.db === 0 && t.type === 'hash')?.bytes).toBe(top.find((k) => k.key === 'big:hash')?.bytes);
      expect(largest.find((t) => t.db === 1 && t.type === 'string')?.bytes).toBe(top.find((k) => k.key === 'db1:blob')?.bytes);
    } finally {
      await j.stop();
    }
  });

  it('a small key budget holds exactly, and cycles resume the SCAN cursor', async () => {
    const j = job(redis, ['--bigkeys.cycle-keys', '70', '--bigkeys.scan-count', '50', '--bigkeys.cycle-time', '10s', '--bigkeys.cycle-interval', '10s']);
    try {
      const reports = await fullPass(j);
      expect(reports.slice(0, -1).every((r) => r.keys === 70)).toBe(true);
      expect(reports.at(-1)?.keys ?? 0).toBeLessThanOrEqual(70);
      expect(reports.length).toBeGreaterThanOrEqual(Math.ceil(total / 70));
      expect(j.results().lastPass?.top[0]?.bytes).toBeGreaterThan(1_000_000);
    } finally {
      await j.stop();
    }
  });

  it('the time budget stops a cycle after the batch that used it up', async () => {
    const j = job(redis, ['--bigkeys.cycle-keys', '1000', '--bigkeys.scan-count', '20', '--bigkeys.cycle-time', '1ms', '--bigkeys.cycle-interval', '1s']);
    try {
      await j.runCycle(); // starts the pass
      // Redis holds every client for 1.5 s, far past the 1 ms budget: the first batch waits it out.
      await redis.cmd('CLIENT', 'PAUSE', '1500', 'ALL');
      const r = await j.runCycle();
      expect(r.batches).toBe(1);
      expect(r.keys).toBeLessThanOrEqual(20);
    } finally {
      await j.stop();
    }
  });

  it('serves the top-N through /metrics, and redacts names when asked', async () => {
    // Large cycles, so a pass over ~5000 keys takes a few cycles even on a busy machine.
    const flags = { 'redis.addr': redis.url, 'bigkeys.enabled': 'true', 'bigkeys.cycle-interval': '200ms', 'bigkeys.cycle-time': '200ms', 'bigkeys.cycle-keys': '5000', 'bigkeys.top': '3' };
    const plain = await startTestExporter(flags);
    const redacted = await startTestExporter({ ...flags, 'bigkeys.redact-names': 'true' });
    exporters.push(plain, redacted);
    for (const exp of [plain, redacted]) {
      await waitFor(
        () => exp.metrics(),
        (m) => m.get('redis_bigkeys_last_full_scan_timestamp_seconds') !== undefined,
        { what: 'a full pass', timeoutMs: 50_000 },
      );
    }
    const m = await plain.metrics();
    const top = m.all('redis_bigkey_memory_bytes');
    expect(top).toHaveLength(3);
    expect(top.map((s) => s.labels.key).sort()).toEqual(Object.keys(BIG).sort());
    for (const s of top) expect(s.labels).toEqual({ db: 'db0', key: s.labels.key, type: BIG[s.labels.key as keyof typeof BIG] });
    expect(m.get('redis_bigkeys_scanned_keys_total')).toBeGreaterThanOrEqual(total);
    expect(m.types.get('redis_bigkeys_scanned_keys_total')).toBe('counter');
    expect(m.get('redis_bigkeys_largest_memory_bytes', { db: 'db1', type: 'string' })).toBeGreaterThan(200_000);
    expect(m.get('redis_bigkeys_last_cycle_keys')).toBeLessThanOrEqual(5000);
    expect(m.get('redis_vitals_collector_success', { collector: 'bigkeys' })).toBe(1);

    const text = await redacted.scrape();
    const hidden = (await redacted.metrics()).all('redis_bigkey_memory_bytes');
    expect(hidden).toHaveLength(3);
    for (const s of hidden) expect(s.labels.key).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(text).not.toContain('big:');
  }, 60_000);
});

describe('big keys prefer a configured replica', () => {
  afterAll(() => stopAllRedis());

  it('--bigkeys.replica-addr sends the scan to the replica, never the master', async () => {
    const master = await startRedis({ args: ['--repl-diskless-sync-delay', '0'] });
    await master.cmd('SET', 'big:on-master', 'z'.repeat(300_000));
    await master.cmd('DEBUG', 'POPULATE', '500');
    const replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(master.port)] });
    await waitFor(
      () => replica.info('replication'),
      (i) => i.includes('master_link_status:up'),
      { what: 'replica in sync' },
    );
    const exp = await startTestExporter({ 'redis.addr': master.url, 'bigkeys.enabled': 'true', 'bigkeys.replica-addr': replica.url, 'bigkeys.cycle-interval': '20ms', 'bigkeys.cycle-time': '20ms' });
    try {
      const m = await waitFor(
        () => exp.metrics(),
        (x) => x.get('redis_bigkeys_last_full_scan_timestamp_seconds') !== undefined,
        { what: 'a full pass on the replica' },
      );
      expect(m.get('redis_bigkey_memory_bytes', { key: 'big:on-master', type: 'string' })).toBeGreaterThan(300_000);
      expect(await replica.info('commandstats')).toMatch(/cmdstat_memory\|usage:calls=\d+/);
      expect(await master.info('commandstats')).not.toMatch(/cmdstat_memory\|usage|cmdstat_scan/);
    } finally {
      await exp.stop();
    }
  });

  it("in a targets file, each target gets its own job, and bigkeys-replica sends one target's scan to its replica", async () => {
    const a = await startRedis();
    await a.cmd('SET', 'big:on-a', 'a'.repeat(200_000));
    const b = await startRedis({ args: ['--repl-diskless-sync-delay', '0'] });
    await b.cmd('SET', 'big:on-b', 'b'.repeat(400_000));
    const bReplica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(b.port)] });
    await waitFor(
      () => bReplica.info('replication'),
      (i) => i.includes('master_link_status:up'),
      { what: 'b replica in sync' },
    );
    const file = join(mkdtempSync(join(tmpdir(), 'rv-bk-targets-')), 'config.yml');
    writeFileSync(
      file,
      `bigkeys:\n  enabled: true\n  cycle-interval: 50ms\n  cycle-time: 50ms\ntargets:\n  - name: a\n    addr: ${a.url}\n  - name: b\n    addr: ${b.url}\n    bigkeys-replica: ${bReplica.url}\n`,
    );
    const exp = await startTestExporter({ 'config.file': file });
    try {
      const done = (m: Awaited<ReturnType<TestExporter['metrics']>>, target: string) => m.get('redis_bigkeys_last_full_scan_timestamp_seconds', { target }) !== undefined;
      const m = await waitFor(
        () => exp.metrics(),
        (x) => done(x, 'a') && done(x, 'b'),
        { what: 'a pass on both targets' },
      );
      expect(
        m
          .all('redis_bigkey_memory_bytes')
          .map((s) => `${s.labels.target}:${s.labels.key}`)
          .sort(),
      ).toEqual(['a:big:on-a', 'b:big:on-b']);
      expect(await a.info('commandstats')).toMatch(/cmdstat_memory\|usage:calls=/);
      expect(await bReplica.info('commandstats')).toMatch(/cmdstat_memory\|usage:calls=/);
      expect(await b.info('commandstats')).not.toMatch(/cmdstat_memory\|usage|cmdstat_scan/);
    } finally {
      await exp.stop();
    }
  });
});
