import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REDIS_COLLECTORS } from '../../src/collectors/index.js';

/** Adding a collector means one file and one line in the index; this catches a forgotten line. */
describe('collector index', () => {
  it('lists every collector defined under src/collectors', () => {
    const dir = new URL('../../src/collectors/', import.meta.url);
    const defined: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      for (const m of text.matchAll(/export const (\w+): Collector\b/g)) defined.push(m[1] as string);
    }
    const index = readFileSync(new URL('index.ts', dir), 'utf8');
    expect(defined.length).toBeGreaterThan(0);
    expect(defined.filter((name) => !new RegExp(`\\b${name}\\b`).test(index))).toEqual([]);
  });

  it('has unique collector names', () => {
    const names = REDIS_COLLECTORS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
