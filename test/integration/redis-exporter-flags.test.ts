import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { readFamilies, schemaGaps } from '../helpers/drop-in-compare.js';
import { startTestExporter, type TestExporter } from '../helpers/exporter.js';
import { parseExposition, type Exposition } from '../helpers/exposition.js';
import { startRedisExporter } from '../helpers/redis-exporter.js';
import { startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

/**
 * redis_exporter 1.45's optional features, side by side with the real binary on the same Redis:
 * --include-config-metrics and --export-client-list serve the same names, types, labels and values.
 */
const PASSWORD = 'pw-Secret-4411';
const MASTERAUTH = 'ma-Secret-8822';

let redis: RedisHandle;
const stops: (() => Promise<void>)[] = [];
const held: { quit(): Promise<unknown> }[] = [];

beforeAll(async () => {
  redis = await startRedis({ requirepass: PASSWORD, args: ['--masterauth', MASTERAUTH] });
});

afterAll(async () => {
  for (const c of held) await c.quit().catch(() => undefined);
  for (const s of stops) await s();
  await stopAllRedis();
});

async function themText(args: string[]): Promise<string> {
  const r = await startRedisExporter(redis.url, ['--redis.password', PASSWORD, ...args]);
  stops.push(() => r.stop());
  return r.scrape();
}

async function theirs(args: string[]): Promise<Exposition> {
  return parseExposition(await themText(args));
}

async function ours(flags: Record<string, string>, ready: (e: Exposition) => boolean): Promise<{ e: TestExporter; text: string }> {
  const e = await startTestExporter({ 'redis.addr': redis.url, 'redis.password': PASSWORD, ...flags });
  stops.push(() => e.stop());
  const text = await waitFor(
    () => e.scrape(),
    (t) => ready(parseExposition(t)),
    { what: 'redis-vitals to serve the feature' },
  );
  return { e, text };
}

function labelSets(e: Exposition, name: string, drop: string[] = []): string[] {
  return e
    .all(name)
    .map((s) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(s.labels)
            .filter(([k]) => !drop.includes(k))
            .sort(),
        ),
      ),
    )
    .sort();
}

describe('--include-config-metrics', () => {
  it('serves redis_config_key_value and redis_config_value exactly as redis_exporter 1.45 does', async () => {
    const them = await theirs(['--include-config-metrics']);
    const { text } = await ours({ 'include-config-metrics': 'true' }, (x) => x.all('redis_config_key_value').length > 100);
    const us = parseExposition(text);
    expect(labelSets(us, 'redis_config_key_value')).toEqual(labelSets(them, 'redis_config_key_value'));
    expect(us.all('redis_config_key_value').every((s) => s.value === 1)).toBe(true);
    const values = (x: Exposition) => Object.fromEntries(x.all('redis_config_value').map((s) => [s.labels.key, s.value]));
    expect(values(us)).toEqual(values(them));
    expect(Object.keys(values(us))).toContain('maxmemory');
    for (const n of ['redis_config_key_value', 'redis_config_value']) expect(us.types.get(n)).toBe(them.types.get(n));
  });

  it('never serves requirepass or masterauth, even with --redact-config-metrics=false (and says so once)', async () => {
    const { e, text } = await ours({ 'include-config-metrics': 'true', 'redact-config-metrics': 'false' }, (x) => x.all('redis_config_key_value').length > 100);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(MASTERAUTH);
    const keys = parseExposition(text)
      .all('redis_config_key_value')
      .map((s) => s.labels.key);
    for (const k of ['requirepass', 'masterauth', 'tls-key-file-pass', 'tls-client-key-file-pass']) expect(keys).not.toContain(k);
    expect(e.config.warnings.filter((w) => w.includes('--redact-config-metrics'))).toHaveLength(1);
  });

  it('is off by default: no redis_config_key_value', async () => {
    const { text } = await ours({}, (x) => x.get('redis_up') === 1);
    expect(parseExposition(text).all('redis_config_key_value')).toEqual([]);
  });
});

describe('--export-client-list', () => {
  beforeAll(async () => {
    for (const name of ['app-a', 'app-b']) {
      const c = createClient({ url: redis.url, password: PASSWORD, disableClientInfo: true, maintNotifications: 'disabled' } as Parameters<typeof createClient>[0]);
      await c.connect();
      await c.sendCommand(['CLIENT', 'SETNAME', name]);
      await c.sendCommand(['SELECT', '3']);
      held.push(c);
    }
  });

  // Each exporter's own connection differs by design (name, and redis_exporter connects per scrape).
  const others = (x: Exposition) => ({ all: (n: string) => x.all(n).filter((s) => s.labels.name === 'app-a' || s.labels.name === 'app-b') }) as Exposition;

  it.each([[false], [true]])('serves redis_connected_clients_details like redis_exporter 1.45 (with port: %s)', async (port) => {
    const flags = port ? ['--export-client-list', '--export-client-port'] : ['--export-client-list'];
    const them = await theirs(flags);
    const ourFlags: Record<string, string> = { 'export-client-list': 'true', ...(port ? { 'export-client-port': 'true' } : {}) };
    const { text } = await ours(ourFlags, (x) => others(x).all('redis_connected_clients_details').length === 2);
    const us = parseExposition(text);
    const name = 'redis_connected_clients_details';
    // created_at / idle_since are Unix seconds computed at each exporter's own moment.
    expect(labelSets(others(us), name, ['created_at', 'idle_since'])).toEqual(labelSets(others(them), name, ['created_at', 'idle_since']));
    expect(labelSets(others(us), name, ['created_at', 'idle_since'])).toHaveLength(2);
    for (const s of others(us).all(name)) {
      const twin = others(them)
        .all(name)
        .find((t) => t.labels.name === s.labels.name);
      expect(Math.abs(Number(s.labels.created_at) - Number(twin?.labels.created_at))).toBeLessThanOrEqual(2);
      expect(Object.keys(s.labels).sort()).toEqual(Object.keys(twin?.labels ?? {}).sort());
      expect(s.value).toBe(1);
    }
    expect(us.types.get(name)).toBe(them.types.get(name));
  });
});

describe('--check-keys, --check-single-keys, --count-keys', () => {
  const KEY_FLAGS = {
    'check-keys': 'q:*,db2=d2:*,counter',
    'check-single-keys': 'name,hll,h,z,s,st,missing,db2=d2:a',
    'count-keys': 'q:*,db2=d2:*,nothing:*',
  };
  const KEY_FAMILIES = ['redis_key_size', 'redis_key_value', 'redis_key_value_as_string', 'redis_keys_count'];

  beforeAll(async () => {
    await redis.cmd('RPUSH', 'q:1', 'a', 'b', 'c');
    await redis.cmd('RPUSH', 'q:2', 'a', 'b', 'c', 'd', 'e');
    await redis.cmd('SET', 'counter', '42');
    await redis.cmd('SET', 'name', 'hello world');
    await redis.cmd('PFADD', 'hll', 'x', 'y', 'z');
    await redis.cmd('HSET', 'h', 'f1', 'v', 'f2', 'v');
    await redis.cmd('ZADD', 'z', '1', 'a');
    await redis.cmd('SADD', 's', 'a', 'b', 'c', 'd');
    await redis.cmd('XADD', 'st', '*', 'k', 'v');
    await redis.cmd('XADD', 'st', '*', 'k', 'w');
    for (const [k, v] of [
      ['d2:a', '3.5'],
      ['d2:b', 'x'],
      ['d2:c', '-7'],
    ]) {
      // The admin helper opens a fresh connection per command, so SELECT would not stick: use a script.
      await redis.cmd('EVAL', "redis.call('SELECT', 2); return redis.call('SET', KEYS[1], ARGV[1])", '1', k as string, v as string);
    }
  });

  const series = (x: Exposition, name: string) =>
    x
      .all(name)
      .map((s) => `${JSON.stringify(Object.fromEntries(Object.entries(s.labels).sort()))} ${s.value}`)
      .sort();

  it('serves the same key series, labels and values as redis_exporter 1.45', async () => {
    const args = Object.entries(KEY_FLAGS).flatMap(([k, v]) => [`--${k}`, v]);
    const them = await theirs(args);
    const { text } = await ours(KEY_FLAGS, (x) => x.get('redis_keychecks_last_pass_timestamp_seconds') !== undefined);
    const us = parseExposition(text);
    for (const n of KEY_FAMILIES) {
      expect(series(us, n), n).toEqual(series(them, n));
      expect(us.types.get(n), n).toBe(them.types.get(n));
    }
    // The case list really covers every kind of reading.
    expect(us.get('redis_key_size', { db: 'db0', key: 'hll' })).toBe(3);
    expect(us.get('redis_key_size', { db: 'db0', key: 'missing' })).toBe(0);
    expect(us.get('redis_key_value', { db: 'db2', key: 'd2:c' })).toBe(-7);
    expect(us.get('redis_key_value_as_string', { db: 'db0', key: 'name', val: 'hello world' })).toBe(1);
    expect(us.get('redis_keys_count', { db: 'db0', key: 'q:*' })).toBe(2);
    expect(us.get('redis_keys_count', { db: 'db0', key: 'nothing:*' })).toBe(0);
  });

  it('re-reads the keys every --check-keys.interval: a later change shows up', async () => {
    const { e } = await ours({ ...KEY_FLAGS, 'check-keys.interval': '1s' }, (x) => x.get('redis_key_value', { db: 'db0', key: 'counter' }) === 42);
    await redis.cmd('SET', 'counter', '43');
    await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_key_value', { db: 'db0', key: 'counter' }) === 43,
      { what: 'the new value after a later pass' },
    );
  });

  it('a key the ACL forbids reading is left out with one warning, the others still served', async () => {
    // May read q:* keys only: TYPE name answers NOPERM.
    await redis.cmd('ACL', 'SETUSER', 'limited', 'on', '>limited-pw', 'resetkeys', '~q:*', '+@all');
    const e = await startTestExporter({ 'redis.addr': redis.url, 'redis.user': 'limited', 'redis.password': 'limited-pw', 'check-single-keys': 'q:1,name', 'check-keys.interval': '1s' });
    stops.push(() => e.stop());
    const m = await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_keychecks_last_pass_timestamp_seconds') !== undefined,
      { what: 'a key-check pass' },
    );
    expect(m.get('redis_key_size', { db: 'db0', key: 'q:1' })).toBe(3);
    expect(m.get('redis_key_size', { db: 'db0', key: 'name' })).toBeUndefined();
    await waitFor(
      () => e.metrics(),
      (x) => (x.get('redis_keychecks_last_pass_timestamp_seconds') ?? 0) > (m.get('redis_keychecks_last_pass_timestamp_seconds') ?? 0),
      { what: 'a second pass' },
    );
    expect(e.logs.filter((l) => l.includes('refuses to read'))).toHaveLength(1);
  });

  it('bounds one pass with --check-keys.max-keys and says so once', async () => {
    const { e, text } = await ours({ 'check-keys': 'q:*', 'check-keys.max-keys': '1' }, (x) => x.get('redis_keychecks_last_pass_timestamp_seconds') !== undefined);
    expect(parseExposition(text).all('redis_key_size')).toHaveLength(1);
    expect(e.logs.filter((l) => l.includes('--check-keys.max-keys'))).toHaveLength(1);
  });
});

describe("redis_exporter's /scrape?target=…&check-keys=…", () => {
  it('serves the configured target and says once per parameter that per-request key lists are not applied', async () => {
    const { e } = await ours({}, (x) => x.get('redis_up') === 1);
    const url = `${e.url}/scrape?target=${encodeURIComponent(redis.url)}&check-keys=q:*&count-keys=q:*`;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      // The target's own snapshot (its value may be a stale stand-in's 0 while the first /scrape loads Fastify).
      expect(parseExposition(await res.text()).get('redis_up')).toBeDefined();
    }
    const notices = e.logs.filter((l) => l.includes('is not applied: key lists are per exporter'));
    expect(notices.map((l) => (JSON.parse(l) as { param: string }).param).sort()).toEqual(['check-keys', 'count-keys']);
  });
});

describe('--namespace', () => {
  it('renames what redis_exporter renames, keeps redis_vitals_* as they are', async () => {
    const them = await theirs(['--namespace', 'acme']);
    const plain = parseExposition((await ours({}, (x) => x.get('redis_up') === 1)).text);
    // Every acme_ name redis_exporter serves that redis-vitals serves as redis_ is served as acme_
    // (waited for: a few families, such as rates, appear from the second poll on).
    const expected = [...them.names()].filter((n) => n.startsWith('acme_') && plain.names().has(`redis_${n.slice(5)}`));
    expect(expected.length).toBeGreaterThan(50);
    const { text } = await ours({ namespace: 'acme' }, (x) => expected.every((n) => x.names().has(n)));
    const us = parseExposition(text);
    expect(expected.filter((n) => !us.names().has(n))).toEqual([]);
    // Renamed whole: each acme_ family has redis_exporter's type and label names (go_* aside).
    const families = readFamilies(text);
    const omitted = (f: string) => f.startsWith('go_') || f === 'acme_last_key_groups_scrape_duration_milliseconds';
    expect(schemaGaps(readFamilies(await themText(['--namespace', 'acme'])), families, omitted)).toEqual([]);
    expect(families.types.get('acme_exporter_last_scrape_error')).toBe('gauge');
    const names = [...us.names()];
    expect(names.filter((n) => n.startsWith('redis_') && !n.startsWith('redis_vitals_'))).toEqual([]);
    expect(names.some((n) => n.startsWith('redis_vitals_'))).toBe(true);
  });
});

describe('--redis.password-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rv-pwfile-'));

  it("reads redis_exporter's JSON map (URI → password), as the real 1.45 binary does", async () => {
    const file = join(dir, 'map.json');
    writeFileSync(file, JSON.stringify({ 'redis://127.0.0.1:1': 'other', [redis.url]: PASSWORD }));
    const r = await startRedisExporter(redis.url, ['--redis.password-file', file]);
    stops.push(() => r.stop());
    expect(parseExposition(await r.scrape()).get('redis_up')).toBe(1);
    const e = await startTestExporter({ 'redis.addr': redis.url, 'redis.password-file': file });
    stops.push(() => e.stop());
    await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_up') === 1,
      { what: 'redis-vitals authenticated from the map' },
    );
    expect(e.config.warnings).toEqual([]);
  });

  it('looks a scheme-less --redis.addr up as redis://host:port, as 1.45 does', async () => {
    const file = join(dir, 'map-plain.json');
    writeFileSync(file, JSON.stringify({ [redis.url]: PASSWORD }));
    const bare = redis.url.replace('redis://', '');
    const r = await startRedisExporter(bare, ['--redis.password-file', file]);
    stops.push(() => r.stop());
    expect(parseExposition(await r.scrape()).get('redis_up')).toBe(1);
    const e = await startTestExporter({ 'redis.addr': bare, 'redis.password-file': file });
    stops.push(() => e.stop());
    await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_up') === 1,
      { what: 'redis-vitals authenticated from the map entry redis://host:port' },
    );
  });

  it('keeps the first-line form, and warns (without the password) when a map has no entry for the address', async () => {
    const line = join(dir, 'line.txt');
    writeFileSync(line, `${PASSWORD}\n`);
    const e = await startTestExporter({ 'redis.addr': redis.url, 'redis.password-file': line });
    stops.push(() => e.stop());
    await waitFor(
      () => e.metrics(),
      (x) => x.get('redis_up') === 1,
      { what: 'redis-vitals authenticated from the first line' },
    );
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ 'redis://10.1.1.1:6379': PASSWORD }));
    const miss = await startTestExporter({ 'redis.addr': redis.url, 'redis.password-file': other });
    stops.push(() => miss.stop());
    expect(miss.config.warnings).toEqual([expect.stringContaining(`no entry for ${redis.url}`)]);
    expect(miss.config.warnings.join('')).not.toContain(PASSWORD);
    await waitFor(
      () => miss.metrics(),
      (x) => x.get('redis_up') === 0,
      { what: 'redis_up 0 without a password' },
    );
  });
});

describe('--check-streams, --check-single-streams', () => {
  beforeAll(async () => {
    for (const [stream, n] of [
      ['events:a', 3],
      ['events:b', 1],
      ['solo', 2],
    ] as const) {
      for (let i = 1; i <= n; i++) await redis.cmd('XADD', stream, `1700000000${i}00-${i}`, 'k', String(i));
    }
    await redis.cmd('XGROUP', 'CREATE', 'events:a', 'workers', '0');
    await redis.cmd('XGROUP', 'CREATE', 'events:a', 'audit', '$');
    // Two consumers take messages and leave them pending; one has read nothing.
    await redis.cmd('XREADGROUP', 'GROUP', 'workers', 'w1', 'COUNT', '2', 'STREAMS', 'events:a', '>');
    await redis.cmd('XREADGROUP', 'GROUP', 'workers', 'w2', 'COUNT', '1', 'STREAMS', 'events:a', '>');
    await redis.cmd('XGROUP', 'CREATECONSUMER', 'events:a', 'audit', 'idle-one');
    await redis.cmd('SET', 'events:not-a-stream', 'x');
  });

  const FAMILIES = [
    'redis_stream_length',
    'redis_stream_radix_tree_keys',
    'redis_stream_radix_tree_nodes',
    'redis_stream_last_generated_id',
    'redis_stream_groups',
    'redis_stream_group_consumers',
    'redis_stream_group_messages_pending',
    'redis_stream_group_last_delivered_id',
    'redis_stream_group_consumer_messages_pending',
  ];

  it('serves the same stream, group and consumer series as redis_exporter 1.45', async () => {
    const flags = { 'check-streams': 'events:*', 'check-single-streams': 'solo,absent' };
    const them = await theirs(['--check-streams', flags['check-streams'], '--check-single-streams', flags['check-single-streams']]);
    const { text } = await ours(flags, (x) => x.all('redis_stream_length').length === 3);
    const us = parseExposition(text);
    const series = (x: Exposition, n: string) =>
      x
        .all(n)
        .map((s) => `${JSON.stringify(Object.fromEntries(Object.entries(s.labels).sort()))} ${s.value}`)
        .sort();
    for (const n of FAMILIES) {
      expect(series(us, n), n).toEqual(series(them, n));
      expect(us.types.get(n), n).toBe(them.types.get(n));
    }
    expect(us.get('redis_stream_group_consumer_messages_pending', { db: 'db0', stream: 'events:a', group: 'workers', consumer: 'w1' })).toBe(2);
    expect(us.get('redis_stream_last_generated_id', { db: 'db0', stream: 'events:a' })).toBe(1700000000300);
    // Idle time moves between the two reads: same series, values within a few seconds.
    const idle = (x: Exposition) => x.all('redis_stream_group_consumer_idle_seconds');
    expect(
      idle(us)
        .map((s) => s.labels.consumer)
        .sort(),
    ).toEqual(
      idle(them)
        .map((s) => s.labels.consumer)
        .sort(),
    );
    for (const s of idle(us)) expect(Math.abs(s.value - (idle(them).find((t) => t.labels.consumer === s.labels.consumer)?.value ?? NaN))).toBeLessThan(30);
  });
});
