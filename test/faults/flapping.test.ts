import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Agent, get } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPAT_GAUGE_COUNTERS, COMPAT_ONLY_NAMES } from '../../src/catalog/families.js';
import { spawnCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { requireBinary, startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { checkExposition } from '../helpers/strict-exposition.js';
import { waitFor } from '../helpers/wait.js';

/**
 * 10,000 scrapes while Redis goes down and comes back six times: every response must be
 * valid exposition text. All 10,000 go through the strict checker (verdicts are cached by
 * content: between two polls the body is byte-identical); promtool checks every 100th and
 * every response near a flap, since spawning it 10,000 times would take minutes.
 */
const SCRAPES = 10_000;
const CONCURRENCY = 8;
const FLAP_AT = [1500, 3000, 4500, 6000, 7500, 9000];
const NEAR_FLAP = 5;

let exporter: ReturnType<typeof spawnCli> | undefined;
afterAll(async () => {
  if (exporter && exporter.child.exitCode === null) {
    exporter.child.kill('SIGTERM');
    await exporter.exited;
  }
  await stopAllRedis();
});

/** node:http with keep-alive: the body stays a Buffer, so repeated bodies are told apart by digest, not decoded. */
const agent = new Agent({ keepAlive: true, maxSockets: 16 });
function scrapeOnce(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

function promtool(text: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (status) => resolve({ status, output }));
    child.stdin.end(text);
  });
}

/**
 * promtool exits 1 on a parse error and 3 on lint findings. Lint findings are allowed only for
 * redis_exporter's inherited names and prom-client's own (nodejs_*, process_*).
 */
function promtoolProblems(r: { status: number | null; output: string }): string[] {
  if (r.status === 1 || /parsing error/.test(r.output)) return [r.output.trim()];
  if (r.status !== 0 && r.status !== 3) return [`promtool exited ${r.status}: ${r.output.trim()}`];
  // Inherited from redis_exporter: compat-only names, and _total counters it types as gauges.
  const inherited = (name: string) => COMPAT_ONLY_NAMES.has(name) || COMPAT_GAUGE_COUNTERS.has(name);
  return r.output.split('\n').filter((l) => /^redis_/.test(l) && !inherited(l.split(' ')[0] as string));
}

describe('10,000 scrapes while Redis flaps', () => {
  it('every response is valid exposition text', async () => {
    requireBinary('promtool', 'prometheus');
    let redis: RedisHandle | undefined = await startRedis();
    const port = redis.port;
    // The real daemon in its own process: it serves on one core while this test scrapes on the other.
    const url = `http://127.0.0.1:${await freePort()}`;
    exporter = spawnCli(['--redis.addr', redis.url, '--web.listen-address', url.slice('http://'.length), '--poll.interval', '100ms', '--poll.timeout', '500ms', '--log-level', 'warn']);
    // Before the first poll /metrics has no Redis part at all; start once it has.
    await waitFor(
      async () => (await fetch(`${url}/metrics`)).text(),
      (t) => /^redis_up 1$/m.test(t),
      { what: 'first poll' },
    );

    // Verdicts by body digest: between two polls the body is byte-identical, so each distinct body is checked once.
    const verdicts = new Map<string, { problems: string[]; up: string; text: string }>();
    const bad: string[] = [];
    const forPromtool = new Map<string, number>();
    const flapIndexes: number[] = [];
    const upSeen = new Set<string>();
    let next = 0;
    let done = 0;

    const scraper = async () => {
      for (let i = next++; i < SCRAPES; i = next++) {
        const res = await scrapeOnce(`${url}/metrics`);
        if (res.status !== 200) bad.push(`#${i}: HTTP ${res.status}`);
        const digest = createHash('sha1').update(res.body).digest('hex');
        let v = verdicts.get(digest);
        if (!v) {
          const text = res.body.toString('utf8');
          v = { problems: checkExposition(text), up: /^redis_up (\d)$/m.exec(text)?.[1] ?? 'none', text };
          verdicts.set(digest, v);
        }
        if (v.problems.length > 0) bad.push(`#${i}: ${v.problems.slice(0, 3).join('; ')}`);
        upSeen.add(v.up);
        if (i % 100 === 0 || flapIndexes.some((f) => Math.abs(f - i) <= NEAR_FLAP)) forPromtool.set(v.text, i);
        done++;
      }
    };
    // Down and up at fixed scrape counts; every other stop is a SIGKILL, the rest a clean shutdown.
    const flapper = async () => {
      for (const [k, at] of FLAP_AT.entries()) {
        while (done < at) await new Promise((r) => setTimeout(r, 5));
        flapIndexes.push(done);
        if (redis) {
          if (k % 4 === 0) {
            redis.process.kill('SIGKILL');
            await new Promise((r) => redis?.process.once('exit', r));
          } else {
            await redis.stop();
          }
          redis = undefined;
        } else {
          redis = await startRedis({ port });
        }
        flapIndexes.push(done);
      }
    };
    await Promise.all([flapper(), ...Array.from({ length: CONCURRENCY }, scraper)]);

    expect(done).toBe(SCRAPES);
    expect(exporter.child.exitCode).toBeNull();
    expect(bad.slice(0, 10)).toEqual([]);
    // The flaps really happened while scraping: both states were served.
    expect([...upSeen].sort()).toEqual(['0', '1']);
    expect(forPromtool.size).toBeGreaterThan(FLAP_AT.length);

    const texts = [...forPromtool.keys()];
    const promtoolBad: string[] = [];
    // promtool spends most of its time starting up, not on the CPU: run several at once.
    for (let i = 0; i < texts.length; i += 8) {
      const results = await Promise.all(texts.slice(i, i + 8).map(promtool));
      results.forEach((r, j) => promtoolBad.push(...promtoolProblems(r).map((p) => `#${forPromtool.get(texts[i + j] as string)}: ${p}`)));
    }
    expect(promtoolBad.slice(0, 10)).toEqual([]);
  }, 120_000);
});
