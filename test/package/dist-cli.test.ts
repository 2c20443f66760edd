import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDistCli } from '../../scripts/package/dist-cli.js';
import { spawnCommand } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * `node dist/cli.js` (a unit, a hand-made image) runs the CLI as one file, as the bin, the image and
 * the binary run the bundle (scripts/package/dist-cli.ts): through Node's ES-module loader tsc's
 * ~200 modules cost 1-2 MB of idle RSS. Built here as `npm run build` builds dist/ (tsc, then
 * dist-cli.ts), into a scratch dir of the checkout (a clean clone has no dist/; node_modules
 * must resolve for tsc's modules), and run with test/helpers/record-imports.mjs, which records
 * every ES module and every require()d file the process loaded.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
mkdirSync(join(root, 'scratch'), { recursive: true });
const out = mkdtempSync(join(root, 'scratch', 'dist-cli-'));
let redis: RedisHandle;

beforeAll(async () => {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', out], { cwd: root, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`tsc failed: ${tsc.stdout}${tsc.stderr}`);
  await buildDistCli(root, out);
  redis = await startRedis();
}, 300_000);
afterAll(async () => {
  await stopAllRedis();
  rmSync(out, { recursive: true, force: true });
});

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

/** Starts `node <out>/cli.js`, runs `use` against its base URL, stops it; returns the files it loaded and its log. */
async function loadedBy(args: string[], use: (base: string) => Promise<void>): Promise<{ files: string[]; output: string }> {
  const record = join(out, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(record, '');
  const port = await freePort();
  const d = spawnCommand(process.execPath, ['--import', './test/helpers/record-imports.mjs', join(out, 'cli.js'), '--web.listen-address', `127.0.0.1:${port}`, ...args], {
    ...process.env,
    RV_RECORD_IMPORTS: record,
  });
  try {
    await use(`http://127.0.0.1:${port}`);
  } finally {
    d.child.kill('SIGTERM');
    await d.exited;
  }
  const files = readFileSync(record, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^file:\/\//, ''));
  return { files, output: d.output() };
}

describe('dist/cli.js: the CLI as one file', () => {
  it('npm run build leaves dist/cli.js requiring cli.cjs beside it', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json && tsx scripts/package/dist-cli.ts');
    const entry = readFileSync(join(out, 'cli.js'), 'utf8');
    // The shebang is src/cli.ts's (its env assignment and node flag: shebang-env.test.ts).
    expect(entry.split('\n')[0]).toBe(readFileSync(join(root, 'src/cli.ts'), 'utf8').split('\n')[0]);
    expect(entry).toContain("createRequire(import.meta.url)('./cli.cjs')");
    expect(entry).not.toMatch(/import\(|from '\.\//);
  });

  it("keeps tsc's entry as dist/cli-modules.js, the CLI through tsc's modules (for profiles by file)", () => {
    const modules = readFileSync(join(out, 'cli-modules.js'), 'utf8');
    expect(modules).toContain("import('./commands/main.js')");
    const r = spawnSync(process.execPath, [join(out, 'cli-modules.js'), '--version'], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/^redis-vitals \d/);
  });

  it('a scraped and probed exporter loads no file but cli.js and cli.cjs: nothing from node_modules, not Fastify', async () => {
    const { files } = await loadedBy(['--redis.addr', redis.url, '--log-level', 'warn'], async (base) => {
      await waitFor(
        () =>
          fetch(`${base}/metrics`).then(
            (r) => r.text(),
            () => '',
          ),
        (b) => /^redis_up 1$/m.test(b),
        { what: 'dist/cli.js to serve redis_up 1', timeoutMs: 30_000 },
      );
      expect((await fetch(`${base}/-/ready`)).status).toBe(200);
    });
    const loaded = files.filter((f) => !f.startsWith('node:') && !f.includes('/test/helpers/'));
    expect(loaded.sort()).toEqual([join(out, 'cli.cjs'), join(out, 'cli.js')]);
  }, 60_000);

  it('reads YAML from lazy/ for a config file, Fastify for another route, and checks basic-auth passwords on the bcrypt worker', async () => {
    const config = join(out, 'config.yml');
    writeFileSync(config, `redis:\n  addr: ${redis.url}\n`);
    const webConfig = join(out, 'web.yml');
    writeFileSync(webConfig, `basic_auth_users:\n  prometheus: '${bcrypt.hashSync('right-pass', 4)}'\n`);
    const { files, output } = await loadedBy(['--config.file', config, '--web.config.file', webConfig, '--log-level', 'debug', '--log-format', 'json'], async (base) => {
      const status = (auth: string) =>
        fetch(`${base}/metrics`, { headers: { authorization: auth } })
          .then(async (r) => (r.status === 200 && /^redis_up 1$/m.test(await r.text()) ? 200 : r.status))
          .catch(() => 0);
      await waitFor(
        () => status(basic('prometheus', 'right-pass')),
        (s) => s === 200,
        { what: 'an authorised scrape with redis_up 1 (the address from the YAML file)', timeoutMs: 30_000 },
      );
      expect(await status(basic('prometheus', 'wrong-pass'))).toBe(401);
      expect((await fetch(`${base}/`, { headers: { authorization: basic('prometheus', 'right-pass') } })).status).toBe(200);
    });
    expect(output).toContain('bcrypt worker started');
    expect(output).not.toContain('bcrypt worker unavailable');
    expect(files).toContain(join(out, 'lazy/yaml.cjs'));
    expect(files).toContain(join(out, 'lazy/fastify.cjs'));
    expect(files.filter((f) => f.includes('/node_modules/'))).toEqual([]);
  }, 60_000);

  it("holds no function of cli.cjs in dictionary mode at 20 targets: no keepNames __name() on each target's closures", async () => {
    // esbuild's keepNames wrapped functions in __name(), a defineProperty of `name` that leaves a
    // function's properties in a dictionary: 1,275 such functions here, ~22 more per target
    // (10,875 and 2.8 MB at 500 targets; docs/performance.md "Session 8: a fleet's memory and CPU").
    const cjs = readFileSync(join(out, 'cli.cjs'), 'utf8');
    expect(cjs).not.toMatch(/\b__name\(/);
    const dir = mkdtempSync(join(out, 'heap-'));
    const targets = join(dir, 'targets.yml');
    writeFileSync(targets, `targets:\n${Array.from({ length: 20 }, (_, i) => `  - name: t${i}\n    addr: ${redis.url}\n`).join('')}`);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const d = spawnCommand(process.execPath, [
      '--heapsnapshot-signal=SIGUSR2',
      `--diagnostic-dir=${dir}`,
      join(out, 'cli.js'),
      '--config.file',
      targets,
      '--poll.interval=1s',
      '--web.listen-address',
      `127.0.0.1:${port}`,
      '--log-level',
      'warn',
    ]);
    const body = () =>
      fetch(`${base}/metrics`).then(
        (r) => r.text(),
        () => '',
      );
    try {
      // every target polled twice: its poller, client, schedule and collectors all made
      await waitFor(body, (b) => [...b.matchAll(/^redis_vitals_polls_total\{[^}]*\} (\S+)$/gm)].filter((m) => Number(m[1]) >= 2).length === 20, {
        what: '20 targets polled twice each',
        timeoutMs: 60_000,
      });
      d.child.kill('SIGUSR2');
      const snapshot = await waitFor(
        () => readdirSync(dir).find((f) => f.endsWith('.heapsnapshot')),
        (f) => f !== undefined,
        { what: 'the heap snapshot file', timeoutMs: 30_000 },
      );
      // The snapshot is written on the event loop's thread: a scrape answered after the file
      // appeared was answered after it was complete.
      await waitFor(body, (b) => b !== '', { what: 'a scrape after the snapshot', timeoutMs: 60_000 });
      const count = spawnSync(process.execPath, ['test/helpers/dictionary-closures-in-snapshot.mjs', join(dir, snapshot ?? ''), 'cli\\.cjs$'], { cwd: root, encoding: 'utf8' });
      expect(count.stderr).toBe('');
      expect(JSON.parse(count.stdout)).toEqual({ closures: 0, bytes: 0 });
    } finally {
      d.child.kill('SIGTERM');
      await d.exited;
    }
  }, 120_000);
});
