import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInfo } from '../../src/parse/info.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/info/${name}`, import.meta.url), 'utf8');

describe('INFO parser', () => {
  it('reads every section of a real Redis 7.0 master (CRLF line ends)', () => {
    const info = parseInfo(fixture('redis-7.0-master.txt'));
    expect(info.fields.get('redis_version')).toBe('7.0.15');
    expect(info.fields.get('role')).toBe('master');
    expect(info.fields.get('rdb_last_bgsave_status')).toBe('ok');
    expect(info.sections.has('persistence')).toBe(true);
    expect([...info.fields.values()].some((v) => v.endsWith('\r'))).toBe(false);
    expect(info.replicas).toEqual([{ ip: '127.0.0.1', port: '16380', state: 'online', offset: expect.any(Number), lag: expect.any(Number) }]);
    expect(info.commandstats.get('client|setname')?.calls).toBeGreaterThan(0);
    expect(info.errorstats.get('ERR')).toBe(7);
    expect(info.errorstats.get('WRONGTYPE')).toBe(1);
    expect(info.latencyPercentiles.get('incr')?.get('99.9')).toBeGreaterThan(0);
    expect(info.keyspace[0]).toMatchObject({ db: 'db0', keys: 1, expires: 0 });
  });

  it("reads a replica's master link fields", () => {
    const info = parseInfo(fixture('redis-7.0-replica.txt'));
    expect(info.fields.get('role')).toBe('slave');
    expect(info.fields.get('master_link_status')).toBe('up');
    expect(info.replicas).toEqual([]);
  });

  it('reads Redis 5 output, which lacks errorstats and rejected/failed calls', () => {
    const info = parseInfo(fixture('redis-5.0.txt'));
    expect(info.errorstats.size).toBe(0);
    expect(info.commandstats.get('get')).toEqual({ calls: 10, usec: 20, rejectedCalls: undefined, failedCalls: undefined });
    expect(info.keyspace).toEqual([{ db: 'db0', keys: 3, expires: 1, avgTtlMs: 5000, subexpiry: undefined }]);
    expect(info.replicas[0]).toMatchObject({ ip: '10.0.0.2', port: '6380', offset: 100 });
  });

  it('parses keyspace lines by field name, whatever their order (Redis 7.4 subexpiry)', () => {
    const info = parseInfo(fixture('redis-7.4.txt'));
    expect(info.keyspace).toEqual([
      { db: 'db0', keys: 10, expires: 2, avgTtlMs: 0, subexpiry: 1 },
      { db: 'db3', keys: 4, expires: 0, avgTtlMs: 0, subexpiry: 0 },
    ]);
    expect(info.commandstats.get('set')).toEqual({ calls: 4, usec: 40, rejectedCalls: 3, failedCalls: 1 });
    expect(info.errorstats.get('OOM')).toBe(3);
  });

  it('reads Valkey 8 output', () => {
    const info = parseInfo(fixture('valkey-8.0.txt'));
    expect(info.fields.get('valkey_version')).toBe('8.0.1');
    expect(info.fields.get('aof_last_write_status')).toBe('err');
  });

  it('skips malformed lines without throwing and keeps the good ones', () => {
    const info = parseInfo(fixture('malformed.txt'));
    expect(info.fields.get('connected_clients')).toBe('6');
    expect(info.replicas).toEqual([]);
    // A database with unreadable counts is listed (so it is not zero-filled), without numbers.
    expect(info.keyspace).toEqual([{ db: 'db1', keys: undefined, expires: undefined, avgTtlMs: undefined, subexpiry: undefined }]);
    expect(info.commandstats.size).toBe(0);
    expect(info.errorstats.size).toBe(0);
  });

  it('returns empty results for empty input', () => {
    const info = parseInfo('');
    expect(info.fields.size).toBe(0);
    expect(info.keyspace).toEqual([]);
  });
});
