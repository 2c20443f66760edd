import { describe, expect, it } from 'vitest';
import { oneByteSource } from '../../scripts/package/one-byte-source.js';

// eslint-disable-next-line no-control-regex
const twoByte = (s: string) => /[^\u0000-\u00ff]/.test(s);

describe('the bundle as one-byte source text', () => {
  it('escapes characters above U+00FF on comment lines, leaving Latin-1 and code alone', () => {
    const src = ['// a → b', '  /** yes/no → 1/0 — */', '   * an em dash — here', 'const micro = "µs";', 'f();'].join('\n');
    const out = oneByteSource(src);
    expect(twoByte(out)).toBe(false);
    expect(out).toBe(['// a \\u2192 b', '  /** yes/no \\u2192 1/0 \\u2014 */', '   * an em dash \\u2014 here', 'const micro = "µs";', 'f();'].join('\n'));
    expect(oneByteSource('plain();\n')).toBe('plain();\n');
  });

  it('fails the build on one outside a comment, naming the line', () => {
    expect(() => oneByteSource('ok();\nconst re = /(µs|μs)/;\n')).toThrow(/line 2 .*re = /);
  });
});
