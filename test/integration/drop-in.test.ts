import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPAT_GAUGE_COUNTERS, COMPAT_ONLY_NAMES } from '../../src/catalog/families.js';
import { readFamilies, schemaGaps, valueGaps, type Families } from '../helpers/drop-in-compare.js';
import { startTestExporter } from '../helpers/exporter.js';
import { freePort } from '../helpers/ports.js';
import { startRedisExporter } from '../helpers/redis-exporter.js';
import { requireBinary, startRedis, stopAllRedis, type RedisHandle } from '../helpers/redis-server.js';
import { startSentinel, type SentinelHandle } from '../helpers/sentinel.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The drop-in promise, measured: Debian's redis_exporter 1.45 and redis-vitals watch the same
 * real server in five roles. Every family redis_exporter serves is served here with its type
 * and label names (documented omissions in docs/metrics.md apart), and every value Redis held
 * still across our poll agrees, apart from what the exporters' own connections move.
 */

/** The Go runtime's families: redis-vitals runs on Node.js (its own are nodejs_*). */
const RUNTIME = (family: string) => family.startsWith('go_');

/**
 * Families whose values the two exporters cannot share, with the reason. Everything else that
 * redis_exporter saw unchanged before and after our poll must be equal.
 */
const NOT_COMPARED: readonly (readonly [RegExp, string])[] = [
  [/^redis_exporter_|^redis_target_scrape_request_errors_total$|^process_/, 'describe the exporter process itself, not Redis'],
  [/^redis_(connected_clients|connections_received_total|client_recent_max_(input|output)_buffer_bytes)$/, 'redis_exporter connects once per scrape; redis-vitals keeps one connection open'],
  [
    /^redis_commands_|^redis_latency_percentiles_usec$|^redis_(net_(input|output)_bytes_total|total_(reads|writes)_processed)$/,
    "count the exporters' own commands (INFO, CONFIG, CLIENT SETNAME, SLOWLOG, …)",
  ],
  [/^redis_(errors_total|total_error_replies|unexpected_error_replies)$/, 'count the commands each exporter sends that a role refuses (LATENCY and CONFIG on a Sentinel)'],
  [
    /^redis_(memory_used_(bytes|rss_bytes|overhead_bytes|dataset_bytes|peak_bytes)|mem_clients_normal|mem_fragmentation_(bytes|ratio)|allocator_\w+|mem_total_replication_buffers)$/,
    "include the client buffers of the exporters' connections",
  ],
  [/^redis_cpu_\w+$/, "grow with the CPU the exporters' own commands cost"],
  [
    /^redis_(master_last_io_seconds_ago|connected_slave_lag_seconds)$/,
    'seconds since the last replication ping/ack: a 0-1-2 sawtooth that can read the same before and after while differing in between',
  ],
];

/** Role-specific: on the master every command is slow-logged, so its newest entry is an exporter's own. */
const NOT_COMPARED_ON: Readonly<Record<string, RegExp>> = {
  master: /^redis_(slowlog_last_id|slowlog_length|last_slow_execution_duration_seconds)$/,
};

/** Both compute poll/scrape time − INFO uptime_in_seconds (whole seconds). */
const TOLERANCE = new Map([['redis_start_time_seconds', 2]]);

function documentedOmissions(): RegExp[] {
  const doc = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
  const out: RegExp[] = [];
  for (const m of doc.matchAll(/^\| omitted: (.+?) \|/gm)) {
    for (const n of (m[1] as string).matchAll(/`(redis_[a-z0-9_*]+)`/g)) out.push(new RegExp(`^${(n[1] as string).replace(/\*/g, '.*')}$`));
  }
  return out;
}

function promtoolLint(text: string): string[] {
  requireBinary('promtool', 'prometheus');
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.split('\n').filter((l) => /^redis_/.test(l));
}

const stops: (() => Promise<void>)[] = [];
const servers: Record<string, { url: string; settled: (f: Families) => boolean }> = {};
let master: RedisHandle;
let sentinel: SentinelHandle;

const has = (f: Families, key: string, value?: number) => (value === undefined ? f.series.has(key) : f.series.get(key) === value);
/** Value of the first series of a family, whatever its labels. */
const first = (f: Families, name: string) => [...f.series.entries()].find(([k]) => k.startsWith(`${name}{`))?.[1];

async function clusterNode(): Promise<RedisHandle> {
  const node = await startRedis({ args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'] });
  const slots = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  await node.cmd('CLUSTER', 'ADDSLOTS', ...slots(0, 16383));
  await waitFor(
    () => node.cmd('CLUSTER', 'INFO'),
    (i) => String(i).includes('cluster_state:ok'),
    { what: 'cluster_state:ok' },
  );
  // Slots 0–99 unassigned: cluster_state goes to fail, as in the RedisClusterStateNotOk case.
  await node.cmd('CLUSTER', 'DELSLOTS', ...slots(0, 99));
  await waitFor(
    () => node.cmd('CLUSTER', 'INFO'),
    (i) => String(i).includes('cluster_state:fail'),
    { what: 'cluster_state:fail' },
  );
  return node;
}

beforeAll(async () => {
  master = await startRedis({ args: ['--appendonly', 'yes', '--latency-monitor-threshold', '50', '--slowlog-log-slower-than', '0'] });
  const replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(master.port)] });
  await waitFor(
    () => master.info('replication'),
    (i) => /slave0:.*state=online/.test(i),
    { what: 'replica online' },
  );
  await master.cmd('SET', 'a', '1', 'EX', '100');
  await master.cmd('DEBUG', 'SLEEP', '0.06');
  await master.cmd('INCR', 'nope-hash').catch(() => undefined);
  await master.cmd('HSET', 'h', 'f', 'v');
  await master.cmd('INCR', 'h').catch(() => undefined);
  const cluster = await clusterNode();
  // A 10 s threshold: nothing this test sends is logged, so the slow log stays empty.
  const quiet = await startRedis({ args: ['--slowlog-log-slower-than', '10000000'] });
  // "gone" points at a port nobody listens on: sdown, and NOQUORUM with a quorum of 2.
  sentinel = await startSentinel([
    { name: 'mymaster', port: master.port, quorum: 1 },
    { name: 'gone', port: await freePort(), quorum: 2 },
  ]);
  stops.push(() => sentinel.stop());
  const settledSentinel = (f: Families) =>
    has(f, 'redis_sentinel_master_status{master_address="127.0.0.1:' + master.port + '",master_name="mymaster",master_status="ok"}', 1) &&
    has(f, 'redis_sentinel_master_slaves{master_address="127.0.0.1:' + master.port + '",master_name="mymaster"}', 1) &&
    [...f.series.keys()].some((k) => k.startsWith('redis_sentinel_master_status{') && k.includes('master_status="sdown"'));
  servers.master = { url: master.url, settled: (f) => has(f, 'redis_connected_slaves{}', 1) };
  servers.replica = { url: replica.url, settled: (f) => first(f, 'redis_master_link_up') === 1 };
  servers['cluster node'] = { url: cluster.url, settled: (f) => has(f, 'redis_cluster_state{}', 0) };
  servers.sentinel = { url: sentinel.url, settled: settledSentinel };
  servers['empty slow log'] = { url: quiet.url, settled: (f) => has(f, 'redis_slowlog_length{}', 0) };
}, 60_000);

afterAll(async () => {
  for (const s of stops) await s();
  await stopAllRedis();
});

/**
 * redis_exporter before, ours, redis_exporter after — ours from a poll that started after the
 * first redis_exporter scrape ended, so a value equal in both of its scrapes held during ours.
 */
async function sideBySide(role: string): Promise<{ before: Families; ours: Families; after: Families; oursText: string }> {
  const { url, settled } = servers[role] as (typeof servers)[string];
  const theirs = await startRedisExporter(url);
  stops.push(() => theirs.stop());
  const ours = await startTestExporter({ 'redis.addr': url });
  stops.push(() => ours.stop());
  const both = async () => [readFamilies(await theirs.scrape()), readFamilies(await ours.scrape())] as const;
  // Settled as redis_exporter sees it; ours is read from a later poll, so it must see it too.
  await waitFor(both, ([t, o]) => settled(t) && has(o, 'redis_up{}', 1), { what: `${role}: the server settled and redis-vitals up` });
  const polls = (f: Families) => f.series.get('redis_exporter_scrapes_total{}') ?? 0;
  const before = readFamilies(await theirs.scrape());
  const n0 = polls(readFamilies(await ours.scrape()));
  const oursText = await waitFor(
    () => ours.scrape(),
    (t) => polls(readFamilies(t)) >= n0 + 2,
    { what: `${role}: a poll that started after redis_exporter's scrape` },
  );
  const after = readFamilies(await theirs.scrape());
  return { before, ours: readFamilies(oursText), after, oursText };
}

describe('drop-in replacement for redis_exporter 1.45', () => {
  const omitted = documentedOmissions();
  const skipSchema = (family: string) => RUNTIME(family) || omitted.some((re) => re.test(family));
  const skipValue = (family: string) => skipSchema(family) || NOT_COMPARED.some(([re]) => re.test(family));

  it.each(['master', 'replica', 'cluster node', 'sentinel', 'empty slow log'])(
    '%s: every family, type and label name redis_exporter serves, and the same values',
    async (role) => {
      const { before, ours, after } = await sideBySide(role);
      expect(schemaGaps(before, ours, skipSchema)).toEqual([]);
      expect(schemaGaps(after, ours, skipSchema)).toEqual([]);
      const skipHere = (family: string) => skipValue(family) || (NOT_COMPARED_ON[role]?.test(family) ?? false);
      expect(valueGaps(before, ours, after, skipHere, TOLERANCE)).toEqual([]);
      // Guard against a vacuous pass: most of what redis_exporter serves was compared.
      const compared = [...before.series.keys()].filter((k) => after.series.get(k) === before.series.get(k) && ours.series.has(k));
      expect(compared.length).toBeGreaterThan(30);
      if (role === 'cluster node') {
        expect(ours.series.get('redis_cluster_state{}')).toBe(0);
        expect([...ours.series.keys()].filter((k) => k.startsWith('redis_db_keys{'))).toEqual(['redis_db_keys{db="db0"}']);
      }
      if (role === 'empty slow log') {
        const slow = (f: Families) => ['redis_slowlog_length{}', 'redis_slowlog_last_id{}', 'redis_last_slow_execution_duration_seconds{}'].map((k) => f.series.get(k));
        expect(slow(ours)).toEqual([0, 0, 0]);
        expect(slow(before)).toEqual([0, 0, 0]);
      }
      if (role === 'sentinel') {
        const quorum = [...ours.series.entries()].filter(([k]) => k.startsWith('redis_sentinel_master_ckquorum_status{'));
        expect(quorum.map(([, v]) => v).sort()).toEqual([0, 1]);
        expect(quorum.some(([k]) => k.includes('message="NOQUORUM '))).toBe(true);
      }
    },
    90_000,
  );

  it('with every optional feature of redis_exporter on, all it serves is served but the documented omissions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rv-dropin-all-'));
    const script = join(dir, 'collect.lua');
    writeFileSync(script, 'return {"a", "1"}\n');
    await master.cmd('SET', 'user:1', 'x');
    await master.cmd('XADD', 'events', '*', 'k', 'v');
    const shared = { 'check-keys': 'user:*', 'count-keys': 'user:*', 'check-streams': 'events', 'export-client-list': 'true', 'include-config-metrics': 'true' };
    // The ones redis-vitals does not offer (each warns): their families are the documented omissions.
    const notOffered = { 'check-key-groups': '^(user):', script, 'ping-on-connect': 'true' };
    const all = { ...shared, ...notOffered };
    const theirs = await startRedisExporter(
      master.url,
      Object.entries(all).flatMap(([k, v]) => [`--${k}=${v}`]),
    );
    stops.push(() => theirs.stop());
    const ours = await startTestExporter({ 'redis.addr': master.url, ...all });
    stops.push(() => ours.stop());
    const us = readFamilies(
      await waitFor(
        () => ours.scrape(),
        (t) => t.includes('redis_keys_count{') && t.includes('redis_stream_length{') && t.includes('redis_config_value{'),
        { what: 'key checks, streams and config values served' },
      ),
    );
    const them = readFamilies(await theirs.scrape());
    const optional = ['redis_key_group_count', 'redis_script_values', 'redis_exporter_last_scrape_ping_time_seconds', 'redis_keys_count', 'redis_stream_length', 'redis_connected_clients_details'];
    expect(optional.filter((f) => !them.types.has(f))).toEqual([]);
    expect(schemaGaps(them, us, skipSchema)).toEqual([]);
    // What is skipped is exactly what the flags not offered add.
    const omittedHere = [...them.types.keys()].filter((f) => !RUNTIME(f) && omitted.some((re) => re.test(f))).sort();
    expect(omittedHere).toEqual([
      'redis_exporter_last_scrape_ping_time_seconds',
      'redis_key_group_count',
      'redis_key_group_memory_usage_bytes',
      'redis_number_of_distinct_key_groups',
      'redis_script_values',
    ]);
  }, 90_000);

  it('promtool check metrics flags only inherited names with compat on, and nothing with compat off', async () => {
    const scrape = async (flags: Record<string, string>) => {
      const e = await startTestExporter({ 'redis.addr': master.url, ...flags });
      stops.push(() => e.stop());
      return waitFor(
        () => e.scrape(),
        (t) => t.includes('redis_up 1'),
        { what: 'redis-vitals up' },
      );
    };
    const inherited = (l: string) => COMPAT_ONLY_NAMES.has(l.split(' ')[0] as string) || COMPAT_GAUGE_COUNTERS.has(l.split(' ')[0] as string);
    const on = promtoolLint(await scrape({}));
    expect(on.length).toBeGreaterThan(0);
    expect(on.filter((l) => !inherited(l))).toEqual([]);
    expect(promtoolLint(await scrape({ 'compat.redis-exporter': 'false' }))).toEqual([]);
  }, 60_000);
});
