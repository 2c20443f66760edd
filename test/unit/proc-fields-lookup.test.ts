import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kbBytes, parseProcFields } from '../../src/parse/proc-fields.js';

/** The line-by-line parser the lookup replaced: the reference it must agree with. */
function plainFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9_()+-]+):[ \t]*(.*?)\s*$/.exec(line);
    if (m) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

const KEYS = ['MemTotal', 'MemAvailable', 'SwapFree', 'Committed_AS', 'Uid', 'Groups', 'CapEff', 'VmSwap', 'AnonHugePages', 'Name', 'Mem'];
// procfs text: printable ASCII, tabs and spaces; a line may end in \r.
const value = fc.stringMatching(/^[ \t]*[ -~]{0,16}[ \t]*\r?$/).filter((v) => !v.includes('\n'));
const line = fc.oneof(
  fc.tuple(fc.constantFrom(...KEYS), value).map(([k, v]) => `${k}:${v}`),
  fc.stringMatching(/^[ -~]{0,20}$/),
  fc.constant('7f00-7fff ---p 00000000 00:00 0  [rollup]'),
);

describe('parseProcFields (fields looked up when asked for)', () => {
  it('gives, for every key, what splitting every line gave, duplicates and junk lines included', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.boolean(), (lines, trailingNewline) => {
        const text = lines.join('\n') + (trailingNewline ? '\n' : '');
        const plain = plainFields(text);
        const fast = parseProcFields(text);
        for (const k of KEYS) expect(fast.get(k)).toBe(plain.get(k));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees on this machine’s own meminfo and status', () => {
    for (const file of ['/proc/meminfo', '/proc/self/status']) {
      const text = readFileSync(file, 'utf8');
      const plain = plainFields(text);
      const fast = parseProcFields(text);
      for (const k of plain.keys()) expect(fast.get(k)).toBe(plain.get(k));
    }
  });
});

/** The regular-expression kbBytes the hand-written one replaced. */
function plainKb(raw: string | undefined): number | undefined {
  const m = /^(\d+) kB$/.exec(raw ?? '');
  return m ? Number(m[1]) * 1024 : undefined;
}

describe('kbBytes and the value trim, by hand', () => {
  const digits = fc.stringMatching(/^[0-9]{0,22}$/);
  const raw = fc.oneof(
    digits.map((d) => `${d} kB`),
    fc.tuple(digits, fc.constantFrom(' kB', ' KB', 'kB', ' kB ', ' kb', '  kB', ' kB\r', '')).map(([d, u]) => d + u),
    fc.constantFrom('x1 kB', '-1 kB', '1.5 kB', ' 12 kB', '١٢ kB', '9007199254740993 kB', '123456789012345678901 kB'),
    fc.string({ maxLength: 12 }),
  );
  const blank = fc.constantFrom('', ' ', '\t', '\u00a0', '\u2003', '\u3000', '\ufeff', '\v');
  it('agrees with the regular expressions for any value, trailing blanks of any kind included', () => {
    fc.assert(
      fc.property(raw, blank, blank, (v, before, after) => {
        const text = `Name:\tx\nVmSwap:${before}${v}${after}\n`;
        expect(parseProcFields(text).get('VmSwap')).toBe(plainFields(text).get('VmSwap'));
        expect(kbBytes(parseProcFields(text), 'VmSwap')).toBe(plainKb(plainFields(text).get('VmSwap')));
      }),
      { numRuns: 3000 },
    );
  });
});
