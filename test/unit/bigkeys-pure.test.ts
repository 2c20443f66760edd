import { describe, expect, it } from 'vitest';
import { keyLabel } from '../../src/bigkeys/names.js';
import { TopKeys } from '../../src/bigkeys/top.js';

const k = (name: string, bytes: number, type = 'string', db = 0) => ({ db, key: Buffer.from(name), type, bytes });

describe('TopKeys', () => {
  it('keeps the N largest, largest first, and the largest per db and type', () => {
    const t = new TopKeys(3);
    for (const [i, size] of [5, 90, 20, 70, 1, 300, 40].entries()) t.add(k(`k${i}`, size, i % 2 ? 'hash' : 'string'));
    t.add(k('other-db', 50, 'list', 2));
    expect(t.top().map((x) => [x.key.toString(), x.bytes])).toEqual([
      ['k5', 300],
      ['k1', 90],
      ['k3', 70],
    ]);
    expect(t.largestByType()).toEqual([
      { db: 0, type: 'hash', bytes: 300 },
      { db: 0, type: 'string', bytes: 40 },
      { db: 2, type: 'list', bytes: 50 },
    ]);
  });

  it('keeps one entry per key when SCAN returns a key twice', () => {
    const t = new TopKeys(3);
    t.add(k('a', 10));
    t.add(k('b', 20));
    t.add(k('a', 12));
    expect(t.top().map((x) => [x.key.toString(), x.bytes])).toEqual([
      ['b', 20],
      ['a', 12],
    ]);
  });

  it('tells the same name in two databases apart', () => {
    const t = new TopKeys(5);
    t.add(k('same', 10, 'string', 0));
    t.add(k('same', 11, 'string', 1));
    expect(t.top()).toHaveLength(2);
  });
});

describe('keyLabel', () => {
  it('is the name itself for short UTF-8 names', () => {
    expect(keyLabel(Buffer.from('user:42:profile'), false)).toBe('user:42:profile');
  });

  it('redacts to a sha256 prefix that does not contain the name', () => {
    const label = keyLabel(Buffer.from('session:alice'), true);
    expect(label).toMatch(/^sha256:[0-9a-f]{16}$/);
    // First 16 hex digits of sha256("session:alice"), as `printf session:alice | sha256sum` prints.
    expect(label).toBe('sha256:e7966db1f3aa245e');
  });

  it('cuts long names and marks non-UTF-8 names with a hash, so labels stay unique', () => {
    const long1 = keyLabel(Buffer.from(`${'x'.repeat(200)}1`), false);
    const long2 = keyLabel(Buffer.from(`${'x'.repeat(200)}2`), false);
    expect(long1.length).toBeLessThan(160);
    expect(long1).not.toBe(long2);
    const bin1 = keyLabel(Buffer.from([0x6b, 0xff, 0x01]), false);
    const bin2 = keyLabel(Buffer.from([0x6b, 0xfe, 0x01]), false);
    expect(bin1).toMatch(/sha256:[0-9a-f]{16}\]$/);
    expect(bin1).not.toBe(bin2);
  });
});
