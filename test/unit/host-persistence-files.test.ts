import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPersistenceFiles } from '../../src/host/persistence-files.js';
import { RedisConfigValues } from '../../src/parse/config.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dataDir(files: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rv-files-'));
  dirs.push(dir);
  for (const [name, size] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), Buffer.alloc(size));
  }
  return dir;
}
const config = (pairs: Record<string, string>) => new RedisConfigValues(Object.entries(pairs));

// Redis 7 itself is covered by test/integration/host-datadir.test.ts; these are the other shapes.
describe('readPersistenceFiles', () => {
  it('Redis 6 (no appenddirname in CONFIG): one AOF file in dir, type single', async () => {
    const dir = dataDir({ 'dump.rdb': 123, 'appendonly.aof': 4567 });
    utimesSync(join(dir, 'dump.rdb'), 1_700_000_000, 1_700_000_000);
    const files = await readPersistenceFiles(dir, config({ dbfilename: 'dump.rdb', appendfilename: 'appendonly.aof' }));
    expect(files).toEqual({ rdb: { sizeBytes: 123, mtimeSeconds: 1_700_000_000 }, aof: { single: 4567 } });
  });

  it('no CONFIG (--host.data-dir): Redis defaults, the Redis 7 layout first', async () => {
    const dir = dataDir({
      'appendonlydir/appendonly.aof.manifest': 0,
      'appendonlydir/appendonly.aof.2.base.rdb': 300,
      'appendonlydir/appendonly.aof.2.incr.aof': 20,
      'appendonlydir/appendonly.aof.3.incr.aof': 5,
    });
    writeFileSync(
      join(dir, 'appendonlydir/appendonly.aof.manifest'),
      'file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.1.incr.aof seq 1 type h\nfile appendonly.aof.2.incr.aof seq 2 type i\nfile appendonly.aof.3.incr.aof seq 3 type i\n',
    );
    // The history file is listed but already deleted: skipped, not an error.
    expect(await readPersistenceFiles(dir, undefined)).toEqual({ rdb: undefined, aof: { base: 300, incr: 25, history: 0 } });
  });

  it('no CONFIG and no appendonlydir: falls back to a single AOF file', async () => {
    const dir = dataDir({ 'appendonly.aof': 9 });
    expect(await readPersistenceFiles(dir, undefined)).toEqual({ rdb: undefined, aof: { single: 9 } });
  });

  it('nothing on disk: no RDB, no AOF, no error', async () => {
    expect(await readPersistenceFiles(dataDir({}), config({ dbfilename: 'dump.rdb', appendfilename: 'appendonly.aof', appenddirname: 'appendonlydir' }))).toEqual({ rdb: undefined, aof: undefined });
  });

  it('refuses names that would leave the data dir', async () => {
    await expect(readPersistenceFiles(dataDir({}), config({ dbfilename: '../etc/shadow' }))).rejects.toThrow(/dbfilename "..\/etc\/shadow" is not a plain file name/);
    await expect(readPersistenceFiles(dataDir({}), config({ appenddirname: '..' }))).rejects.toThrow(/appenddirname/);
  });
});
