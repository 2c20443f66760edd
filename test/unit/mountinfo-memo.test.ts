import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mountsOf } from '../../src/host/data-dir.js';
import { isReadOnly, mountFor, parseMountinfo } from '../../src/parse/mountinfo.js';

const line = (id: number, point: string, opts: string, fs: string, super_: string) => `${id} 1 0:${id} / ${point} ${opts} - ${fs} ${fs} ${super_}`;

/** Mount tables as a host's would change: volumes come and go, one is remounted read-only. */
const table = fc
  .record({
    dataRo: fc.boolean(),
    superRo: fc.boolean(),
    extra: fc.array(fc.constantFrom('/mnt/a', '/mnt/b', '/var/lib/redis/sub'), { maxLength: 3 }),
  })
  .map(({ dataRo, superRo, extra }) =>
    [
      line(1, '/', 'rw,relatime', 'ext4', 'rw'),
      line(2, '/var/lib/redis', dataRo ? 'ro,relatime' : 'rw,relatime', 'ext4', superRo ? 'ro,errors=remount-ro' : 'rw,errors=remount-ro'),
      ...extra.map((p, i) => line(10 + i, p, 'rw', 'tmpfs', 'rw')),
    ].join('\n'),
  );

describe('mountsOf (the data dir mount table, parsed once per distinct text)', () => {
  it('gives what parseMountinfo gives for every text, in any order of repeats and changes', () => {
    fc.assert(
      fc.property(fc.array(table, { minLength: 1, maxLength: 12 }), (texts) => {
        for (const text of texts) {
          const entries = mountsOf(text);
          expect(entries).toEqual(parseMountinfo(text));
          const m = mountFor(entries, '/var/lib/redis/dump.rdb');
          const plain = mountFor(parseMountinfo(text), '/var/lib/redis/dump.rdb');
          expect(m && isReadOnly(m)).toBe(plain && isReadOnly(plain));
        }
      }),
    );
  });

  it('does not parse the same text twice in a row', () => {
    const text = `${line(1, '/', 'rw', 'ext4', 'rw')}\n`;
    expect(mountsOf(text)).toBe(mountsOf(text));
    const ro = text.replace(' / rw ', ' / ro ');
    expect(mountsOf(ro)).not.toBe(mountsOf(text));
  });
});
