import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/rules.js';

/** `npm run docs:metrics -- --check` as CI would run it: exit 0 when current, 1 when stale, and the rewrite fixes it. */
const dir = mkdtempSync(join(tmpdir(), 'rv-metrics-doc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/gen-metrics-doc.ts'), ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('scripts/gen-metrics-doc.ts', () => {
  it('--check passes on the committed docs/metrics.md', () => {
    expect(run('--check')).toEqual({ code: 0, out: 'docs/metrics.md is up to date\n' });
  });

  it('--check fails on a stale copy, and a rewrite brings it up to date keeping the prose', () => {
    const file = join(dir, 'metrics.md');
    const doc = readFileSync(join(ROOT, 'docs/metrics.md'), 'utf8');
    const stale = doc.replace(/^\| `redis_up` \|.*\n/m, '').replace('# Metrics', '# Metrics (edited prose)');
    expect(stale).not.toBe(doc);
    writeFileSync(file, stale);
    const failed = run('--check', file);
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('is out of date: run npm run docs:metrics');
    expect(run(file).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(doc.replace('# Metrics', '# Metrics (edited prose)'));
    expect(run('--check', file).code).toBe(0);
  });

  it('fails with a message when a section has no table', () => {
    const file = join(dir, 'no-host.md');
    writeFileSync(file, readFileSync(join(ROOT, 'docs/metrics.md'), 'utf8').replace(/<!-- families: host -->\n(?:.*\n)*?<!-- \/families -->\n/, ''));
    const r = run('--check', file);
    expect(r.code).toBe(1);
    expect(r.out).toContain('no <!-- families: … --> table for section(s) host');
  });
});
