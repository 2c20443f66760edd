import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { doctorDoc } from '../../../src/doctor/doc.js';
import { RULES } from '../../../src/doctor/index.js';

describe('doctor rule index and documentation', () => {
  it('lists every rule file in src/doctor/rules', () => {
    const files = readdirSync(new URL('../../../src/doctor/rules/', import.meta.url)).filter((f) => f.endsWith('.ts'));
    const ids = files.map((f) => f.replace(/\.ts$/, ''));
    expect(RULES.map((r) => r.id).sort()).toEqual(ids.sort());
  });

  it('has unique kebab-case ids', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });

  it('docs/doctor.md is generated from the rules (run `npm run docs:doctor` after changing one)', () => {
    const doc = readFileSync(new URL('../../../docs/doctor.md', import.meta.url), 'utf8');
    expect(doc).toBe(doctorDoc());
    for (const r of RULES) {
      expect(doc).toContain(`### ${r.id}`);
      for (const step of r.remedy) expect(doc).toContain(step);
    }
  });
});
