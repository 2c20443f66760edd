/**
 * RSS of redis-vitals however it is started (issue 15: "idle ≤ 55 MB, ≤ 75 MB after 45 s of 10
 * scrapers, however it is started"): `node dist/cli.js` (a unit or image without the shebang),
 * `node --max-semi-space-size=2 dist/cli.js` with the unit's `Environment=` lines (deploy/systemd),
 * the bundle run through its own shebang (the `redis-vitals` bin) and as `node bundle/redis-vitals.cjs`, and the single binary (SEA, built here
 * the way `npm run package` builds it). One Redis with 1,000 keys; every form is scraped every
 * 15 s during the warm-up, then idle RSS (median of 10 samples 1 s apart); then each in turn gets `wrk -c10` and its RSS is read
 * right after. Also: heap spaces and module counts from the exporter's own self-metrics.
 *
 *   npx tsx bench/start-forms.ts [--warmup 40] [--load 45] [--no-sea] [--out file.json]
 *     [--only dist,unit,bin,bundle,sea] [--other <another checkout, built>]
 *
 * `--other` runs the same forms of another build (built: dist/ and bundle/) beside these, for a
 * paired before/after on the same machine load; `--only` picks forms by their short names.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRedis } from '../test/helpers/redis-server.js';
import { freePort } from '../test/helpers/ports.js';
import { waitFor } from '../test/helpers/wait.js';
import { runBench } from './lib/entry.js';
import { load1, procSample } from './lib/proc.js';
import { median } from './lib/measure.js';
import { buildProduct, ROOT } from './lib/servers.js';
import { buildSea } from '../scripts/package/sea.js';
import { runWrk } from './lib/wrk.js';

const { values: opts } = parseArgs({
  options: {
    warmup: { type: 'string', default: '40' },
    load: { type: 'string', default: '45' },
    'no-sea': { type: 'boolean', default: false },
    out: { type: 'string' },
    only: { type: 'string', default: 'dist,unit,bin,bundle,sea' },
    other: { type: 'string' },
  },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (b: number | undefined) => (b === undefined ? '-' : (b / 1048576).toFixed(1));

interface Form {
  readonly name: string;
  readonly cwd?: string;
  readonly cmd: string;
  readonly args: string[];
  readonly env?: Record<string, string>;
}

interface Started extends Form {
  readonly pid: number;
  readonly url: string;
  stop(): Promise<void>;
}

async function start(form: Form, redisUrl: string): Promise<Started> {
  const port = await freePort();
  const child = spawn(form.cmd, [...form.args, '--redis.addr', redisUrl, '--web.listen-address', `127.0.0.1:${port}`, '--log-level', 'warn'], {
    cwd: form.cwd ?? ROOT,
    env: { ...process.env, ...form.env },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}/metrics`;
  await waitFor(
    () =>
      fetch(url).then(
        (r) => r.text(),
        () => '',
      ),
    (b) => /^redis_up 1$/m.test(b),
    { timeoutMs: 30_000, what: `${form.name} to serve` },
  );
  return {
    ...form,
    pid: child.pid as number,
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The `Environment=NAME=value` lines of a checkout's systemd unit, as systemd would set them. */
function unitEnvironment(checkout: string): Record<string, string> {
  const unit = join(checkout, 'deploy/systemd/redis-vitals.service');
  if (!existsSync(unit)) return {};
  return Object.fromEntries([...readFileSync(unit, 'utf8').matchAll(/^Environment=([A-Z_][A-Z0-9_]*)=(\S*)$/gm)].map((m) => [m[1] as string, m[2] as string]));
}

async function main(): Promise<void> {
  buildProduct();
  const b = spawnSync('npm', ['run', 'bundle'], { cwd: ROOT, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`bundle failed: ${b.stderr}`);
  const only = new Set(opts.only.split(','));
  const node = (key: string, name: string, args: string[], cwd?: string): Form[] => (only.has(key) ? [{ name, cmd: process.execPath, args, ...(cwd ? { cwd } : {}) }] : []);
  const nodeForms = (cwd?: string, tag = ''): Form[] => [
    ...node('dist', `${tag}node dist/cli.js`, ['dist/cli.js'], cwd),
    ...node('unit', `${tag}node --max-semi-space-size=2 dist/cli.js (deploy/systemd unit)`, ['--max-semi-space-size=2', 'dist/cli.js'], cwd).map((f) => ({ ...f, env: unitEnvironment(cwd ?? ROOT) })),
    // The bin as npm links it: the file itself, so its shebang (env -S ...) starts node.
    ...(only.has('bin') ? [{ name: `${tag}redis-vitals bin (bundle through its shebang)`, cmd: join(cwd ?? ROOT, 'bundle/redis-vitals.cjs'), args: [], ...(cwd ? { cwd } : {}) }] : []),
    ...node('bundle', `${tag}node bundle/redis-vitals.cjs`, ['bundle/redis-vitals.cjs'], cwd),
  ];
  const forms: Form[] = [...nodeForms(), ...(opts.other ? nodeForms(opts.other, 'other: ') : [])];
  if (!opts['no-sea'] && only.has('sea')) {
    const work = mkdtempSync(join(tmpdir(), 'rv-sea-'));
    forms.push({ name: 'single binary (SEA)', cmd: buildSea(ROOT, join(ROOT, 'bundle/redis-vitals.cjs'), work, join(work, 'redis-vitals')), args: [] });
    if (opts.other) {
      // The other checkout's binary, built by its own sea.ts from its own (already built) bundle.
      const otherSea = (await import(join(opts.other, 'scripts/package/sea.ts'))) as typeof import('../scripts/package/sea.js');
      const otherWork = mkdtempSync(join(tmpdir(), 'rv-sea-other-'));
      forms.push({ name: 'other: single binary (SEA)', cmd: otherSea.buildSea(opts.other, join(opts.other, 'bundle/redis-vitals.cjs'), otherWork, join(otherWork, 'redis-vitals')), args: [] });
    }
  }
  const redis = await startRedis();
  await redis.cmd('DEBUG', 'POPULATE', '1000');
  const loads = [load1()];
  const running: Started[] = [];
  try {
    for (const f of forms) running.push(await start(f, redis.url));
    const warmupEnd = Date.now() + Number(opts.warmup) * 1000;
    while (Date.now() < warmupEnd) {
      const next = Date.now() + 15_000;
      for (const s of running) await fetch(s.url).then((r) => r.text());
      await sleep(Math.max(0, Math.min(next, warmupEnd) - Date.now()));
    }
    // Idle RSS moves by a few MB with V8's collection timing: the median of 10 samples a second apart.
    const samples: number[][] = running.map(() => []);
    for (let i = 0; i < 10; i++) {
      running.forEach((s, j) => samples[j]?.push(procSample(s.pid).rssBytes));
      await sleep(1000);
    }
    const idle = samples.map((xs) => median(xs));
    loads.push(load1());
    const after: number[] = [];
    const rps: number[] = [];
    for (const s of running) {
      const w = await runWrk(s.url, 10, Number(opts.load));
      after.push(procSample(s.pid).rssBytes);
      rps.push(w.requestsPerSecond);
    }
    loads.push(load1());
    const rows = running.map((s, i) => ({ name: s.name, command: [s.cmd, ...s.args].join(' '), idleRssBytes: idle[i], rssAfterLoadBytes: after[i], requestsPerSecond: rps[i] }));
    const result = {
      startedAt: new Date().toISOString(),
      command: `npx tsx bench/start-forms.ts ${process.argv.slice(2).join(' ')}`.trim(),
      warmupSeconds: Number(opts.warmup),
      loadSeconds: Number(opts.load),
      load1: loads,
      ...(opts.other ? { other: opts.other } : {}),
      rows,
    };
    process.stdout.write(`load ${loads.join(', ')}\n| start form | idle RSS MB | RSS after ${opts.load} s of wrk -c10 MB | req/s |\n|---|---|---|---|\n`);
    for (const r of rows) process.stdout.write(`| ${r.name} | ${mb(r.idleRssBytes)} | ${mb(r.rssAfterLoadBytes)} | ${Math.round(r.requestsPerSecond ?? 0)} |\n`);
    if (opts.out) writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    for (const s of running) await s.stop();
    await redis.stop();
  }
}

runBench('start-forms', main);
