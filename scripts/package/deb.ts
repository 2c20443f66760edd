import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface DebInput {
  readonly root: string;
  /** The single executable built by sea.ts. */
  readonly binary: string;
  /** THIRD-PARTY-LICENSES.txt written next to the bundle. */
  readonly thirdParty: string;
  readonly version: string;
  readonly workDir: string;
  readonly outDir: string;
}

/** Node's LICENSE as the nodejs package installs it; the SEA is built from that same Node. */
const NODE_LICENSE = '/usr/share/doc/nodejs/LICENSE';

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

function put(tree: string, path: string, content: string | Buffer, mode = 0o644): void {
  const file = join(tree, path);
  mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
  writeFileSync(file, content);
  chmodSync(file, mode);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * Debian's copyright file (machine-readable format 1.0). Node's own LICENSE (in the binary) goes
 * beside it as a file of its own: it quotes whole licenses, which a copyright file must reference.
 */
function copyright(): string {
  return `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: redis-vitals
Source: https://github.com/redis-vitals/redis-vitals

Files: *
Copyright: 2026 redis-vitals authors
License: Apache-2.0
 On Debian systems, the full text of the Apache License, Version 2.0 can be
 found in the file /usr/share/common-licenses/Apache-2.0.

Files: usr/bin/redis-vitals
Copyright: Node.js contributors, and the authors of the npm packages compiled in
License: Expat and others
 The executable is the Node.js ${process.version} runtime with redis-vitals and
 its npm dependencies embedded. The Node.js license, with those of the
 libraries Node.js includes, is in /usr/share/doc/redis-vitals/NODE-LICENSE.gz;
 the licenses of the npm packages (MIT, ISC, BSD-3-Clause, Apache-2.0) are in
 /usr/share/doc/redis-vitals/THIRD-PARTY-LICENSES.gz.
`;
}

/**
 * redis-vitals_<version>-1_amd64.deb laid out like Debian's prometheus-redis-exporter: the binary
 * in /usr/bin, a unit running as its own system user with ARGS from /etc/default/redis-vitals,
 * alert rules and dashboards under /usr/share/redis-vitals, a man page made from --help.
 */
export function buildDeb(input: DebInput): string {
  const { root, version } = input;
  const debVersion = `${version}-1`;
  const tree = join(input.workDir, 'deb');
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });

  put(tree, 'usr/bin/redis-vitals', readFileSync(input.binary), 0o755);
  put(tree, 'lib/systemd/system/redis-vitals.service', readFileSync(join(root, 'deploy/debian/redis-vitals.service')));
  put(tree, 'etc/default/redis-vitals', readFileSync(join(root, 'deploy/debian/default')));
  put(tree, 'usr/share/redis-vitals/alerts/redis-vitals.rules.yml', readFileSync(join(root, 'alerts/redis-vitals.rules.yml')));
  for (const f of readdirSync(join(root, 'grafana/dashboards')).filter((n) => n.endsWith('.json'))) {
    put(tree, `usr/share/redis-vitals/dashboards/${f}`, readFileSync(join(root, 'grafana/dashboards', f)));
  }
  const doc = 'usr/share/doc/redis-vitals';
  put(tree, `${doc}/copyright`, copyright());
  put(tree, `${doc}/NODE-LICENSE.gz`, gzipSync(readFileSync(NODE_LICENSE), { level: 9 }));
  put(tree, `${doc}/changelog.Debian.gz`, gzipSync(readFileSync(join(root, 'deploy/debian/changelog')), { level: 9 }));
  put(tree, `${doc}/THIRD-PARTY-LICENSES.gz`, gzipSync(readFileSync(input.thirdParty), { level: 9 }));
  // The README with what its links reach: docs/ (the guide too), the security policy; the
  // upstream changelog under the name Debian gives it (lintian: wrong-name-for-upstream-changelog).
  put(tree, `${doc}/README.md`, readFileSync(join(root, 'README.md')));
  put(tree, `${doc}/SECURITY.md`, readFileSync(join(root, 'SECURITY.md')));
  put(tree, `${doc}/changelog.gz`, gzipSync(readFileSync(join(root, 'CHANGELOG.md')), { level: 9 }));
  for (const f of walk(join(root, 'docs')).filter((n) => /\.(md|txt)$/.test(n))) put(tree, `${doc}/${relative(root, f)}`, readFileSync(f));
  const man = run('help2man', ['--no-info', '--section=1', '--name=Prometheus exporter for Redis persistence, memory and host health', `--version-string=${version}`, input.binary], {
    env: { ...process.env, LC_ALL: 'C.UTF-8' },
  });
  put(tree, 'usr/share/man/man1/redis-vitals.1.gz', gzipSync(man, { level: 9 }));

  // Directories 0755 whatever the umask; then the control area.
  for (const d of walk(tree).map((f) => dirname(f))) for (let p = d; p.startsWith(tree) && p !== tree; p = dirname(p)) chmodSync(p, 0o755);
  const files = walk(tree);
  const md5 = files.map((f) => `${createHash('md5').update(readFileSync(f)).digest('hex')}  ${relative(tree, f)}`).join('\n');
  const installedKb = Math.ceil(files.reduce((n, f) => n + statSync(f).size, 0) / 1024);
  const control = `Package: redis-vitals
Version: ${debVersion}
Architecture: amd64
Maintainer: redis-vitals maintainers <maintainers@users.noreply.r-seed-7217fcff.example>
Installed-Size: ${installedKb}
Depends: adduser, init-system-helpers (>= 1.52), libc6 (>= 2.28), libstdc++6 (>= 10), libgcc-s1
Section: net
Priority: optional
Homepage: https://github.com/redis-vitals/redis-vitals
Description: Prometheus exporter for Redis persistence and memory failures
 redis-vitals polls Redis (INFO, CONFIG GET and a few cheap commands) and the
 host it runs on, and serves Prometheus metrics for the failures that lose
 data: RDB and AOF persistence errors, MISCONF write rejection, fork and
 copy-on-write pressure, OOM and eviction, fragmentation, replication buffers,
 vm.overcommit_memory, Transparent Huge Pages, and the data directory's disk.
 .
 Its metric names include those of redis_exporter, so existing dashboards keep
 working. A doctor names each problem with its remedy, on /doctor and in the
 "redis-vitals check" command. Alert rules and Grafana dashboards are in
 /usr/share/redis-vitals.
`;
  put(tree, 'DEBIAN/control', control);
  put(tree, 'DEBIAN/md5sums', `${md5}\n`);
  put(tree, 'DEBIAN/conffiles', '/etc/default/redis-vitals\n');
  for (const s of ['postinst', 'prerm', 'postrm']) put(tree, `DEBIAN/${s}`, readFileSync(join(root, 'deploy/debian', s)), 0o755);

  mkdirSync(input.outDir, { recursive: true });
  const out = join(input.outDir, `redis-vitals_${debVersion}_amd64.deb`);
  run('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', tree, out]);
  return out;
}
