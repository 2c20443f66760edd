import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCommand } from '../helpers/cli.js';
import { parseExposition } from '../helpers/exposition.js';
import { expectOneReadableWarning, logWithoutRedis } from '../helpers/first-run.js';
import { mappedFileRss } from '../helpers/mapped-file-rss.js';
import { freePort } from '../helpers/ports.js';
import { requireBinary, startRedis, stopAllRedis } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * `npm run package`, built once for this file into a scratch dir: the single binary runs on a
 * PATH without node against a real redis-server; the .deb is unpacked into a scratch root
 * (dpkg -x, never the machine's own /usr), its binary runs and its unit passes systemd-analyze.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const out = mkdtempSync(join(tmpdir(), 'rv-package-'));
const binary = join(out, 'redis-vitals');
const deb = join(out, `redis-vitals_${version}-1_amd64.deb`);
// Every PATH entry that holds a node: the binary must not need one.
const noNodePath = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((d) => d !== '' && !existsSync(join(d, 'node')))
  .join(delimiter);

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8', timeout: 900_000, maxBuffer: 64 * 1024 * 1024 });
}

beforeAll(() => {
  for (const [bin, pkg] of [
    ['dpkg-deb', 'dpkg'],
    ['help2man', 'help2man'],
    ['lintian', 'lintian'],
    ['systemd-analyze', 'systemd'],
  ] as const)
    requireBinary(bin, pkg);
  const r = run(process.execPath, ['--import', 'tsx', 'scripts/package/main.ts', '--out', out]);
  if (r.status !== 0) throw new Error(`npm run package failed: ${r.stderr}`);
}, 900_000);
afterAll(async () => {
  await stopAllRedis();
  rmSync(out, { recursive: true, force: true });
});

describe('single binary', () => {
  it('runs with no node on PATH, serves a real Redis on /metrics, and keeps the new space small', async () => {
    const env = { PATH: noNodePath, HOME: out };
    expect(run('sh', ['-c', 'command -v node'], env).status).not.toBe(0);
    const v = run(binary, ['--version'], env);
    expect(v.stdout).toMatch(new RegExp(`^redis-vitals ${version.replace(/\./g, '\\.')} \\(node v20\\.`));

    const redis = await startRedis();
    const port = await freePort();
    const child = spawn(binary, ['--redis.addr', redis.url, '--web.listen-address', `127.0.0.1:${port}`, '--poll.interval', '100ms'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = `http://127.0.0.1:${port}`;
      const m = await waitFor(
        async () => parseExposition(await (await fetch(`${url}/metrics`)).text()),
        (x) => x.get('redis_up') === 1,
        { what: 'redis_up 1 from the binary' },
      );
      expect(m.all('redis_vitals_build_info')[0]?.labels.version).toBe(version);
      expect(m.get('redis_memory_used_bytes')).toBeGreaterThan(0);
      expect((await fetch(`${url}/doctor`)).status).toBe(200);
      // Allocation-heavy traffic; a default V8 would grow the new space to 32 MB by now, and the
      // bin's --max-semi-space-size=2 alone to 4 MB. src/config/v8-heap.ts keeps it at 2 × 1 MB.
      for (let i = 0; i < 300; i++) await Promise.all([fetch(`${url}/metrics`).then((r) => r.text()), fetch(`${url}/doctor.json`).then((r) => r.text())]);
      const after = parseExposition(await (await fetch(`${url}/metrics`)).text());
      const newSpace = after.get('nodejs_heap_space_size_total_bytes', { space: 'new' });
      expect(newSpace).toBeGreaterThan(0);
      expect(newSpace).toBeLessThanOrEqual(2 * 1024 * 1024);
      expect(log).toContain('level=info msg="first poll succeeded"');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);

    const check = run(binary, ['check', '--redis.addr', redis.url, '--host.collect', 'off'], env);
    expect(check.stdout).toMatch(/^OK: /);
    expect(check.status).toBe(0);
  });

  it('with no Redis, logs one readable warning (the README quick start)', async () => {
    expectOneReadableWarning(await logWithoutRedis((args) => spawnCommand(binary, args, { PATH: noNodePath, HOME: out })));
  });

  it('maps no more of its own file at start than the same bytes written as dpkg installs them', async () => {
    // The kernel maps a file's page cache in the folios its writer made; scripts/package/sea.ts writes
    // the binary in dpkg's 32 KiB pieces. A copy made by `dd bs=32k` is the reference; postject's own
    // 512 KiB writes mapped ~9 MB more (Linux 6.18, ext4). Same file system, same start, same scrapes.
    const reference = join(out, 'redis-vitals-dd32k');
    expect(run('dd', [`if=${binary}`, `of=${reference}`, 'bs=32k', 'status=none']).status).toBe(0);
    chmodSync(reference, 0o755);
    const redis = await startRedis();
    const resident = async (file: string): Promise<number> => {
      const port = await freePort();
      const p = spawnCommand(file, ['--redis.addr', redis.url, '--web.listen-address', `127.0.0.1:${port}`], { PATH: noNodePath, HOME: out });
      try {
        const url = `http://127.0.0.1:${port}/metrics`;
        await waitFor(
          async () => parseExposition(await (await fetch(url)).text()),
          (m) => m.get('redis_up') === 1,
          { what: `redis_up 1 from ${file}` },
        );
        for (let i = 0; i < 3; i++) await fetch(url).then((r) => r.text());
        return mappedFileRss(p.child.pid as number, file);
      } finally {
        p.child.kill('SIGTERM');
        await p.exited;
      }
    };
    const built = await resident(binary);
    const asInstalled = await resident(reference);
    expect(asInstalled).toBeGreaterThan(10 * 1048576);
    expect(built).toBeLessThanOrEqual(asInstalled + 2 * 1048576);
  });

  it('is the size docs/packaging.md says ("About N MB", within 10%)', () => {
    const said = /About (\d+) MB; it needs no Node/.exec(readFileSync(join(root, 'docs/packaging.md'), 'utf8'));
    expect(said, 'docs/packaging.md states the size').not.toBeNull();
    const mb = statSync(binary).size / 1e6;
    expect(Math.abs(mb - Number(said?.[1])) / Number(said?.[1])).toBeLessThan(0.1);
  });
});

describe('Debian package', () => {
  const scratchRoot = join(out, 'root');

  it('has the control fields, files and maintainer scripts of an exporter package', () => {
    const info = run('dpkg-deb', ['-f', deb, 'Package', 'Version', 'Architecture', 'Depends']).stdout;
    expect(info).toContain('Package: redis-vitals');
    expect(info).toContain(`Version: ${version}-1`);
    expect(info).toContain('Architecture: amd64');
    expect(info).toMatch(/Depends: adduser, init-system-helpers .*libc6/);
    const files = run('dpkg-deb', ['-c', deb]).stdout;
    for (const f of [
      './usr/bin/redis-vitals',
      './lib/systemd/system/redis-vitals.service',
      './etc/default/redis-vitals',
      './usr/share/redis-vitals/alerts/redis-vitals.rules.yml',
      './usr/share/redis-vitals/dashboards/redis-persistence-memory.json',
      './usr/share/man/man1/redis-vitals.1.gz',
      './usr/share/doc/redis-vitals/copyright',
      './usr/share/doc/redis-vitals/changelog.Debian.gz',
    ])
      expect(files, f).toContain(` ${f}\n`);
    expect(files).toMatch(/-rwxr-xr-x root\/root +\d+ [\d-]+ [\d:]+ \.\/usr\/bin\/redis-vitals\n/);
    const control = join(out, 'control');
    expect(run('dpkg-deb', ['-e', deb, control]).status).toBe(0);
    expect(readFileSync(join(control, 'conffiles'), 'utf8')).toBe('/etc/default/redis-vitals\n');
    const postinst = readFileSync(join(control, 'postinst'), 'utf8');
    expect(postinst).toMatch(/adduser --quiet --system --group .* redis-vitals/s);
    // The README's "started on install": enabled, then started (restarted on upgrade) when systemd runs.
    expect(postinst).toContain('deb-systemd-helper enable redis-vitals.service');
    expect(postinst).toMatch(/action=start.*deb-systemd-invoke "\$action" redis-vitals\.service/s);
    for (const s of ['postinst', 'prerm', 'postrm']) expect(run('sh', ['-n', join(control, s)]).status, s).toBe(0);
  });

  it('unpacks into a scratch root whose binary runs and whose man page comes from --help', () => {
    expect(run('dpkg', ['-x', deb, scratchRoot]).status).toBe(0);
    const bin = join(scratchRoot, 'usr/bin/redis-vitals');
    expect(run(bin, ['--version'], { PATH: noNodePath }).stdout).toContain(`redis-vitals ${version}`);
    const man = gunzipSync(readFileSync(join(scratchRoot, 'usr/share/man/man1/redis-vitals.1.gz'))).toString();
    expect(man).toMatch(/^\.TH REDIS-VITALS "1"/m);
    // help2man sets flags in bold: \fB\-\-redis\fR.addr; read it as text.
    const text = man.replace(/\\f[BRI]/g, '').replace(/\\-/g, '-');
    for (const flag of ['--redis.addr', '--web.listen-address', '--log-format', '--host.data-dir']) expect(text).toContain(flag);
    expect(readFileSync(join(scratchRoot, 'etc/default/redis-vitals'), 'utf8')).toMatch(/^ARGS=""$/m);
    expect(readdirSync(join(scratchRoot, 'usr/share/redis-vitals/dashboards')).length).toBeGreaterThanOrEqual(1);
    // The shipped README's links reach the docs and the guide it cites, beside it; CONTRIBUTING.md is for
    // people with the sources, the license is in copyright, CHANGELOG.md is changelog.gz (Debian's name).
    const docDir = join(scratchRoot, 'usr/share/doc/redis-vitals');
    const readme = readFileSync(join(docDir, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(((?![a-z]+:|#)[^)#\s]+)/g)].map((m) => m[1] as string).filter((l) => !['CONTRIBUTING.md', 'LICENSE', 'CHANGELOG.md'].includes(l));
    expect(links).toContain('docs/guide/redis-persistence-memory-guide.txt');
    expect(links.filter((l) => !existsSync(join(docDir, l)))).toEqual([]);
    expect(gunzipSync(readFileSync(join(docDir, 'changelog.gz'))).toString()).toBe(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'));
  });

  it('serves a real Redis when started as its unit starts it, with ARGS from /etc/default/redis-vitals', async () => {
    const unit = readFileSync(join(scratchRoot, 'lib/systemd/system/redis-vitals.service'), 'utf8');
    const execStart = /^ExecStart=(\S+) (.*)$/m.exec(unit);
    expect(execStart?.slice(1)).toEqual(['/usr/bin/redis-vitals', 'serve $ARGS']);
    const redis = await startRedis();
    const port = await freePort();
    // What the README tells a user to do after installing: set ARGS in /etc/default/redis-vitals.
    const defaults = join(out, 'default-redis-vitals');
    const shipped = readFileSync(join(scratchRoot, 'etc/default/redis-vitals'), 'utf8');
    writeFileSync(defaults, shipped.replace(/^ARGS=""$/m, `ARGS="--redis.addr ${redis.url} --web.listen-address 127.0.0.1:${port}"`));
    // systemd reads the EnvironmentFile's assignments and splits an unquoted $ARGS on white space, as sh does.
    const bin = join(scratchRoot, 'usr/bin/redis-vitals');
    const p = spawnCommand('/bin/sh', ['-c', `set -a; . '${defaults}'; exec '${bin}' ${execStart?.[2]}`], { PATH: noNodePath });
    try {
      await waitFor(
        async () => parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()),
        (m) => m.get('redis_up') === 1,
        { what: 'redis_up 1 from the unpacked binary' },
      );
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);
  });

  it('has a unit that passes systemd-analyze verify, runs as its own user and reads ARGS', () => {
    const unit = join(scratchRoot, 'lib/systemd/system/redis-vitals.service');
    // The unit as installed, but pointing at the unpacked binary; MANPATH lets systemd-analyze
    // find the shipped man page its Documentation= names.
    const copy = join(out, 'redis-vitals.service');
    writeFileSync(copy, readFileSync(unit, 'utf8').replaceAll('/usr/bin/redis-vitals', join(scratchRoot, 'usr/bin/redis-vitals')));
    const r = run('systemd-analyze', ['verify', copy], { ...process.env, MANPATH: join(scratchRoot, 'usr/share/man') });
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    expect(r.status).toBe(0);
    const text = readFileSync(unit, 'utf8');
    for (const line of [
      'User=redis-vitals',
      'Environment=MALLOC_ARENA_MAX=2',
      'EnvironmentFile=-/etc/default/redis-vitals',
      'ExecStart=/usr/bin/redis-vitals serve $ARGS',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
    ])
      expect(text).toContain(line);
  });

  it('is lintian clean except for the tags docs/packaging.md explains', () => {
    const r = run('lintian', ['--tag-display-limit', '0', deb]);
    const tags = [...new Set([...`${r.stdout}`.matchAll(/^[EWIP]: redis-vitals[^:]*: (\S+)/gm)].map((m) => m[1] as string))].sort();
    const doc = readFileSync(join(root, 'docs/packaging.md'), 'utf8');
    const explained = [...doc.matchAll(/^- `([a-z0-9-]+)`/gm)].map((m) => m[1]);
    expect(
      tags.filter((t) => !explained.includes(t)),
      'tags docs/packaging.md does not explain',
    ).toEqual([]);
    // Both ways: the page says lintian reports only these, so a tag that no longer comes is a stale line.
    expect(
      explained.filter((t) => !tags.includes(t as string)),
      'explained tags lintian no longer reports',
    ).toEqual([]);
    // lintian reads the whole 90 MB binary: minutes on a loaded machine.
  }, 600_000);
});
