import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * CONTRIBUTING.md is where a newcomer learns the layout and the recipes: its tree must be the
 * src/ of today (issue 16 found it describing the pre-redesign one), and every file, folder and
 * npm script it names must exist.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const text = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');
const section = text.slice(text.indexOf('## Where things are'), text.indexOf('\n## ', text.indexOf('## Where things are') + 1));

describe('CONTRIBUTING.md', () => {
  it('lists exactly the folders and root files of src/ in its layout tree', () => {
    const listed = new Set([...section.matchAll(/^src\/([\w.-]+\/?)/gm)].map((m) => m[1] as string));
    const actual = new Set(readdirSync(join(root, 'src')).map((e) => (statSync(join(root, 'src', e)).isDirectory() ? `${e}/` : e)));
    expect([...actual].filter((e) => !listed.has(e)).sort(), 'in src/ but not in the tree').toEqual([]);
    expect([...listed].filter((e) => !actual.has(e)).sort(), 'in the tree but not in src/').toEqual([]);
  });

  it('names only top-level folders outside src/ that exist', () => {
    const outside = section.slice(section.indexOf('Outside src/'));
    const tops = [...outside.matchAll(/^([a-z]+)\/\s/gm)].map((m) => m[1] as string);
    expect(tops).toEqual(expect.arrayContaining(['scripts', 'alerts', 'grafana', 'deploy', 'docs', 'test', 'bench']));
    for (const t of tops) expect(existsSync(join(root, t)), t).toBe(true);
    for (const [, sub] of outside.matchAll(/^ {2}([a-z]+)\//gm)) {
      const under = ['scripts', 'test'].filter((t) => existsSync(join(root, t, sub as string)));
      expect(under, `${sub}/`).not.toEqual([]);
    }
  });

  it('names only files and folders that exist', () => {
    const paths = [...text.matchAll(/`((?:src|test|scripts|alerts|deploy|docs|grafana|bench)\/[\w./-]*[\w/])`/g)].map((m) => m[1] as string);
    expect(paths.length).toBeGreaterThan(15);
    // The add-a-metric recipe's worked example (MEMORY STATS) names the files it would create.
    const example = new Set(['src/parse/memory-stats.ts', 'src/collectors/memory-stats.ts']);
    expect(paths.filter((p) => !example.has(p) && !existsSync(join(root, p)))).toEqual([]);
  });

  it('names only npm scripts that package.json has', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const named = [...text.matchAll(/npm run ([\w:-]*\w)/g)].map((m) => m[1] as string);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((n) => !scripts.includes(n))).toEqual([]);
  });
});
