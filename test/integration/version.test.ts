import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { runCli } from '../helpers/cli.js';
import { startTestExporter } from '../helpers/exporter.js';
import { freePort } from '../helpers/ports.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('release version', () => {
  it('is 0.2.0 in package.json and in the code', () => {
    expect(pkg.version).toBe('0.2.0');
    expect(VERSION).toBe(pkg.version);
  });

  it('--version and redis_vitals_build_info say the same version', async () => {
    const r = runCli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`redis-vitals ${pkg.version} (node ${process.version})\n`);
    const e = await startTestExporter({ 'redis.addr': `127.0.0.1:${await freePort()}` });
    try {
      const line = (await e.scrape()).split('\n').find((l) => l.startsWith('redis_vitals_build_info{'));
      expect(line).toMatch(new RegExp(`version="${pkg.version.replace(/\./g, '\\.')}"`));
    } finally {
      await e.stop();
    }
  });
});
