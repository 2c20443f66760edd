import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flagsDoc } from '../../scripts/lib/flags-doc.js';
import { FLAGS } from '../../src/config/flags.js';

const doc = readFileSync(new URL('../../docs/flags.md', import.meta.url), 'utf8');
/** Flag names in the first column of the doc's tables. */
const documented = [...doc.matchAll(/^\| `--([\w.-]+)` \|/gm)].map((m) => m[1]);

describe('docs/flags.md', () => {
  it('is what npm run docs:flags writes from src/config/flags.ts', () => {
    expect(doc, 'out of date: run npm run docs:flags').toBe(flagsDoc());
  });

  it('lists every flag the code defines, and no flag the code does not', () => {
    const code = FLAGS.map((f) => f.name);
    expect(documented.filter((n) => !code.includes(n as string))).toEqual([]);
    expect(code.filter((n) => !documented.includes(n))).toEqual([]);
  });

  it('gives each flag its env var and default as the code has them', () => {
    for (const f of FLAGS) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`--${f.name}\` |`)) ?? '';
      expect(row, f.name).toContain(`| \`${f.env}\` |`);
      if (f.def !== '' && f.kind !== 'secret' && f.notApplied === undefined) expect(row, f.name).toContain(`| \`${f.def}\` |`);
    }
  });
});
