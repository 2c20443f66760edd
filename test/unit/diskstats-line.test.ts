import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diskStatOf, findDiskStat, parseDiskstats } from '../../src/parse/diskstats.js';

const blank = fc.constantFrom(' ', '  ', '\t', ' \t ', '\r', '\v', '\u00a0', '\u2003');
const num = fc.oneof(
  fc.nat({ max: 300 }).map(String),
  fc.nat({ max: 20 }).map((n) => `00${n}`),
  fc.constant('x1'),
  fc.constantFrom('9007199254740993', '123456789012345678901', '4294967295'),
);
/** diskstats-like lines: good ones, short ones (old partitions), non-numbers, leading zeros, odd blanks. */
const line = fc
  .tuple(fc.nat({ max: 12 }).map(String), num, fc.constantFrom('sda', 'sda1', 'nvme0n1', 'dm-0', 'loop7'), fc.array(num, { minLength: 8, maxLength: 17 }), blank, blank)
  .map(([major, minor, name, counters, a, b]) => `${a}${major}${b}${minor} ${name} ${counters.join(' ')}`);

describe('diskStatOf (only the wanted line parsed, by hand)', () => {
  it('finds what parsing every line finds, for any device asked for', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }), fc.nat({ max: 12 }), fc.nat({ max: 20 }), (lines, major, minor) => {
        const text = `${lines.join('\n')}\n`;
        expect(diskStatOf(text, major, minor)).toEqual(findDiskStat(parseDiskstats(text), major, minor));
        // and for each device a line names
        for (const s of parseDiskstats(text)) expect(diskStatOf(text, s.major, s.minor)).toEqual(findDiskStat(parseDiskstats(text), s.major, s.minor));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees on this machine’s /proc/diskstats', () => {
    const text = readFileSync('/proc/diskstats', 'utf8');
    for (const s of parseDiskstats(text)) expect(diskStatOf(text, s.major, s.minor)).toEqual(findDiskStat(parseDiskstats(text), s.major, s.minor));
  });
});
