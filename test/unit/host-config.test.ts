import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_COLLECTORS } from '../../src/collectors/index.js';
import { loadConfig } from '../../src/config/config.js';
import { hostCollectionFor } from '../../src/config/host.js';
import { ConfigError } from '../../src/errors.js';
import { targetCollectors } from '../../src/poll/create-poller.js';
import { pino } from 'pino';

const load = (flags: Record<string, string>, env: Record<string, string> = {}) => loadConfig(new Map(Object.entries(flags)), env);

describe('host collection decision (--host.collect)', () => {
  it.each([
    ['redis://localhost:6379', 'auto', true],
    ['redis://127.0.0.1:6379', 'auto', true],
    ['redis://127.0.3.4:6379', 'auto', true],
    ['redis://[::1]:6379', 'auto', true],
    ['unix:///run/redis/redis.sock', 'auto', true],
    ['redis://redis.prod.example.com:6379', 'auto', false],
    ['rediss://10.0.0.5:6380', 'auto', false],
    ['redis://redis.prod.example.com:6379', 'on', true],
    ['redis://127.0.0.1:6379', 'off', false],
  ])('%s with %s → %s', (addr, collect, enabled) => {
    const config = load({ 'redis.addr': addr, 'host.collect': collect });
    const target = config.targets[0];
    if (!target) throw new Error('no target');
    expect(hostCollectionFor(config.host, target.address)).toBe(enabled);
    // The decision reaches the wiring: host collectors exist exactly when enabled. Other
    // collectors (replication, latency, slow log) are not the host decision's business.
    const names = targetCollectors(config, target, pino({ level: 'silent' })).map((c) => c.name);
    expect(names.filter((n) => n.startsWith('host_'))).toEqual(enabled ? HOST_COLLECTORS.map((c) => c.name) : []);
  });

  it('defaults: auto, /proc, /sys, /, no data-dir override', () => {
    expect(load({}).host).toEqual({ collect: 'auto', dataDir: null, procfs: '/proc', sysfs: '/sys', rootfs: '/' });
  });

  it('reads the env vars, and flags win over them', () => {
    const env = {
      REDIS_VITALS_HOST_COLLECT: 'on',
      REDIS_VITALS_HOST_DATA_DIR: '/var/lib/redis/',
      REDIS_VITALS_PATH_PROCFS: '/host/proc',
      REDIS_VITALS_PATH_SYSFS: '/host/sys/',
      REDIS_VITALS_PATH_ROOTFS: '/host',
    };
    expect(load({ 'redis.addr': 'redis://db.example.com' }, env).host).toEqual({
      collect: 'on',
      dataDir: '/var/lib/redis',
      procfs: '/host/proc',
      sysfs: '/host/sys',
      rootfs: '/host',
    });
    expect(load({ 'host.collect': 'off', 'path.procfs': '/p' }, env).host).toMatchObject({ collect: 'off', procfs: '/p' });
  });

  it('reads nested keys from the config file (host: / path:)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rv-host-cfg-')), 'c.yml');
    writeFileSync(file, 'host:\n  collect: off\n  data-dir: /data\npath:\n  procfs: /host/proc\n  rootfs: /host\n');
    expect(load({ 'config.file': file }).host).toEqual({ collect: 'off', dataDir: '/data', procfs: '/host/proc', sysfs: '/sys', rootfs: '/host' });
  });

  it.each([
    [{ 'host.collect': 'yes' }, '--host.collect: "yes" is not one of auto, on, off'],
    [{ 'path.procfs': 'proc' }, '--path.procfs: "proc" must be an absolute path (e.g. /host/proc)'],
    [{ 'path.sysfs': '' }, '--path.sysfs: "" must be an absolute path (e.g. /host/proc)'],
    [{ 'path.rootfs': './host' }, '--path.rootfs: "./host" must be an absolute path (e.g. /host/proc)'],
    [{ 'host.data-dir': 'data' }, '--host.data-dir: "data" must be an absolute path (e.g. /host/proc)'],
  ])('rejects %o with one line', (flags, message) => {
    const err = (() => {
      try {
        load(flags);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(message);
    expect((err as Error).message).not.toContain('\n');
  });
});
