import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLAGS } from '../../src/config/flags.js';

describe('README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  // redis_exporter's flags (and the key-check job's own) are documented in the migration guide.
  const migrate = readFileSync(new URL('../../docs/migrate-from-redis_exporter.md', import.meta.url), 'utf8');

  it('documents every flag (here, or in docs/migrate-from-redis_exporter.md)', () => {
    expect(FLAGS.map((f) => f.name).filter((n) => !readme.includes(`--${n}`) && !migrate.includes(`--${n}`))).toEqual([]);
  });

  it('keeps the two newcomer commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});
