import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPAT_ONLY_NAMES } from '../../src/exposition/compat.js';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { parseExposition } from '../helpers/exposition.js';
import { startRedisExporter } from '../helpers/redis-exporter.js';
import { requireBinary, startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The drop-in promise, measured: redis_exporter 1.45 and redis-vitals watch the same real
 * Redis; every name it serves that we do not must be a documented omission in docs/metrics.md.
 */
const OWN_PREFIXES = ['go_', 'process_', 'promhttp_'];

function documentedOmissions(): string[] {
  const doc = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
  const out: string[] = [];
  for (const m of doc.matchAll(/^\| omitted: (.+?) \|/gm)) for (const n of (m[1] as string).matchAll(/`(redis_[a-z0-9_*]+)`/g)) out.push(n[1] as string);
  return out;
}

function promtoolLint(text: string): string[] {
  requireBinary('promtool', 'prometheus');
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.split('\n').filter((l) => /^redis_/.test(l));
}

let master: RedisHandle;
let replica: RedisHandle;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  master = await startRedis({ args: ['--appendonly', 'yes', '--latency-monitor-threshold', '50', '--slowlog-log-slower-than', '0'] });
  replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(master.port)] });
  await waitFor(() => master.info('replication'), (i) => /slave0:.*state=online/.test(i), { what: 'replica online' });
  await master.cmd('SET', 'a', '1', 'EX', '100');
  await master.cmd('DEBUG', 'SLEEP', '0.06');
  await master.cmd('INCR', 'nope-hash').catch(() => undefined);
  await master.cmd('HSET', 'h', 'f', 'v');
  await master.cmd('INCR', 'h').catch(() => undefined);
});

afterAll(async () => {
  for (const s of stops) await s();
  await stopAllRedis();
});

async function namesFrom(url: string, ours: boolean, flags: Record<string, string> = {}): Promise<{ names: Set<string>; text: string }> {
  let text: string;
  if (ours) {
    const e: TestExporter = await startTestExporter({ 'redis.addr': url, ...flags });
    stops.push(() => e.stop());
    text = await waitFor(() => e.scrape(), (t) => parseExposition(t).get('redis_up') === 1, { what: 'redis-vitals up' });
  } else {
    const r = await startRedisExporter(url);
    stops.push(() => r.stop());
    text = await r.scrape();
  }
  const names = new Set([...parseExposition(text).names()].filter((n) => !OWN_PREFIXES.some((p) => n.startsWith(p))));
  return { names, text };
}

describe('drop-in replacement for redis_exporter', () => {
  it.each([['master'], ['replica']])('serves every name redis_exporter serves on a %s, apart from documented omissions', async (role) => {
    const url = role === 'master' ? master.url : replica.url;
    const theirs = await namesFrom(url, false);
    const ours = await namesFrom(url, true);
    const omitted = documentedOmissions().map((o) => new RegExp(`^${o.replace(/\*/g, '.*')}$`));
    const missing = [...theirs.names].filter((n) => !ours.names.has(n) && !omitted.some((re) => re.test(n))).sort();
    expect(missing).toEqual([]);
  });

  it('uses redis_exporter\'s metric types for the shared names', async () => {
    const theirs = parseExposition((await namesFrom(master.url, false)).text);
    const ours = parseExposition((await namesFrom(master.url, true)).text);
    const differ = [...theirs.types].filter(([name, type]) => ours.types.has(name) && ours.types.get(name) !== type)
      .map(([name, type]) => `${name}: theirs ${type}, ours ${ours.types.get(name)}`);
    // Differences are deliberate: names that end in _total are typed counter here (as in redis_exporter 1.88).
    expect(differ.filter((d) => !/_total: theirs gauge, ours counter$/.test(d))).toEqual([]);
  });

  it('promtool check metrics flags only inherited names with compat on, and nothing with compat off', async () => {
    const on = promtoolLint((await namesFrom(master.url, true)).text);
    expect(on.length).toBeGreaterThan(0);
    expect(on.filter((l) => !COMPAT_ONLY_NAMES.has(l.split(' ')[0] as string))).toEqual([]);
    const off = promtoolLint((await namesFrom(master.url, true, { 'compat.redis-exporter': 'false' })).text);
    expect(off).toEqual([]);
  });
});
