import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INCLUDE_LIMITS, readConfWithIncludes } from '../../src/collectors/config-includes.js';
import { RedisConfigValues } from '../../src/parse/config.js';
import { parseRedisCmdline } from '../../src/parse/redis-cmdline.js';
import { parseRedisConf, SECRET_SET } from '../../src/parse/redis-conf.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('redis-server command line (/proc/<pid>/cmdline)', () => {
  it('turns --name value… into redis.conf lines after the config file argument', () => {
    const argv = ['redis-server', '/etc/redis/redis.conf', '--maxmemory', '20mb', '--save', '', '--client-output-buffer-limit', 'replica', '256mb', '64mb', '60'];
    const c = parseRedisCmdline(`${argv.join('\0')}\0`);
    expect(c?.configFile).toBe('/etc/redis/redis.conf');
    expect(c?.names).toEqual(['maxmemory', 'save', 'client-output-buffer-limit']);
    expect(c?.lines).toEqual(['maxmemory 20mb', 'save ""', 'client-output-buffer-limit replica 256mb 64mb 60']);
    expect(parseRedisConf(`maxmemory 10mb\nsave 60 1\n${c?.lines.join('\n')}`).values.get('maxmemory')).toBe('20mb');
    expect(parseRedisConf(`save 60 1\n${c?.lines.join('\n')}`).values.get('save')).toBe('');
  });

  it('a process title in place of the arguments (set-proc-title yes) reads as unknown', () => {
    expect(parseRedisCmdline(`redis-server *:6379${'\0'.repeat(40)}`)).toBeUndefined();
    expect(parseRedisCmdline('redis-server 127.0.0.1:6379 [cluster]\0')).toBeUndefined();
    expect(parseRedisCmdline('')).toBeUndefined();
    expect(parseRedisCmdline('redis-server\0')).toEqual({ configFile: undefined, lines: [], names: [], stdin: false });
  });

  it('`-` first or last means settings on stdin; a trailing empty argument is kept', () => {
    const c = parseRedisCmdline(['redis-server', '/etc/redis/redis.conf', '-', ''].join('\0'));
    expect(c).toEqual({ configFile: '/etc/redis/redis.conf', lines: [], names: [], stdin: true });
    expect(parseRedisCmdline(['redis-server', '-', '--port', '7000', ''].join('\0'))).toEqual({ configFile: undefined, lines: ['port 7000'], names: ['port'], stdin: true });
    expect(parseRedisCmdline(['redis-server', '--logfile', '', ''].join('\0'))?.lines).toEqual(['logfile ""']);
  });
});

describe('secrets in config sources keep only whether they are set', () => {
  it('redis.conf requirepass/masterauth become "(set)" or ""', () => {
    const conf = parseRedisConf('requirepass hunter2\nmasterauth "x y"\ntls-key-file-pass s\n');
    expect(conf.values.get('requirepass')).toBe(SECRET_SET);
    expect(conf.values.get('masterauth')).toBe(SECRET_SET);
    expect(conf.values.get('tls-key-file-pass')).toBe(SECRET_SET);
    expect(parseRedisConf('requirepass ""\n').values.get('requirepass')).toBe('');
    expect(JSON.stringify([...conf.values])).not.toMatch(/hunter2|x y/);
  });

  it('CONFIG GET requirepass keeps a boolean', () => {
    const set = new RedisConfigValues([
      ['requirepass', 'hunter2'],
      ['maxmemory', '0'],
    ]);
    expect(set.requirepassSet).toBe(true);
    expect(set.string('requirepass')).toBeUndefined();
    expect(JSON.stringify(set)).not.toContain('hunter2');
    expect(new RedisConfigValues([['requirepass', '']]).requirepassSet).toBe(false);
    expect(new RedisConfigValues([['maxmemory', '0']]).requirepassSet).toBeUndefined();
  });
});

describe('include files, on real files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rv-inc-'));
  dirs.push(dir);

  it('an include of itself stops at the depth and file bounds, listing what it skipped', async () => {
    writeFileSync(join(dir, 'loop.conf'), `maxmemory 1mb\ninclude ${join(dir, 'loop.conf')}\n`);
    const r = await readConfWithIncludes('/', join(dir, 'loop.conf'), undefined);
    expect(r.files.length).toBeLessThanOrEqual(INCLUDE_LIMITS.maxFiles);
    expect(r.files.length).toBe(INCLUDE_LIMITS.maxDepth + 1);
    expect(r.unread).toEqual([`${join(dir, 'loop.conf')} (more than ${INCLUDE_LIMITS.maxDepth} levels of include)`]);
  });

  it('a relative include with no `dir` before it resolves against the start dir given, else is listed', async () => {
    writeFileSync(join(dir, 'part.conf'), 'maxmemory-policy allkeys-lru\n');
    writeFileSync(join(dir, 'main.conf'), 'include part.conf\n');
    const known = await readConfWithIncludes('/', join(dir, 'main.conf'), dir);
    expect(parseRedisConf(known.text).values.get('maxmemory-policy')).toBe('allkeys-lru');
    const unknown = await readConfWithIncludes('/', join(dir, 'main.conf'), undefined);
    expect(unknown.unread).toEqual(["part.conf (relative, and Redis's working directory is unknown)"]);
  });

  it('never reads more than the byte bound in all', async () => {
    writeFileSync(join(dir, 'big.conf'), `# ${'x'.repeat(INCLUDE_LIMITS.maxBytes)}\n`);
    writeFileSync(join(dir, 'top.conf'), `include ${join(dir, 'big.conf')}\ninclude ${join(dir, 'part.conf')}\n`);
    const r = await readConfWithIncludes('/', join(dir, 'top.conf'), undefined);
    expect(r.text.length).toBeLessThanOrEqual(INCLUDE_LIMITS.maxBytes + 10);
    expect(r.unread).toEqual([`${join(dir, 'part.conf')} (over ${INCLUDE_LIMITS.maxBytes} bytes read)`]);
  });
});
