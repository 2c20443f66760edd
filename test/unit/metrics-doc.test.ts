import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * docs/metrics.md and the code must name the same metrics. The code side is every quoted
 * `redis_…` literal under src/ (families; prom-client's histogram suffixes are implied).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** INFO fields whose own names start with redis_ (read as inputs, never emitted). */
const INFO_FIELDS = new Set(['redis_version', 'redis_mode', 'redis_build_id', 'redis_git_sha1', 'redis_git_dirty']);

function namesInCode(): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles(join(root, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/['"`](redis_[a-z0-9_]+)['"`]/g)) if (!INFO_FIELDS.has(m[1] as string)) names.add(m[1] as string);
  }
  return names;
}

function namesInDoc(): Set<string> {
  const doc = readFileSync(join(root, 'docs/metrics.md'), 'utf8');
  const names = new Set<string>();
  for (const line of doc.split('\n')) {
    const m = /^\| `(redis_[a-z0-9_]+)` \|/.exec(line);
    if (m) names.add(m[1] as string);
  }
  return names;
}

describe('docs/metrics.md', () => {
  const code = namesInCode();
  const doc = namesInDoc();

  it('documents every metric the code can emit', () => {
    expect([...code].filter((n) => !doc.has(n)).sort()).toEqual([]);
  });

  it('documents no metric the code does not emit', () => {
    expect([...doc].filter((n) => !code.has(n)).sort()).toEqual([]);
  });

  it('lists a type and a layer for each metric', () => {
    const text = readFileSync(join(root, 'docs/metrics.md'), 'utf8');
    for (const line of text.split('\n').filter((l) => /^\| `redis_/.test(l))) {
      expect(line, line).toMatch(/^\| `[a-z0-9_]+` \| (gauge|counter|summary|histogram) \| .+ \| [123]( \(compat\))? \|$/);
    }
  });
});
