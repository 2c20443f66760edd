import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/config/argv.js';
import { loadConfig, secretsOf } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors.js';

const load = (argv: string[], env: Record<string, string> = {}) => loadConfig(parseArgv(argv).values, env);

describe('bigkeys flags', () => {
  it('is off by default with the documented budget', () => {
    expect(load([]).bigkeys).toEqual({
      enabled: false,
      intervalMs: 300_000,
      cycleIntervalMs: 1000,
      cycleKeys: 1000,
      cycleTimeMs: 50,
      scanCount: 100,
      samples: 5,
      top: 10,
      redactNames: false,
    });
    expect(load([]).targets[0]?.bigkeysReplica).toBeUndefined();
  });

  it('reads flags and env vars (flags win)', () => {
    const c = load(['--bigkeys.enabled', '--bigkeys.cycle-keys=200', '--bigkeys.top', '3'], {
      REDIS_VITALS_BIGKEYS_CYCLE_KEYS: '999',
      REDIS_VITALS_BIGKEYS_REDACT_NAMES: 'true',
      REDIS_VITALS_BIGKEYS_INTERVAL: '10m',
    });
    expect(c.bigkeys).toMatchObject({ enabled: true, cycleKeys: 200, top: 3, redactNames: true, intervalMs: 600_000 });
  });

  it('rejects bad values with the flag named', () => {
    const bad: [string[], RegExp][] = [
      [['--bigkeys.cycle-keys=0'], /--bigkeys.cycle-keys: "0" is not a whole number from 1 to 100000/],
      [['--bigkeys.cycle-keys=12.5'], /--bigkeys.cycle-keys/],
      [['--bigkeys.samples=0'], /--bigkeys.samples: "0"/],
      [['--bigkeys.top=5000'], /--bigkeys.top/],
      [['--bigkeys.interval=soon'], /--bigkeys.interval: "soon" is not a positive duration/],
      [['--bigkeys.cycle-time=2s'], /--bigkeys.cycle-time \(2s\) must not exceed --bigkeys.cycle-interval \(1s\)/],
      [['--bigkeys.replica-addr=http://x'], /--bigkeys.replica-addr: unsupported scheme/],
    ];
    for (const [argv, re] of bad) {
      expect(() => load(argv), argv.join(' ')).toThrow(ConfigError);
      expect(() => load(argv), argv.join(' ')).toThrow(re);
    }
  });

  it('never echoes a password from the replica address', () => {
    const c = load(['--bigkeys.replica-addr', 'redis://mon:hunter2@10.0.0.7:6380']);
    expect(c.targets[0]?.bigkeysReplica?.display).toBe('redis://10.0.0.7:6380');
    expect(c.targets[0]?.bigkeysReplica?.password).toBe('hunter2');
    expect(secretsOf(c)).toContain('hunter2');
    try {
      load(['--bigkeys.replica-addr', 'redis://mon:hunter2@/x']);
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });

  it('is frozen', () => {
    const c = load(['--bigkeys.enabled']);
    expect(Object.isFrozen(c.bigkeys)).toBe(true);
  });

  it('gives each target of a targets file its own bigkeys-replica, and refuses the single-target flag there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rv-bk-'));
    const file = join(dir, 'targets.yaml');
    writeFileSync(file, 'bigkeys:\n  enabled: true\ntargets:\n  - addr: redis://a:6379\n    bigkeys-replica: redis://a-replica:6379\n  - addr: redis://b:6379\n');
    const c = load(['--config.file', file]);
    expect(c.bigkeys.enabled).toBe(true);
    expect(c.targets.map((t) => t.bigkeysReplica?.display)).toEqual(['redis://a-replica:6379', undefined]);
    expect(() => load(['--config.file', file, '--bigkeys.replica-addr', 'redis://x:1'])).toThrow(/with a targets list, give each target its own "bigkeys-replica"/);
    writeFileSync(file, 'targets:\n  - addr: redis://a:6379\n    bigkeys-replica: ftp://nope\n');
    expect(() => load(['--config.file', file])).toThrow(/targets\[0\]: bigkeys-replica: unsupported scheme/);
  });
});
