import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLAGS } from '../../src/config/flags.js';

describe('README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  // Flags are documented in the README's table or in docs/ (the migration guide for redis_exporter's
  // flags, deploy.md and security-model.md for others): only the README's owner edits it.
  const docsDir = new URL('../../docs/', import.meta.url);
  const docs = readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => readFileSync(new URL(f, docsDir), 'utf8')).join('\n');

  it('documents every flag (here, or in docs/)', () => {
    expect(FLAGS.map((f) => f.name).filter((n) => !readme.includes(`--${n}`) && !docs.includes(`--${n}`))).toEqual([]);
  });

  it('keeps the two newcomer commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});
