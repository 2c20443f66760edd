import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLAGS } from '../../src/config/flags.js';

describe('README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('links the generated flag list and names only flags that exist', () => {
    expect(readme).toContain('](docs/flags.md)');
    const known = new Set(FLAGS.map((f) => f.name));
    const named = [...readme.matchAll(/`--([a-z][\w.-]*)`/g)].map((m) => m[1] as string);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((n) => !known.has(n))).toEqual([]);
  });

  it('gives each flag of its table the env var and default the code has', () => {
    const rows = [...readme.matchAll(/^\| `--([a-z][\w.-]*)` \| `([A-Z_]+)` \| (?:`([^`]*)`)? \|/gm)];
    expect(rows.length).toBeGreaterThan(5);
    for (const [, name, env, def] of rows) {
      const flag = FLAGS.find((f) => f.name === name);
      expect(flag, name).toBeDefined();
      expect({ name, env, def: def ?? '' }).toEqual({ name, env: flag?.env, def: String(flag?.def ?? '') });
    }
  });

  it('names the guide and links the copy shipped in docs/guide/', () => {
    expect(readme).toContain('[Redis persistence & memory troubleshooting guide](docs/guide/redis-persistence-memory-guide.txt)');
    const guide = readFileSync(new URL('../../docs/guide/redis-persistence-memory-guide.txt', import.meta.url), 'utf8');
    expect(guide).toMatch(/^Introduction\nRedis persistence and memory errors/);
    expect(guide).toContain('MISCONF');
  });

  it('links every local file it names', () => {
    for (const m of readme.matchAll(/\]\(((?!https?:|#)[^)#\s]+)/g)) {
      expect(existsSync(new URL(`../../${m[1]}`, import.meta.url)), m[1]).toBe(true);
    }
  });

  it('keeps the two newcomer commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});
