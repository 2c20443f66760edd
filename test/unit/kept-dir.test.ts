import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fstatKeptDir, keepDir, keptDirCount, MAX_KEPT_DIRS, releaseDir } from '../../src/host/kept-dir.js';

// Directory descriptors are kept in one table for the process: they must not pile up when the
// polls that used them stop (a removed target, an ad-hoc /scrape probe), nor grow without bound.
describe('kept directory descriptors', () => {
  const base = mkdtempSync(join(tmpdir(), 'rv-kept-dirs-'));
  const keys: string[] = [];
  afterAll(() => {
    for (const k of keys) releaseDir(k);
    rmSync(base, { recursive: true, force: true });
  });
  const seen = (path: string) => {
    const st = statSync(path, { bigint: true });
    return { dev: st.dev, ino: st.ino };
  };

  it('closes a descriptor no poll has used for 10 minutes when another is kept or used', async () => {
    const before = keptDirCount();
    const a = join(base, 'a');
    mkdirSync(a);
    keys.push('t\0a');
    await keepDir('t\0a', a, seen(a), 1_000);
    expect(keptDirCount()).toBe(before + 1);
    expect(fstatKeptDir('t\0a', 2_000)).toBeDefined();
    // Only other keys are used from here on; 'a' was last used at 2 s.
    const b = join(base, 'b');
    mkdirSync(b);
    keys.push('t\0b');
    await keepDir('t\0b', b, seen(b), 2_000 + 10 * 60_000 + 61_000);
    expect(fstatKeptDir('t\0a', 2_000 + 10 * 60_000 + 62_000)).toBeUndefined();
    expect(fstatKeptDir('t\0b', 2_000 + 10 * 60_000 + 62_000)).toBeDefined();
  });

  it(`keeps at most ${MAX_KEPT_DIRS}; past that a directory is not kept (read by path instead)`, async () => {
    const dir = join(base, 'many');
    mkdirSync(dir);
    const at = seen(dir);
    const now = 10_000_000;
    for (let i = keptDirCount(); i < MAX_KEPT_DIRS + 5; i++) {
      keys.push(`m\0${i}`);
      await keepDir(`m\0${i}`, dir, at, now);
    }
    expect(keptDirCount()).toBe(MAX_KEPT_DIRS);
    for (const k of keys) releaseDir(k);
    expect(keptDirCount()).toBe(0);
  });
});
