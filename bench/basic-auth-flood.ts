/**
 * Benchmark (not a test): /metrics latency seen by a valid, already-verified client while other
 * clients flood the exporter with wrong passwords (issue 12 item 5). Run:
 *   npx tsx bench/basic-auth-flood.ts [flooders=16] [seconds=10] [checkout=.]
 * `checkout` is a directory holding another version's sources (e.g. `git archive <sha> | tar -x`
 * with node_modules linked in), to compare before and after. bcrypt cost 10, as htpasswd -B makes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import bcrypt from 'bcryptjs';
import { freePort } from '../test/helpers/ports.js';
import { startRedis } from '../test/helpers/redis-server.js';
import { waitFor } from '../test/helpers/wait.js';
import { runBench } from './lib/entry.js';

const FLOODERS = Number(process.argv[2] ?? 16);
const SECONDS = Number(process.argv[3] ?? 10);
const CHECKOUT = resolve(process.argv[4] ?? '.');

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

function percentiles(xs: number[]): { n: number; p50: number; p99: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN) * 10) / 10;
  return { n: s.length, p50: at(0.5), p99: at(0.99), max: Math.round((s[s.length - 1] ?? NaN) * 10) / 10 };
}

/** Sequential scrapes by the valid client until `until`; latency of each, in ms. */
async function scrapeLoop(url: string, auth: string, until: number): Promise<number[]> {
  const out: number[] = [];
  while (Date.now() < until) {
    const t = performance.now();
    const r = await fetch(url, { headers: { authorization: auth } });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`valid client got ${r.status}`);
    out.push(performance.now() - t);
  }
  return out;
}

runBench('basic-auth-flood', async () => {
  const redis = await startRedis();
  const dir = mkdtempSync(join(tmpdir(), 'rv-auth-bench-'));
  const webConfig = join(dir, 'web.yml');
  writeFileSync(webConfig, `basic_auth_users:\n  prometheus: '${bcrypt.hashSync('right-pass', 10)}'\n`);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', '--redis.addr', redis.url, '--web.listen-address', `127.0.0.1:${port}`, '--web.config.file', webConfig, '--poll.interval', '1s', '--log-level', 'error'],
    { cwd: CHECKOUT, stdio: 'ignore' },
  );
  try {
    const url = `http://127.0.0.1:${port}/metrics`;
    const good = basic('prometheus', 'right-pass');
    await waitFor(
      () =>
        fetch(url, { headers: { authorization: good } })
          .then((r) => r.text())
          .catch(() => ''),
      (b) => /^redis_up 1$/m.test(b),
      { timeoutMs: 30_000, what: 'exporter' },
    );
    const quiet = await scrapeLoop(url, good, Date.now() + 3000);
    const until = Date.now() + SECONDS * 1000;
    const answers = new Map<number, number>();
    const flood = Array.from({ length: FLOODERS }, async (_, i) => {
      while (Date.now() < until) {
        const r = await fetch(url, { headers: { authorization: basic(i % 2 ? 'prometheus' : `nobody${i}`, `wrong-${i}`) } }).catch(() => undefined);
        await r?.arrayBuffer();
        answers.set(r?.status ?? 0, (answers.get(r?.status ?? 0) ?? 0) + 1);
      }
    });
    const loaded = await scrapeLoop(url, good, until);
    await Promise.all(flood);
    process.stdout.write(
      `${JSON.stringify({ checkout: CHECKOUT, flooders: FLOODERS, seconds: SECONDS, quiet: percentiles(quiet), underFlood: percentiles(loaded), floodAnswers: Object.fromEntries(answers) })}\n`,
    );
  } finally {
    child.kill('SIGTERM');
  }
});
