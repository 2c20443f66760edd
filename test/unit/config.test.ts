import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/config/argv.js';
import { parseListenAddress, parseRedisAddress } from '../../src/config/address.js';
import { loadConfig } from '../../src/config/config.js';
import { parseDuration } from '../../src/config/duration.js';
import { ConfigError } from '../../src/errors.js';

const load = (argv: string[], env: Record<string, string> = {}) => loadConfig(parseArgv(argv).values, env);

describe('configuration', () => {
  it('defaults to redis://localhost:6379 on :9121 /metrics', () => {
    const c = load([]);
    expect(c.targets[0]?.address.display).toBe('redis://localhost:6379');
    expect(c.web.listen.port).toBe(9121);
    expect(c.web.telemetryPath).toBe('/metrics');
    // Default auto: polls follow the scrapes, 5 s until their interval is known.
    expect(c.poll.auto).toBe(true);
    expect(c.poll.intervalMs).toBe(5000);
    expect(c.compatRedisExporter).toBe(true);
    expect(c.log.format).toBe('txt');
  });

  it('is frozen all the way down', () => {
    const c = load([]);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.targets[0]?.address)).toBe(true);
    expect(Object.isFrozen(c.targets)).toBe(true);
  });

  it("accepts redis_exporter's Go-style flags and env vars", () => {
    const c = load(['-redis.addr', 'redis://10.1.2.3:6380', '--web.listen-address=127.0.0.1:9999', '-log-format=txt'], { REDIS_EXPORTER_WEB_TELEMETRY_PATH: '/m' });
    expect(c.targets[0]?.address).toMatchObject({ host: '10.1.2.3', port: 6380 });
    expect(c.web.listen).toEqual({ host: '127.0.0.1', port: 9999 });
    expect(c.log.format).toBe('txt');
    expect(c.web.telemetryPath).toBe('/m');
  });

  it('lets flags win over env and env over the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rv-cfg-'));
    const file = join(dir, 'c.yml');
    writeFileSync(file, 'redis:\n  addr: file-host:1\npoll.interval: 7s\nlog-level: warn\n');
    const c = load(['--config.file', file, '--log-level', 'error'], { REDIS_ADDR: 'env-host:2' });
    expect(c.targets[0]?.address.host).toBe('env-host');
    expect(c.poll.intervalMs).toBe(7000);
    expect(c.poll.auto).toBe(false);
    expect(c.log.level).toBe('error');
  });

  it('reads the password from a file and keeps it out of the display address', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rv-pw-'));
    writeFileSync(join(dir, 'pw'), 'pw-from-file\n');
    const c = load(['--redis.password-file', join(dir, 'pw')]);
    expect(c.targets[0]?.password).toBe('pw-from-file');
    const url = load(['--redis.addr', 'redis://:urlsecret@h:1']);
    expect(url.targets[0]?.password).toBe('urlsecret');
    expect(url.targets[0]?.address.display).toBe('redis://h:1');
  });

  it.each([
    [['--poll.interval', 'soon'], /--poll.interval: "soon" is not a positive duration/],
    [['--log-level', 'loud'], /--log-level: "loud" is not one of debug, info, warn, error/],
    [['--web.listen-address', '9121'], /--web.listen-address/],
    [['--redis.addr', 'http://h:1'], /--redis.addr: unsupported scheme/],
    [['--compat.redis-exporter=maybe'], /not true or false/],
    [['--web.telemetry-path', 'metrics'], /must start with \//],
    [['--config.file', '/nonexistent/x.yml'], /cannot read \/nonexistent\/x.yml: ENOENT/],
  ])('rejects %j with a one-line error naming the flag', (argv, message) => {
    expect(() => load(argv)).toThrowError(message);
    try {
      load(argv);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('rejects unknown flags and unknown config-file keys', () => {
    expect(() => parseArgv(['--no-such-flag'])).toThrowError(/unknown flag --no-such-flag/);
    const dir = mkdtempSync(join(tmpdir(), 'rv-cfg-'));
    writeFileSync(join(dir, 'c.yml'), 'redis.adr: x\n');
    expect(() => load(['--config.file', join(dir, 'c.yml')])).toThrowError(/unknown key "redis.adr"/);
    writeFileSync(join(dir, 'bad.yml'), 'a: [1,\n');
    expect(() => load(['--config.file', join(dir, 'bad.yml')])).toThrowError(/not valid YAML/);
  });

  it('never echoes a password from a malformed address', () => {
    try {
      load(['--redis.addr', 'redis://:s3cr3t@bad host:x']);
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('s3cr3t');
    }
  });

  it('accepts redis_exporter flags that change nothing here, and warns once for each', () => {
    const p = parseArgv(['--include-system-metrics', '-ping-on-connect=true', '--set-client-name', 'false', '--redis.addr', 'h:1']);
    expect(p.values.get('redis.addr')).toBe('h:1');
    expect(p.values.get('set-client-name')).toBe('false');
    const c = loadConfig(p.values, {});
    // include-system-metrics=true is what redis-vitals does anyway: no warning for it.
    expect(c.warnings).toEqual([expect.stringMatching(/^redis_exporter flag --ping-on-connect .*not applied/), expect.stringMatching(/--set-client-name .*always named redis-vitals/)]);
  });

  it('parses every address form', () => {
    expect(parseRedisAddress('unix:///run/redis.sock')).toMatchObject({ kind: 'unix', path: '/run/redis.sock' });
    expect(parseRedisAddress('rediss://h:6390')).toMatchObject({ tls: true, port: 6390, display: 'rediss://h:6390' });
    expect(parseRedisAddress('h')).toMatchObject({ host: 'h', port: 6379 });
    expect(parseRedisAddress('redis://[::1]:7000/2')).toMatchObject({ host: '::1', port: 7000, db: 2, display: 'redis://[::1]:7000' });
    expect(parseListenAddress(':9121')).toEqual({ host: '::', port: 9121 });
    expect(parseListenAddress('[::1]:1')).toEqual({ host: '::1', port: 1 });
  });

  it('parses Go durations', () => {
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2')).toBe(2000);
    expect(parseDuration('5x')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
  });
});

describe('sharding the targets list', () => {
  it('splits targets over replicas: disjoint shares that cover every target', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'rv-shard-'));
    const file = join(dir, 'c.yml');
    writeFileSync(file, `targets:\n${Array.from({ length: 40 }, (_, i) => `  - addr: redis-${i}:6379\n`).join('')}`);
    const shares = [0, 1, 2].map((i) => load(['--config.file', file, '--shard.count', '3', '--shard.index', `redis-vitals-${i}`]).targets.map((t) => t.name));
    const all = shares.flat();
    expect(new Set(all).size).toBe(40);
    expect(all).toHaveLength(40);
    for (const s of shares) expect(s.length).toBeGreaterThan(0);
  });

  it('rejects an index outside the count', () => {
    expect(() => load(['--shard.count', '2', '--shard.index', '2'])).toThrowError(/--shard.index: "2" must be a number .* from 0 to 1/);
  });
});

describe('--doctor.disable', () => {
  const load = (yaml: string, flags: [string, string][] = []) => {
    const dir = mkdtempSync(join(tmpdir(), 'rv-cfg-'));
    const file = join(dir, 'c.yml');
    writeFileSync(file, yaml);
    return loadConfig(new Map([['config.file', file], ...flags]), {});
  };

  it('reads a YAML list, a flag, and a per-target doctor-disable', () => {
    const c = load('doctor:\n  disable: [thp-enabled, fork-overcommit-risk]\ntargets:\n  - addr: a:6379\n    doctor-disable: [swapping]\n  - addr: b:6379\n');
    expect(c.doctor.disable).toEqual(['thp-enabled', 'fork-overcommit-risk']);
    expect(c.targets[0]?.doctorDisable).toEqual(['swapping']);
    expect(c.targets[1]?.doctorDisable).toBeUndefined();
    expect(loadConfig(new Map([['doctor.disable', 'memory-full']]), {}).doctor.disable).toEqual(['memory-full']);
  });

  it('refuses an unknown check id with one line naming where', () => {
    expect(() => load('targets:\n  - addr: a:6379\n    doctor-disable: swaping\n')).toThrow(/targets\[0\]\.doctor-disable: unknown doctor check "swaping"/);
    expect(() => loadConfig(new Map([['doctor.disable', 'nope']]), {})).toThrow(ConfigError);
  });
});
