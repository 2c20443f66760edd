import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { metricsDoc } from '../../scripts/lib/metrics-doc.js';
import { ALL_FAMILIES } from '../../src/catalog/families.js';
import { escapeHelp } from '../../src/exposition/text-format.js';
import { parseExposition } from '../helpers/exposition.js';

/**
 * Metric families are declared once (src/catalog/families.ts lists every declaration) and
 * docs/metrics.md's tables are generated from them. These tests hold the three together: the doc
 * is what the generator writes, every name in the code is declared, and what the golden replays
 * serve matches its declaration (type, help, label names).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const byName = new Map(ALL_FAMILIES.map((f) => [f.name, f]));

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

describe('docs/metrics.md', () => {
  const doc = readFileSync(join(root, 'docs/metrics.md'), 'utf8');

  it('is what npm run docs:metrics writes from the declarations', () => {
    expect(doc, 'out of date: run npm run docs:metrics').toBe(metricsDoc(doc, ALL_FAMILIES));
  });

  it('has one row per declared family', () => {
    const rows = [...doc.matchAll(/^\| `([a-z0-9_]+)` \| (gauge|counter|summary|histogram) \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(ALL_FAMILIES.map((f) => f.name));
  });

  it('keeps the prose around the tables and refuses a section without a table, or a table without a section', () => {
    const [f] = ALL_FAMILIES;
    if (!f) throw new Error('no families declared');
    const template = `intro\n<!-- families: ${f.section} -->\nstale\n<!-- /families -->\noutro\n`;
    const out = metricsDoc(template, [f]);
    expect(out.startsWith('intro\n')).toBe(true);
    expect(out.endsWith('\noutro\n')).toBe(true);
    expect(out).toContain(`| \`${f.name}\` | ${f.type} |`);
    expect(out).not.toContain('stale');
    expect(() => metricsDoc('no tables\n', [f])).toThrow(/no <!-- families/);
    expect(() => metricsDoc(template, [{ ...f, section: 'host' === f.section ? 'info' : 'host' }])).toThrow(/no family is declared/);
  });
});

describe('metric family declarations', () => {
  it('declare each name once, with label names once each', () => {
    const names = ALL_FAMILIES.map((f) => f.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    for (const f of ALL_FAMILIES) expect(new Set(f.labels).size, f.name).toBe(f.labels.length);
  });

  it('mark as signed only _bytes families (other families never drop a negative value for being a size)', () => {
    expect(ALL_FAMILIES.filter((f) => f.signed && !f.name.endsWith('_bytes')).map((f) => f.name)).toEqual([]);
    expect(ALL_FAMILIES.filter((f) => f.signed).length).toBeGreaterThan(0);
  });

  it('type as a gauge under compat only counters', () => {
    expect(ALL_FAMILIES.filter((f) => f.compatType && f.type !== 'counter').map((f) => f.name)).toEqual([]);
  });

  it('cover every metric name written in src/ (INFO fields named redis_* apart)', () => {
    const infoFields = new Set(['redis_version', 'redis_mode', 'redis_build_id', 'redis_git_sha1', 'redis_git_dirty']);
    const undeclared = new Set<string>();
    for (const file of files(join(root, 'src'), '.ts')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/['"`](redis_[a-z0-9_]+)['"`]/g)) {
        const name = m[1] as string;
        if (!infoFields.has(name) && !byName.has(name)) undeclared.add(`${name} (${file.slice(root.length)})`);
      }
    }
    expect([...undeclared]).toEqual([]);
  });

  it('match what the golden replays and host fixtures serve: type, help and label names', () => {
    const outputs = [...files(join(root, 'test/golden/output'), '.prom'), ...files(join(root, 'test/fixtures/host'), 'expected.prom')];
    expect(outputs.length).toBeGreaterThan(10);
    const problems: string[] = [];
    const served = new Set<string>();
    for (const file of outputs) {
      const text = readFileSync(file, 'utf8');
      const exp = parseExposition(text);
      for (const [name, type] of exp.types) {
        const f = byName.get(name);
        if (!f) {
          problems.push(`${name}: served but not declared`);
          continue;
        }
        served.add(name);
        if (type !== f.type && type !== f.compatType) problems.push(`${name}: served as ${type}, declared ${f.type}`);
        if (!text.includes(`# HELP ${name} ${escapeHelp(f.help)}\n`)) problems.push(`${name}: HELP differs from the declaration`);
        const implied = f.type === 'summary' ? ['quantile'] : f.type === 'histogram' ? ['le'] : [];
        for (const suffix of ['', '_sum', '_count', '_bucket']) {
          for (const s of exp.all(name + suffix)) {
            const extra = Object.keys(s.labels).filter((l) => !f.labels.includes(l) && !implied.includes(l));
            if (extra.length > 0) problems.push(`${name}: undeclared label(s) ${extra.join(', ')}`);
          }
        }
      }
    }
    expect([...new Set(problems)]).toEqual([]);
    // The fixtures reach most families; the rest are covered by the literal check above.
    expect(served.size).toBeGreaterThan(ALL_FAMILIES.length / 2);
  });
});
