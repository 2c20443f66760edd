import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterInfoCollector } from '../../src/collectors/cluster-info.js';
import { keyspaceCollector } from '../../src/collectors/keyspace.js';
import { sentinelCollector } from '../../src/collectors/sentinel.js';
import type { PollExtras, PollInputs } from '../../src/collectors/types.js';
import { SampleSink } from '../../src/exposition/sample.js';
import { parseClusterInfo } from '../../src/parse/cluster-info.js';
import { RedisConfigValues } from '../../src/parse/config.js';
import { parseInfo } from '../../src/parse/info.js';
import { countUp, sentinelMasterLines, sentinelTable } from '../../src/parse/sentinel.js';
import { replayPoll } from '../helpers/replay.js';

const fixture = (p: string) => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');
const inputs = (info: string, extras: PollExtras = {}, config?: RedisConfigValues): PollInputs => ({ info: parseInfo(info), config, now: 0, redisUp: true, extras });
const values = (sink: SampleSink) => Object.fromEntries(sink.samples.map((s) => [`${s.name}${JSON.stringify(s.labels)}`, s.value]));

describe('CLUSTER INFO', () => {
  it('parses field:value lines and skips malformed ones', () => {
    const f = parseClusterInfo('cluster_state:fail\r\ncluster_slots_assigned:16284\r\ngarbage\r\n:x\r\n');
    expect([...f]).toEqual([
      ['cluster_state', 'fail'],
      ['cluster_slots_assigned', '16284'],
    ]);
  });

  it("serves redis_exporter's names; only cluster_state ok is 1", () => {
    for (const [state, want] of [
      ['ok', 1],
      ['fail', 0],
      ['unknown', 0],
    ] as const) {
      const sink = new SampleSink();
      clusterInfoCollector().collect(inputs('', { clusterInfo: parseClusterInfo(`cluster_state:${state}\ncluster_known_nodes:3\ncluster_stats_messages_sent:12\n`) }), sink);
      expect(values(sink)).toEqual({ 'redis_cluster_state{}': want, 'redis_cluster_known_nodes{}': 3, 'redis_cluster_messages_sent_total{}': 12 });
    }
  });

  it('types the message counters gauge under compat (as 1.45) and counter without it', async () => {
    const extras = { clusterInfo: parseClusterInfo(fixture('info/redis-7.0-cluster-info.txt')) };
    const type = async (compat: boolean) =>
      (await replayPoll({ info: fixture('info/redis-7.0-cluster.txt'), extras, compat })).samples.find((s) => s.name === 'redis_cluster_messages_sent_total')?.type;
    expect([await type(true), await type(false)]).toEqual(['gauge', 'counter']);
  });
});

describe('keyspace padding (redis_exporter 1.45)', () => {
  const dbs = (extras: PollExtras, config?: RedisConfigValues) => {
    const sink = new SampleSink();
    keyspaceCollector.collect(inputs('# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n', extras, config), sink);
    return sink.samples.filter((s) => s.name === 'redis_db_keys').map((s) => s.labels.db);
  };
  it('only db0 on a cluster node, CONFIG databases elsewhere, 16 without CONFIG', () => {
    expect(dbs({ clusterInfo: new Map([['cluster_state', 'ok']]) }, new RedisConfigValues([['databases', '16']]))).toEqual(['db0']);
    expect(dbs({}, new RedisConfigValues([['databases', '4']]))).toEqual(['db0', 'db1', 'db2', 'db3']);
    expect(dbs({})).toHaveLength(16);
  });
});

describe('Sentinel', () => {
  const info = fixture('info/redis-7.0-sentinel.txt');

  it('reads the masterN lines of INFO sentinel', () => {
    expect(sentinelMasterLines(parseInfo(info))).toEqual([
      { name: 'mymaster', status: 'ok', address: '127.0.0.1:16401', slaves: 1, sentinels: 1 },
      { name: 'other', status: 'sdown', address: '127.0.0.1:16499', slaves: 0, sentinels: 1 },
    ]);
    expect(sentinelMasterLines(parseInfo('# Sentinel\r\nmaster0:name=x,status=ok,address=a:1,slaves=no,sentinels=1\r\n'))).toEqual([]);
  });

  it('reads RESP2 flat arrays, RESP3 maps and objects, and counts entries not flagged down', () => {
    const resp2 = [
      ['name', 'r1', 'flags', 'slave'],
      ['name', 'r2', 'flags', 'slave,s_down'],
      ['name', 'r3'],
    ];
    const resp3 = [new Map([['flags', 'sentinel']]), { flags: 'sentinel,o_down' }, 'junk'];
    expect(sentinelTable(resp2).map((e) => e.get('name'))).toEqual(['r1', 'r2', 'r3']);
    expect(countUp(sentinelTable(resp2))).toBe(1);
    expect(countUp(sentinelTable(resp3))).toBe(1);
    expect(sentinelTable('ERR')).toEqual([]);
  });

  it('serves the INFO families on a Sentinel only, and the fetched ones with their labels', () => {
    const sink = new SampleSink();
    const sentinel = [{ name: 'other', address: '127.0.0.1:16499', ckquorum: { ok: false, message: 'NOQUORUM 1 usable Sentinels.' }, okSentinels: 1, okSlaves: 0 }];
    sentinelCollector().collect(inputs(info, { sentinel }), sink);
    const v = values(sink);
    expect(v['redis_sentinel_masters{}']).toBe(2);
    expect(v['redis_sentinel_master_status{"master_name":"other","master_address":"127.0.0.1:16499","master_status":"sdown"}']).toBe(0);
    expect(v['redis_sentinel_master_status{"master_name":"mymaster","master_address":"127.0.0.1:16401","master_status":"ok"}']).toBe(1);
    expect(v['redis_sentinel_master_ckquorum_status{"master_name":"other","message":"NOQUORUM 1 usable Sentinels."}']).toBe(0);
    expect(v['redis_sentinel_master_ok_sentinels{"master_name":"other","master_address":"127.0.0.1:16499"}']).toBe(1);
    const plain = new SampleSink();
    sentinelCollector().collect(inputs(fixture('info/redis-7.0-master.txt'), { sentinel }), plain);
    expect(plain.samples).toEqual([]);
  });
});
