import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DCLinter } from 'dclint';
import { afterAll, describe, expect, it } from 'vitest';
import { mountsOf, readCompose, type ComposeFile } from '../helpers/compose.js';

/**
 * deploy/docker-compose.yml cannot run here (no Docker engine). What it hands each program is
 * checked without it here: the Compose schema and linter, files, images, ports and secrets.
 * compose-stack.test.ts runs what the services would run.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const composePath = join(root, 'deploy/docker-compose.yml');
const compose: ComposeFile = readCompose(composePath, readFileSync(composePath, 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const temps: string[] = [];
// dclint's bundled .d.ts files use extension-less imports that NodeNext cannot follow; this is
// the part of its LintResult the tests read.
interface LintMessage {
  readonly rule: string;
  readonly type: 'error' | 'warning';
  readonly message: string;
  readonly line: number;
}
function lint(path: string, rules: Record<string, 0 | 1 | 2>): LintMessage[] {
  const [result] = new DCLinter({ rules, quiet: true, debug: false, exclude: [] }).lintFiles([path], false);
  if (!result) throw new Error(`dclint returned nothing for ${path}`);
  return result.messages as LintMessage[];
}
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('deploy/docker-compose.yml', () => {
  it('matches the Compose Specification schema and passes dclint', () => {
    // The ordering rules are style; the file is ordered top-down in data-flow order instead.
    const off = ['service-keys-order', 'services-alphabetical-order', 'top-level-properties-order', 'service-dependencies-alphabetical-order'];
    const messages = lint(composePath, Object.fromEntries(off.map((r) => [r, 0 as const])));
    expect(messages.map((m) => `${m.rule}: ${m.message} (line ${m.line})`)).toEqual([]);
  });

  it.for([
    ['a floating tag', 'image: redis:7.4.11-alpine', 'image: redis:latest', 'service-image-require-explicit-tag'],
    ['an unknown key', '    read_only: true\n', '    read_only: true\n    readonly_rootfs: true\n', 'invalid-schema'],
  ] as const)('dclint fails the file with %s (the check can fail)', ([, from, to, rule]) => {
    const dir = mkdtempSync(join(tmpdir(), 'rv-dclint-'));
    temps.push(dir);
    const bad = join(dir, 'docker-compose.yml');
    const text = readFileSync(composePath, 'utf8');
    expect(text).toContain(from);
    writeFileSync(bad, text.replace(from, to));
    expect(
      lint(bad, {})
        .filter((m) => m.type === 'error')
        .map((m) => m.rule),
    ).toContain(rule);
  });

  it("pins every image to a full version tag; builds ours from this checkout at package.json's version", () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      expect(svc.image, name).toMatch(/^[\w./-]+:v?\d+\.\d+\.\d+(-[\w.]+)?$/);
    }
    const ours = compose.services['redis-vitals'];
    expect(ours?.image).toBe(`redis-vitals:${pkg.version}`);
    expect(existsSync(join(compose.dir, String(ours?.build), 'Dockerfile'))).toBe(true);
  });

  it('mounts only files that exist; secrets are generated into a git-ignored directory', () => {
    for (const name of Object.keys(compose.services)) {
      for (const m of mountsOf(compose, name)) {
        if (m.kind === 'bind') expect(existsSync(m.source), `${name}: ${m.source}`).toBe(true);
        if (m.kind === 'volume') expect(Object.keys(compose.volumes), `${name}: volume ${m.source}`).toContain(m.source);
        if (m.kind === 'secret') {
          expect(relative(root, dirname(m.source))).toBe('deploy/secrets');
          const ignored = spawnSync('git', ['check-ignore', '-q', '--no-index', m.source], { cwd: root });
          expect(ignored.status, `${m.source} must be git-ignored`).toBe(0);
          // The commands that create it are in the file's header and in docs/deploy.md (Ways to run it).
          const create = `openssl rand -hex 24 > deploy/secrets/${relative(join(root, 'deploy/secrets'), m.source)}`;
          expect(readFileSync(composePath, 'utf8')).toContain(create);
          expect(readFileSync(join(root, 'docs/deploy.md'), 'utf8')).toContain(create);
        }
      }
      for (const dep of compose.services[name]?.depends_on ?? []) expect(Object.keys(compose.services)).toContain(dep);
    }
  });

  it('publishes each host port once, on loopback only', () => {
    const published = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    const hostSides = published.map((p) => {
      const m = /^(127\.0\.0\.1):(\d+):(\d+)(\/(tcp|udp))?$/.exec(p);
      expect(m, `${p}: publish as 127.0.0.1:HOST:CONTAINER`).not.toBeNull();
      return `${m?.[2]}/${m?.[5] ?? 'tcp'}`;
    });
    expect(new Set(hostSides).size).toBe(hostSides.length);
  });

  it('never puts a password on a command line or in the environment', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      const argv = [...(svc.entrypoint ?? []), ...(svc.command ?? [])].join(' ');
      expect(argv, name).not.toMatch(/--(redis\.)?password[ =]|--requirepass|-a /);
      for (const [k, v] of Object.entries(svc.environment ?? {})) {
        if (/PASSWORD/.test(k)) expect(`${k}=${v}`, name).toMatch(/_FILE=\/run\/secrets\//);
      }
    }
  });
});
