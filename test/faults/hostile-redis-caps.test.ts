import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { TopKeys } from '../../src/bigkeys/top.js';
import { SelfMetrics } from '../../src/exposition/self-metrics.js';
import { renderFamilies } from '../../src/exposition/text-format.js';
import { SERIES_PER_FAMILY_MAX, LABEL_VALUE_MAX_CHARS, BIGKEYS_TYPE_SLOTS_MAX } from '../../src/poll/series-caps.js';
import { MetricsBody } from '../../src/http/metrics-body.js';
import { metricsBody } from '../../src/http/metrics-view.js';
import { makeSnapshot } from '../../src/poll/snapshot.js';
import type { TargetEntry } from '../../src/targets/target-set.js';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { INFO_3_0, startOldRedis } from '../helpers/old-redis.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Issue 12 item 13: what a hostile Redis can make the exporter serve is bounded, and what is
 * cut is counted in redis_vitals_series_dropped_total{reason}. A small RESP peer answers INFO
 * with 50,000 databases, 50,000 commands and a 100 KB label value.
 */
const N = 50_000;
const HOSTILE_INFO = [
  INFO_3_0.replace('db0:keys=3,expires=0,avg_ttl=0', ''),
  '# Commandstats',
  ...Array.from({ length: N }, (_, i) => `cmdstat_c${i}:calls=${i},usec=${i},usec_per_call=1.00`),
  '# Keyspace',
  ...Array.from({ length: N }, (_, i) => `db${i}:keys=1,expires=0,avg_ttl=0`),
  '# Server',
  `os:${'x'.repeat(100_000)}`,
  '',
].join('\r\n');

const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of stops) await s();
});

describe('caps on what a hostile Redis can make the exporter serve', () => {
  it('series per family and label value length are capped, and the drops are counted', async () => {
    const redis = await startOldRedis(HOSTILE_INFO);
    stops.push(redis.stop);
    const e: TestExporter = await startTestExporter({ 'redis.addr': `redis://127.0.0.1:${redis.port}`, 'poll.interval': '1s', 'poll.timeout': '10s', 'config-command': '-' });
    stops.push(e.stop);
    const body = await waitFor(
      () => e.scrape(),
      (b) => /^redis_up 1$/m.test(b) && /^redis_vitals_series_dropped_total/m.test(b),
      { timeoutMs: 60_000, what: 'a capped poll' },
    );
    const perFamily = new Map<string, number>();
    for (const line of body.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? '';
      perFamily.set(name, (perFamily.get(name) ?? 0) + 1);
    }
    for (const [name, n] of perFamily) expect(n, name).toBeLessThanOrEqual(SERIES_PER_FAMILY_MAX);
    expect(perFamily.get('redis_db_keys')).toBe(SERIES_PER_FAMILY_MAX);
    expect(perFamily.get('redis_commands_total')).toBe(SERIES_PER_FAMILY_MAX);
    for (const m of body.matchAll(/="((?:[^"\\]|\\.)*)"/g)) expect((m[1] ?? '').length).toBeLessThanOrEqual(LABEL_VALUE_MAX_CHARS);
    expect(body).not.toContain('x'.repeat(LABEL_VALUE_MAX_CHARS + 1));
    const dropped = (reason: string) => Number(new RegExp(`^redis_vitals_series_dropped_total\\{(?:[^}]*,)?reason="${reason}"[^}]*\\} (\\d+)$`, 'm').exec(body)?.[1] ?? 0);
    expect(dropped('family_limit')).toBeGreaterThanOrEqual((N - SERIES_PER_FAMILY_MAX) * 2);
    expect(dropped('label_too_long')).toBeGreaterThanOrEqual(1);
    expect(body.length).toBeLessThan(4 * 1024 * 1024);
  }, 90_000);

  it('distinct big-key TYPE replies get at most a fixed number of per-type slots; the rest are counted', () => {
    const top = new TopKeys(10);
    for (let i = 0; i < 1000; i++) top.add({ db: 0, key: Buffer.from(`k${i}`), type: `type-${i}`, bytes: i });
    expect(top.largestByType()).toHaveLength(BIGKEYS_TYPE_SLOTS_MAX);
    expect(top.droppedTypeKeys).toBe(1000 - BIGKEYS_TYPE_SLOTS_MAX);
    // The top N still sees every key.
    expect(top.top()[0]?.bytes).toBe(999);
  });
});

describe('a large single-target body is built once per poll, never per request', () => {
  async function chunksOf(b: Buffer | Readable): Promise<Buffer[]> {
    if (Buffer.isBuffer(b)) return [b];
    const out: Buffer[] = [];
    for await (const c of b) out.push(c as Buffer);
    return out;
  }

  it('every request streams the same encoded Buffer of the snapshot', async () => {
    const samples = Array.from({ length: 20_000 }, (_, i) => ({ name: 'redis_commands_total', type: 'counter' as const, help: 'h', labels: { cmd: `c${i}-${'y'.repeat(80)}` }, value: i }));
    const snapshot = makeSnapshot({ target: 't', up: true, polledAt: 1, durationSeconds: 0, families: renderFamilies(samples), error: undefined, collectors: new Map(), findings: [] });
    const entries = [{ poller: { snapshot } }] as unknown as TargetEntry[];
    const body = new MetricsBody({ snapshots: () => [snapshot], body: () => metricsBody(entries, false) }, new SelfMetrics({ defaultMetrics: false }));
    const first = await chunksOf(await body.get());
    const second = await chunksOf(await body.get());
    const big = first.find((c) => c.length > 1024 * 1024);
    expect(big).toBeDefined();
    expect(second).toContain(big);
    expect(big).toBe(snapshot.bytes);
  });
});
