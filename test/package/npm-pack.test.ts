import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCommand } from '../helpers/cli.js';
import { parseExposition } from '../helpers/exposition.js';
import { expectOneReadableWarning, logWithoutRedis } from '../helpers/first-run.js';
import { freePort } from '../helpers/ports.js';
import { startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The npm package as a user gets it: `npm pack` builds dist/ itself (prepack), the tarball holds
 * only what runs, and it installs globally — into a scratch prefix, never the machine's own.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };
const scratch = mkdtempSync(join(tmpdir(), 'rv-npm-'));
const tgz = join(scratch, `redis-vitals-${pkg.version}.tgz`);
// Installs reuse the machine's npm cache; the registry is asked only for what is missing.
const npmEnv = { ...process.env, npm_config_prefer_offline: 'true', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? root, env: opts.env ?? npmEnv, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  run('npm', ['pack', '--pack-destination', scratch]);
}, 300_000);
afterAll(async () => {
  await stopAllRedis();
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm package', () => {
  it('holds only runtime files, with an executable bin built on pack', () => {
    const listing = run('tar', ['tvzf', tgz]).trim().split('\n');
    const files = listing.map((l) => l.split(/\s+/).at(-1) ?? '');
    const allowed =
      /^package\/(package\.json|README\.md|LICENSE|SECURITY\.md|CHANGELOG\.md|bundle\/(redis-vitals\.cjs|THIRD-PARTY-LICENSES\.txt|lazy\/[a-z]+\.cjs)|alerts\/redis-vitals\.rules\.yml|grafana\/.+\.(json|yaml)|docs\/.+\.(md|txt))$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    for (const must of [
      'package/bundle/redis-vitals.cjs',
      'package/bundle/THIRD-PARTY-LICENSES.txt',
      'package/bundle/lazy/fastify.cjs',
      'package/bundle/lazy/yaml.cjs',
      'package/LICENSE',
      'package/README.md',
      'package/CHANGELOG.md',
      'package/SECURITY.md',
      'package/docs/guide/redis-persistence-memory-guide.txt',
      'package/alerts/redis-vitals.rules.yml',
    ])
      expect(files).toContain(must);
    expect(files.some((f) => /\.(ts|map)$|\/test\//.test(f))).toBe(false);
    const cli = listing.find((l) => l.endsWith(' package/bundle/redis-vitals.cjs')) ?? '';
    expect(cli).toMatch(/^-rwxr-xr-x /);
  });

  it('declares an honest engines range: every installed dependency runs on all of it', () => {
    const prefix = join(scratch, 'global');
    run('npm', ['install', '-g', '--prefix', prefix, tgz]);
    const modules = join(prefix, 'lib/node_modules/redis-vitals/node_modules');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir)) {
        if (name.startsWith('.')) continue;
        if (name.startsWith('@')) {
          walk(join(dir, name));
          continue;
        }
        const dep = JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')) as { name: string; engines?: { node?: string } };
        const range = dep.engines?.node;
        if (range && !semver.subset(pkg.engines.node, range)) offenders.push(`${dep.name}: ${range}`);
      }
    };
    walk(modules);
    expect(pkg.engines.node).toBe('>=20');
    // The bundle carries the runtime dependencies: the package itself depends on nothing.
    expect(JSON.parse(readFileSync(join(prefix, 'lib/node_modules/redis-vitals/package.json'), 'utf8')).dependencies ?? {}).toEqual({});
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
    expect(offenders).toEqual([]);
  });

  it('installs globally into a prefix and runs `redis-vitals --version`', () => {
    // Installed by the test above (vitest runs a file's tests in order).
    const prefix = join(scratch, 'global');
    const out = run(join(prefix, 'bin/redis-vitals'), ['--version']);
    expect(out).toBe(`redis-vitals ${pkg.version} (node ${process.version})\n`);
    const help = run(join(prefix, 'bin/redis-vitals'), ['--help']);
    expect(help).toContain('--redis.addr');
  });

  it('the installed redis-vitals serves a real redis-server: redis_up 1, build_info, and every path the README lists', async () => {
    const bin = join(scratch, 'global/bin/redis-vitals');
    const redis = await startRedis();
    const port = await freePort();
    const p = spawnCommand(bin, ['--redis.addr', redis.url, '--web.listen-address', `127.0.0.1:${port}`]);
    try {
      const m = await waitFor(
        async () => parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()),
        (x) => x.get('redis_up') === 1,
        { what: 'redis_up 1 from the installed package' },
      );
      expect(m.all('redis_vitals_build_info')[0]?.labels).toMatchObject({ version: pkg.version, node_version: process.version });
      expect(m.get('redis_memory_used_bytes')).toBeGreaterThan(0);
      // Every path of the README's "Run" table answers, /scrape for the target /discover lists.
      const discovered = (await (await fetch(`http://127.0.0.1:${port}/discover`)).json()) as { targets: string[] }[];
      const name = discovered[0]?.targets[0] ?? '';
      expect(name).toContain(`:${redis.port}`);
      const readme = readFileSync(join(root, 'README.md'), 'utf8');
      const paths = [...readme.matchAll(/^\| `(\/[^`]*)`(?:, `(\/[^`]*)`)? \|/gm)].flatMap((m) => m.slice(1).filter((x): x is string => x !== undefined));
      expect(paths).toEqual(expect.arrayContaining(['/metrics', '/scrape?target=NAME', '/discover', '/doctor', '/doctor.json', '/-/healthy', '/-/ready', '/']));
      for (const path of paths) {
        const res = await fetch(`http://127.0.0.1:${port}${path.replace('NAME', encodeURIComponent(name))}`);
        expect(res.status, path).toBe(200);
      }
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);
    expect(p.output()).toContain('level=info msg="first poll succeeded"');
  });

  it('the installed redis-vitals, with no Redis: one readable warning (the README quick start)', async () => {
    const bin = join(scratch, 'global/bin/redis-vitals');
    expectOneReadableWarning(await logWithoutRedis((args) => spawnCommand(bin, args)));
  });

  it('runs with npx straight from the tarball', () => {
    const out = run('npx', ['--yes', '--package', tgz, 'redis-vitals', '--version'], { cwd: scratch });
    expect(out).toBe(`redis-vitals ${pkg.version} (node ${process.version})\n`);
  });
});
