import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/config/argv.js';
import { loadConfig } from '../../src/config/config.js';
import { parseClientDetails } from '../../src/parse/client-details.js';
import { goParseFloat } from '../../src/parse/go-float.js';
import { isPattern, parseKeyArg } from '../../src/parse/key-args.js';
import { lookupPassword, parsePasswordFile } from '../../src/parse/password-file.js';
import { isSecretConfigKey, RedisConfigValues } from '../../src/parse/config.js';

describe('redis_exporter key lists', () => {
  it('parses [dbN=]key entries with query unescaping, as 1.45 does', () => {
    expect(parseKeyArg('a,db3=b:*, db1 = c%2Cd ,,e+f')).toEqual([
      { db: 0, key: 'a' },
      { db: 3, key: 'b:*' },
      { db: 1, key: 'c,d' },
      { db: 0, key: 'e f' },
    ]);
    expect(parseKeyArg('')).toEqual([]);
    expect(() => parseKeyArg('a=b=c')).toThrow(/more than one "="/);
    expect(() => parseKeyArg('dbx=k')).toThrow(/not a database number/);
    expect(() => parseKeyArg('%zz')).toThrow(/malformed/);
    expect([isPattern('q:*'), isPattern('a[bc]'), isPattern('plain:key')]).toEqual([true, true, false]);
  });
});

describe('Go ParseFloat', () => {
  it('accepts what Go accepts and nothing JavaScript adds', () => {
    expect(['1', '-2.5', '.5', '1e3', '+7', 'Inf', '-infinity'].map(goParseFloat)).toEqual([1, -2.5, 0.5, 1000, 7, Infinity, -Infinity]);
    expect(goParseFloat('NaN')).toBeNaN();
    expect(['', ' 1', '0x10', '1_000', 'yes', '1e999'].map(goParseFloat)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('password files', () => {
  it('tells the JSON map from the first-line form by content', () => {
    expect(parsePasswordFile('s3cret\nignored\n')).toEqual({ kind: 'line', password: 's3cret' });
    expect(parsePasswordFile('{not json}\n')).toEqual({ kind: 'line', password: '{not json}' });
    expect(parsePasswordFile('{"a": 1}')).toEqual({ kind: 'line', password: '{"a": 1}' });
    const map = parsePasswordFile('{"redis://h:6379": "p1", "redis://[::1]:7000": "p2"}\n');
    expect(map.kind).toBe('map');
    if (map.kind !== 'map') return;
    expect(lookupPassword(map.passwords, 'h:6379', 'redis://h:6379')).toBe('p1');
    expect(lookupPassword(map.passwords, 'redis://h:6379', 'redis://h:6379')).toBe('p1');
    expect(lookupPassword(map.passwords, 'redis://[::1]:7000', 'redis://[::1]:7000')).toBe('p2');
    expect(lookupPassword(map.passwords, 'other:1', 'redis://other:1')).toBeUndefined();
  });
});

describe('CLIENT LIST as redis_exporter 1.45 reads it', () => {
  it('keeps IPv4/hostname clients with one k=v per field and drops the rest', () => {
    const text = [
      'id=3 addr=127.0.0.1:5000 laddr=127.0.0.1:6379 fd=8 name=app age=10 idle=2 flags=N db=0 omem=0 cmd=get user=default',
      'id=4 addr=/tmp/redis.sock:0 fd=9 name= age=1 idle=1 flags=U db=0 omem=0 cmd=ping',
      'id=5 addr=::1:5001 fd=10 name= age=1 idle=1 flags=N db=0 omem=0 cmd=ping',
      'id=6 addr=127.0.0.1:5002 fd=11 name=a=b age=1 idle=1 flags=N db=0 omem=0 cmd=ping',
      '',
    ].join('\n');
    expect(parseClientDetails(text)).toEqual([{ name: 'app', age: 10, idle: 2, flags: 'N', db: '0', omem: '0', cmd: 'get', host: '127.0.0.1', port: '5000' }]);
  });
});

describe('config secrets', () => {
  it('never keeps requirepass, masterauth or a *-pass setting for export', () => {
    const c = new RedisConfigValues(
      [
        ['requirepass', 'x'],
        ['masterauth', 'y'],
        ['tls-key-file-pass', 'z'],
        ['maxmemory', '0'],
        ['tls-auth-clients', 'yes'],
      ],
      { exportAll: true },
    );
    expect(c.exported.map(([k]) => k)).toEqual(['maxmemory', 'tls-auth-clients']);
    expect(['requirepass', 'masterauth', 'tls-client-key-file-pass', 'masteruser'].map(isSecretConfigKey)).toEqual([true, true, true, false]);
  });
});

describe('redis_exporter env vars act or warn', () => {
  it('REDIS_EXPORTER_IS_CLUSTER turns on cluster discovery; REDIS_EXPORTER_DEBUG sets debug logging', () => {
    const c = loadConfig(new Map(), { REDIS_EXPORTER_IS_CLUSTER: 'true', REDIS_EXPORTER_DEBUG: 'true' });
    expect(c.cluster.discover).toBe(true);
    expect(c.multiTarget).toBe(true);
    expect(c.log.level).toBe('debug');
  });

  it('REDIS_EXPORTER_CHECK_KEYS and friends configure the key checks', () => {
    const c = loadConfig(new Map(), { REDIS_EXPORTER_CHECK_KEYS: 'db1=q:*', REDIS_EXPORTER_COUNT_KEYS: 's:*', REDIS_EXPORTER_CHECK_KEYS_BATCH_SIZE: '50', REDIS_EXPORTER_NAMESPACE: 'acme' });
    expect(c.keyChecks.checkKeys).toEqual([{ db: 1, key: 'q:*' }]);
    expect(c.keyChecks.countKeys).toEqual([{ db: 0, key: 's:*' }]);
    expect(c.keyChecks.batchSize).toBe(50);
    expect(c.namespace).toBe('acme');
  });

  it('an env var of a feature not applied warns once, naming the env var', () => {
    const c = loadConfig(new Map(), { REDIS_EXPORTER_CHECK_KEY_GROUPS: '^(.*)$', REDIS_EXPORTER_IS_TILE38: 'false' });
    expect(c.warnings).toEqual([expect.stringMatching(/--check-key-groups \(env REDIS_EXPORTER_CHECK_KEY_GROUPS\) is accepted but not applied: key groups/)]);
  });

  it("takes every boolean Go's strconv.ParseBool takes, as flag and env var (1.45 reads both with it)", () => {
    const go = { true: ['1', 't', 'T', 'TRUE', 'true', 'True'], false: ['0', 'f', 'F', 'FALSE', 'false', 'False'] };
    for (const [want, words] of Object.entries(go)) {
      for (const w of words) {
        expect(loadConfig(parseArgv([`-export-client-list=${w}`]).values, {}).redis.clientList.enabled, w).toBe(want === 'true');
        expect(loadConfig(new Map(), { REDIS_EXPORTER_EXPORT_CLIENT_LIST: w }).redis.clientList.enabled, w).toBe(want === 'true');
      }
    }
    // The default said in Go's other spelling is no change: no warning.
    expect(loadConfig(parseArgv(['-set-client-name=T', '-is-tile38=F']).values, {}).warnings).toEqual([]);
  });

  it('a long -connection-timeout from a redis_exporter unit (1h) starts, capped by --poll.timeout', () => {
    expect(loadConfig(parseArgv(['-connection-timeout', '1h']).values, {}).redis.connectTimeoutMs).toBe(4000);
    expect(loadConfig(new Map(), { REDIS_EXPORTER_CONNECTION_TIMEOUT: '90m' }).redis.connectTimeoutMs).toBe(4000);
  });

  it('rejects a namespace that cannot start a metric name', () => {
    expect(() => loadConfig(new Map([['namespace', '9x']]), {})).toThrow(/--namespace/);
  });
});
