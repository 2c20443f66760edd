import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';

/**
 * The release files issue 16 asked for, and one version everywhere a user reads or types it:
 * package.json, the code, the Debian changelog (the .deb's version), the CHANGELOG, and the
 * artifact names the README and docs/packaging.md tell people to install.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (f: string) => readFileSync(join(root, f), 'utf8');
const pkg = JSON.parse(read('package.json')) as { version: string; license: string };
const v = pkg.version.replace(/\./g, '\\.');

describe('release files', () => {
  it('LICENSE is the Apache License 2.0 text, as package.json says', () => {
    const license = read('LICENSE');
    expect(license).toMatch(/^\s*Apache License\n\s*Version 2\.0, January 2004\n/);
    expect(license).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    expect(pkg.license).toBe('Apache-2.0');
  });

  it('SECURITY.md says how to report and puts /scrape, secrets and web auth in scope', () => {
    const security = read('SECURITY.md');
    for (const heading of ['## Reporting a vulnerability', '## Supported versions', '## In scope', '## Out of scope']) expect(security).toContain(heading);
    const scope = security.slice(security.indexOf('## In scope'), security.indexOf('## Out of scope'));
    for (const topic of ['/scrape', 'allow-list', 'secret', '--web.config.file', 'basic auth']) expect(scope.toLowerCase()).toContain(topic.toLowerCase());
  });

  it('CHANGELOG.md is Keep a Changelog with a section for this version and for 0.1.0', () => {
    const changelog = read('CHANGELOG.md');
    expect(changelog).toContain('[Keep a Changelog](https://keepachangelog.com/');
    expect(changelog).toMatch(new RegExp(`^## \\[${v}\\] - \\d{4}-\\d\\d-\\d\\d$`, 'm'));
    expect(changelog).toMatch(/^## \[0\.1\.0\] - \d{4}-\d\d-\d\d$/m);
  });

  it('one version: package.json, the code, the Debian changelog', () => {
    expect(VERSION).toBe(pkg.version);
    expect(read('deploy/debian/changelog').split('\n')[0]).toMatch(new RegExp(`^redis-vitals \\(${v}-1\\) `));
  });

  it.each(['README.md', 'docs/packaging.md'])('%s names the artifacts of this version', (file) => {
    const text = read(file);
    const deb = [...text.matchAll(/redis-vitals_([\w.~+-]+?)_amd64\.deb/g)].map((m) => m[1]);
    const tgz = [...text.matchAll(/redis-vitals-(\d[\w.]*?)\.tgz/g)].map((m) => m[1]);
    expect(deb.length + tgz.length).toBeGreaterThan(1);
    expect(new Set(deb)).toEqual(new Set([`${pkg.version}-1`]));
    expect(new Set(tgz)).toEqual(new Set([pkg.version]));
    for (const m of text.matchAll(/redis-vitals:(\d[\w.-]*)/g)) expect(m[1], 'image tag').toBe(pkg.version);
  });
});
